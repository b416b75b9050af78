import { PassThrough } from 'node:stream';
import { decodeRawRead, wireStream } from '../../src/external/wire';
import { FramingError } from '../../src/transports/framing';
import { LabLineDecoder, quoteReceived } from '../../src/external/lab-number';

describe('raw wire', () => {
  it.each([
    ['42', 42],
    ['42\n', 42],
    ['42\r\n', 42],
    ['42\u0000', 42],
    ['0', 0],
    [' 42 \t', 42],
    ['\t7\r\n', 7],
  ])('decodes one read %j', (text, value) => {
    expect(decodeRawRead(Buffer.from(text, 'latin1'))).toBe(value);
  });

  it.each([['', 'got ""'], ['4 2', 'got "4 2"'], ['-1', 'got "-1"'], ['1'.repeat(17), `got "${'1'.repeat(17)}"`], ['2\n3', 'got "2\\n3"'], ['debug: x=1', 'expected one decimal number per read (raw wire), got "debug: x=1"']])(
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

describe('line wire (external programs): whitespace like int(text), errors that quote', () => {
  const decode = (...chunks: string[]): { values: number[]; error?: string; last?: number } => {
    const values: number[] = [];
    const decoder = new LabLineDecoder((v) => values.push(v));
    try {
      for (const chunk of chunks) decoder.push(Buffer.from(chunk, 'latin1'));
      return { values, last: decoder.finish() };
    } catch (error) {
      return { values, error: (error as Error).message };
    }
  };

  it('accepts ASCII whitespace around a number, split anywhere', () => {
    expect(decode(' 42 \r\n', '\t7\t\n 9', '\n')).toEqual({ values: [42, 7, 9], last: undefined });
  });

  it('a last line without its newline is read at the end of the stream', () => {
    expect(decode('3\n0')).toEqual({ values: [3], last: 0 });
    expect(decode('3\n  ')).toEqual({ values: [3], last: undefined });
  });

  it('anything else is an error quoting the line, escaped and cut short', () => {
    expect(decode('1\n', 'debug: x=1\n').error).toBe('expected a decimal number on each line, got "debug: x=1"');
    expect(decode('\n').error).toBe('expected a decimal number on each line, got ""');
    expect(decode('x'.repeat(100)).error).toBe(`expected a decimal number on each line, got a line longer than 64 bytes, starting "${'x'.repeat(24)}"…`);
    expect(quoteReceived(Buffer.from('a"\u0001é', 'utf8'))).toBe('"a\\"\\x01\\xc3\\xa9"');
  });
});
