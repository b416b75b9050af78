import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkContainment } from '../../src/commands/grading-options';
import { UsageError } from '../../src/errors';
import { startCli } from '../helpers/cli';
import type { Containment } from '../../src/external/sandbox';

const uncontained: Containment = { kind: 'process-group', reason: 'not root: PID namespaces and a separate uid need root', description: 'process group only' };
const contained: Containment = { kind: 'namespace', description: 'PID namespace + unprivileged uid + rlimits' };

describe('grading where programs cannot be contained (not root, no util-linux)', () => {
  const check = (flags: Parameters<typeof checkContainment>[0], given: string[] = [], how: Containment = uncontained): string[] => {
    const lines: string[] = [];
    checkContainment(flags, given, how, (line) => lines.push(line));
    return lines;
  };

  test('says so in one stderr line naming what is not enforced', () => {
    expect(check({ outputKib: 10, maxSeconds: 5 })).toEqual([
      'ipcbench: warning: programs run uncontained (not root: PID namespaces and a separate uid need root): CPU, memory, process and file-size limits are not enforced and a child that calls setsid() can outlive grading',
    ]);
  });

  test('limits the user asked for that cannot be enforced are a usage error naming them and the way out', () => {
    expect(() => check({ cpuSeconds: 5, processes: 8 })).toThrow(UsageError);
    expect(() => check({ cpuSeconds: 5, processes: 8 })).toThrow(
      '--cpu-seconds, --processes: cannot be enforced here (not root: PID namespaces and a separate uid need root); run as root on Linux with util-linux, or add --allow-uncontained to grade without them',
    );
    expect(() => check({}, ['"limits.memoryMiB" in grading.json'])).toThrow(/^"limits.memoryMiB" in grading.json: cannot be enforced here .* without it$/);
  });

  test('--allow-uncontained grades anyway, and the warning says which limits are ignored', () => {
    expect(check({ memoryMib: 0, allowUncontained: true })).toEqual([expect.stringMatching(/^ipcbench: warning: programs run uncontained \(.*\): --memory-mib ignored; CPU, memory/)]);
  });

  test('contained: nothing to say', () => {
    expect(check({ cpuSeconds: 5 }, [], contained)).toEqual([]);
  });

  // As an unprivileged user for real (the CLI probes containment itself); needs root to switch users.
  const asNobody = process.getuid?.() === 0 ? test : test.skip;
  asNobody('ipcbench peer as an unprivileged user: exit 2 for --cpu-seconds; with --allow-uncontained it grades, warns once and records the containment', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-uncontained-'));
    fs.chmodSync(dir, 0o777);
    const nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'];
    const client = `node ${path.join(__dirname, '..', 'fixtures', 'lab', 'node', 'client.js')} {host} {port}`;
    try {
      const refused = await startCli(['peer', '--cmd', client, '--cpu-seconds', '5'], nobody, dir).done;
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^ipcbench: --cpu-seconds: cannot be enforced here \(not root: .*\); run as root .* --allow-uncontained to grade without it\n$/);
      const results = path.join(dir, 'results.json');
      const graded = await startCli(['peer', '--cmd', client, '--rounds', '50', '--cpu-seconds', '5', '--allow-uncontained', '--grading', results], nobody, dir).done;
      expect(graded.stderr).toMatch(/^ipcbench: warning: programs run uncontained \(not root: .*\): --cpu-seconds ignored; CPU, memory, process and file-size limits are not enforced/);
      expect(graded.stderr.trim().split('\n')).toHaveLength(1);
      expect(graded.code).toBe(0);
      const written = JSON.parse(fs.readFileSync(results, 'utf8')) as { extra_data: { containment: string } };
      expect(written.extra_data.containment).toMatch(/^process group only \(not root: .*\): the program runs as the grader's user, without CPU, memory, process or file-size limits/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
