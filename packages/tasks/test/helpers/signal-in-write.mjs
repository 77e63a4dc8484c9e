// Loaded into dk with --import: the first time dk writes a temporary file in its cache dir ($DK_CACHE_DIR), a
// SIGINT (or $DK_TEST_SIGNAL) reaches dk in the middle of that write, as a Ctrl-C can; stderr says which file.
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const signal = process.env.DK_TEST_SIGNAL ?? "SIGINT";
const cache = fs.realpathSync(process.env.DK_CACHE_DIR);
const writeFileSync = fs.writeFileSync;
let sent = false;
fs.writeFileSync = function (target, ...rest) {
  const path = typeof target === "number" ? fs.readlinkSync(`/proc/self/fd/${target}`) : String(target);
  if (!sent && path.startsWith(`${cache}/`) && path.endsWith(".tmp")) {
    sent = true;
    fs.writeSync(2, `signal-in-write: ${path}\n`);
    // A signal a process sends itself arrives before kill returns: in the write, before its bytes.
    process.kill(process.pid, signal);
  }
  return writeFileSync.call(this, target, ...rest);
};
syncBuiltinESMExports();
