/**
 * examples/transports/msgpack-unix.js through the public API only, as a user's own spec would check it: the
 * package resolves to itself (`exports` + self-reference, so dist/ — run npm run build first).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { describeTransportContract } = require('ipcbench/jest');

// A generous ready timeout: on a busy machine a plug-in peer (Node + ipcbench + its library) starts slowly.
describeTransportContract(require('../../examples/transports/msgpack-unix.js'), { readyTimeoutMs: 20_000 });

export {}; // a module, not a script: each spec file has its own scope
