import { run } from '../../src/api/run';
import { UsageError } from '../../src/errors';
import { reportProblems } from '../../src/report/schema';

describe('run()', () => {
  test('measures the named transports and resolves with a valid report', async () => {
    const repeats: string[] = [];
    const report = await run({ transports: ['tcp'], roundTrips: 100, warmup: 10, repeats: 2, events: { repeatDone: (t, i, of) => repeats.push(`${t} ${i}/${of}`) } });
    expect(reportProblems(report)).toEqual([]);
    expect(report.config).toMatchObject({ transports: ['tcp'], roundTrips: 100, warmup: 10, repeats: 2, payloadBytes: [0] });
    expect(report.results.map((r) => `${r.transport}:${r.status}`)).toEqual(['tcp:completed']);
    expect(repeats).toEqual(['tcp 1/2', 'tcp 2/2']);
  }, 30_000);

  test('a payload sweep records the sizes and the binary wire', async () => {
    const report = await run({ transports: ['tcp'], roundTrips: 50, warmup: 5, repeats: 1, payloadBytes: [0, 1024] });
    expect(report.config.payloadBytes).toEqual([0, 1024]);
    expect(report.results.map((r) => `${r.payloadBytes}:${r.framing}:${r.status}`)).toEqual(['0:binary:completed', '1024:binary:completed']);
  }, 30_000);

  test('rejects bad options with a clear error before starting anything', async () => {
    await expect(run({ transports: [] })).rejects.toThrow('run() needs { transports: [...] } naming at least one transport');
    await expect(run(undefined as never)).rejects.toThrow(TypeError);
    await expect(run({ transports: ['tcp'], repeats: 0 })).rejects.toThrow(UsageError);
    await expect(run({ transports: ['tcp'], repeats: 0 })).rejects.toThrow('repeats must be a whole number from 1 to 1000, got 0');
    await expect(run({ transports: ['nope'] })).rejects.toThrow('unknown transport "nope"');
  });
});
