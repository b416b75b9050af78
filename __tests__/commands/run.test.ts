import * as fs from 'node:fs';
import * as path from 'node:path';
import { scratchCli } from '../helpers/cli';
import { startTogether } from '../helpers/together';
import { cliInProcess } from '../helpers/cli-in-process';
import { reportProblems } from '../../src/report/schema';

/**
 * `ipcbench run` report flags, as users run them (npm test builds dist/ first): the runs as real CLI
 * processes, started together; usage errors (one of them a real process too), help and env in-process.
 */
const { tmp, cli } = scratchCli();
const runs = startTogether({
  jsonToStdout: () => cli('run', '-t', 'ipc', '-n', '100', '-w', '10', '-r', '2', '--json', '-'),
  allOutputs: () => cli('run', '-t', 'ipc,tcp', '-n', '200', '-w', '20', '-r', '2', '--json', 'r.json', '--markdown', 'r.md', '--html', 'r.html', '--format', 'bencher', '--out', 'r.bmf.json', '--quiet'),
  noSuchFlag: () => cli('run', '--no-such-flag'),
});

jest.setTimeout(60_000);

describe('run: usage errors of the report flags: one line on stderr, no stack trace, exit 2', () => {
  it.each([
    ['run --repeats -1', /--repeats .*expected a whole number from 1 to 1000, got "-1"/, () => cliInProcess('run', '--repeats', '-1')],
    ['run --format bencher', /--format and --out go together/, () => cliInProcess('run', '--format', 'bencher')],
    ['run --format csv --out x', /Allowed choices are github-action-benchmark, bencher/, () => cliInProcess('run', '--format', 'csv', '--out', 'x')],
    ['run --no-such-flag', /unknown option '--no-such-flag'/, runs.noSuchFlag],
  ])('ipcbench %s', async (_command, message, run) => {
    const { code, stdout, stderr } = await run();
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^ipcbench: /);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('run', () => {
  it('--json - puts nothing but the valid JSON report on stdout; progress lines go to stderr', async () => {
    const { code, stdout, stderr } = await runs.jsonToStdout();
    expect(code).toBe(0);
    expect(reportProblems(JSON.parse(stdout))).toEqual([]);
    expect(stderr).toMatch(/^ipc 1\/2: [\d,]+ round trips\/s$/m); // piped: plain lines, no bar
  });

  it('writes JSON, Markdown, HTML and a tracker export from one run, all valid', async () => {
    const { code, stderr } = await runs.allOutputs();
    expect([code, stderr]).toEqual([0, '']);
    const report = JSON.parse(fs.readFileSync(path.join(tmp, 'r.json'), 'utf8'));
    expect(reportProblems(report)).toEqual([]);
    expect(fs.readFileSync(path.join(tmp, 'r.md'), 'utf8')).toMatch(/^\| tcp \| 0 B \| [\d,]+ \|/m);
    expect(fs.readFileSync(path.join(tmp, 'r.html'), 'utf8').match(/<svg[\s>]/g)?.length).toBe(3); // rates, latency, latency vs CPU; no payload sweep: no MB/s chart
    const bmf = JSON.parse(fs.readFileSync(path.join(tmp, 'r.bmf.json'), 'utf8'));
    expect(Object.keys(bmf)).toEqual(['ipc/0B', 'tcp/0B']);
    expect(bmf['tcp/0B'].throughput.value).toBe(report.results[1].roundTripsPerSec.median);
  });
});


it('run --help shows examples for every report flag', async () => {
  const { code, stdout } = await cliInProcess('run', '--help');
  expect(code).toBe(0);
  for (const flag of ['--json', '--markdown', '--html', '--format', '--out', '--quiet']) expect(stdout).toContain(flag);
  expect(stdout).toContain('$ ipcbench run -t ipc,tcp --markdown summary.md --format bencher --out bmf.json');
});

it('the top-level help lists run, compare and env, and the exit codes', async () => {
  const { code, stdout } = await cliInProcess('--help');
  expect(code).toBe(0);
  for (const command of ['run', 'compare', 'env']) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  expect(stdout).toContain('Exit codes: 0 ok, 1 a run failed or a regression was found, 2 bad usage or input');
});

it('env --json prints the environment and the transports', async () => {
  const { code, stdout } = await cliInProcess('env', '--json');
  expect(code).toBe(0);
  const parsed = JSON.parse(stdout);
  expect(parsed.env.cores).toBeGreaterThan(0);
  expect(parsed.transports.map((t: { name: string }) => t.name)).toContain('tcp');
});
