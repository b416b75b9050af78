import { reportMarkdown, gateMarkdown, markdownTable } from '../../src/report/markdown';
import { compareReports } from '../../src/gate';
import { completed, errored, fixtureReport, scaled } from '../helpers/report-fixture';

const ipc = completed('ipc', [14000, 14300, 13900, 14100, 14200]);
const tcp64k = completed('tcp', [900, 950, 920], 65536);

describe('markdownTable()', () => {
  it('draws a GFM table and escapes pipes and newlines inside cells', () => {
    expect(markdownTable(['a', 'b'], [['x|y', 'line\nbreak']])).toBe('| a | b |\n| :-- | --: |\n| x\\|y | line break |');
  });
});

describe('reportMarkdown()', () => {
  const md = reportMarkdown(fixtureReport([ipc, tcp64k, errored('udp', 'udp: handshake: expected 2, got 3')]));

  it('has the environment, the configuration and one row per transport × payload', () => {
    expect(md).toContain('Linux test, kernel 6.1.0, Test CPU @ 2.0GHz, 2 cores, Node v20.20.0');
    expect(md).toContain('10,000 measured round trips × 5 repeats');
    const rows = md.split('\n').filter((line) => /^\| (ipc|tcp|udp) \|/.test(line));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^\| ipc \| 0 B \| 14,100 \| [\d,]+–[\d,]+ \| [\d.]+% \|.*\| – \|$/);
    expect(rows[1]).toMatch(/^\| tcp \| 64 KiB \| 920 \|.*\| 60\.29 \|$/); // 920 × 65536 B / 1e6
  });

  it('says which wire was used: classic, or binary frames with the payload sizes', () => {
    expect(md).toContain('warm-up; classic wire (bare counter, no payload).');
    const sweep = fixtureReport([{ ...tcp64k, framing: 'binary' }]);
    sweep.config.payloadBytes = [0, 65536];
    expect(reportMarkdown(sweep)).toContain('warm-up; binary wire, payloads 0 B, 64 KiB.');
  });

  it('shows errored results with their message and says they errored', () => {
    expect(md).toContain('| udp | 0 B | ERROR | udp: handshake: expected 2, got 3 |');
    expect(md).toContain('**1 result(s) errored**');
  });
});

describe('gateMarkdown()', () => {
  it('headlines the outcome and tabulates ratio, CI, p and verdict', () => {
    const gate = compareReports(fixtureReport([ipc, tcp64k]), fixtureReport([scaled(ipc, 0.7), tcp64k]));
    const md = gateMarkdown(gate, 'base.json', 'cur.json');
    expect(md).toMatch(/^## ipcbench compare: ❌ 1 regression\(s\)/);
    expect(md).toContain('| benchmark | baseline rt/s | current rt/s | ratio | 90% CI of ratio | p (slower) | verdict | why |');
    expect(md).toMatch(/\| ipc · 0 B \| 14,100 \| 9,870 \| 0\.700 \| 0\.\d+–0\.\d+ \| [\d.e-]+ \| REGRESSION \| slower by 30\.0%/);
    const same = gateMarkdown(compareReports(fixtureReport([ipc]), fixtureReport([ipc])), 'a', 'b');
    expect(same).toMatch(/^## ipcbench compare: ✅ no regression/);
  });
});
