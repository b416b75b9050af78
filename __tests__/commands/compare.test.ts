import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { scratchCli, startCli } from '../helpers/cli';
import { startTogether } from '../helpers/together';
import { cliInProcess as inProcess } from '../helpers/cli-in-process';
import { MAX_REPORT_BYTES } from '../../src/input-file';
import { assertComparisonReport } from '../../src/report/comparison';
import { compare } from '../../src/commands/compare';
import { InputError } from '../../src/errors';
import { DEFAULT_GATE } from '../../src/gate';
import { completed, errored, fixtureReport, scaled } from '../helpers/report-fixture';

/**
 * `ipcbench compare`, the regression gate, as users run it (npm test builds dist/ first). One real
 * CLI process per way it ends (exit 0, 1, 2 from commander, 2 from a thrown InputError, a FIFO that
 * must not block it), started together; what a command says is checked in-process (`inProcess`,
 * the same program and error mapping without ~0.3 s CPU of process start each).
 */
const { tmp, cli, file } = scratchCli();

jest.setTimeout(60_000);

describe('usage errors: one line, exit 2', () => {
  it.each([
    ['compare only-one.json', /missing required argument 'current'/, cli],
    ['compare a b --threshold 150', /expected a percentage like 10%/, inProcess],
  ])('ipcbench %s', async (command, message, run) => {
    const { code, stderr } = await run(...command.split(' '));
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});

describe('help', () => {
  it('compare --help explains the test, shows examples and the exit codes', async () => {
    const { code, stdout } = await inProcess('compare', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('$ ipcbench compare baseline.json current.json');
    expect(stdout).toContain('one-sided Welch t-test');
    expect(stdout).toContain('Exit codes: 0 no regression, 1 regression or errored result, 2 bad usage');
  });
});

describe('compare', () => {
  const ipc = completed('ipc', [14000, 14300, 13900, 14100, 14200]);
  const tcp = completed('tcp', [20000, 20500, 19800, 20100, 20300]);
  // Written once: the runs started together below read it while the other tests run.
  const baseFile = file('base.json', fixtureReport([ipc, tcp]));
  const base = () => baseFile;
  const slow = file('slow.json', fixtureReport([scaled(ipc, 0.7), scaled(tcp, 0.7)]));
  const runs = startTogether({
    same: () => cli('compare', base(), base()),
    slower: () => cli('compare', base(), slow, '--json', 'verdicts.json', '--markdown', 'verdicts.md'),
    missing: () => cli('compare', base(), 'nowhere.json'),
  });

  it('the same file against itself: exit 0, table on stdout', async () => {
    const { code, stdout } = await runs.same();
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ipc · 0 B .* unchanged /m);
    expect(stdout).toContain('no regression');
  });

  it('a 30 %-slower current file: exit 1, REGRESSION in the table, verdicts written as valid JSON', async () => {
    const { code, stdout } = await runs.slower();
    expect(code).toBe(1);
    expect(stdout).toMatch(/^tcp · 0 B .* 0\.700 .* REGRESSION /m);
    const verdicts = JSON.parse(fs.readFileSync(path.join(tmp, 'verdicts.json'), 'utf8'));
    assertComparisonReport(verdicts);
    expect(verdicts.passed).toBe(false);
    expect(verdicts.comparisons.map((c: { verdict: string }) => c.verdict)).toEqual(['regression', 'regression']);
    expect(fs.readFileSync(path.join(tmp, 'verdicts.md'), 'utf8')).toContain('❌ 2 regression(s)');
  });

  it('an errored current result fails the gate (exit 1)', async () => {
    const broken = file('errored.json', fixtureReport([ipc, errored('tcp', 'tcp: ready: no ready signal from the peer within 5000 ms')]));
    expect((await inProcess('compare', base(), broken)).code).toBe(1);
  });

  it('malformed input: one-line error naming the file, exit 2', async () => {
    const bad = file('bad.json', '{"schemaVersion": 1, "tool":');
    const { code, stderr } = await inProcess('compare', base(), bad);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^ipcbench: .*bad\.json is not JSON/);
  });

  // The same path in-process (the CLI maps InputError to exit 2, as the case above shows): cheaper than a child each.
  it.each([
    ['foreign JSON', { name: 'some-package', version: '1.0.0' }, /foreign\.json is not a valid ipcbench report: not an ipcbench report \(no schemaVersion/],
    ['an old schema', { ...fixtureReport([ipc]), schemaVersion: 0 }, /schemaVersion 0 is not supported/],
    ['a comparison instead of a report', { schemaVersion: 1, kind: 'comparison' }, /is an ipcbench comparison .*not a run report/],
    ['a result without figures', { ...fixtureReport([ipc]), results: [{ transport: 'ipc', payloadBytes: 0, status: 'completed' }] }, /must have required property 'roundTripsPerSec'/],
  ])('%s: InputError with a clear message', (_what, content, message) => {
    const foreign = file('foreign.json', content);
    expect(() => compare(base(), foreign, { ...DEFAULT_GATE, quiet: true })).toThrow(InputError);
    expect(() => compare(base(), foreign, { ...DEFAULT_GATE, quiet: true })).toThrow(message);
  });

  it('a missing file: exit 2', async () => {
    const { code, stderr } = await runs.missing();
    expect(code).toBe(2);
    expect(stderr).toBe('ipcbench: cannot read nowhere.json: ENOENT\n');
  });
});


describe('hostile inputs: only regular files under the size cap are read', () => {
  const report = () => file('ok.json', fixtureReport([completed('ipc', [14000, 14300, 13900])]));

  it('a FIFO without a writer: exit 2 at once with one line, and Ctrl-C works even if it hung', async () => {
    const fifo = path.join(tmp, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const started = startCli(['compare', report(), fifo], [], tmp);
    // If it blocks on the FIFO (the bug), SIGINT must still end it; it must never need SIGKILL. The
    // SIGINT comes late so that a loaded machine has started the CLI and it can answer first.
    const interrupt = setTimeout(() => started.child.kill('SIGINT'), 10_000);
    const killer = setTimeout(() => started.child.kill('SIGKILL'), 20_000);
    const done = await started.done;
    clearTimeout(interrupt);
    clearTimeout(killer);
    expect(done.signal).not.toBe('SIGKILL');
    const answered = done.code === 2 && done.stderr === `ipcbench: cannot read ${fifo}: it is a FIFO (named pipe), not a regular file\n`;
    const interrupted = done.code === 130 || done.signal === 'SIGINT';
    expect({ answered, interrupted, ...done }).toMatchObject({ answered: true }); // shows what happened when not
    expect(interrupted).toBe(false);
  }, 30_000);

  it.each([
    ['/dev/zero', 'a character device'],
    ['.', 'a directory'],
  ])('%s: exit 2 with one line, nothing read', async (input, kind) => {
    // In-process: the Jest worker's cwd is the checkout, so "." is a directory here as in the scratch folder.
    const { code, stderr } = await inProcess('compare', report(), input);
    expect([code, stderr]).toEqual([2, `ipcbench: cannot read ${input}: it is ${kind}, not a regular file\n`]);
  });

  it(`a file over the cap of ${MAX_REPORT_BYTES / 1024 / 1024} MiB: refused before reading`, () => {
    const big = path.join(tmp, 'big.json');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MAX_REPORT_BYTES + 1); // sparse: no disk used
    expect(() => compare(report(), big, { ...DEFAULT_GATE, quiet: true })).toThrow(/big\.json: it is 67,108,865 bytes, over the limit of 67,108,864$/);
  });
});

describe('reports from different settings', () => {
  const ipc = completed('ipc', [14000, 14300, 13900, 14100, 14200]);
  const node = fixtureReport([ipc]);
  const bun = fixtureReport([ipc]);
  bun.env = { ...bun.env, node: 'v24.3.0', runtime: { name: 'bun', version: '1.4.5', executable: '/opt/bun/bin/bun' }, cpuModel: 'Other CPU' };

  it('says plainly that runtime and CPU model differ, still judges (exit 0), records it in the JSON', async () => {
    const { code, stdout } = await inProcess('compare', file('node.json', node), file('bun.json', bun), '--json', path.join(tmp, 'env.json'));
    expect(code).toBe(0);
    expect(stdout).toContain('note: different runtime: baseline node 20.20.0, current bun 1.4.5');
    expect(stdout).toContain('note: different CPU model: baseline Test CPU @ 2.0GHz, current Other CPU');
    const verdicts = JSON.parse(fs.readFileSync(path.join(tmp, 'env.json'), 'utf8'));
    expect(verdicts.envDifferences).toHaveLength(2);
  });

  it('says when one run could use fewer CPUs (taskset, a cpuset) though the machine is the same', async () => {
    const restricted = fixtureReport([ipc]);
    restricted.env = { ...restricted.env, cores: 2, affinity: [0] };
    const free = fixtureReport([ipc]);
    free.env = { ...free.env, cores: 2, affinity: [0, 1] };
    const { code, stdout } = await inProcess('compare', file('restricted.json', restricted), file('free.json', free));
    expect(code).toBe(0);
    expect(stdout).toContain('note: different CPUs the run may use: baseline 1, current 2');
    expect(stdout).not.toContain('different machine');
  });

  it('--strict-env makes it an error: exit 2, one line naming the differences', async () => {
    const { code, stderr } = await inProcess('compare', file('node.json', node), file('bun.json', bun), '--strict-env');
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/--strict-env: .*runtime: baseline node 20\.20\.0, current bun 1\.4\.5/);
  });

  it('a report without a recorded runtime (older ipcbench) counts as Node of its env.node version', async () => {
    const old = fixtureReport([ipc]);
    delete old.env.runtime;
    const { code, stdout } = await inProcess('compare', file('old.json', old), file('node.json', node), '--strict-env');
    expect(stdout).not.toContain('note:');
    expect(code).toBe(0);
  });
});
