import { spawnSync } from 'node:child_process';
import { FIRST_RUN_UID } from '../process/run-uid';

/**
 * Containment of an untrusted program (a student's submission). On Linux, as root, with util-linux:
 *
 *   setpriv --pdeathsig KILL            the wrapper dies with ipcbench, even on SIGKILL
 *   unshare --pid --fork --kill-child   a PID namespace: when its init dies, the kernel kills everything in it
 *           --mount-proc                (setsid/double-fork cannot escape); /proc shows only the submission
 *   sh -c '"$@"'                        the namespace's init: stays root so the parent-death signal holds
 *                                       (a uid change clears it), runs the program, exits with its status
 *   prlimit --cpu --as --nproc --fsize  CPU seconds, address space, processes+threads, file size, no core
 *   setpriv --reuid U --regid U         a fresh unprivileged uid per run: RLIMIT_NPROC counts per uid and root
 *           --clear-groups --no-new-privs  ignores it; nor can the program touch the grader's files or other runs
 *
 * Without root or these tools it degrades to a process group (killed on exit, but a setsid() child can
 * escape and limits are not applied), and says so. The network is not isolated: see README.
 */

export interface Limits {
  /** CPU seconds (user + system) of each process; SIGXCPU when reached. */
  cpuSeconds: number;
  /** Address space per process (RLIMIT_AS), MiB; 0 = no limit (the JVM reserves far more than it uses). */
  memoryMiB: number;
  /** Processes and threads of the run's uid (RLIMIT_NPROC). */
  processes: number;
  /** Largest file the program may write, MiB (RLIMIT_FSIZE). */
  fileMiB: number;
  /** stdout + stderr bytes read from the program before it is killed. */
  outputKiB: number;
}

export const DEFAULT_LIMITS: Limits = { cpuSeconds: 60, memoryMiB: 1024, processes: 64, fileMiB: 64, outputKiB: 1024 };

/** The PATH the program gets (not the grader's): system directories only. */
export const SANDBOX_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export type Containment =
  | { kind: 'namespace'; description: string }
  | { kind: 'process-group'; description: string; reason: string };

/** What a process group does not give (ipcbench itself still enforces the deadline and the output limit). */
export const UNCONTAINED = "without CPU, memory, process or file-size limits, and a child that calls setsid() can outlive grading (the deadline and --output-kib still hold)";

let probed: Containment | undefined;
const PROBE_TIMEOUT_MS = 60_000;

/** What containment this machine allows, probed once (a real run of the wrapper around `true`). */
export function containment(): Containment {
  if (probed) return probed;
  const fallback = (reason: string): Containment => ({
    kind: 'process-group',
    reason,
    description: `process group only (${reason}): the program runs as the grader's user, ${UNCONTAINED}`,
  });
  if (process.platform !== 'linux') probed = fallback('not Linux');
  else if (process.getuid?.() !== 0) probed = fallback('not root: PID namespaces and a separate uid need root');
  else {
    const argv = wrap(['true'], DEFAULT_LIMITS, FIRST_RUN_UID);
    // Generous: on a loaded machine (load 38 seen) starting four small programs can take seconds.
    const probe = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: PROBE_TIMEOUT_MS });
    const code = (probe.error as NodeJS.ErrnoException | undefined)?.code;
    if (probe.error) probed = fallback(code === 'ENOENT' ? 'setpriv/unshare/prlimit (util-linux) not found' : code === 'ETIMEDOUT' ? `the containment probe did not finish within ${PROBE_TIMEOUT_MS / 1000} s` : probe.error.message);
    else if (probe.status !== 0) probed = fallback(`unshare --pid failed: ${probe.stderr.trim().split('\n').pop() || `exit status ${probe.status}`}`);
    else probed = { kind: 'namespace', description: 'PID namespace + unprivileged uid + rlimits (CPU, memory, processes, file size)' };
  }
  return probed;
}

/** argv that runs `argv` contained, as `uid`, within `limits` (see the module comment). */
export function wrap(argv: readonly string[], limits: Limits, uid: number): string[] {
  const rlimits = [
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`, // soft: SIGXCPU (readable), hard one second later: SIGKILL
    `--nproc=${limits.processes}`,
    `--fsize=${limits.fileMiB * 1024 * 1024}`,
    '--core=0',
  ];
  if (limits.memoryMiB > 0) rlimits.push(`--as=${limits.memoryMiB * 1024 * 1024}`);
  return [
    'setpriv', '--pdeathsig', 'KILL', '--',
    'unshare', '--pid', '--fork', '--kill-child', '--mount-proc', '--',
    // The shell must stay the namespace's init (root, so the parent-death signal holds): `exit $?` after
    // the command keeps any shell from replacing itself with its last command. unset PWD: dash exports it.
    '/bin/sh', '-c', 'unset PWD; "$@"; exit $?', 'ipcbench-init',
    'prlimit', ...rlimits, '--',
    'setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--no-new-privs', '--',
    ...argv,
  ];
}
