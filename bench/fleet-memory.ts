// Peak memory of one command and everything it starts, including processes that leave its tree (ssh
// ControlPersist masters, daemonised helpers): each is found by a marker in its environment. Samples /proc
// every 100 ms and writes JSON; the command's output goes to OUTPUT (and OUTPUT.stderr) to be checked.
// Usage: node --import tsx bench/fleet-memory.ts OUT.json OUTPUT -- COMMAND
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";

const [out, output, separator, command, ...rest] = process.argv.slice(2);
if (out === undefined || output === undefined || separator !== "--" || command === undefined || rest.length > 0) {
  console.error("usage: fleet-memory.ts OUT.json OUTPUT -- COMMAND");
  process.exit(2);
}

const MARKER = `FLEET_MEMORY_TAG=${randomBytes(8).toString("hex")}`;
const LIMIT_MS = 600_000;
const tagged = new Map<number, boolean>();

// Whether the process carries our marker; remembered per pid, since a process's initial environment never changes.
function isOurs(pid: number): boolean {
  let ours = tagged.get(pid);
  if (ours === undefined) {
    try {
      ours = readFileSync(`/proc/${pid}/environ`, "latin1").split("\0").includes(MARKER);
    } catch {
      ours = false;
    }
    tagged.set(pid, ours);
  }
  return ours;
}

// Rss and Pss (kB) of one process; zero once it is gone.
function memoryOf(pid: number): { rss: number; pss: number } {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, "latin1");
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);
    return { rss: field("Rss"), pss: field("Pss") };
  } catch {
    return { rss: 0, pss: 0 };
  }
}

const peak = { pssKb: 0, rssSumKb: 0, largestRssKb: 0, processes: 0 };
function sample(): void {
  let pss = 0;
  let rss = 0;
  let count = 0;
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || !isOurs(pid)) continue;
    const memory = memoryOf(pid);
    pss += memory.pss;
    rss += memory.rss;
    count += 1;
    peak.largestRssKb = Math.max(peak.largestRssKb, memory.rss);
  }
  peak.pssKb = Math.max(peak.pssKb, pss);
  peak.rssSumKb = Math.max(peak.rssSumKb, rss);
  peak.processes = Math.max(peak.processes, count);
}

const started = performance.now();
const child = spawn("bash", ["-c", command], {
  stdio: ["ignore", openSync(output, "w"), openSync(`${output}.stderr`, "w")],
  env: { ...process.env, [MARKER.split("=")[0]!]: MARKER.split("=")[1]! },
});
const timer = setInterval(sample, 100);
// A bound on the run: the command is ended (by its pid) if it hangs.
const guard = setTimeout(() => child.kill("SIGTERM"), LIMIT_MS);
child.on("exit", (code, signal) => {
  clearInterval(timer);
  clearTimeout(guard);
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(out, `${JSON.stringify({ command, exitCode: code, signal, seconds, ...peak })}\n`);
  process.exitCode = code === 0 ? 0 : 1;
});
