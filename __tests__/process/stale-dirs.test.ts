import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { sweepStaleDirs, STALE_AFTER_MS } from '../../src/process/stale-dirs';
import { RENEW_EVERY_MS, createScratch, scratchPrefix } from '../../src/external/scratch';

/** Only folders of dead runs, old enough, ours, real folders; never a live run's (tests run side by side). */
it('removes the socket folders of dead processes once they are old, and nothing else', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-sweep-'));
  try {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!; // exited and reaped: its pid is free
    const old = (Date.now() - STALE_AFTER_MS - 60_000) / 1000;
    const make = (name: string, age: 'old' | 'fresh'): string => {
      const dir = path.join(folder, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'peer.sock'), '');
      if (age === 'old') fs.utimesSync(dir, old, old);
      return dir;
    };
    const stale = make(`ipcbench-unix-${dead}-AbC123`, 'old');
    const live = make(`ipcbench-unix-${process.pid}-AbC123`, 'old');
    const young = make(`ipcbench-unix-${dead}-XyZ789`, 'fresh');
    const other = make(`ipcbench-unix-${dead}-too-long-suffix`, 'old');
    const target = make('elsewhere', 'old');
    fs.symlinkSync(target, path.join(folder, `ipcbench-unix-${dead}-LiNk00`));

    expect(sweepStaleDirs(folder)).toEqual([stale]);
    expect(fs.readdirSync(folder).sort()).toEqual(['elsewhere', path.basename(other), `ipcbench-unix-${dead}-LiNk00`, path.basename(young), path.basename(live)].sort());
    expect(fs.existsSync(path.join(target, 'peer.sock'))).toBe(true); // a link is not followed
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

it('removes the scratch folders of graded runs killed with SIGKILL: ours, or (as root) a contained run\'s uid with no process left', async () => {
  expect(path.basename(scratchPrefix(1234))).toBe('ipcbench-run-1234-'); // what createScratch names them
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-sweep-'));
  try {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const old = (Date.now() - STALE_AFTER_MS - 60_000) / 1000;
    const make = (name: string, uid?: number): string => {
      const dir = path.join(folder, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'client.py'), 'a copy of a submission');
      if (uid !== undefined) fs.chownSync(dir, uid, uid);
      fs.utimesSync(dir, old, old);
      return dir;
    };
    const root = process.getuid?.() === 0;
    const mine = make(`ipcbench-run-${dead}-AbC123`);
    const contained = root ? make(`ipcbench-run-${dead}-RuN456`, 200_123) : undefined; // a run uid (external/sandbox.ts)
    const someoneElse = root ? make(`ipcbench-run-${dead}-OtH789`, 65_534) : undefined; // not a run uid: never
    const socketOfRunUid = root ? make(`ipcbench-unix-${dead}-SoC000`, 200_123) : undefined; // run uids own no sockets
    const live = make(`ipcbench-run-${process.pid}-LiV000`);
    // A process of that uid still runs (it could swap a folder for a link while root deletes the tree): kept.
    const survivor = root ? spawn('setpriv', ['--reuid=200124', '--regid=200124', '--clear-groups', 'sleep', '10'], { stdio: 'ignore' }) : undefined;
    const withSurvivor = root ? make(`ipcbench-run-${dead}-SuR000`, 200_124) : undefined;
    try {
      if (survivor) await runsAs(survivor.pid!, 200_124);
      expect(sweepStaleDirs(folder).sort()).toEqual([mine, ...(contained ? [contained] : [])].sort());
    } finally {
      survivor?.kill();
    }
    for (const kept of [someoneElse, socketOfRunUid, live, withSurvivor]) if (kept) expect(fs.existsSync(path.join(kept, 'client.py'))).toBe(true);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

it('a live scratch folder has its time renewed, so that a grading longer than 15 minutes never looks stale', async () => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
  const scratch = createScratch(undefined);
  try {
    const old = (Date.now() - STALE_AFTER_MS - 60_000) / 1000;
    fs.utimesSync(scratch.dir, old, old); // as if the grading had started long ago
    jest.advanceTimersByTime(RENEW_EVERY_MS);
    jest.useRealTimers();
    const deadline = Date.now() + 2000;
    while (Date.now() - fs.statSync(scratch.dir).mtimeMs > STALE_AFTER_MS && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(Date.now() - fs.statSync(scratch.dir).mtimeMs).toBeLessThan(STALE_AFTER_MS);
  } finally {
    jest.useRealTimers();
    scratch.remove();
  }
});

/** Waits (bounded) until process `pid` runs as `uid`: setpriv has changed it before exec'ing its command. */
async function runsAs(pid: number, uid: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  const uidOf = (): number | undefined => {
    try {
      return Number(/^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    } catch {
      return undefined;
    }
  };
  while (uidOf() !== uid) {
    if (Date.now() > deadline) throw new Error(`process ${pid} did not take uid ${uid} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
