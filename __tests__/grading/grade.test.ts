import * as path from 'node:path';
import { gradeExternal, type GradeOptions } from '../../src/grading/grade';
import { splitCommandLine } from '../../src/external/command-line';
import { liveExternalCount } from '../../src/external/process';
import { lingeringChildren } from '../helpers/processes';
import { describeWithPython, CLIENT, SERVER } from '../helpers/python';
import type { CheckId, GradingResult } from '../../src/grading/checklist';

const BAD_PEER = path.join(__dirname, '..', 'fixtures', 'bad-peer.js');

function options(command: string, overrides: Partial<GradeOptions> = {}): GradeOptions {
  return { command, argv: splitCommandLine(command), transport: 'tcp', role: 'responder', wire: 'line', rounds: 300, timeoutMs: 5000, startTimeoutMs: 20_000, ...overrides };
}

function failed(result: GradingResult): CheckId[] {
  return result.checks.filter((c) => c.status === 'failed').map((c) => c.id);
}

function output(result: GradingResult, id: CheckId): string {
  return result.checks.find((c) => c.id === id)!.output;
}

// Tests run concurrently (each waits mostly on processes and timers): the process table is checked once, at the end.
afterAll(async () => {
  expect(liveExternalCount()).toBe(0);
  expect(await lingeringChildren()).toEqual([]);
});

describeWithPython('grading the Python example peers', () => {
  it.concurrent.each([
    ['tcp', 'line'],
    ['tcp', 'raw'],
    ['stdio', 'line'],
    ['stdio', 'raw'],
  ] as const)('the client (responder) over %s, %s wire, passes every check with full score', async (transport, wire) => {
    const result = await gradeExternal(options(`python3 ${CLIENT} --transport ${transport} --wire ${wire}${transport === 'tcp' ? ' --port {port}' : ''}`, { transport, wire }));
    expect(failed(result)).toEqual([]);
    expect(result.score).toBe(result.maxScore);
    expect(result.maxScore).toBe(wire === 'line' ? 6 : 5);
    expect(result.figures?.roundTripsPerSec).toBeGreaterThan(0);
  });

  it.concurrent.each([
    ['tcp', 'line'],
    ['tcp', 'raw'],
    ['stdio', 'line'],
    ['stdio', 'raw'],
  ] as const)('the server (driver) over %s, %s wire, passes every check with full score', async (transport, wire) => {
    const command = `python3 ${SERVER} --transport ${transport} --wire ${wire} --rounds {rounds}${transport === 'tcp' ? ' --port {port}' : ''}`;
    const result = await gradeExternal(options(command, { transport, wire, role: 'driver', strictRounds: true }));
    expect(failed(result)).toEqual([]);
    expect(result.score).toBe(result.maxScore);
    expect(result.figures?.roundTrips).toBeGreaterThan(0);
  });

  it.concurrent('by default (no --require-token), a line-wire client that sends no token is graded', async () => {
    const result = await gradeExternal(options(`python3 ${CLIENT} --port {port} --token ''`, {}));
    expect(failed(result)).toEqual([]);
    expect(output(result, 'starts')).toMatch(/^connected to 127\.0\.0\.1:\d+$/);
  });

  it.concurrent('a broken client (x+2 after 100 rounds) fails exactly the increment check, with a readable message', async () => {
    const result = await gradeExternal(options(`python3 ${CLIENT} --break-after 100 --port {port}`));
    expect(failed(result)).toEqual(['increments']);
    expect(output(result, 'increments')).toMatch(/^round trip \d+ of 300 timed: sent (\d+), expected \d+, got \d+$/);
    const [, sent, expected, got] = /sent (\d+), expected (\d+), got (\d+)/.exec(output(result, 'increments'))!.map(Number);
    expect([expected, got]).toEqual([sent + 1, sent + 2]);
  });

  it.concurrent('the broken client fails the same way on the raw wire', async () => {
    const result = await gradeExternal(options(`python3 ${CLIENT} --wire raw --break-after 100 --port {port}`, { wire: 'raw' }));
    expect(failed(result)).toEqual(['increments']);
  });

  it.concurrent('a server that drives fewer rounds than --rounds fails the increment check', async () => {
    const result = await gradeExternal(options(`python3 ${SERVER} --port {port} --rounds 10`, { role: 'driver', strictRounds: true }));
    expect(failed(result)).toEqual(['increments']);
    expect(output(result, 'increments')).toBe('drove 10 round trips, expected 300 (--rounds)');
  });

  it.concurrent('a minimum rate far above anything reachable fails only the min-rate check', async () => {
    const result = await gradeExternal(options(`python3 ${CLIENT} --port {port}`, { minRate: 1e9 }));
    expect(failed(result)).toEqual(['min-rate']);
    expect(output(result, 'min-rate')).toMatch(/^\d+ round trips\/s, below the required 1000000000$/);
  });
});

