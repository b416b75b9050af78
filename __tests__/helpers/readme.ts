/**
 * The files a README section shows: every fenced block whose first line is a comment naming a file
 * (`// measure.test.js`). Tests write them into a scratch project and run them, so the README runs as written.
 */
export function readmeFiles(readme: string, heading: string): Record<string, string> {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no section "## ${heading}"`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const files: Record<string, string> = {};
  for (const [, name, body] of section.matchAll(/```\w*\n\/\/ ([\w./-]+)[^\n]*\n([\s\S]*?)```/g)) files[name] = body;
  return files;
}
