/**
 * examples/transports/http.js through the public API only, as a user's own spec would check it: the
 * package resolves to itself (`exports` + self-reference, so dist/ — run npm run build first).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { describeTransportContract } = require('ipcbench/jest');

describeTransportContract(require('../../examples/transports/http.js'));

export {}; // a module, not a script: each spec file has its own scope
