import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWithPython } from '../helpers/python';
import { LAB, gcc } from '../helpers/lab-programs';
import { lingeringChildren } from '../helpers/processes';

/**
 * examples/gradescope run as Gradescope runs it: an /autograder-like tree (source/ with the zip's
 * files, submission/ with the student's, results/), then run_autograder, which must leave
 * results/results.json in Gradescope's format. AUTOGRADER_ROOT and IPCBENCH point it at the temp tree
 * and this checkout's build.
 */
const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'gradescope');
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
let root: string;

jest.setTimeout(120_000);

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-autograder-'));
  fs.mkdirSync(path.join(root, 'source'));
  fs.mkdirSync(path.join(root, 'submission'));
  for (const file of ['setup.sh', 'run_autograder', 'grading.json']) fs.copyFileSync(path.join(EXAMPLE, file), path.join(root, 'source', file));
  fs.copyFileSync(path.join(EXAMPLE, 'run_autograder'), path.join(root, 'run_autograder')); // Gradescope copies it to /autograder
});

afterEach(async () => {
  fs.rmSync(root, { recursive: true, force: true });
  expect(await lingeringChildren()).toEqual([]);
});

function runAutograder(): { status: number | null; stderr: string; results: { score: number; tests?: Array<{ name: string; score: number; max_score: number; output: string }>; output: string } } {
  const run = spawnSync('bash', [path.join(root, 'run_autograder')], {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, AUTOGRADER_ROOT: root, IPCBENCH: `${process.execPath} ${CLI}` },
    timeout: 110_000,
  });
  return { status: run.status, stderr: run.stderr, results: JSON.parse(fs.readFileSync(path.join(root, 'results', 'results.json'), 'utf8')) };
}

describeWithPython('the Gradescope autograder example', () => {
  it('a correct lab client in Python: results.json with 10/10 and one test per check', () => {
    fs.copyFileSync(path.join(LAB, 'python', 'client.py'), path.join(root, 'submission', 'client.py'));
    const { status, results } = runAutograder();
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

  (gcc.ok ? it : it.skip)('a C client that closes before reading the 0: built by the config, loses the 2 points of "terminates" only', () => {
    const source = fs.readFileSync(path.join(LAB, 'c', 'client.c'), 'utf8');
    fs.writeFileSync(path.join(root, 'submission', 'client.c'), source.replace('argc > 3 ? argv[3] : "line"', 'argc > 3 ? argv[3] : "close-early"'));
    const { results } = runAutograder();
    expect(results.score).toBe(8);
    expect(results.tests!.find((t) => t.score < t.max_score)!.output).toBe('the program closed the stream after its last reply, before ipcbench sent 0: it must read the 0, then close');
  });

  it('a broken grading.json: results.json still written, saying the autograder (not the student) failed', () => {
    fs.writeFileSync(path.join(root, 'source', 'grading.json'), '{ "role": "client" }');
    fs.copyFileSync(path.join(LAB, 'python', 'client.py'), path.join(root, 'submission', 'client.py'));
    const { status, results } = runAutograder();
    expect(status).toBe(2);
    expect(results.score).toBe(0);
    expect(results.output).toMatch(/^The autograder failed \(not your submission\): ipcbench: --config .* is not a valid grading config/);
  });
});
