/**
 * The worker of the hand-written reference loops (see raw-peer.ts): minimal code, no harness.
 * workerData.mode 'post': postMessage ping-pong. 'sab': Int32 slot 0 = request sequence, 1 = reply
 * sequence, 2 = value; block in Atomics.wait, answer, repeat until 0. 'spin': slot 0 = request value,
 * 1 = reply value; busy-wait on slot 0, answer x+1, repeat until 0.
 */
import { osThreadId } from '../measure/clock'; // fs only: no harness code in the reference loop
import { parentPort, workerData } from 'node:worker_threads';

const { mode, shared } = workerData as { mode: 'post' | 'sab' | 'spin'; shared?: SharedArrayBuffer };

/** Every mode's ready message carries the Linux thread id (undefined off Linux: the loop runs unpinned), so the loop can pin this thread (--pin split). */
function ready(): { ready: true; tid: number | undefined } {
  return { ready: true, tid: osThreadId() };
}

if (mode === 'spin') {
  const ctrl = new Int32Array(shared!);
  parentPort!.postMessage(ready());
  let seen = 0;
  for (;;) {
    let x: number;
    while ((x = Atomics.load(ctrl, 0)) === seen);
    if (x <= 0) break; // 0 = stop, -1 = the main thread gave up
    seen = x;
    Atomics.store(ctrl, 1, x + 1);
  }
  process.exit(0);
} else if (mode === 'post') {
  parentPort!.on('message', (x: number) => {
    if (x === 0) process.exit(0);
    parentPort!.postMessage(x + 1);
  });
  parentPort!.postMessage(ready());
} else {
  const ctrl = new Int32Array(shared!);
  let seen = 0;
  parentPort!.postMessage(ready());
  for (;;) {
    Atomics.wait(ctrl, 0, seen);
    const sequence = Atomics.load(ctrl, 0);
    if (sequence === seen) continue; // a late wake-up, not a new request
    seen = sequence;
    const x = Atomics.load(ctrl, 2);
    if (x === 0) break;
    Atomics.store(ctrl, 2, x + 1);
    Atomics.store(ctrl, 1, seen);
    Atomics.notify(ctrl, 1);
  }
  process.exit(0);
}
