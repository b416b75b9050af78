import * as fs from 'node:fs';
import * as path from 'node:path';
import { scratchCli } from '../helpers/cli';
import { Outputs } from '../../src/report/output';
import { EXIT, RunError } from '../../src/errors';

/** Every output path is checked before the first peer starts; "-" is stdout for every output flag. */
const { tmp, cli, file } = scratchCli();
jest.setTimeout(60_000);
const quick = ['-t', 'ipc', '-n', '100', '-w', '10', '-r', '1'];

beforeAll(() => {
  fs.mkdirSync(path.join(tmp, 'folder'));
  file('plain.txt', 'not a folder');
});

describe('bad output paths: one line naming the flag, the path and why (exit 2)', () => {
  it.each([
    [{ '--json': '-', '--out': '-' }, '--json and --out both write to stdout; give each output its own file'],
    [{ '--json': 'folder' }, '--json folder: is a folder; name a file in it'],
    [{ '--markdown': 'nowhere/r.md' }, '--markdown nowhere/r.md: the folder nowhere does not exist'],
    [{ '--json': 'plain.txt/r.json' }, '--json plain.txt/r.json: plain.txt is not a folder'],
    [{ '--json': '/dev/null' }, '--json /dev/null: is not a regular file (a device or a pipe); use - for stdout'],
    [{ '--html': '/sys/ipcbench-test.html' }, /^--html \/sys\/ipcbench-test\.html: cannot create files in \/sys \((EACCES|EROFS|EPERM)\)$/],
  ])('%j', (flags, message) => {
    const cwd = process.cwd();
    process.chdir(tmp); // relative paths as the user gives them
    try {
      expect(() => new Outputs(flags).check()).toThrow(expect.objectContaining({ exitCode: EXIT.usage, message: typeof message === 'string' ? message : expect.stringMatching(message) }));
    } finally {
      process.chdir(cwd);
    }
  });

  it('run: the same file twice is refused before anything is measured', async () => {
    const { code, stdout, stderr } = await cli('run', ...quick, '--json', 'r.json', '--markdown', './r.json');
    expect([code, stdout, stderr]).toEqual([EXIT.usage, '', 'ipcbench: --json and --markdown both write to ./r.json; give each output its own file\n']);
  });

  it('compare checks its outputs before reading its inputs', async () => {
    const { code, stderr } = await cli('compare', 'missing-a.json', 'missing-b.json', '--markdown', 'nowhere/v.md');
    expect([code, stderr]).toEqual([EXIT.usage, 'ipcbench: --markdown nowhere/v.md: the folder nowhere does not exist\n']);
  });
});

it('--html - writes the page to stdout and no file named "-"', async () => {
  const { code, stdout } = await cli('run', ...quick, '--html', '-', '--quiet');
  expect(code).toBe(0);
  expect(stdout).toMatch(/^<!doctype html>/i);
  expect(fs.existsSync(path.join(tmp, '-'))).toBe(false);
});

it('a write that still fails names the file, the flag and what was written; the others are still written', () => {
  const folder = path.join(tmp, 'vanishing');
  fs.mkdirSync(folder);
  const outputs = new Outputs({ '--json': path.join(tmp, 'a.json'), '--markdown': path.join(folder, 'b.md'), '--html': path.join(tmp, 'c.html') }, true);
  outputs.check();
  fs.rmSync(folder, { recursive: true });
  fs.writeFileSync(folder, 'a file where the folder was');
  const write = (): void => outputs.writeAll([['--json', () => '{}'], ['--markdown', () => '# b'], ['--html', () => '<p>']]);
  expect(write).toThrow(RunError);
  expect(write).toThrow(`cannot write ${path.join(folder, 'b.md')} (--markdown): EEXIST; written: ${path.join(tmp, 'a.json')}, ${path.join(tmp, 'c.html')}`);
  expect(fs.readFileSync(path.join(tmp, 'c.html'), 'utf8')).toBe('<p>');
});
