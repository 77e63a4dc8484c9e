// Time from starting COMMAND to the first output line that ends in the word `first` (not dk's echo of the
// command, which ends in `second`), RUNS times, with PREPARE
// run (untimed) before each. Writes JSON. Usage:
// node --import tsx bench/fleet-first-line.ts --runs R --prepare CMD --out OUT.json -- COMMAND
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { parseArgs, stripVTControlCharacters } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: "string", default: "5" },
    prepare: { type: "string", default: "true" },
    out: { type: "string" },
  },
});
const command = positionals.join(" ");
const runs = Number(values.runs);
if (values.out === undefined || command === "" || !Number.isInteger(runs) || runs < 1) {
  console.error("usage: fleet-first-line.ts --runs R --prepare CMD --out OUT.json -- COMMAND");
  process.exit(2);
}

// Each run is bounded: the command's process is ended after this long.
const LIMIT_MS = 30_000;

// `first` as the whole line or after a host tag, colours stripped.
const isFirst = (line: string) => /(^|\s)first$/.test(stripVTControlCharacters(line).trimEnd());

type Sample = { readonly firstLineMs: number | null; readonly exitCode: number | null };

function once(): Promise<Sample> {
  return new Promise((resolve) => {
    const started = performance.now();
    let firstLineMs: number | null = null;
    let buffered = "";
    const child = spawn("bash", ["-c", command], { stdio: ["ignore", "pipe", "ignore"] });
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      if (firstLineMs !== null) return;
      buffered += chunk;
      // Only a complete line counts: that is when a reader of the output sees it.
      if (buffered.split("\n").slice(0, -1).some(isFirst)) firstLineMs = performance.now() - started;
    });
    const guard = setTimeout(() => child.kill("SIGTERM"), LIMIT_MS);
    child.on("close", (exitCode) => {
      clearTimeout(guard);
      resolve({ firstLineMs, exitCode });
    });
  });
}

const samples: Sample[] = [];
for (let i = 0; i < runs; i++) {
  spawnSync("bash", ["-c", values.prepare], { stdio: "inherit", timeout: 60_000 });
  samples.push(await once());
}
writeFileSync(values.out, `${JSON.stringify({ command, samples })}\n`);
process.exitCode = samples.every((s) => s.exitCode === 0 && s.firstLineMs !== null) ? 0 : 1;
