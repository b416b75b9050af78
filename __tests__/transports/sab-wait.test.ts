import { spinViews, allocateSpinMemory, Outbox, decodeWord, spinFor, TO_MAIN } from '../../src/transports/spin-memory';
import { sabWaitTransport, sabSpin, sabHybrid, DEFAULT_SPIN_BUDGET_MICROS, SPIN_STALL_MICROS } from '../../src/transports/sab-wait';
import { runOnce, runPlan } from '../../src/runner';
import { liveWorkerCount } from '../../src/transports/peer-worker';
import { hasTaskset, runCliOnCpu0 } from '../helpers/one-cpu';
import { quick } from '../helpers/contract';
import type { Report } from '../../src/types';

describe('spin memory: one word per message', () => {
  const { ctrl } = spinViews(allocateSpinMemory(undefined), undefined);
  const outbox = new Outbox(ctrl, TO_MAIN);
  let seen = 0;
  const next = (): number => {
    const word = spinFor(ctrl, TO_MAIN, seen, 1);
    expect(word).not.toBe(seen); // every send is a change, even of the same value
    seen = word;
    return decodeWord(ctrl, TO_MAIN, word);
  };

  it('carries every protocol value, narrow and wide, and the same value twice', () => {
    for (const value of [0, 1, 7, 7, 2 ** 30 - 1, 2 ** 30, 2 ** 31, 2 ** 40 + 3, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER]) {
      outbox.send(value);
      expect(next()).toBe(value);
    }
  });

  it('marks garbage as NaN', () => {
    outbox.send(Number.NaN);
    expect(next()).toBeNaN();
  });

  it('a spin with nothing arriving gives up after its budget', () => {
    const started = performance.now();
    expect(spinFor(ctrl, TO_MAIN, Atomics.load(ctrl, TO_MAIN), 2)).toBe(Atomics.load(ctrl, TO_MAIN));
    expect(performance.now() - started).toBeGreaterThanOrEqual(1.5);
  });
});

describe('sab-spin and sab-hybrid', () => {
  afterEach(() => expect(liveWorkerCount()).toBe(0));

  it('say how they wait: busy-spin burns a CPU per side, hybrid records its budget', () => {
    expect(sabSpin.waitStrategy).toEqual({ kind: 'busy-spin', spinBudgetMicros: null });
    expect(sabSpin.description).toMatch(/BURNS ONE CPU PER SIDE/);
    expect(sabHybrid.waitStrategy).toEqual({ kind: 'hybrid', spinBudgetMicros: DEFAULT_SPIN_BUDGET_MICROS });
    const variant = sabWaitTransport({ kind: 'hybrid', spinBudgetMicros: 10 }, 'sab-hybrid-10us');
    expect(variant.name).toBe('sab-hybrid-10us');
    expect(variant.description).toMatch(/spins up to 10 µs/);
  });

  it('a budget variant runs with its own name and records its budget in the result', async () => {
    const variant = sabWaitTransport({ kind: 'hybrid', spinBudgetMicros: 0 }, 'sab-hybrid-0us');
    const [result] = await runPlan([variant], quick);
    expect(result).toMatchObject({ transport: 'sab-hybrid-0us', status: 'completed', waitStrategy: { kind: 'hybrid', spinBudgetMicros: 0 } });
    expect(result.status === 'completed' && result.cpuMicrosPerRoundTrip?.peer).toBeGreaterThan(0);
  });

  it('hybrid sleeps while the peer takes long to answer: its CPU per round trip stays far below the wait', async () => {
    // The peer busy-works 2 ms per reply: a spinning parent would burn ~2000 µs per round trip,
    // hybrid spins its 50 µs budget and sleeps. (CPU time only shrinks under load: no flake.)
    const sample = await runOnce(sabHybrid, { config: { ...quick, roundTrips: 20, warmup: 0 }, faults: { spinMicros: 2000 } });
    expect((sample.cpuParent / sample.exchanges!) * 1e6).toBeLessThan(1000);
  });

  it('sab-spin spins one stall guard per stalled reply, however many times the driver hands the wait back', async () => {
    // The peer busy-works 60 ms per reply: longer than the 5 ms guard plus the driver's 20 ms sleeping
    // slice, so the wait spans several calls. One guard (~5 ms of CPU) per round trip, not one per call.
    const sample = await runOnce(sabSpin, { config: { ...quick, roundTrips: 5, warmup: 0 }, faults: { spinMicros: 60_000 } });
    expect((sample.cpuParent / sample.exchanges!) * 1e3).toBeLessThan(SPIN_STALL_MICROS / 1000 + 3);
  });
});

/** The one-CPU rule, as a user meets it: the whole CLI confined to CPU 0 by taskset. */
(hasTaskset ? describe : describe.skip)('on one CPU (taskset -c 0)', () => {
  it('sab-spin is skipped with the reason, not run into a live-lock; sab-hybrid still completes', async () => {
    const started = Date.now();
    const { code, stdout, stderr } = await runCliOnCpu0(['run', '-t', 'sab-spin,sab-hybrid', '-n', '200', '-w', '20', '-r', '1', '--json', '-']);
    expect(stderr).not.toMatch(/^ipcbench: /m); // people's lines go to stderr with --json -, errors would too
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.results[0]).toMatchObject({ transport: 'sab-spin', status: 'skipped', reason: expect.stringMatching(/needs two CPUs .* only CPU 0/) });
    expect(report.results[1]).toMatchObject({ transport: 'sab-hybrid', status: 'completed', waitStrategy: { kind: 'hybrid' } });
    expect(Date.now() - started).toBeLessThan(25_000);
  });
});
