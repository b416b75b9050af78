import { Command, Option } from 'commander';
import { wholeNumber, seconds } from './options';
import { addContainmentOptions, ENVIRONMENT_HELP } from './grading-options';
import { peer, DEFAULT_ROUNDS, type PeerCommandOptions } from './peer';

/** Registers `ipcbench peer` (kept out of cli.ts so the command's flags live beside its code). */
export function addPeerCommand(cli: Command): void {
  const command = cli
    .command('peer')
    .description('check, grade and measure an external program that speaks the increment protocol')
    .requiredOption('--cmd <command line>', 'the program to run; split like a shell would, but run WITHOUT a shell; {host} {port} {token} {rounds} {wire} are substituted')
    .addOption(new Option('--transport <name>', 'how to talk to it').choices(['tcp', 'stdio']).default('tcp'))
    .addOption(new Option('--role <role>', 'responder: it answers x+1 (a lab client); driver: it sends 1, increments, 0 (a lab server)').choices(['responder', 'driver']).default('responder'))
    .addOption(new Option('--wire <wire>', 'line: decimal + newline; raw: decimal, no delimiter, one message per read (loopback grading only)').choices(['line', 'raw']).default('line'))
    .option('--rounds <n>', `round trips to check and time (default ${DEFAULT_ROUNDS}; as driver, also the exact count required)`, wholeNumber(1, 100_000_000))
    .option('--timeout <s>', 'seconds allowed for each step (start, each reply, exit)', seconds, 5000)
    .option('--require-token', 'tcp responder: the program must send $IPCBENCH_TOKEN as its first line; other connections are dropped (shared hosts; lab clients know nothing of tokens)')
    .option('--min-rate <n>', 'also require at least n round trips/s', wholeNumber(1))
    .option('--grading <file>', 'write Gradescope results.json here, and JUnit XML beside it (<name>.junit.xml)')
    .option('--junit <file>', 'write the JUnit XML here instead')
    .option('-q, --quiet', 'print nothing but errors');
  addContainmentOptions(command)
    .addHelpText(
      'after',
      `
The program learns where to connect from placeholders in --cmd and from its environment:
IPCBENCH_HOST, IPCBENCH_PORT, IPCBENCH_ROUNDS, IPCBENCH_WIRE, and with --require-token IPCBENCH_TOKEN.
Exit status 0 when every check passes, 1 when one fails, 2 for bad usage.
${ENVIRONMENT_HELP}

Examples:
  $ ipcbench peer --cmd "python3 examples/peers/client.py --port {port}" --grading out/results.json
  $ ipcbench peer --cmd "./client 127.0.0.1 {port}" --max-seconds 30 --env DEBUG=0
  $ ipcbench peer --cmd "python3 examples/peers/server.py --port {port} --wire raw" --role driver --wire raw
  $ ipcbench peer --cmd "./lab_client" --transport stdio`,
    )
    .action(async (options: PeerCommandOptions) => {
      process.exitCode = await peer(options);
    });
}
