import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startCli, startServe } from '../helpers/cli';
import type { Report } from '../../src/types';

/**
 * Cross-host runs between two network namespaces this test creates: a veth pair with 10.250.0.1/30 and
 * 10.250.0.2/30 on its two ends, nothing else. Traffic goes only between those namespaces. Needs root
 * and iproute2; skipped with the reason otherwise. The namespaces are always deleted (the veth goes with them).
 */
const NS_A = `ipcb${process.pid}a`;
const NS_B = `ipcb${process.pid}b`;
const SERVER_IP = '10.250.0.1';
const TOKEN = 'cross-host-test-token';
const FIGURES = path.join(__dirname, '..', '..', 'reports', 'cross-host.json');

function ip(...args: string[]): { ok: boolean; error: string } {
  const run = spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
  return { ok: run.status === 0, error: (run.stderr ?? '').trim() || String(run.error ?? '') };
}

/** Deletes namespaces left by an earlier run of this test whose process is gone. */
function removeStale(): void {
  const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  for (const [, name, pid] of list.matchAll(/^(ipcb(\d+)[ab])\b/gm)) {
    if (!fs.existsSync(`/proc/${pid}`)) ip('netns', 'del', name);
  }
}

function setUp(): string | null {
  if (process.getuid?.() !== 0) return 'not running as root';
  if (spawnSync('ip', ['-V']).error) return 'iproute2 (ip) not installed';
  removeStale();
  const steps: string[][] = [
    ['netns', 'add', NS_A],
    ['netns', 'add', NS_B],
    ['link', 'add', `v${NS_A}`, 'type', 'veth', 'peer', 'name', `v${NS_B}`],
    ['link', 'set', `v${NS_A}`, 'netns', NS_A],
    ['link', 'set', `v${NS_B}`, 'netns', NS_B],
    ['-n', NS_A, 'addr', 'add', `${SERVER_IP}/30`, 'dev', `v${NS_A}`],
    ['-n', NS_B, 'addr', 'add', '10.250.0.2/30', 'dev', `v${NS_B}`],
    ['-n', NS_A, 'link', 'set', `v${NS_A}`, 'up'],
    ['-n', NS_B, 'link', 'set', `v${NS_B}`, 'up'],
  ];
  for (const step of steps) {
    const result = ip(...step);
    if (!result.ok) return `ip ${step.join(' ')} failed: ${result.error}`;
  }
  return null;
}

function tearDown(): void {
  ip('netns', 'del', NS_A);
  ip('netns', 'del', NS_B);
}

const unavailable = setUp();
const inA = ['ip', 'netns', 'exec', NS_A];
const inB = ['ip', 'netns', 'exec', NS_B];

afterAll(() => {
  tearDown();
  expect(ip('netns', 'list').ok).toBe(true);
  expect(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout).not.toMatch(new RegExp(`${NS_A}|${NS_B}`));
});

async function runAgainst(address: string, prefix: string[], extra: string[] = []): Promise<{ code: number | null; report?: Report; stderr: string }> {
  const run = startCli(['run', '--connect', address, '--token', TOKEN, '-t', 'tcp', '-n', '2000', '-w', '200', '-r', '2', '--json', '-', ...extra], prefix);
  const done = await run.done;
  return { code: done.code, report: done.stdout ? (JSON.parse(done.stdout) as Report) : undefined, stderr: done.stderr };
}

function rate(report: Report | undefined): number {
  const result = report?.results[0];
  if (result?.status !== 'completed') throw new Error(`run did not complete: ${JSON.stringify(result)}`);
  return result.roundTripsPerSec.median;
}

(unavailable ? describe.skip : describe)(`cross-host: serve in one network namespace, run in another${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('runs across the veth pair and on loopback; a wrong token is refused; serve exits 143 on SIGTERM', async () => {
    const remote = await startServe(['--listen', `${SERVER_IP}:0`, '--token', TOKEN], inA);
    const local = await startServe(['--token', TOKEN]);
    try {
      const across = await runAgainst(`${SERVER_IP}:${remote.port}`, inB);
      expect(across.code).toBe(0);
      const loopback = await runAgainst(`127.0.0.1:${local.port}`, []);
      expect(loopback.code).toBe(0);
      const figures = { veth: rate(across.report), loopback: rate(loopback.report), roundTrips: 2000, repeats: 2, measuredAt: new Date().toISOString() };
      fs.mkdirSync(path.dirname(FIGURES), { recursive: true });
      fs.writeFileSync(FIGURES, `${JSON.stringify(figures, null, 2)}\n`);
      expect(figures.veth).toBeGreaterThan(0);

      const refused = startCli(['run', '--connect', `${SERVER_IP}:${remote.port}`, '--token', 'wrong', '-t', 'tcp', '-n', '10', '-r', '1', '-q'], inB);
      const done = await refused.done;
      expect(done.code).toBe(1);
      expect(done.stderr).toContain(`tcp: ready: ipcbench serve at ${SERVER_IP}:${remote.port} refused the run: bad token`);
      expect(remote.stderr()).toMatch(/run 2 from 10\.250\.0\.2:\d+: done/);
    } finally {
      remote.child.kill('SIGTERM');
      local.child.kill('SIGTERM');
    }
    expect((await remote.done).code).toBe(143);
    expect((await local.done).code).toBe(143);
  }, 30_000);
});
