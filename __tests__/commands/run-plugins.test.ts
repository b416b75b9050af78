import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { startTogether } from '../helpers/together';
import type { Report } from '../../src/types';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'transports');

/** `run -t` with plug-in modules, as a user runs it (the CLI as a process: ESM loading needs real Node). */
describe('ipcbench run -t with plug-in modules', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-plugins-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const broken = [
    [['-t', './nope.js'], /^ipcbench: -t \.\/nope\.js: no such file/],
    [['-t', './no-transport.js'], /^ipcbench: -t \.\/no-transport\.js: the module exports no transport/],
    [['-t', './missing-peer.js'], /^ipcbench: -t \.\/missing-peer\.js: transport "half": "peer" must be a function/],
    [['-t', 'ipc', '--message', 'object'], /^ipcbench: --message object needs --payload/],
  ] as const;
  // Every run of this file at once (independent; their waits overlap), each checked by its own test.
  const runs = startTogether({
    plugins: () => runCli(['run', '-t', 'tcp,./json-lines.js,./json-lines-esm.mjs', '-n', '300', '-w', '30', '-r', '1', '--timeout', '30', '-q', '--json', path.join(dir, 'plugins.json')], 60_000, FIXTURES),
    objects: () => runCli(['run', '-t', 'ipc,ipc-advanced,tcp,./json-lines.js', '--payload', '1k', '--message', 'object', '-n', '200', '-w', '20', '-r', '1', '--timeout', '30', '-q', '--json', path.join(dir, 'objects.json')], 60_000, FIXTURES),
    sweep: () => runCli(['run', '-t', 'ipc', '--payload', '0,64k', '-n', '200', '-w', '20', '-r', '1', '--timeout', '30', '-q', '--json', path.join(dir, 'ipc.json')], 60_000),
    ...Object.fromEntries(broken.map(([args], i) => [`broken${i}`, () => runCli(['run', ...args, '-q'], 30_000, FIXTURES)])),
  });

  it('runs a CommonJS and an ES module plug-in beside tcp and records which modules were measured', async () => {
    const json = path.join(dir, 'plugins.json');
    const run = await runs.plugins();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as Report;
    expect(report.results.map((r) => [r.transport, r.status])).toEqual([['tcp', 'completed'], ['json-lines', 'completed'], ['json-lines-esm', 'completed']]);
    expect(report.plugins).toEqual([
      { transport: 'json-lines', path: path.join(FIXTURES, 'json-lines.js'), package: { name: 'ipcbench', version: expect.any(String) } },
      { transport: 'json-lines-esm', path: path.join(FIXTURES, 'json-lines-esm.mjs'), package: { name: 'ipcbench', version: expect.any(String) } },
    ]);
  }, 90_000);

  it('--message object compares json, structured clone and a plug-in on the same objects; streams are skipped with a reason', async () => {
    const json = path.join(dir, 'objects.json');
    const run = await runs.objects();
    expect(run.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as Report;
    expect(report.config.message).toBe('object');
    expect(report.results.map((r) => [r.transport, r.status, r.message])).toEqual([
      ['ipc', 'completed', 'object'],
      ['ipc-advanced', 'completed', 'object'],
      ['tcp', 'skipped', 'object'],
      ['json-lines', 'completed', 'object'],
    ]);
  }, 90_000);

  it('ipc json completes a payload sweep with a string payload of each size', async () => {
    const json = path.join(dir, 'ipc.json');
    const run = await runs.sweep();
    expect(run.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as Report;
    expect(report.results.map((r) => [r.payloadBytes, r.status, r.message])).toEqual([
      [0, 'completed', 'string'],
      [65_536, 'completed', 'string'],
    ]);
  }, 90_000);

  it.each(broken.map(([args, message], i) => [args, message, i] as const))('%j: one clear line, exit 2, nothing measured', async (_args, message, i) => {
    const run = await runs[`broken${i}` as keyof typeof runs]();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
