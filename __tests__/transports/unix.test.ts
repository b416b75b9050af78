import * as fs from 'node:fs';
import * as path from 'node:path';
// The module object itself: Jest's sandboxed process.env does not reach os.tmpdir(), so stub the call.
import os = require('node:os');
import { unix } from '../../src/transports/unix';
import { livePeerCount } from '../../src/transports/peer-process';

describe('unix: socket path', () => {
  let longDir = '';

  afterEach(() => {
    jest.restoreAllMocks();
    if (longDir) fs.rmSync(longDir, { recursive: true, force: true });
  });

  it('refuses a temp folder too long for a socket path, clearly, and leaves no folder or peer behind', async () => {
    longDir = fs.mkdtempSync(path.join(os.tmpdir(), 'x'.repeat(100)));
    jest.spyOn(os, 'tmpdir').mockReturnValue(longDir);
    const outcome = await unix.open({ readyTimeoutMs: 1000 }).then(
      async (connection) => {
        connection.peer.kill(); // must not happen; clean up so the failure is the only effect
        await connection.peer.exited;
        await connection.channel.close();
        return new Error('unix.open succeeded with an over-long socket path');
      },
      (error: Error) => error,
    );
    expect(outcome.message).toMatch(/^unix: ready: the socket path .* over the 103-byte limit .*set TMPDIR/);
    expect(fs.readdirSync(longDir)).toEqual([]);
    expect(livePeerCount()).toBe(0);
  });
});
