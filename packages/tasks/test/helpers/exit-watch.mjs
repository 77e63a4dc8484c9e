// Loaded into dk with --import: tells the test, on fd 3, whether dk went back to its event loop with output its
// readers had not taken ("waiting") or called process.exit with some still in memory ("exit <bytes unwritten>").
import { writeSync } from "node:fs";

const say = (line) => writeSync(3, `${line}\n`);
const unwritten = () => [process.stdout, process.stderr].reduce((sum, stream) => sum + stream.writableLength, 0);
const exit = process.exit;
process.exit = (code) => {
  say(`exit ${unwritten()}`);
  return exit(code);
};
let told = false;
for (const name of ["stdout", "stderr"]) {
  const stream = process[name];
  const write = stream.write;
  stream.write = function (...args) {
    const result = write.apply(this, args);
    // Its next turn comes only if dk did not exit at once: it waits for the reader.
    if (!told && stream.writableLength > 0)
      setImmediate(() => !told && unwritten() > 0 && ((told = true), say("waiting")));
    return result;
  };
}