describe('grading a misbehaving program: zero on the affected checks, a readable output, never a stack trace', () => {
  const bad = (fault: string, k = 50): string => `node ${BAD_PEER} ${fault} ${k}`;
  const noStack = (result: GradingResult): void => {
    for (const check of result.checks) expect(check.output).not.toMatch(/\n\s+at |Error:/);
  };

  it.concurrent('a program that is not there fails "starts"; every other check says it did not run', async () => {
    const result = await gradeExternal(options('no-such-program-ipcbench'));
    expect(output(result, 'starts')).toBe('could not start "no-such-program-ipcbench": no such program (ENOENT) on the PATH the program gets');
    expect(result.score).toBe(0);
    for (const c of result.checks.slice(1)) expect(c.output).toBe('not run: the program did not start');
  });

  it.concurrent('a program that never connects fails "starts" within the timeout', async () => {
    const result = await gradeExternal(options(bad('never-connect'), { startTimeoutMs: 400 }));
    expect(output(result, 'starts')).toMatch(/^no connection to 127\.0\.0\.1:\d+ within 0.4 s \(the program is still running\)$/);
  });

  it.concurrent('a program that crashes mid-run fails increments, terminates and exit status, saying why', async () => {
    const result = await gradeExternal(options(bad('crash')));
    noStack(result);
    expect(failed(result)).toEqual(['increments', 'terminates', 'exit-status']);
    expect(output(result, 'increments')).toMatch(/^round trip 45 of 300 timed: sent \d+; the program closed its end of the stream; it ended with exit status 13$/);
    expect(output(result, 'exit-status')).toBe('expected exit status 0, got exit status 13');
  });

  it.concurrent('a silent program fails the handshake within the timeout and is killed', async () => {
    const result = await gradeExternal(options(bad('silent'), { timeoutMs: 600 }));
    expect(output(result, 'handshake')).toMatch(/^sent 1: no reply within 0.6 s, and the program is still running: its output may be buffered/);
    expect(output(result, 'exit-status')).toBe('not run: the program stopped answering at the handshake');
    expect(result.score).toBe(1);
  });

  it.concurrent('a program that hangs mid-run fails increments by timeout', async () => {
    const result = await gradeExternal(options(bad('hang'), { timeoutMs: 600 }));
    expect(output(result, 'increments')).toMatch(/^round trip 45 of 300 timed: sent \d+; no reply within 0.6 s, and the program is still running/);
    expect(failed(result)).toEqual(['increments', 'terminates', 'exit-status']);
  });

  it.concurrent.each([
    ['garbage', /the program sent something that is not a number: expected a decimal number on each line, got "garb\\x00\\xc3\\xbf"/],
    ['overlong', /got a line longer than 64 bytes, starting "9{24}"…/],
    ['flood', /expected \d+, got \d+/],
  ])('a program that sends %s fails increments with a readable reason', async (fault, why) => {
    const result = await gradeExternal(options(bad(fault)));
    noStack(result);
    expect(output(result, 'increments')).toMatch(why);
    expect(failed(result)).toContain('increments');
  });

  it.concurrent('a wrong handshake fails the handshake check', async () => {
    const result = await gradeExternal(options(bad('wrong-handshake')));
    expect(output(result, 'handshake')).toBe('sent 1, expected 2, got 3');
  });

  it.concurrent('a program that does not exit after 0 fails the exit check within the timeout', async () => {
    const result = await gradeExternal(options(bad('no-exit'), { timeoutMs: 600 }));
    expect(failed(result)).toEqual(['exit-status']);
    expect(output(result, 'exit-status')).toBe('did not exit within 0.6 s after the run ended');
  });

  it.concurrent('a non-zero exit status fails only the exit check', async () => {
    const result = await gradeExternal(options(bad('exit-3')));
    expect(failed(result)).toEqual(['exit-status']);
    expect(output(result, 'exit-status')).toBe('expected exit status 0, got exit status 3');
  });
});
