import * as path from 'node:path';
import { resolveTransportList } from '../../src/contract/transport-list';
import { lingeringChildren } from '../helpers/processes';

describe('opening a user transport whose End misbehaves while it is stopped', () => {
  it('an End whose peerKilled() and close() throw: the open still rejects with the ready timeout, nothing left', async () => {
    const file = path.join(__dirname, '..', 'fixtures', 'transports', 'close-throws.js');
    const { transports } = await resolveTransportList([file]);
    const started = Date.now();
    const opening = transports[0].open({ readyTimeoutMs: 500 });
    // The plug-in (and so its errors) comes from dist/, this spec from src/: compare by name, not class.
    await expect(opening).rejects.toMatchObject({ name: 'PeerTimeoutError', message: expect.stringMatching(/no ready signal/) });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await lingeringChildren()).toEqual([]);
  });
});
