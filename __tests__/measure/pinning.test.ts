import { spawn } from 'node:child_process';
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
  });

  it("skips thread peers under --pin split, with the reason: they share the parent's affinity", async () => {
    const config = resolveConfig({ roundTrips: 10, warmup: 0, repeats: 1, pin: { mode: 'split', parent: [0], peer: [1] } });
    const [worker] = await runPlan([getTransport('worker')], config);
    expect(worker).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/--pin split: the peer is a thread/) });
  });

  const supported = pinningSupported();
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
