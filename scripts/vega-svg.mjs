// Renders Vega-Lite specs to SVG strings, offline: reads a JSON array of specs on stdin, prints a JSON
// array of SVG documents on stdout. A separate ES module run as a child process because vega and
// vega-lite are ESM-only, and the rest of ipcbench is CommonJS (require() of them fails, and so does
// import() under Jest's CommonJS runtime); the child costs ~0.5 s once per report.
import * as vega from 'vega';
import { compile } from 'vega-lite';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// Data are always inline values; a loader that refuses everything guarantees no file or network access.
const loader = vega.loader();
loader.load = async (uri) => {
  throw new Error(`vega-svg: refusing to load ${uri}: charts must use inline data`);
};

try {
  const specs = JSON.parse(await readStdin());
  const svgs = [];
  for (const spec of specs) {
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', loader });
    svgs.push(await view.toSVG());
    view.finalize();
  }
  process.stdout.write(JSON.stringify(svgs));
} catch (error) {
  process.stderr.write(`vega-svg: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
