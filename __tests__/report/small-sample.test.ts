import { resultTable } from '../../src/report/console';
import { reportMarkdown } from '../../src/report/markdown';
import { reportHtml } from '../../src/report/html';
import { reportJson } from '../../src/report/json';
import { completed, fixtureReport } from '../helpers/report-fixture';

/** Item 5 of issue 11: with too few repeats every output says so instead of printing a meaningless interval. */
describe('too few repeats for an interval', () => {
  const report = fixtureReport([completed('ipc', [14000, 60000]), completed('tcp', [20000, 21000, 19000])]);

  it('console, Markdown and HTML print "too few repeats" for 2 repeats and a positive interval for 3', () => {
    for (const text of [resultTable(report.results), reportMarkdown(report), reportHtml(report, [], [])]) {
      expect(text).toContain('too few repeats');
      expect(text).not.toMatch(/-\d[\d,]*–/); // no negative lower bound anywhere
      expect(text).toContain("17,647–22,629");
    }
  });

  it('JSON has ci95 null and the reason, and still validates', () => {
    const json = JSON.parse(reportJson(report)) as { results: Array<{ roundTripsPerSec: { ci95: unknown; ci95Reason?: string } }> };
    expect(json.results[0].roundTripsPerSec.ci95).toBeNull();
    expect(json.results[0].roundTripsPerSec.ci95Reason).toBe('too few repeats: 2, an interval needs at least 3');
    expect(json.results[1].roundTripsPerSec.ci95).toEqual([expect.any(Number), expect.any(Number)]);
  });
});
