import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newAjv } from '../../src/report/ajv';
import { SCHEMA_DIR, generatedValidator, schemaProblems } from '../../src/report/validate';
import { completed, fixtureReport } from '../helpers/report-fixture';

/**
 * The build's standalone validators (scripts/build-validators.js → dist/validators/, needs `npm run build`)
 * against the schema files as they are now and against Ajv compiling them at run time.
 */
const SCHEMAS = fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json')).sort();
const problemsOf = (validate: ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null }, data: unknown) =>
  validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);

describe('generated schema validators', () => {
  test('the build generated one for every shipped schema, from its current text', () => {
    expect(SCHEMAS).toEqual(['ab.schema.json', 'comparison.schema.json', 'grading.schema.json', 'report.schema.json']);
    const missing = SCHEMAS.filter((name) => !generatedValidator(path.join(SCHEMA_DIR, name), fs.readFileSync(path.join(SCHEMA_DIR, name), 'utf8')));
    expect(missing).toEqual([]);
  });

  const report = JSON.parse(JSON.stringify(fixtureReport([completed('tcp', [10_000, 11_000, 12_000])])));
  const broken = JSON.parse(JSON.stringify(report));
  broken.env.startedAt = 'yesterday';
  broken.results[0].roundTripsPerSec.median = -1;
  broken.results[0].status = 'x';
  const instances: Array<[string, unknown]> = [
    ['report.schema.json', report],
    ['report.schema.json', broken],
    ...SCHEMAS.flatMap((name): Array<[string, unknown]> => [[name, {}], [name, { kind: 5, schemaVersion: 'a', x: [1] }], [name, []], [name, null]]),
  ];

  test('report every problem exactly as Ajv compiling the schema at run time does', () => {
    const seen = instances.map(([name, data]) => schemaProblems(path.join(SCHEMA_DIR, name), data));
    const ajv = newAjv();
    const compiled = new Map(SCHEMAS.map((name) => [name, ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, name), 'utf8')))]));
    expect(seen).toEqual(instances.map(([name, data]) => problemsOf(compiled.get(name)!, data)));
    expect(seen[0]).toEqual([]);
    expect(seen[1]).toEqual(expect.arrayContaining(['/env/startedAt must match format "date-time"', '/results/0/roundTripsPerSec/median must be >= 0', '/results/0 must match exactly one schema in oneOf']));
  });

  test('a schema changed since the build is compiled at run time, never checked by the old code', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-schema-'));
    try {
      const file = path.join(dir, 'report.schema.json'); // the name of a generated one, other text
      const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, 'report.schema.json'), 'utf8'));
      schema.properties.results.minItems = 2;
      fs.writeFileSync(file, JSON.stringify(schema));
      expect(generatedValidator(file, fs.readFileSync(file, 'utf8'))).toBeUndefined();
      expect(schemaProblems(file, report)).toEqual(['/results must NOT have fewer than 2 items']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
