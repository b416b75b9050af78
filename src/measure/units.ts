/** 5000 → "5 s", 200 → "0.2 s": a limit kept in ms, said in the seconds people set it in (flags, grading configs). */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/** 65536 → "64 KiB", 1536 → "1.5 KiB": byte counts for people (binary units, as the sizes are given). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
