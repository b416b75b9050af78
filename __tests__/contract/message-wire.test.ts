import { messageWire, decodeMessage, recordsOfSize, shapeSupported, CONTROL } from '../../src/contract/message-wire';

describe('message wire: values as whole messages', () => {
  it('sends a bare counter as a number where numbers are carried, else as decimal text', () => {
    expect(messageWire({ carries: ['number', 'string'] }).encode(41)).toBe(41);
    expect(messageWire({ carries: ['string', 'bytes'] }).encode(41)).toBe('41');
  });

  it('a payload is bytes where bytes are carried: u64 counter + payload, one reused Buffer', () => {
    const wire = messageWire({ carries: ['string', 'bytes'], payloadBytes: 100 });
    const first = wire.encode(7) as Buffer;
    expect(first).toHaveLength(108);
    expect(decodeMessage(first)).toBe(7);
    expect(wire.encode(9)).toBe(first);
    expect(wire.shape).toBe('bytes');
  });

  it('without bytes (ipc json) a payload is a string of the payload size after the counter', () => {
    const wire = messageWire({ carries: ['number', 'string', 'object'], payloadBytes: 1000 });
    const message = wire.encode(123) as string;
    expect(message.length).toBe(3 + 1000);
    expect(decodeMessage(message)).toBe(123);
    expect(wire.shape).toBe('string');
  });

  it('--message object: a reused object of records of about the payload size', () => {
    const wire = messageWire({ carries: ['number', 'string', 'object'], payloadBytes: 4096, message: 'object' });
    const message = wire.encode(5) as { counter: number; records: unknown[] };
    expect(decodeMessage(message)).toBe(5);
    const size = JSON.stringify(message.records).length;
    expect(size).toBeLessThanOrEqual(4096);
    expect(size).toBeGreaterThan(4096 - 120);
    expect(wire.encode(6)).toBe(message);
  });

  it('the replying side answers with bare counters (a 0-byte body where only bytes and text are carried)', () => {
    expect(messageWire({ carries: ['number', 'bytes'], payloadBytes: 64, replying: true }).encode(3)).toBe(3);
    expect(decodeMessage(messageWire({ carries: ['string', 'bytes'], payloadBytes: 64, replying: true }).encode(3))).toBe(3);
  });

  it('decodes control messages as CONTROL and anything else as NaN', () => {
    expect(decodeMessage({ ipcbench: 'ready' })).toBe(CONTROL);
    for (const garbage of ['', 'x1', '12x', '9'.repeat(17), -1, 1.5, Buffer.from('abc'), { counter: 'x' }, null, undefined]) {
      expect(decodeMessage(garbage)).toBeNaN();
    }
  });

  it('garbage and overlong messages of every wire are refused by the decoder', () => {
    for (const carries of [['string'], ['bytes'], ['number', 'bytes'], ['object']] as const) {
      const wire = messageWire({ carries });
      expect(decodeMessage(wire.garbage)).toBeNaN();
      expect(decodeMessage(wire.overlong)).toBeNaN();
    }
  });

  it('says which shapes a transport can carry', () => {
    expect(shapeSupported(['number', 'string'], 'object')).toMatch(/cannot carry objects/);
    expect(shapeSupported(['object'], 'object')).toBe(true);
    expect(recordsOfSize(0)).toEqual([]);
  });
});
