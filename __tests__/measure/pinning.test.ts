import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { UsageError } from '../../src/errors';
import { planPinning, pinningSupported, setAffinity } from '../../src/measure/pinning';
import { cpuAffinity } from '../../src/measure/environment';
import { runPlan } from '../../src/runner';
import { getTransport } from '../../src/transports';
import { resolveConfig } from '../../src/config';

describe('pinning', () => {
  it('plans same and split placements from the available CPUs', () => {
    expect(planPinning('none', [0, 1])).toEqual({ mode: 'none', parent: null, peer: null });
    expect(planPinning('same', [2, 3])).toEqual({ mode: 'same', parent: [2], peer: [2] });
    expect(planPinning('split', [2, 3])).toEqual({ mode: 'split', parent: [2], peer: [3] });
    expect(() => planPinning('split', [0])).toThrow('--pin split needs two CPUs');
    expect(() => planPinning('split', [0])).toThrow(UsageError);
  });

  it('skips sab-spin under --pin same, with the reason: busy-spinning needs a CPU per side', async () => {
    const config = resolveConfig({ roundTrips: 10, warmup: 0, repeats: 1, pin: { mode: 'same', parent: [0], peer: [0] } });
    const started = Date.now();
    const [spin] = await runPlan([getTransport('sab-spin')], config);
    expect(spin).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^--pin same: busy-spinning needs two CPUs/) });
    expect(Date.now() - started).toBeLessThan(1000); // skipped up front: no peer was started
  });

  const supported = pinningSupported();
  const cpus = cpuAffinity() ?? [];
  const canSplit = supported === true && cpus.length >= 2 && fs.existsSync('/proc/thread-self');
  (canSplit ? it : it.skip)(`--pin split pins a worker peer's own thread and records what the kernel reports (skipped: ${supported}, CPUs ${cpus.join(',')})`, async () => {
    const config = resolveConfig({ roundTrips: 10, warmup: 0, repeats: 1, pin: { mode: 'split', parent: [cpus[0]], peer: [cpus[1]] } });
    for (const name of ['worker', 'sab']) {
      const [result] = await runPlan([getTransport(name)], config);
      expect(result).toMatchObject({ status: 'completed', affinity: { peer: [cpus[1]], peerThreadId: expect.any(Number) } });
      // The thread, not the process: this process (every other thread) keeps the CPUs it had.
      expect(result.status === 'completed' && result.affinity?.peerThreadId).not.toBe(process.pid);
      expect(result.status === 'completed' && result.affinity?.parent).toEqual(cpus);
    }
  });

  (supported === true ? it : it.skip)(`pins a process and the kernel reports it (skipped: ${supported})`, async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
    try {
      const cpu = cpuAffinity()![0];
      setAffinity(child.pid!, [cpu]);
      expect(cpuAffinity(child.pid!)).toEqual([cpu]);
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
