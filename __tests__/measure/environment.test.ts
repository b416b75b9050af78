import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { captureEnvironment, parseCpuList, cpuAffinity } from '../../src/measure/environment';
import { measureTimerCostNanos } from '../../src/measure/clock';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const canPin = process.platform === 'linux' && os.cpus().length >= 2 && spawnSync('taskset', ['-c', '1', 'true']).status === 0; // the CPU the spec pins to

describe('environment', () => {
  it('parses Linux CPU lists', () => {
    expect(parseCpuList('0-3,6')).toEqual([0, 1, 2, 3, 6]);
    expect(parseCpuList('1\n')).toEqual([1]);
  });

  it('records OS, kernel, CPU, cores, Node/V8, affinity, load and timer cost', () => {
    const env = captureEnvironment();
    expect(env.os.length).toBeGreaterThan(0);
    expect(env.kernel.length).toBeGreaterThan(0);
    expect(env.cpuModel.length).toBeGreaterThan(0);
    expect(env.cores).toBeGreaterThanOrEqual(1);
    expect(env.node).toBe(process.version);
    expect(env.v8).toBe(process.versions.v8);
    expect(env.loadAverage).toHaveLength(3);
    expect(typeof env.exposeGc).toBe('boolean');
    expect(Number.isNaN(Date.parse(env.startedAt))).toBe(false);
    expect(env.timerCostNanos).toBeGreaterThan(0);
    if (process.platform === 'linux') expect(env.affinity?.length).toBeGreaterThanOrEqual(1);
  });

  it('reads the affinity of this process on Linux, null elsewhere or for a missing pid', () => {
    if (process.platform === 'linux') expect(cpuAffinity()).toEqual(expect.arrayContaining([expect.any(Number)]));
    expect(cpuAffinity(2 ** 30)).toBeNull();
  });

  (canPin ? it : it.skip)('cores are the machine\'s logical CPUs even when the process may use one (taskset, --pin): the affinity says that', () => {
    const pinned = spawnSync('taskset', ['-c', '1', process.execPath, CLI, 'env', '--json'], { encoding: 'utf8' });
    expect(pinned.status).toBe(0);
    const { env } = JSON.parse(pinned.stdout) as { env: { cores: number; affinity: number[] } };
    expect(env).toMatchObject({ cores: os.cpus().length, affinity: [1] });
  });

  it('measures a positive timer cost', () => {
    expect(measureTimerCostNanos(10_000)).toBeGreaterThan(0);
  });
});
