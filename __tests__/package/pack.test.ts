import { execFile } from 'node:child_process';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO, installScratch, packTarball, type Packed } from '../helpers/scratch-project';
import { readmeFiles } from '../helpers/readme';

/**
 * The package as a user gets it: `npm pack` once, installed offline into a project outside the repo, then
 * used there through its front doors only (require, import, TypeScript, npx, Jest). Needs `npm run build`.
 */
const exec = promisify(execFile);
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

let scratch: string;
let packed: Packed;

/** Runs a command in the scratch project; resolves with its output, rejects with it on a non-zero exit. */
async function inScratch(command: string, args: string[], timeoutMs = 60_000): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec(command, args, { cwd: scratch, timeout: timeoutMs, env: { ...process.env, CI: 'true' } });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** Writes the files a README section shows into the scratch project. */
function writeReadmeFiles(heading: string): Record<string, string> {
  const files = readmeFiles(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'), heading);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(scratch, name), text);
  return files;
}

const node = (code: string, ...flags: string[]) => inScratch(process.execPath, [...flags, '-e', code]);
// TypeScript and Jest of this repo, run on the scratch project: installing them there too would double the
// install time, and they resolve everything else (ipcbench, @types/node, jest-junit) from the scratch project.
const tsc = (...args: string[]) => inScratch(process.execPath, [require.resolve('typescript/bin/tsc'), ...args]);
const runJest = (...args: string[]) => inScratch(process.execPath, [require.resolve('jest/bin/jest'), ...args], 90_000);

beforeAll(() => {
  if (!fs.existsSync(path.join(REPO, 'dist', 'index.js'))) throw new Error('dist/ is missing: run npm run build first');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-pack-'));
  packed = packTarball(tmp);
  scratch = path.join(tmp, 'project');
  installScratch(scratch, packed.file, ['@types/node', 'jest-junit', 'ws']);
}, 120_000);

afterAll(() => {
  if (scratch) fs.rmSync(path.dirname(scratch), { recursive: true, force: true });
});

describe('the tarball', () => {
  test('ships the built entry points, their types, the schema, the chart script, LICENSE and the examples', () => {
    for (const file of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/jest/index.js', 'dist/jest/index.d.ts', 'dist/cli.js', 'dist/peer.js', 'schema/report.schema.json', 'scripts/vega-svg.mjs']) {
      expect(packed.files).toContain(file);
    }
  });

  test('ships no source maps, build info, sources, tests or fixtures', () => {
    const unwanted = packed.files.filter((f) => /\.map$|tsbuildinfo|^src\/|__tests__|\.test\.|fixtures/.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')));
    expect(unwanted).toEqual([]);
  });

  test('its type declarations import only Node built-ins, its own files and its dependencies', () => {
    const { dependencies = {} } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const foreign = packed.files
      .filter((f) => f.endsWith('.d.ts'))
      .flatMap((f) => [...fs.readFileSync(path.join(REPO, f), 'utf8').matchAll(/(?:from |import\()["']([^"']+)["']/g)].map((m) => `${f}: ${m[1]}`))
      .filter((use) => {
        const specifier = use.slice(use.indexOf(': ') + 2);
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
        return !(specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(name) || name in dependencies);
      });
    expect(foreign).toEqual([]);
  });

  test('npm pack and npm publish build from a clean dist (a removed module leaves no stale output in the tarball)', () => {
    // This spec packs the dist that `npm test` built (incrementally, so it may hold stale files in a
    // working copy); what users get is packed after prepack's clean build.
    const { scripts } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.prepack).toMatch(/rmSync\('dist'.*&& npm run build$/);
  });
});

describe('installed offline in a scratch project', () => {
  test('require() gives the curated API; deep imports are blocked by the exports map', async () => {
    const { stdout } = await node(`
      const api = require('ipcbench');
      const jest = require('ipcbench/jest');
      let deep;
      try { require('ipcbench/dist/runner'); deep = 'importable'; } catch (e) { deep = e.code; }
      console.log(JSON.stringify({ api: Object.keys(api).sort(), jest: Object.keys(jest).sort(), deep, version: require('ipcbench/package.json').version }));
    `);
    const seen = JSON.parse(stdout) as { api: string[]; jest: string[]; deep: string; version: string };
    expect(seen.api).toEqual(expect.arrayContaining(['run', 'compareReports', 'writeJsonReport', 'readJsonReport', 'reportMarkdown', 'writeHtmlReport', 'IpcBenchError', 'UsageError']));
    expect(seen.jest).toEqual(expect.arrayContaining(['measure', 'junitProperties']));
    expect(seen.api).not.toContain('DefinedTransport'); // a type only: defineTransport() is the way to make one
    expect(seen.deep).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
    expect(seen.version).toBe(VERSION);
  });

  test('ESM import finds the same named exports', async () => {
    const { stdout } = await node(
      `import { run, compareReports, IpcBenchError } from 'ipcbench';
       import { measure } from 'ipcbench/jest';
       console.log([run, compareReports, IpcBenchError, measure].map((f) => typeof f).join(','));`,
      '--input-type=module',
    );
    expect(stdout.trim()).toBe('function,function,function,function');
  });

  test('TypeScript (strict, nodenext) type-checks a CommonJS and an ES module using the API and ipcbench/jest', async () => {
    const use = `
      const report: Report = await run({ transports: ['tcp'], roundTrips: 100, repeats: 1 });
      const first: BenchResult = report.results[0];
      if (first.status === 'completed') first.roundTripsPerSec.median.toFixed(0);
      const gate: GateResult = compareReports(report, report);
      const markdown: string = reportMarkdown(report) + gateMarkdown(gate, 'a', 'b');
      const properties = junitProperties({ reports: ['bench.json'] })({ testFilePath: __filename });
      const again: Promise<Report> = measure({ transports: ['tcp'], name: markdown });
      if (new Error() instanceof IpcBenchError) properties['x'] = String(again);
      // @ts-expect-error roundTrips is a number
      void run({ transports: ['tcp'], roundTrips: '100' });
      const mine: DefinedTransport<{ port: number }> = defineTransport<{ port: number }>({
        name: 'mine',
        parent: async (context) => (context.startPeer({ port: 1 }), { send: () => undefined, close: () => undefined }),
        peer: async ({ port }) => ({ send: () => void port, close: () => undefined }),
      });
      void run({ transports: ['sab-hybrid', mine], spinBudgetMicros: [0, 10] });
      if (report.results.length < 0) describeTransportContract({ default: mine }, { parts: ['protocol'] });
      // @ts-expect-error DefinedTransport is a type: only defineTransport() makes one (it checks the definition)
      void new DefinedTransport(mine.definition, 'x.js');
      // @ts-expect-error the module a peer loads is read-only
      mine.module = 'elsewhere.js';
      // @ts-expect-error the fault hooks of open() are test hooks, not public
      void mine.open({ readyTimeoutMs: 1000 }, { neverReady: true });
      const shown: [Placement | undefined, WaitStrategy | undefined, PayloadMessage | undefined, Runtime | undefined, DriveResult['lastValue']] = [
        first.status === 'completed' ? first.affinity : undefined, first.status === 'completed' ? first.waitStrategy : undefined, first.message, report.env.runtime, 0,
      ];
      void shown;
      // skipLibCheck (as tsc --init sets it) would turn an unresolvable type into any: prove they are real.
      type IsAny<T> = 0 extends 1 & T ? true : false;
      const real: [IsAny<Report>, IsAny<BenchResult>, IsAny<GateResult>, IsAny<typeof measure>, IsAny<Parameters<typeof run>[0]>, IsAny<DefinedTransport>, IsAny<Placement>, IsAny<WaitStrategy>, IsAny<PayloadMessage>, IsAny<Runtime>, IsAny<DriveResult>, IsAny<Parameters<typeof describeTransportContract>[0]>] =
        [false, false, false, false, false, false, false, false, false, false, false, false];
      void real;
    `;
    const imports = `import { run, compareReports, reportMarkdown, gateMarkdown, IpcBenchError, defineTransport, type Report, type BenchResult, type GateResult,
        type DefinedTransport, type Placement, type WaitStrategy, type PayloadMessage, type Runtime, type DriveResult } from 'ipcbench';
      import { measure, junitProperties, describeTransportContract } from 'ipcbench/jest';`;
    fs.writeFileSync(path.join(scratch, 'use.cts'), `${imports}\nexport async function main(): Promise<void> {${use}}\n`);
    fs.writeFileSync(path.join(scratch, 'use.mts'), `${imports}\nconst __filename = import.meta.filename;\n${use}\n`);
    fs.writeFileSync(
      path.join(scratch, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: true, types: ['node'] }, files: ['use.cts', 'use.mts'] }),
    );
    await tsc('-p', '.');
  }, 60_000);

  test('npx ipcbench --version prints the version', async () => {
    const { stdout } = await inScratch('npx', ['--offline', 'ipcbench', '--version']);
    expect(stdout.trim()).toBe(VERSION);
  });

  test('the README\'s "Use it as a library" runs as written (an ES module with top-level await)', async () => {
    const files = writeReadmeFiles('Use it as a library');
    expect(Object.keys(files)).toEqual(['bench.mjs']);
    const { stdout } = await inScratch(process.execPath, ['bench.mjs']);
    expect(stdout).toMatch(/^tcp .*\n(.*\n)*unix /m);
    const { stdout: statuses } = await node(`console.log(require('ipcbench').readJsonReport('current.json').results.map((r) => r.status).join())`);
    expect(statuses.trim()).toBe('completed,completed');
  }, 60_000);

  // This is also the contract spec of examples/transports/ws.js (the README shows that file, see readme.test.ts).
  test('the README\'s "Benchmark your own transport" runs as written: the user\'s ws transport passes the contract and runs in npx ipcbench run -t', async () => {
    const files = writeReadmeFiles('Benchmark your own transport');
    expect(Object.keys(files).sort()).toEqual(['ws.js', 'ws.test.js']);
    await runJest('--ci', 'ws.test.js');
    await inScratch('npx', ['--offline', 'ipcbench', 'run', '-t', 'tcp,./ws.js', '-n', '200', '-w', '20', '-r', '1', '--payload', '0,1k', '--timeout', '20', '--quiet', '--json', 'own.json']);
    const report = JSON.parse(fs.readFileSync(path.join(scratch, 'own.json'), 'utf8')) as { results: Array<{ transport: string; payloadBytes: number; status: string }>; plugins: unknown };
    expect(report.results.map((r) => `${r.transport} ${r.payloadBytes} ${r.status}`)).toEqual(['tcp 0 completed', 'tcp 1024 completed', 'ws 0 completed', 'ws 1024 completed']);
    expect(report.plugins).toEqual([{ transport: 'ws', path: path.join(fs.realpathSync(scratch), 'ws.js'), package: { name: 'scratch', version: '(no version)' } }]);
  }, 120_000);

  test('the README\'s "Use it in your Jest suite" runs as written: figures measured in a spec land in junit.xml', async () => {
    const files = writeReadmeFiles('Use it in your Jest suite');
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['jest.config.js', 'junit-properties.js']));
    await runJest('--ci');
    const junit = fs.readFileSync(path.join(scratch, 'reports', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<property name="env\.cpuModel" value="[^"]+"/);
    expect(junit).toMatch(/<property name="[^"]*\.tcp\.0B\.roundTripsPerSec\.median" value="\d+"/);
  }, 120_000);
});
