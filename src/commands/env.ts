import type { Register } from './command';
import { captureEnvironment } from '../measure/environment';
import { allTransports } from '../transports';

/** `ipcbench env`: the machine facts every report records, and which transports run here. */
export interface EnvOptions {
  json?: boolean;
}

export function env(options: EnvOptions): number {
  const environment = captureEnvironment();
  const transports = allTransports().map((t) => ({ name: t.name, description: t.description, supported: t.supported() }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ env: environment, transports }, null, 2)}\n`);
    return 0;
  }
  for (const [key, value] of Object.entries(environment)) console.log(`${key.padEnd(15)} ${JSON.stringify(value)}`);
  console.log('\ntransports:');
  for (const t of transports) console.log(`  ${t.name.padEnd(13)} ${t.supported === true ? t.description : `unsupported: ${t.supported}`}`);
  return 0;
}

export const register: Register = (program, handle) => {
  program
    .command('env')
    .description('print the environment every report records, and which transports run here')
    .option('--json', 'as JSON')
    .action((options: EnvOptions) => handle('env', options, env));
};
