import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWithPython } from '../helpers/python';

/**
 * README "Grading a class", step 1, as written: the lab client shown there, graded with the command shown
 * there (npx ipcbench → this checkout's dist/cli.js), passes every check.
 */
const ROOT = path.join(__dirname, '..', '..');
const section = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n## Grading a class')[1].split('\n## ')[0];
const block = (lang: string): string => new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(section)![1];

jest.setTimeout(60_000);

describeWithPython('README: grading a class, step 1', () => {
  it('the lab client shown passes with the command shown', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-readme-'));
    try {
      fs.chmodSync(dir, 0o755); // the contained program runs as an unprivileged uid and must read client.py
      fs.writeFileSync(path.join(dir, 'client.py'), block('python'), { mode: 0o644 });
      const command = block('sh').trim();
      expect(command).toBe('npx ipcbench peer --cmd "python3 client.py {host} {port}"');
      const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'peer', '--cmd', 'python3 client.py {host} {port}'], { cwd: dir, encoding: 'utf8', timeout: 50_000 });
      expect(run.stdout).toMatch(/^score 6\/6; benchmark: \d+ round trips\/s over 1000 round trips/m);
      expect(run.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
