import * as path from 'node:path';
import { gradeExternal, type GradeOptions } from '../../src/grading/grade';
import { splitCommandLine } from '../../src/external/command-line';
import { liveExternalCount } from '../../src/external/process';
import { lingeringChildren } from '../helpers/processes';
import { onAnyListen, rogueConnect } from '../helpers/listen-spy';

/**
 * Hardening matrix, external peer mode: the cases not in grading/grade.test.ts (which covers a program
 * that never starts, is silent, crashes, hangs, sends garbage, an over-long line or a flood): rogue
 * local clients, and a driver that never listens. On the raw wire there is no token, so a local
 * client that connects first would be taken for the program: raw mode is for loopback grading only.
 */
const BAD_PEER = path.join(__dirname, '..', 'fixtures', 'bad-peer.js');

function options(command: string, overrides: Partial<GradeOptions> = {}): GradeOptions {
  return { command, argv: splitCommandLine(command), transport: 'tcp', role: 'responder', wire: 'line', rounds: 300, timeoutMs: 2000, startTimeoutMs: 20_000, ...overrides };
}

afterEach(async () => {
  expect(liveExternalCount()).toBe(0);
  expect(await lingeringChildren()).toEqual([]);
});

it('with requireToken, rogue local clients connecting to the grading port first (wrong token, silence) are dropped; full score', async () => {
  const rogues: Array<ReturnType<typeof rogueConnect>> = [];
  const restore = onAnyListen((port) => rogues.push(rogueConnect(port, 'guess\n'), rogueConnect(port)));
  try {
    const result = await gradeExternal(options(`node ${BAD_PEER} none`, { requireToken: true }));
    expect(result.checks.filter((c) => c.status === 'failed')).toEqual([]);
  } finally {
    restore();
  }
  expect(rogues).toHaveLength(2);
  for (const rogue of await Promise.all(rogues)) await rogue.closedByServer;
});

it('a rogue local client connecting mid-run is refused; full score', async () => {
  // A rogue keeps trying every 100 ms: before the program has connected it is dropped (wrong token),
  // once the program is in the port is closed and it is refused. Neither may disturb the run.
  let refused: Promise<boolean> | undefined;
  const restore = onAnyListen((port) => {
    refused = (async () => {
      const dropped: Array<Promise<void>> = [];
      for (let i = 0; i < 300; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const rogue = await rogueConnect(port, 'x\n');
        if (rogue.refused) {
          await Promise.all(dropped);
          return true;
        }
        dropped.push(rogue.closedByServer);
      }
      return false;
    })();
  });
  try {
    // With the token: on a loaded machine the rogue may come before the program, and must not be taken for it.
    const result = await gradeExternal(options(`node ${BAD_PEER} none`, { rounds: 20_000, requireToken: true }));
    expect(result.score).toBe(result.maxScore);
  } finally {
    restore();
  }
  expect(await refused).toBe(true);
});

it('a driver that never listens fails "starts and listens" within the timeout', async () => {
  const result = await gradeExternal(options(`node ${BAD_PEER} never-connect`, { role: 'driver', startTimeoutMs: 400 }));
  expect(result.checks[0].output).toMatch(/^nothing listened on 127\.0\.0\.1:\d+ within 0.4 s \(the program is still running\)$/);
  expect(result.score).toBe(0);
});
