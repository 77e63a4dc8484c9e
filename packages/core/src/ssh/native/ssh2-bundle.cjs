// The parts of ssh2 that native uses, bundled into one file at build time (dist/ssh2.cjs): one file loads in
// about two thirds of the CPU time that its ~40 files take. Its optional native addons are left out (it runs on JS).
// The agent client and the algorithm lists are in the client's files already: exporting them adds nothing to load.
module.exports = {
  Client: require("ssh2/lib/client.js"),
  parseKey: require("ssh2/lib/protocol/keyParser.js").parseKey,
  OpenSSHAgent: require("ssh2/lib/agent.js").OpenSSHAgent,
  algorithms: require("./ssh2-algorithms.cjs"),
};
