// jest-junit calls this for every <testsuite> when it writes reports/junit.xml: the environment and
// the key figures of reports/bench.json become <properties>, so CI test views show what was measured where.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
let cache;

function properties() {
  if (cache) return cache;
  cache = {};
  try {
    const { captureEnvironment } = require(path.join(root, 'dist', 'measure', 'environment.js'));
    const env = captureEnvironment();
    for (const key of ['os', 'kernel', 'arch', 'cpuModel', 'cores', 'node', 'v8', 'affinity', 'loadAverage', 'timerCostNanos']) {
      cache[`env.${key}`] = Array.isArray(env[key]) ? env[key].join(',') : String(env[key]);
    }
  } catch (error) {
    cache['env.error'] = `environment not captured (run npm run build): ${error.message}`;
  }
  try {
    const report = JSON.parse(fs.readFileSync(path.join(root, 'reports', 'bench.json'), 'utf8'));
    cache['bench.startedAt'] = report.env.startedAt;
    cache['bench.config'] = `${report.config.roundTrips} round trips x ${report.config.repeats} repeats, ${report.config.warmup} warm-up`;
    for (const r of report.results) {
      const key = `bench.${r.transport}.${r.payloadBytes}B`;
      if (r.status === 'completed') {
        cache[`${key}.roundTripsPerSec.median`] = r.roundTripsPerSec.median.toFixed(0);
        cache[`${key}.roundTripsPerSec.ci95`] = r.roundTripsPerSec.ci95.map((v) => v.toFixed(0)).join('..');
        cache[`${key}.latencyMicros.p50`] = String(r.latencyMicros.p50);
        cache[`${key}.latencyMicros.p99`] = String(r.latencyMicros.p99);
      } else {
        cache[`${key}.status`] = r.status === 'errored' ? `errored: ${r.error.message}` : `skipped: ${r.reason}`;
      }
    }
  } catch {
    // no benchmark report in this run: environment only
  }
  try {
    // The payload sweep cells (binary wire), keyed like bench.json's but marked as such.
    const sweep = JSON.parse(fs.readFileSync(path.join(root, 'reports', 'bench-payload.json'), 'utf8'));
    for (const r of sweep.results) {
      const key = `bench.${r.transport}.binary.${r.payloadBytes}B`;
      if (r.status === 'completed') {
        cache[`${key}.roundTripsPerSec.median`] = r.roundTripsPerSec.median.toFixed(0);
        if (r.mbPerSec !== null) cache[`${key}.mbPerSec`] = r.mbPerSec.toFixed(2);
      } else cache[`${key}.status`] = r.status === 'errored' ? `errored: ${r.error.message}` : `skipped: ${r.reason}`;
    }
  } catch {
    // no payload sweep in this run
  }
  try {
    // The gate's own measured quality (npm run bench), when present: how far to trust compare's verdicts.
    const quality = JSON.parse(fs.readFileSync(path.join(root, 'reports', 'gate-quality.json'), 'utf8'));
    const { trials, falseAlarmRate, detectionRate } = quality.overall;
    cache['gate.quality'] = `${quality.mode}: ${trials} trials; false alarms ${(falseAlarmRate * 100).toFixed(1)}%, detection of ${quality.injectedSlowdown * 100}% slowdown ${(detectionRate * 100).toFixed(1)}%`;
  } catch {
    // the gate-quality spec has not run in full here
  }
  return cache;
}

module.exports = () => properties();
