/**
 * Runs before every unit test file: any unhandled promise rejection during a test fails that test,
 * naming the rejection. The hardening matrix requires "no unhandled rejection" for every bad peer.
 */
const unhandled: unknown[] = [];
const record = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(() => {
  process.on('unhandledRejection', record);
});

afterEach(async () => {
  await new Promise((resolve) => setImmediate(resolve)); // let a rejection of the test's last tick surface
  const seen = unhandled.splice(0);
  if (seen.length > 0) throw new Error(`unhandled rejection(s) during this test: ${seen.map((r) => (r instanceof Error ? r.message : String(r))).join('; ')}`);
});

afterAll(() => {
  process.off('unhandledRejection', record);
});
