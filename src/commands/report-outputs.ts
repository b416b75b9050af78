import { UsageError } from '../errors';
import { Outputs } from '../report/output';
import type { TrackerFormat } from '../report/trackers';

/** The report outputs `run` and `ab` both write: files ("-" = stdout), a tracker export, quiet. */
export interface ReportOutputOptions {
  json?: string;
  markdown?: string;
  html?: string;
  /** Tracker export format; needs `out`. */
  format?: TrackerFormat;
  out?: string;
  quiet?: boolean;
}

/** --format and --out name one output between them: one without the other is a usage error (exit 2). */
export function checkTrackerPair(options: ReportOutputOptions): void {
  if (Boolean(options.format) !== Boolean(options.out)) throw new UsageError('--format and --out go together: --format github-action-benchmark|bencher --out <file>');
}

/** The Outputs of a command that writes reports, from its flags. */
export function reportOutputs(options: ReportOutputOptions): Outputs {
  return new Outputs({ '--json': options.json, '--markdown': options.markdown, '--html': options.html, '--out': options.out }, options.quiet);
}
