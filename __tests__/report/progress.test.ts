import { progress } from '../../src/report/progress';
import type { RepeatSample } from '../../src/runner';

/** A stand-in for a terminal or a pipe that records what was written. */
function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  const stream = {
    isTTY,
    columns: 100,
    write: (chunk: string) => written.push(String(chunk)) > 0,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    on: () => stream,
    removeListener: () => stream,
  };
  return { stream: stream as unknown as NodeJS.WriteStream, written };
}

const sample = { roundTripsPerSec: 12345.6 } as RepeatSample;

describe('progress()', () => {
  it('prints one plain line per repeat when piped', () => {
    const { stream, written } = fakeStream(false);
    const p = progress({ total: 2, stream });
    p.events.repeatDone?.('ipc', 1, 2, sample);
    p.events.repeatDone?.('tcp', 1, 2, sample);
    p.stop();
    expect(written).toEqual(['ipc 1/2: 12,346 round trips/s\n', 'tcp 1/2: 12,346 round trips/s\n']);
  });

  it('prints nothing when quiet, even on a terminal', () => {
    const { stream, written } = fakeStream(true);
    const p = progress({ total: 2, stream, quiet: true });
    p.events.repeatDone?.('ipc', 1, 2, sample);
    p.stop();
    expect(written).toEqual([]);
  });

  it('draws a cli-progress bar on a terminal instead of plain lines', () => {
    const { stream, written } = fakeStream(true);
    const p = progress({ total: 2, stream });
    p.events.repeatDone?.('ipc', 1, 2, sample);
    p.events.repeatDone?.('ipc', 2, 2, sample);
    p.stop();
    const text = written.join('');
    expect(text).toMatch(/2\/2 repeats \| ipc 2\/2: 12,346 round trips\/s/);
    expect(written).not.toContain('ipc 1/2: 12,346 round trips/s\n');
  });
});
