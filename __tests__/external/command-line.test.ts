import { splitCommandLine, substitute, CommandLineError } from '../../src/external/command-line';

describe('splitCommandLine (no shell)', () => {
  it.each([
    ['python3 client.py --port {port}', ['python3', 'client.py', '--port', '{port}']],
    ['  a   b\tc ', ['a', 'b', 'c']],
    [`'a b' "c d" e\\ f`, ['a b', 'c d', 'e f']],
    [`"say \\"hi\\"" 'it''s'`, ['say "hi"', 'its']],
    [`''`, ['']],
    ['echo $HOME *.py ~', ['echo', '$HOME', '*.py', '~']],
    [`"a|b" 'c;d'`, ['a|b', 'c;d']],
  ])('%s', (line, argv) => {
    expect(splitCommandLine(line)).toEqual(argv);
  });

  it.each([
    ['a | b', 'shell operator'],
    ['a; rm -rf x', 'shell operator'],
    ['a && b', 'shell operator'],
    ['a > out', 'shell operator'],
    ['a `b`', 'shell operator'],
    ['"open', 'unterminated double quote'],
    ["'open", 'unterminated single quote'],
    ['   ', 'empty'],
    ['a\\', 'lone backslash'],
  ])('refuses %s', (line, why) => {
    expect(() => splitCommandLine(line)).toThrow(CommandLineError);
    expect(() => splitCommandLine(line)).toThrow(why);
  });
});

describe('substitute', () => {
  it('replaces placeholders inside single arguments only', () => {
    expect(substitute(['--port', '{port}', 'h={host}:{port}'], { port: '80 --evil', host: 'x' })).toEqual(['--port', '80 --evil', 'h=x:80 --evil']);
  });

  it('refuses an unknown placeholder, naming the known ones', () => {
    expect(() => substitute(['{prot}'], { port: '1' })).toThrow('unknown placeholder {prot}; known: {port}');
  });
});
