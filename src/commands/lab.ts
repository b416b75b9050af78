import type { Register } from './command';
import { wholeNumber } from './options';
import { runPlan } from '../runner';
import { getTransport } from '../transports';
import { resolveConfig, LIMITS } from '../config';
import { captureEnvironment } from '../measure/environment';
import { resultTable, formatNumber } from '../report/console';

/** The lab's names for its two channels. */
const LAB_NAMES: Record<string, string> = { ipc: 'High Level', tcp: 'Low Level' };

export interface LabOptions {
  roundTrips: number;
  repeats: number;
}

/**
 * What the classic lab's main did, done right: High Level (fork IPC with a ready event) and Low Level
 * (TCP) alternately, a fresh peer each time, wall-clock round trips/s, and the lab's CPU-time figure
 * only beside the true one. Returns the exit code.
 */
export async function lab(options: LabOptions, out: (line: string) => void = console.log): Promise<number> {
  const env = captureEnvironment();
  out(`OS: ${env.os} (${env.platform} ${env.kernel})`);
  out(`Num of cores: ${env.cores}`);
  const config = resolveConfig({ roundTrips: options.roundTrips, warmup: 1000, repeats: options.repeats });
  const results = await runPlan(['ipc', 'tcp'].map(getTransport), config, {
    events: { repeatDone: (transport, repeat, _of, sample) => out(`${LAB_NAMES[transport]} ${repeat}: ${formatNumber(sample.roundTripsPerSec)}`) },
  });
  out('');
  out(`${formatNumber(config.roundTrips)} round trips per run after ${formatNumber(config.warmup)} warm-up; figures in round trips per second.`);
  out(resultTable(results));
  const failed = results.filter((r) => r.status === 'errored');
  for (const r of failed) if (r.status === 'errored') console.error(`ipcbench: ${r.error.message}`);
  return failed.length > 0 ? 1 : 0;
}

export const register: Register = (program, handle) => {
  program
    .command('lab')
    .description('the classic lab done right: High Level (fork IPC) vs Low Level (TCP), alternately, 3 times each')
    .option('--round-trips <n>', 'measured round trips per run', wholeNumber(...LIMITS.roundTrips), 10_000)
    .option('--repeats <n>', 'runs of each transport (fresh peer each)', wholeNumber(1, 100), 3)
    .action((options: LabOptions) => handle('lab', options, lab));
};
