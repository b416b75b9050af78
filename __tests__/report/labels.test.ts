import { payloadWords, wireLine } from '../../src/report/labels';

describe('payload and message shape in words', () => {
  it('payloadWords: classic, bytes, and a named shape when the message was not bytes', () => {
    expect(payloadWords({ payloadBytes: 0 })).toBe('classic');
    expect(payloadWords({ payloadBytes: 65536, framing: 'binary' })).toBe('64 KiB');
    expect(payloadWords({ payloadBytes: 65536, framing: 'binary', message: 'bytes' })).toBe('64 KiB');
    expect(payloadWords({ payloadBytes: 1024, framing: 'binary', message: 'object' })).toBe('1 KiB object');
    expect(payloadWords({ payloadBytes: 1024, framing: 'binary', message: 'string' })).toBe('1 KiB string');
  });

  it('wireLine names a message shape other than bytes and the transports that used it', () => {
    const config = { payloadBytes: [64] };
    expect(wireLine({ config, results: [{ transport: 'tcp', framing: 'binary', message: 'bytes' }] })).toBe('binary wire, payloads 64 B');
    expect(wireLine({ config, results: [{ transport: 'tcp', framing: 'binary', message: 'object' }, { transport: 'ipc', framing: 'binary', message: 'object' }] })).toBe(
      'binary wire, payloads 64 B; messages: an object of records (tcp, ipc)',
    );
    expect(wireLine({ config, results: [{ transport: 'tcp', framing: 'binary', message: 'bytes' }, { transport: 'ipc', framing: 'binary', message: 'string' }] })).toBe(
      'binary wire, payloads 64 B; messages: a string of the payload size (ipc)',
    );
    expect(wireLine({ config: { payloadBytes: [0] }, results: [{ transport: 'tcp' }] })).toBe('classic wire (bare counter, no payload)');
  });
});
