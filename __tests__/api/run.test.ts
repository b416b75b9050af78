import { run } from '../../src/api/run';
import { UsageError } from '../../src/errors';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { reportProblems } from '../../src/report/schema';
import { getTransport } from '../../src/transports';
import { VERSION } from '../../src/version';

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

  test('spinBudgetMicros sweeps the budgets of sab-hybrid, one result each, as run --spin-budget does', async () => {
    const report = await run({ transports: ['sab-hybrid'], spinBudgetMicros: [0, 5], roundTrips: 50, warmup: 5, repeats: 1 });
    expect(report.config.spinBudgetMicros).toEqual([0, 5]);
    expect(report.results.map((r) => `${r.transport}:${r.status}`)).toEqual(['sab-hybrid-0us:completed', 'sab-hybrid-5us:completed']);
    await expect(run({ transports: ['tcp'], spinBudgetMicros: [5] })).rejects.toThrow(new UsageError('spinBudgetMicros sets the budgets of sab-hybrid; add it to transports'));
    await expect(run({ transports: ['sab-hybrid'], spinBudgetMicros: [-1] })).rejects.toThrow('spinBudgetMicros must be microseconds from 0 to 1000000, got -1');
  }, 30_000);

  test('takes plug-in module paths and defined transports, and records which module each came from', async () => {
    const file = path.join(__dirname, '..', 'fixtures', 'transports', 'json-lines.js');
    const fromPath = await run({ transports: ['tcp', path.relative(process.cwd(), file)], roundTrips: 50, warmup: 5, repeats: 1 });
    expect(fromPath.results.map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(fromPath.plugins).toEqual([{ transport: fromPath.results[1].transport, path: file, package: { name: 'ipcbench', version: VERSION } }]);
    const builtIn = await run({ transports: [getTransport('tcp')], roundTrips: 50, warmup: 5, repeats: 1 });
    expect(builtIn.plugins).toBeUndefined();
  }, 30_000);

  test('rejects bad options with a clear error before starting anything', async () => {
    await expect(run({ transports: [] })).rejects.toThrow('run() needs { transports: [...] } naming at least one transport');
    await expect(run({ transports: [] })).rejects.toBeInstanceOf(UsageError);
    await expect(run(undefined as never)).rejects.toBeInstanceOf(UsageError);
    await expect(run({ transports: ['tcp'], repeats: 0 })).rejects.toThrow(UsageError);
    await expect(run({ transports: ['tcp'], repeats: 0 })).rejects.toThrow('repeats must be a whole number from 1 to 1000, got 0');
    await expect(run({ transports: ['nope'] })).rejects.toThrow('unknown transport "nope"');
    await expect(run({ transports: ['nope'] })).rejects.toBeInstanceOf(UsageError);
    await expect(run({ transports: ['./nope.js'] })).rejects.toThrow('-t ./nope.js: no such file');
    await expect(run({ transports: ['tcp'], payloadBytes: [64], message: 'objects' as never })).rejects.toThrow(`message must be 'bytes' or 'object', got "objects"`);
  });
});

test('run() called in a peer (a script whose top level runs again there) is refused, not run recursively', async () => {
  const script = path.join(__dirname, '..', 'fixtures', 'transports', 'runs-itself.js');
  const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 20_000 });
  // The peer's stdout is the script's: its refusal shows there, and the script's own run completed.
  expect(stdout).toMatch(/^refused: UsageError: run\(\) was called inside a peer/m);
  expect(stdout).toMatch(/^measured: completed$/m);
  expect(stdout.trim().split('\n')).toHaveLength(2);
}, 30_000);
