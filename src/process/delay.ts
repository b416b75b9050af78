/** Resolves (with undefined) after `ms`; unref'd, so a bounded wait never keeps the process alive by itself. */
export function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}
