import * as path from 'node:path';
import { runCli } from './helpers/cli';
import { startTogether } from './helpers/together';
import { cliInProcess } from './helpers/cli-in-process';
import { reportProblems } from '../src/report/schema';
import { buildProgram, parseArguments } from '../src/cli';
import { EXIT } from '../src/errors';

/**
 * The built CLI as a process where the process is the point (exit codes, what lands on stdout and
 * stderr, the runs), started together so their waits overlap; parsing and help text in-process.
 */
describe('ipcbench CLI', () => {
  const started = startTogether({
    lab: () => runCli(['lab', '--round-trips', '300', '--repeats', '2']),
    json: () => runCli(['run', '-t', 'tcp', '-n', '200', '-w', '20', '-r', '2', '--json', '-']),
    timeout: () => runCli(['run', '-t', path.join(__dirname, 'fixtures', 'transports', 'close-throws.js'), '--timeout', '0.3', '-r', '1', '-n', '10', '-q']),
  });

  it('lab: prints OS, cores, High/Low Level lines with positive wall-clock figures, and the table', async () => {
    const { code, stdout } = await started.lab();
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^OS: \S/);
    expect(lines[1]).toMatch(/^Num of cores: \d+$/);
    const runs = lines.filter((l) => /^(High|Low) Level \d+: /.test(l));
    expect(runs.map((l) => l.split(':')[0])).toEqual(['High Level 1', 'Low Level 1', 'High Level 2', 'Low Level 2']);
    for (const line of runs) expect(Number(line.split(': ')[1].replace(/,/g, ''))).toBeGreaterThan(0);
    expect(stdout).toMatch(/^ipc\s+[\d,]+/m);
    expect(stdout).toMatch(/^tcp\s+[\d,]+/m);
    expect(stdout).toContain('lab figure = last value / 2 / parent CPU seconds');
  });

  it('run --json - prints nothing but a valid report on stdout', async () => {
    const { code, stdout } = await started.json();
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(reportProblems(report)).toEqual([]);
    expect(report.results[0]).toMatchObject({ transport: 'tcp', status: 'completed' });
  });

  // One real process per way a usage error ends it (commander's own error; a UsageError thrown by the
  // command), the rest in-process: the same program and the same mapping to exit code and message.
  const spawned = (args: string[]) => runCli(args);
  const inProcess = (args: string[]) => cliInProcess(...args);
  it.each([
    [['run', '-t', 'carrier-pigeon'], /unknown transport "carrier-pigeon"; known: ipc/, spawned],
    [['run', '-n', '-5'], /expected a whole number from 1 to 100000000, got "-5"/, inProcess],
    [['run', '-n', '200000000'], /--round-trips <n>' argument '200000000' is invalid\. expected a whole number from 1 to 100000000/, inProcess],
    [['run', '-r', 'many'], /expected a whole number/, inProcess],
    [['run', '--timeout', '0'], /expected seconds/, inProcess],
    [['frobnicate'], /unknown command/, inProcess],
    [['run', '--pairs', '2', '--payload', '64'], /--pairs measures the classic wire/, spawned],
    [['run', '--pin', 'sideways'], /Allowed choices are none, same, split/, inProcess],
  ])('bad usage %p: one clear error line, exit 2', async (args, message, run) => {
    const { code, stderr, stdout } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(stdout).toBe('');
  });

  it('flags in seconds speak seconds: help shows the default in seconds, errors name the flag, not an internal field', async () => {
    const help = await cliInProcess('run', '--help');
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(/--timeout <s> seconds to wait for the peer to get ready, and for each reply \(default: 5\)/);
    const bad = await cliInProcess('run', '--timeout', '1e-9');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--timeout <s>' argument '1e-9' is invalid\. expected seconds from 0\.001 to 600/);
    expect(bad.stderr).not.toMatch(/TimeoutMs|ms\b/);
  });

  it('a timeout names the flag in the units the user gave it: "within 0.3 s (--timeout)", not the internal ms', async () => {
    const { code, stderr } = await started.timeout();
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('ipcbench: close-throws: ready: no ready signal from the peer within 0.3 s (--timeout)');
  });

  it('--help lists the commands and the exit codes', async () => {
    const { code, stdout } = await cliInProcess('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/lab/);
    expect(stdout).toMatch(/Exit codes: 0 ok, 1 .*2 bad usage/);
  });
});

describe('parseArguments (in-process, runs nothing)', () => {
  it('turns run flags into RunOptions: seconds → ms, --payload alone → the default sweep', async () => {
    const parsed = await parseArguments(['run', '-t', 'tcp,unix', '--timeout', '2.5', '--payload', '-n', '1_000']);
    expect(parsed?.command).toBe('run');
    expect(parsed?.options).toMatchObject({ transport: ['tcp', 'unix'], roundTrips: 1000, readyTimeoutMs: 2500, stepTimeoutMs: 2500, timeoutWords: '2.5 s (--timeout)', payloadBytes: [0, 64, 1024, 65_536, 1_048_576] });
    expect(parsed?.options).not.toHaveProperty('timeout');
    expect(parsed?.options).not.toHaveProperty('payload');
  });

  it('compare, serve and peer get their typed options', async () => {
    expect(await parseArguments(['compare', 'a.json', 'b.json', '--threshold', '5%'])).toMatchObject({ command: 'compare', options: { baseline: 'a.json', current: 'b.json', threshold: 0.05 } });
    expect(await parseArguments(['serve', '--idle-timeout', '3'])).toMatchObject({ command: 'serve', options: { idleTimeoutMs: 3000, auth: true } });
    expect(await parseArguments(['peer', '--cmd', 'x', '--timeout', '0.5'])).toMatchObject({ command: 'peer', options: { timeoutMs: 500, transport: 'tcp' } });
  });

  it('usage errors throw with exit code 2', async () => {
    await expect(parseArguments(['run', '-t', 'carrier-pigeon'])).rejects.toMatchObject({ exitCode: EXIT.usage });
    await expect(parseArguments(['run', '--format', 'bencher'])).rejects.toMatchObject({ exitCode: EXIT.usage, message: expect.stringMatching(/--format and --out go together/) });
    await expect(parseArguments(['frobnicate'])).rejects.toMatchObject({ exitCode: EXIT.usage });
  });

  it('a command named first gets its own module registered alone; anything else, every command', () => {
    const names = (args?: string[]) => buildProgram(async () => undefined, {}, args).commands.map((command) => command.name());
    const all = names();
    expect(all).toEqual(['lab', 'run', 'compare', 'env', 'overhead', 'ab', 'ab-arm', 'peer', 'grade', 'serve']);
    for (const name of all) expect(names([name, '--help'])).toContain(name);
    expect(names(['ab-arm', '--protocol', '1'])).toEqual(['ab', 'ab-arm']);
    for (const args of [[], ['--help'], ['--help', 'run'], ['help', 'run'], ['frobnicate', 'run']]) expect(names(args)).toEqual(all);
  });
});
