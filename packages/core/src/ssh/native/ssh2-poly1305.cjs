// Stands in for ssh2's Poly1305 WebAssembly module in dist/ssh2.cjs (see scripts/build-ssh2.mjs): the factory and
// module shape that ssh2's chacha20-poly1305 code calls, computed by poly1305.ts. ssh2 starts its module in every
// process as it loads, chacha20 negotiated or not, which reserves 16 MB and keeps about 1 MB resident.
const { poly1305 } = require("./poly1305.ts");

module.exports = function createPoly1305() {
  const HEAPU8 = new Uint8Array(16);
  const auth = (at, first, firstLength, second, secondLength, key) =>
    poly1305(HEAPU8.subarray(at, at + 16), key, [first.subarray(0, firstLength), second.subarray(0, secondLength)]);
  const cwrap = (name) => {
    if (name !== "poly1305_auth") throw new Error(`dk's Poly1305 stand-in has no function ${name}`);
    return auth;
  };
  return Promise.resolve({ HEAPU8, _malloc: () => 0, cwrap });
};
