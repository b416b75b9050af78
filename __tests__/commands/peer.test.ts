import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { peer, junitPathFor } from '../../src/commands/peer';
import { ConfigError } from '../../src/config';
import { describeWithPython, CLIENT } from '../helpers/python';
import { lingeringChildren } from '../helpers/processes';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-peer-'));
});

afterEach(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  expect(await lingeringChildren()).toEqual([]);
});

const base = { transport: 'tcp', role: 'responder', wire: 'line', timeoutMs: 2000, quiet: true } as const;

it('puts the JUnit file beside results.json', () => {
  expect(junitPathFor('out/results.json')).toBe(path.join('out', 'results.junit.xml'));
  expect(junitPathFor('grading')).toBe('grading.junit.xml');
});

it('refuses a command line with a shell operator as a usage error', async () => {
  await expect(peer({ ...base, cmd: 'python3 x.py | tee log' })).rejects.toBeInstanceOf(ConfigError);
});

it('the CLI exits 2 on bad usage, with one readable line', () => {
  const run = spawnSync(process.execPath, [CLI, 'peer', '--cmd', 'a ; b'], { encoding: 'utf8' });
  expect(run.status).toBe(2);
  expect(run.stderr.trim()).toBe('ipcbench: --cmd: ";" is a shell operator, but the command is run without a shell; quote it to pass it as text, or wrap the pipeline in a script');
});

describeWithPython('ipcbench peer with the Python client', () => {
  it('writes results.json (Gradescope) and JUnit, one test case per check; exit 0 on full score', async () => {
    const grading = path.join(dir, 'results.json');
    const lines: string[] = [];
    const status = await peer({ ...base, quiet: false, cmd: `python3 ${CLIENT} --port {port}`, rounds: 200, grading }, (l) => lines.push(l));
    expect(status).toBe(0);
    const results = JSON.parse(fs.readFileSync(grading, 'utf8'));
    expect(results.score).toBe(6);
    expect(results.tests).toHaveLength(6);
    for (const t of results.tests) expect(Object.keys(t).sort()).toEqual(['max_score', 'name', 'output', 'score', 'status']);
    expect(results.extra_data.benchmark.roundTripsPerSec).toBeGreaterThan(0);
    const junit = fs.readFileSync(path.join(dir, 'results.junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(6);
    expect(junit).toContain('failures="0"');
    expect(junit).toContain('<property name="bench.roundTripsPerSec"');
    expect(lines.filter((l) => l.startsWith('  PASS'))).toHaveLength(6);
    expect(fs.readdirSync(dir).sort()).toEqual(['results.json', 'results.junit.xml']); // no temp files left
  });

  it('exit 1 and a failure element when a check fails', async () => {
    const grading = path.join(dir, 'results.json');
    const status = await peer({ ...base, cmd: `python3 ${CLIENT} --break-after 100 --port {port}`, rounds: 200, grading });
    expect(status).toBe(1);
    const junit = fs.readFileSync(path.join(dir, 'results.junit.xml'), 'utf8');
    expect(junit.match(/<failure /g)).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(grading, 'utf8')).score).toBe(5);
  });
});
