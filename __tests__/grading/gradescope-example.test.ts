import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWithPython, python } from '../helpers/python';
import { LAB, gcc } from '../helpers/lab-programs';
import { lingeringChildren } from '../helpers/processes';
import { startTogether } from '../helpers/together';

/**
 * examples/gradescope run as Gradescope runs it: an /autograder-like tree (source/ with the zip's
 * files, submission/ with the student's, results/), then run_autograder, which must leave
 * results/results.json in Gradescope's format. AUTOGRADER_ROOT and IPCBENCH point it at the temp tree
 * and this checkout's build. The three autograder runs start together, each in its own tree (their
 * waits overlap), and each test checks its own.
 */
const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'gradescope');
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const roots: string[] = [];

jest.setTimeout(120_000);

/** A fresh /autograder-like tree; `prepare` puts the student's files (or a broken config) in it. */
function autograderRoot(prepare: (root: string) => void): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-autograder-'));
  roots.push(root);
  fs.mkdirSync(path.join(root, 'source'));
  fs.mkdirSync(path.join(root, 'submission'));
  for (const file of ['setup.sh', 'run_autograder', 'grading.json']) fs.copyFileSync(path.join(EXAMPLE, file), path.join(root, 'source', file));
  fs.copyFileSync(path.join(EXAMPLE, 'run_autograder'), path.join(root, 'run_autograder')); // Gradescope copies it to /autograder
  prepare(root);
  return root;
}

// Once all runs are over (they overlap, so not after each test): nothing any of them started is left.
afterAll(async () => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  expect(await lingeringChildren()).toEqual([]);
});

interface Autograded {
  status: number | null;
  stderr: string;
  results: { score: number; tests?: Array<{ name: string; score: number; max_score: number; output: string }>; output: string };
}

function runAutograder(prepare: (root: string) => void): Promise<Autograded> {
  const root = autograderRoot(prepare);
  const run = spawn('bash', [path.join(root, 'run_autograder')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd: root,
    env: { ...process.env, AUTOGRADER_ROOT: root, IPCBENCH: `${process.execPath} ${CLI}` },
  });
  let stderr = '';
  run.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const timer = setTimeout(() => run.kill('SIGKILL'), 110_000);
  return new Promise((resolve, reject) => {
    run.once('error', reject);
    run.once('close', (status) => {
      clearTimeout(timer);
      try {
        resolve({ status, stderr, results: JSON.parse(fs.readFileSync(path.join(root, 'results', 'results.json'), 'utf8')) });
      } catch (error) {
        reject(error);
      }
    });
  });
}

const pythonClient = (root: string): void => fs.copyFileSync(path.join(LAB, 'python', 'client.py'), path.join(root, 'submission', 'client.py'));
const runs: Record<string, () => Promise<Autograded>> = {};
if (python.ok) {
  runs.python = () => runAutograder(pythonClient);
  if (gcc.ok) {
    runs.closeEarly = () =>
      runAutograder((root) => {
        const source = fs.readFileSync(path.join(LAB, 'c', 'client.c'), 'utf8');
        fs.writeFileSync(path.join(root, 'submission', 'client.c'), source.replace('argc > 3 ? argv[3] : "line"', 'argc > 3 ? argv[3] : "close-early"'));
      });
  }
  runs.brokenConfig = () =>
    runAutograder((root) => {
      fs.writeFileSync(path.join(root, 'source', 'grading.json'), '{ "role": "client" }');
      pythonClient(root);
    });
}
const graded = startTogether(runs);

describeWithPython('the Gradescope autograder example', () => {
  it('a correct lab client in Python: results.json with 10/10 and one test per check', async () => {
    const { status, results } = await graded.python();
    expect(status).toBe(0);
    expect(results.score).toBe(10);
    expect(results.tests!.map((t) => `${t.name}: ${t.score}/${t.max_score}`)).toEqual([
      'starts and connects within 5 s: 1/1',
      'handshake: answers 1 with 2: 1/1',
      'copes with split and coalesced frames: 1/1',
      'every increment correct (1000 round trips): 4/4',
      'terminates on 0: 2/2',
      'exits with status 0 within 5 s: 1/1',
    ]);
  });

  (gcc.ok ? it : it.skip)('a C client that closes before reading the 0: built by the config, loses the 2 points of "terminates" only', async () => {
    const { results } = await graded.closeEarly();
    expect(results.score).toBe(8);
    expect(results.tests!.find((t) => t.score < t.max_score)!.output).toBe('the program closed the stream after its last reply, before ipcbench sent 0: it must read the 0, then close');
  });

  it('a broken grading.json: results.json still written, saying the autograder (not the student) failed', async () => {
    const { status, results } = await graded.brokenConfig();
    expect(status).toBe(2);
    expect(results.score).toBe(0);
    expect(results.output).toMatch(/^The autograder failed \(not your submission\): ipcbench: --config .* is not a valid grading config/);
  });
});
