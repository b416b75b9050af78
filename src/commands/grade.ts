import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Register } from './command';
import { wholeNumber } from './options';
import { addContainmentOptions, checkContainment, limitsFrom, ENVIRONMENT_HELP, type ContainmentFlags } from './grading-options';
import { InputError } from '../errors';
import { writeFileAtomic } from '../report/json';
import { loadGradingConfig, type GradingConfig } from '../grading/config';
import { gradeClass, submissionFolders, type StudentResult } from '../grading/class-run';
import { containment } from '../external/sandbox';
import { toGradescope } from '../grading/gradescope';
import { toJUnit } from '../grading/junit';
import { summarize, summaryCsv, summaryMarkdown, oneLine } from '../grading/summary';
import { summaryHtml } from '../grading/summary-html';

export interface GradeCommandOptions extends ContainmentFlags {
  submissions: string;
  config: string;
  /** Folder for per-student results and the class summary. */
  out: string;
  jobs: number;
  quiet?: boolean;
}

/**
 * Half the CPUs (at least 1): each grading is a ping-pong pair, ipcbench's side and the program, and
 * both want a CPU while the rate is measured. More jobs grade faster and measure slower.
 */
export const DEFAULT_JOBS = Math.max(1, Math.floor(os.availableParallelism() / 2));

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The folder a student's files go to: their submission folder's name, made safe as one path segment. */
function studentDir(out: string, student: string): string {
  return path.join(out, student.replace(/[^\w.@-]/g, '_'));
}

/** The config, with command-line flags over it. */
function withFlags(config: GradingConfig, flags: ContainmentFlags): GradingConfig {
  return { ...config, maxSeconds: flags.maxSeconds ?? config.maxSeconds, env: { ...config.env, ...flags.env }, limits: limitsFrom(flags, config.limits) };
}

/**
 * `ipcbench grade <submissions> --config grading.json`: grades every submission folder, `jobs` at a
 * time, writes each student's Gradescope results.json and JUnit XML, then the class summary (CSV,
 * Markdown, HTML). Exit 0 once everything is written, whatever the students scored.
 */
export async function grade(options: GradeCommandOptions, out: (line: string) => void = console.log): Promise<number> {
  const say = (line: string): void => {
    if (!options.quiet) out(line);
  };
  const config = withFlags(loadGradingConfig(options.config), options);
  checkContainment(options, config.containedLimits);
  if (!fs.existsSync(options.submissions) || !fs.statSync(options.submissions).isDirectory()) {
    throw new InputError(`${options.submissions}: not a folder of submissions (one folder per student)`);
  }
  try {
    fs.mkdirSync(options.out, { recursive: true }); // before grading: a bad --out must not cost a class run
    fs.accessSync(options.out, fs.constants.W_OK);
  } catch (error) {
    throw new InputError(`--out ${options.out}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
  const total = submissionFolders(options.submissions).length;
  if (total === 0) throw new InputError(`${options.submissions}: no submission folders in it (one folder per student)`);
  say(`ipcbench grade: ${plural(total, 'submission')}, ${options.jobs} at a time; ${config.role} over ${config.transport}, ${config.wire} wire; ${containment().description}`);
  const startedAt = new Date().toISOString();
  const started = process.hrtime.bigint();
  const results = await gradeClass(options.submissions, config, options.jobs, ({ student, result }, done) => {
    const rate = result.figures ? `, ${Math.round(result.figures.roundTripsPerSec)} round trips/s${result.figures.partial ? ' so far' : ''}` : '';
    const failure = result.checks.find((c) => c.status === 'failed');
    say(`[${done}/${total}] ${student}: ${result.score}/${result.maxScore}${rate}${failure ? ` — ${failure.name}: ${oneLine(failure.output, 140)}` : ''}`);
    const dir = studentDir(options.out, student);
    writeFileAtomic(path.join(dir, 'results.json'), `${JSON.stringify(toGradescope(result), null, 2)}\n`);
    writeFileAtomic(path.join(dir, 'junit.xml'), toJUnit(result));
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  writeSummary(options.out, results, summarize(results, { jobs: options.jobs, wallSeconds, containment: containment().description, startedAt }));
  say(`graded ${plural(results.length, 'submission')} in ${wallSeconds.toFixed(1)} s; wrote ${options.out}/<student>/{results.json,junit.xml} and ${options.out}/summary.{csv,md,html}`);
  return 0;
}

function writeSummary(out: string, results: StudentResult[], summary: ReturnType<typeof summarize>): void {
  writeFileAtomic(path.join(out, 'summary.csv'), summaryCsv(results));
  writeFileAtomic(path.join(out, 'summary.md'), summaryMarkdown(summary, results));
  writeFileAtomic(path.join(out, 'summary.html'), summaryHtml(summary, results));
}

type GradeFlags = Omit<GradeCommandOptions, 'submissions'>;

export const register: Register = (program, handle) => {
  const command = program
    .command('grade')
    .description('grade a whole class: every submission folder, N at a time, Gradescope + JUnit per student, a class summary')
    .argument('<submissions>', 'folder with one folder per student (its name is the student’s)')
    .requiredOption('--config <file>', 'grading.json: role, transport, wire, commands per language, rounds, points, limits (schema/grading.schema.json)')
    .option('--out <dir>', 'where results go: <dir>/<student>/results.json + junit.xml, <dir>/summary.{csv,md,html}', 'grading-results')
    .option('--jobs <n>', `submissions graded at once (default ${DEFAULT_JOBS}: half the CPUs; concurrent runs share CPUs, which lowers their rates)`, wholeNumber(1, 64), DEFAULT_JOBS)
    .option('-q, --quiet', 'print nothing but errors');
  addContainmentOptions(command, 'hide')
    .addHelpText(
      'after',
      `
Each submission is copied into its own scratch folder, built there if the config says how ("build"),
and graded like \`ipcbench peer\`. The limits and --max-seconds given here override the config's.
${ENVIRONMENT_HELP}

Example grading.json (a lab client in Python or C):
  { "role": "responder", "transport": "tcp", "wire": "line", "rounds": 1000,
    "commands": [ { "when": "client.py", "run": "python3 client.py {host} {port}" },
                  { "when": "client.c", "build": "gcc -O2 -o client client.c", "run": "./client {host} {port}" } ],
    "points": { "increments": 3 } }

Examples:
  $ ipcbench grade submissions/ --config grading.json --out results/
  $ ipcbench grade submissions/ --config grading.json --jobs 1 --max-seconds 30

Exit codes: 0 every submission graded and the summary written (whatever the scores), 2 bad config or folder.`,
    )
    .action((submissions: string, flags: GradeFlags) => handle('grade', { ...flags, submissions } satisfies GradeCommandOptions, (o) => grade(o)));
};
