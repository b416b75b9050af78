import { spawn } from 'node:child_process';
import { CLI } from '../helpers/cli';
import { liveProcesses, stillThere } from '../helpers/processes';

/**
 * `npx ipcbench run` killed with SIGKILL: npm dies, but the shell it started and the real CLI (and the
 * CLI's peer) would run on. The CLI notices that the process that started it (or that one's parent)
 * is gone and stops, peers included. A node process stands in for npm; nothing outlives the test.
 */
jest.setTimeout(40_000);

/** Every live descendant of `root`. */
function descendants(root: number): Array<{ pid: number; command: string }> {
  const all = liveProcesses();
  const found: Array<{ pid: number; command: string }> = [];
  const walk = (pid: number): void => {
    for (const child of all.filter((p) => p.ppid === pid)) {
      found.push({ pid: child.pid, command: child.command });
      walk(child.pid);
    }
  };
  walk(root);
  return found;
}

const LONG_RUN = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} run -t tcp -n 100000000 -w 0 -r 1 -q`;

it.each([
  ['npm exec → sh → node (the shell outlives npm)', `require('child_process').spawn('sh', ['-c', ${JSON.stringify(`${LONG_RUN}; :`)}], { stdio: 'ignore' })`],
  ['starter → node directly', `require('child_process').spawn('sh', ['-c', ${JSON.stringify(`exec ${LONG_RUN}`)}], { stdio: 'ignore' })`],
])('%s: SIGKILL of the starter stops the CLI and its peer', async (_case, starterCode) => {
  const starter = spawn(process.execPath, ['-e', `${starterCode}; setInterval(() => {}, 1000)`], { stdio: 'ignore' });
  let tree: Array<{ pid: number; command: string }> = [];
  try {
    const deadline = Date.now() + 20_000;
    while (!tree.some((p) => p.command.includes('peer.js')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      tree = descendants(starter.pid!);
    }
    expect(tree.map((p) => p.command)).toContainEqual(expect.stringContaining('peer.js')); // mid-run: CLI and peer are up
    starter.kill('SIGKILL');
    const cliAndPeer = tree.filter((p) => !p.command.startsWith('sh '));
    const isAlive = (): typeof tree => liveProcesses().filter((p) => cliAndPeer.some((c) => c.pid === p.pid));
    expect(await stillThere(isAlive, 5000)).toEqual([]);
  } finally {
    starter.kill('SIGKILL');
    for (const { pid } of tree) {
      try {
        process.kill(pid, 'SIGKILL'); // only if the test failed: never leave them running
      } catch {
        // already gone
      }
    }
  }
});
