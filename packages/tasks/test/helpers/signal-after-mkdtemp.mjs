// Loaded into dk with --import: once dk has made the temporary dir it compiles tasks.ts into (no usable cache dir),
// $DK_TEST_SIGNAL reaches dk a moment later, while it compiles, as a closed terminal's SIGHUP can.
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const mkdtempSync = fs.mkdtempSync;
fs.mkdtempSync = function (prefix, ...rest) {
  const dir = mkdtempSync.call(this, prefix, ...rest);
  if (String(prefix).includes("dk-tasks-")) {
    fs.writeSync(2, `signal-after-mkdtemp: ${dir}\n`);
    setImmediate(() => process.kill(process.pid, process.env.DK_TEST_SIGNAL));
  }
  return dir;
};
syncBuiltinESMExports();
