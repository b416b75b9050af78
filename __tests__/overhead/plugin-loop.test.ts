import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadRawLoop } from '../../src/overhead/plugin-loop';
import { measureOverhead } from '../../src/overhead/overhead';
import { resolveTransportList } from '../../src/contract/transport-list';
import { resolveConfig } from '../../src/config';
import { InputError } from '../../src/errors';
import { lingeringChildren } from '../helpers/processes';

const ROOT = path.join(__dirname, '..', '..');
const WS_LOOP = path.join(ROOT, 'examples', 'overhead', 'ws-raw-loop.js');

describe('a plug-in held to its hand-written loop (overhead --plugin --raw-loop)', () => {
  let tmp: string;
  beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-raw-loop-'))));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  afterEach(async () => expect(await lingeringChildren()).toEqual([]));

  test('a module that is missing, exports no rawLoop, or measures nothing is refused by name', async () => {
    await expect(loadRawLoop('./nope.js', tmp)).rejects.toThrow(InputError);
    await expect(loadRawLoop('./nope.js', tmp)).rejects.toThrow(`--raw-loop ./nope.js: no such file (${path.join(tmp, 'nope.js')})`);
    fs.writeFileSync(path.join(tmp, 'none.js'), 'module.exports = { loop() {} };');
    await expect(loadRawLoop('./none.js', tmp)).rejects.toThrow('--raw-loop ./none.js: the module exports no rawLoop(roundTrips, warmup) function');
    fs.writeFileSync(path.join(tmp, 'zero.js'), 'module.exports = { rawLoop: async () => 0 };');
    const zero = await loadRawLoop('./zero.js', tmp);
    await expect(zero(10, 1)).rejects.toThrow('--raw-loop ./zero.js: rawLoop resolved with 0, not round trips per second');
  });

  test('the ws example: its raw loop and the harness on the ws plug-in are measured interleaved, ratio per round', async () => {
    const loop = await loadRawLoop(path.relative(process.cwd(), WS_LOOP));
    const { transports } = await resolveTransportList(['./examples/transports/ws.js'], ROOT);
    expect(transports.map((t) => t.name)).toEqual(['ws']);
    const measured: string[] = [];
    const result = await measureOverhead(resolveConfig({ roundTrips: 200, warmup: 20 }), 2, ['ws'], { measured: (what, round) => measured.push(`${round} ${what}`) }, false, { ws: loop });
    expect(measured).toEqual(['1 ws raw', '1 ws harness', '2 ws harness', '2 ws raw']);
    expect(result.rows[0].ratio).toBeGreaterThan(0);
  }, 60_000);
});
