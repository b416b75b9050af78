import { writeFileAtomic } from '../report/json';
import { reportMarkdown } from '../report/markdown';
import { writeHtmlReport } from '../report/html';
import { trackerExport, type TrackerFormat } from '../report/trackers';
import type { Report } from '../types';

export interface OutputOptions {
  markdown?: string;
  html?: string;
  /** Tracker export format; needs `out`. */
  format?: TrackerFormat;
  out?: string;
}

/** Writes the optional report files of `run`, all from the same validated report. */
export function writeOutputs(report: Report, options: OutputOptions, say: (line: string) => void): void {
  if (options.markdown) {
    writeFileAtomic(options.markdown, reportMarkdown(report));
    say(`wrote ${options.markdown}`);
  }
  if (options.html) {
    writeHtmlReport(options.html, report);
    say(`wrote ${options.html}`);
  }
  if (options.format && options.out) {
    writeFileAtomic(options.out, trackerExport(options.format, report));
    say(`wrote ${options.out} (${options.format})`);
  }
}
