import * as fs from 'node:fs';
import * as path from 'node:path';
import { readmeFiles } from './helpers/readme';

const ROOT = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

// The pack spec runs the README's files in a scratch project; this keeps the shown example and the shipped one the same.
test('"Benchmark your own transport" shows examples/transports/ws.js, complete', () => {
  expect(readmeFiles(readme, 'Benchmark your own transport')['ws.js']).toBe(fs.readFileSync(path.join(ROOT, 'examples', 'transports', 'ws.js'), 'utf8'));
});

test('readmeFiles finds a section\'s named code blocks and refuses a missing section', () => {
  const text = '# t\n\n## A\n\n```js\n// a.js (note)\nconst a = 1;\n```\n\n```sh\nnpx x\n```\n\n## B\n\n```js\n// b.js\nb;\n```\n';
  expect(readmeFiles(text, 'A')).toEqual({ 'a.js': 'const a = 1;\n' });
  expect(() => readmeFiles(text, 'C')).toThrow('README has no section "## C"');
});
