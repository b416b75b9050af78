import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { VegaLiteSpec } from './charts';

/** The ESM renderer; the same relative path from src/report (ts-jest) and dist/report (built). */
export const RENDERER = path.join(__dirname, '..', '..', 'scripts', 'vega-svg.mjs');

/**
 * Vega-Lite specs → SVG documents, via `node scripts/vega-svg.mjs` (vega is ESM-only; see that file).
 * Synchronous so report writers stay simple; one child for all charts of a report.
 */
export function renderSvgs(specs: readonly VegaLiteSpec[]): string[] {
  if (specs.length === 0) return [];
  const child = spawnSync(process.execPath, [RENDERER], { input: JSON.stringify(specs), encoding: 'utf8', maxBuffer: 64 << 20, timeout: 60_000 });
  if (child.error) throw new Error(`chart rendering failed to start: ${child.error.message}`);
  if (child.status !== 0) throw new Error(`chart rendering failed (exit ${child.status ?? child.signal}): ${child.stderr.trim().slice(-500)}`);
  const svgs: unknown = JSON.parse(child.stdout);
  if (!Array.isArray(svgs) || svgs.length !== specs.length || !svgs.every((s) => typeof s === 'string' && s.startsWith('<svg'))) {
    throw new Error('chart rendering returned something other than one SVG per chart');
  }
  return svgs as string[];
}
