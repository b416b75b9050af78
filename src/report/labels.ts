/** Names for results, shared by every output so the same result is called the same everywhere. */

/** 0 B, 512 B, 64 KiB, 1 MiB; exact multiples only, otherwise plain bytes (never a rounded lie). */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [['MiB', 1 << 20], ['KiB', 1 << 10]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} B`;
}

/** The key of a result: transport × payload. Stable, machine-friendly: "tcp/0B", "ipc/65536B". */
export function benchName(result: { transport: string; payloadBytes: number }): string {
  return `${result.transport}/${result.payloadBytes}B`;
}

/** The same for people: "tcp · 0 B", "ipc · 64 KiB". */
export function displayName(result: { transport: string; payloadBytes: number }): string {
  return `${result.transport} · ${formatBytes(result.payloadBytes)}`;
}

/** 0.123 → "12.3%". */
export function percent(fraction: number, decimals = 1): string {
  return `${(fraction * 100).toFixed(decimals)}%`;
}
