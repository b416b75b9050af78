// jest-junit calls this for every <testsuite> when it writes reports/junit.xml. It is the function ipcbench
// ships in ipcbench/jest (this package, by self-reference: needs npm run build): the environment, the key
// figures of reports/bench.json and the payload sweep, and whatever a spec measured with measure().
// This repo adds one thing of its own: the gate's measured quality after npm run bench.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const reports = ['bench.json', 'bench-payload.json'].map((name) => path.join('reports', name));

let shipped;
try {
  shipped = require('ipcbench/jest').junitProperties({ reports });
} catch (error) {
  shipped = () => ({ 'env.error': `ipcbench/jest not loadable (run npm run build): ${error.message}` });
}

function gateQuality() {
  try {
    const quality = JSON.parse(fs.readFileSync(path.join(root, 'reports', 'gate-quality.json'), 'utf8'));
    const { trials, falseAlarmRate, detectionRate } = quality.overall;
    return { 'gate.quality': `${quality.mode}: ${trials} trials; false alarms ${(falseAlarmRate * 100).toFixed(1)}%, detection of ${quality.injectedSlowdown * 100}% slowdown ${(detectionRate * 100).toFixed(1)}%` };
  } catch {
    return {}; // the gate-quality spec has not run in full here
  }
}

module.exports = (suite) => ({ ...shipped(suite), ...gateQuality() });
