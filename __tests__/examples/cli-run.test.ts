import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, scratchCli } from '../helpers/cli';

/** The three example transports beside tcp in one CLI run, as the README's table was made (quick sizes). */
const { tmp } = scratchCli();

test('ipcbench run -t tcp,<the three examples> completes and records each plug-in module', async () => {
  const json = path.join(tmp, 'examples.json');
  const examples = ['ws', 'http', 'msgpack-unix'].map((name) => `./examples/transports/${name}.js`);
  const root = path.join(__dirname, '..', '..');
  const result = await runCli(['run', '-t', ['tcp', ...examples].join(','), '-n', '200', '-w', '20', '-r', '1', '--quiet', '--json', json], 60_000, root);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const report = JSON.parse(fs.readFileSync(json, 'utf8')) as { results: Array<{ transport: string; status: string }>; plugins: Array<{ transport: string; path: string; package: { name: string } }> };
  expect(report.results.map((r) => `${r.transport}:${r.status}`)).toEqual(['tcp:completed', 'ws:completed', 'http:completed', 'msgpack-unix:completed']);
  expect(report.plugins.map((p) => `${p.transport} ${path.relative(root, p.path)} ${p.package.name}`)).toEqual([
    'ws examples/transports/ws.js ipcbench',
    'http examples/transports/http.js ipcbench',
    'msgpack-unix examples/transports/msgpack-unix.js ipcbench',
  ]);
}, 90_000);
