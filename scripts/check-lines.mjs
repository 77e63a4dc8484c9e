// Lines past 120 characters in the code (what the formatter cannot wrap: strings, comments); exits 1 on any.
// JSON is left to the formatter: a package.json script is one string.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const MAX = 120;
const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" })
  .split("\n")
  .filter((file) => /\.(ts|mts|cts|js|mjs)$/.test(file) && !file.startsWith("bench/results/"));
let long = 0;
for (const file of files) {
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, index) => {
      if (line.length <= MAX) return;
      long++;
      process.stdout.write(`${file}:${index + 1}: ${line.length} characters\n`);
    });
}
if (long > 0) {
  process.stdout.write(
    `${long} lines longer than ${MAX} characters; break them (strings with +, comments over lines)\n`,
  );
  process.exitCode = 1;
}
