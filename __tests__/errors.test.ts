import { EXIT, IpcBenchError, UsageError, InputError, RunError, exitCodeOf } from '../src/errors';
import { ConfigError } from '../src/config';
import { AddressError } from '../src/serve/address';
import { PeerFailureError, ProtocolError } from '../src/protocol/messages';

describe('one error hierarchy: the exit code travels with the error', () => {
  it.each([
    [new UsageError('bad flag'), EXIT.usage],
    [new InputError('bad file'), EXIT.usage],
    [new ConfigError('bad value'), EXIT.usage],
    [new AddressError('--listen: bad'), EXIT.usage],
    [new RunError('write failed'), EXIT.failed],
    [new PeerFailureError('tcp', 'round trip', 'peer exited'), EXIT.failed],
    [new ProtocolError('tcp', 'handshake', 2, 3), EXIT.failed],
    [new Error('a bug'), EXIT.failed],
    ['a string', EXIT.failed],
  ])('%p → exit %d', (error, code) => {
    expect(exitCodeOf(error)).toBe(code);
  });

  it('keeps the cause and names the class', () => {
    const cause = new Error('EACCES');
    const error = new InputError('cannot read x.json', { cause });
    expect(error).toBeInstanceOf(IpcBenchError);
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('InputError');
    expect(new PeerFailureError('tcp', 'round trip', 'x').name).toBe('PeerFailureError');
  });
});
