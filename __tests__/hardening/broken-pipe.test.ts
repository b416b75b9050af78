import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCli, waitForOutput } from '../helpers/cli';
import { childProcesses, liveProcesses, stillThere } from '../helpers/processes';
import { fixtureReport, completed } from '../helpers/report-fixture';

/**
 * `ipcbench … | head -1`: when whoever reads stdout goes away, ipcbench stops quietly with 141
 * (128 + SIGPIPE, what a shell shows for a Unix tool killed by SIGPIPE), no stack trace, no peer left.
 */
jest.setTimeout(30_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-epipe-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it.each([
  ['compare', ['compare', '{report}', '{report}']],
  ['env', ['env']],
])('%s with its stdout closed by the reader: exit 141, nothing on stderr', async (_name, args) => {
  const report = path.join(dir, 'r.json');
  fs.writeFileSync(report, JSON.stringify(fixtureReport([completed('ipc', [1000, 1100, 1050])])));
  const cli = startCli(args.map((a) => a.replace('{report}', report)));
  cli.child.stdout!.destroy(); // the reader is gone before the first line
  const done = await cli.done;
  expect({ code: done.code, signal: done.signal, stderr: done.stderr }).toEqual({ code: 141, signal: null, stderr: '' });
});

it('run: the reader goes away mid-run: exit 141 at the next line, its peer stopped', async () => {
  const cli = startCli(['run', '-t', 'ipc', '-n', '30000', '-w', '10', '-r', '3']);
  await waitForOutput(cli.stdout, /\n/, 10_000); // the environment line: it is measuring now
  const deadline = Date.now() + 5000;
  let peers: number[] = [];
  while (peers.length === 0 && Date.now() < deadline) {
    peers = childProcesses(cli.child.pid!).map((c) => c.pid);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  cli.child.stdout!.destroy();
  const done = await cli.done;
  expect({ code: done.code, signal: done.signal, stderr: done.stderr }).toEqual({ code: 141, signal: null, stderr: '' });
  expect(await stillThere(() => liveProcesses().filter((p) => peers.includes(p.pid)), 3000)).toEqual([]);
});
