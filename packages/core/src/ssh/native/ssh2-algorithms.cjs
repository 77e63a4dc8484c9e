// The algorithms ssh2 offers by default and all it implements, per category, as native/algorithms.ts reads them:
// its defaults depend on what Node's crypto has, so they are ssh2's own lists, not copies.
const c = require("ssh2/lib/protocol/constants.js");

module.exports = {
  kex: { defaults: c.DEFAULT_KEX, supported: c.SUPPORTED_KEX },
  cipher: { defaults: c.DEFAULT_CIPHER, supported: c.SUPPORTED_CIPHER },
  hmac: { defaults: c.DEFAULT_MAC, supported: c.SUPPORTED_MAC },
  serverHostKey: c.SUPPORTED_SERVER_HOST_KEY,
};
