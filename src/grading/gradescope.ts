import type { GradingResult } from './checklist';

/** The shape Gradescope's autograder reads from results.json (only the fields we fill). */
export interface GradescopeResults {
  score: number;
  max_score: number;
  execution_time: number;
  output: string;
  tests: Array<{ name: string; score: number; max_score: number; status: 'passed' | 'failed'; output: string }>;
  extra_data: { tool: 'ipcbench'; peer: GradingResult['peer']; benchmark: GradingResult['figures']; containment: string };
}

export function toGradescope(result: GradingResult): GradescopeResults {
  return {
    score: result.score,
    max_score: result.maxScore,
    execution_time: Math.round(result.seconds * 1000) / 1000,
    output: [`${result.score}/${result.maxScore} checks passed`, figuresLine(result)].join('\n'),
    tests: result.checks.map((c) => ({ name: c.name, score: c.score, max_score: c.maxScore, status: c.status, output: c.output })),
    extra_data: { tool: 'ipcbench', peer: result.peer, benchmark: result.figures, containment: result.containment },
  };
}

/** One line with the benchmark figures, or why there are none. */
export function figuresLine(result: GradingResult): string {
  const f = result.figures;
  if (!f) return 'benchmark: no figures (the round trips did not complete)';
  return `benchmark: ${Math.round(f.roundTripsPerSec)} round trips/s over ${f.roundTrips} round trips (${f.seconds.toFixed(3)} s, mean ${f.meanLatencyMicros.toFixed(1)} µs per round trip, timed by ipcbench)`;
}
