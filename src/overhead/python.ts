import { execFile, execFileSync } from 'node:child_process';
import * as path from 'node:path';

/** The Python reference ping-pong shipped with the package (same protocol, blocking sockets). */
export const PYTHON_SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'python', 'tcp_pingpong.py');

/** The python3 command if it runs here, else the reason it does not. */
export function findPython(): { command: string } | { reason: string } {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore', timeout: 5000 });
    return { command: 'python3' };
  } catch {
    return { reason: 'python3 not found on PATH' };
  }
}

/** One run of the Python ping-pong; resolves with its round trips per second. */
export function pythonTcpRate(command: string, roundTrips: number, warmup: number, timeoutMs = 120_000): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(command, [PYTHON_SCRIPT, String(roundTrips), String(warmup)], { timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`python ping-pong failed: ${stderr.trim() || error.message}`));
      try {
        const rate = (JSON.parse(stdout) as { roundTripsPerSec: number }).roundTripsPerSec;
        if (!(rate > 0)) throw new Error(`no rate in ${stdout}`);
        resolve(rate);
      } catch (parseError) {
        reject(new Error(`python ping-pong printed something unexpected: ${(parseError as Error).message}`));
      }
    });
  });
}
