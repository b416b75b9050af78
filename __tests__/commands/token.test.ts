import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chosenToken, TOKEN_ENV } from '../../src/commands/token';
import { UsageError } from '../../src/errors';
import { scratchCli, startServe } from '../helpers/cli';

/** The token comes from a flag, a file or the environment; it never reaches a report or the screen. */
const { tmp, cli, file } = scratchCli();
jest.setTimeout(60_000);

describe('chosenToken', () => {
  it('--token, then --token-file (its first line), then $IPCBENCH_TOKEN; none: undefined', () => {
    const tokenFile = file('token.txt', 'from-file\nignored second line\n');
    const env = { [TOKEN_ENV]: 'from-env' };
    expect(chosenToken({ token: 'from-flag' }, env)).toEqual({ token: 'from-flag', from: '--token' });
    expect(chosenToken({ tokenFile }, env)).toEqual({ token: 'from-file', from: `the token in ${tokenFile}` });
    expect(chosenToken({}, env)).toEqual({ token: 'from-env', from: TOKEN_ENV });
    expect(chosenToken({}, {})).toBeUndefined();
  });

  it.each([
    [{ token: 'a', tokenFile: 'b' }, '--token and --token-file both name a token; give one'],
    [{ tokenFile: 'missing.txt' }, 'cannot read --token-file missing.txt: ENOENT'],
    [{ tokenFile: '/dev/zero' }, 'cannot read --token-file /dev/zero: it is a character device, not a regular file'],
    [{ token: 'has space' }, '--token must be 1 to 128 printable characters without spaces'],
  ])('%j: one usage line', (flags, message) => {
    expect(() => chosenToken(flags, {})).toThrow(message);
    expect(() => chosenToken(flags, {})).toThrow(expect.objectContaining({ exitCode: 2 }));
  });

  it('a bad token in the environment names the variable, not the token', () => {
    expect(() => chosenToken({}, { [TOKEN_ENV]: 'two words' })).toThrow(new UsageError(`${TOKEN_ENV} must be 1 to 128 printable characters without spaces`));
  });
});

describe('reports record what was measured and how, never secrets or plumbing', () => {
  const MEASUREMENT = ['payloadBytes', 'readyTimeoutMs', 'repeats', 'roundTrips', 'sampleEvery', 'stepTimeoutMs', 'transports', 'warmup'];

  it('run --json --markdown --quiet: config has no output path, flag or CLI option', async () => {
    const { code, stderr } = await cli('run', '-t', 'ipc', '-n', '100', '-w', '10', '-r', '1', '--json', 'r.json', '--markdown', 'r.md', '--quiet');
    expect([code, stderr]).toEqual([0, '']);
    const report = JSON.parse(fs.readFileSync(path.join(tmp, 'r.json'), 'utf8'));
    expect(Object.keys(report.config).sort()).toEqual(MEASUREMENT);
  });

  it('serve with $IPCBENCH_TOKEN, run --connect --token-file: the token is neither printed nor in the report', async () => {
    const secret = `secret-${process.pid}-${Date.now()}`;
    const tokenFile = file('secret.txt', `${secret}\n`);
    const server = await startServe([], ['env', `${TOKEN_ENV}=${secret}`]); // env execs node: the token is in its environment only
    try {
      const { code, stderr } = await cli('run', '--connect', `127.0.0.1:${server.port}`, '--token-file', tokenFile, '-t', 'tcp', '-n', '100', '-w', '10', '-r', '1', '--json', 'remote.json', '-q');
      expect([code, stderr]).toEqual([0, '']);
      const text = fs.readFileSync(path.join(tmp, 'remote.json'), 'utf8');
      expect(text).not.toContain(secret);
      const report = JSON.parse(text);
      expect(Object.keys(report.config).sort()).toEqual([...MEASUREMENT, 'remote'].sort());
      expect(report.config.remote).toBe(`127.0.0.1:${server.port}`);
      expect(server.stdout()).toContain(`token: ${TOKEN_ENV}`);
      expect(server.stdout() + server.stderr()).not.toContain(secret);
    } finally {
      server.child.kill('SIGTERM');
      await server.done;
    }
  });
});

it('a token file that is a FIFO is refused at once, exit 2', async () => {
  const fifo = path.join(tmp, 'token.fifo');
  execFileSync('mkfifo', [fifo]);
  const { code, stderr } = await cli('serve', '--token-file', fifo);
  expect([code, stderr]).toEqual([2, `ipcbench: cannot read --token-file ${fifo}: it is a FIFO (named pipe), not a regular file\n`]);
});
