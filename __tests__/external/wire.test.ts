import { PassThrough } from 'node:stream';
import { decodeRawRead, wireStream } from '../../src/external/wire';
import { FramingError } from '../../src/transports/framing';

describe('raw wire', () => {
  it.each([
    ['42', 42],
    ['42\n', 42],
    ['42\r\n', 42],
    ['42\u0000', 42],
    ['0', 0],
  ])('decodes one read %j', (text, value) => {
    expect(decodeRawRead(Buffer.from(text, 'latin1'))).toBe(value);
  });

  it.each([['', 'no digits'], ['4 2', 'byte 0x20'], ['-1', 'byte 0x2d'], ['1'.repeat(17), 'longer than 16 digits'], ['2\n3', 'byte 0x0a']])(
    'refuses %j with a FramingError',
    (text, why) => {
      expect(() => decodeRawRead(Buffer.from(text, 'latin1'))).toThrow(FramingError);
      expect(() => decodeRawRead(Buffer.from(text, 'latin1'))).toThrow(why);
    },
  );

  it('a wire stream sends raw numbers without a delimiter and reads one number per chunk', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const stream = wireStream(input, output, 'raw', 'test');
    const values: number[] = [];
    stream.onMessage((v) => values.push(v));
    stream.send(7);
    expect(output.read()?.toString()).toBe('7');
    input.write('8');
    await new Promise(setImmediate);
    input.write('10');
    await new Promise(setImmediate);
    expect(values).toEqual([8, 10]);
  });

  it('gives up on a program that never reads, instead of buffering without end', () => {
    const output = new PassThrough({ highWaterMark: 16 });
    const stream = wireStream(new PassThrough(), output, 'line', 'test');
    const failures: string[] = [];
    stream.onFailure((e) => failures.push(e.message));
    for (let i = 0; i < 200_000 && failures.length === 0; i++) stream.send(123456);
    expect(failures).toEqual(['test: the program does not read (more than 1048576 bytes unread)']);
  });
});
