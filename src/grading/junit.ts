import type { GradingResult } from './checklist';

/** Escapes text for XML content and attribute values; drops characters XML 1.0 cannot carry. */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** JUnit XML: one test case per check; the benchmark figures and the peer's settings as properties. */
export function toJUnit(result: GradingResult): string {
  const failures = result.checks.filter((c) => c.status === 'failed').length;
  const suite = `ipcbench peer (${result.peer.transport}, ${result.peer.role}, ${result.peer.wire} wire)`;
  const properties: Array<[string, string]> = [
    ['command', result.peer.command],
    ['transport', result.peer.transport],
    ['role', result.peer.role],
    ['wire', result.peer.wire],
    ['rounds', String(result.peer.rounds)],
    ['score', `${result.score}/${result.maxScore}`],
  ];
  if (result.figures) {
    properties.push(['bench.roundTripsPerSec', result.figures.roundTripsPerSec.toFixed(0)]);
    properties.push(['bench.roundTrips', String(result.figures.roundTrips)]);
    properties.push(['bench.meanLatencyMicros', result.figures.meanLatencyMicros.toFixed(1)]);
  }
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ipcbench grading" tests="${result.checks.length}" failures="${failures}" time="${result.seconds.toFixed(3)}">`,
    `  <testsuite name="${xmlEscape(suite)}" tests="${result.checks.length}" failures="${failures}" errors="0" skipped="0" time="${result.seconds.toFixed(3)}">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${xmlEscape(name)}" value="${xmlEscape(value)}"/>`),
    '    </properties>',
  ];
  for (const check of result.checks) {
    const open = `    <testcase classname="ipcbench.peer" name="${xmlEscape(check.name)}" time="0">`;
    if (check.status === 'passed') lines.push(open, `      <system-out>${xmlEscape(check.output)}</system-out>`, '    </testcase>');
    else lines.push(open, `      <failure message="${xmlEscape(check.output)}">${xmlEscape(check.output)}</failure>`, '    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
