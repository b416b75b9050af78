import * as fs from 'node:fs';
import { threadCpuSeconds } from '../../src/measure/clock';

describe('threadCpuSeconds', () => {
  it('counts this thread’s CPU time and grows with work where Linux schedstat exists, else is undefined', () => {
    if (!fs.existsSync('/proc/thread-self/schedstat')) {
      expect(threadCpuSeconds()).toBeUndefined();
      return;
    }
    const before = threadCpuSeconds()!;
    let sink = 0;
    for (let i = 0; i < 5e6; i++) sink += i % 7;
    const after = threadCpuSeconds()!;
    expect(sink).toBeGreaterThan(0);
    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(before);
  });
});
