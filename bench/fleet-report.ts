// Turns a pass of bench/fleet.sh into Markdown: medians and each tool's ratio to dk. Keeps every pass (default
// key exchange, forced curve25519) in RAW.json and renders all of them into OUT.md.
// Usage: node --import tsx bench/fleet-report.ts RESULTS_DIR OUT.md RAW.json
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { goals } from "./fleet-goals.ts";
import { label, seconds } from "./fleet-labels.ts";
import { readPass, type Cell, type Pass } from "./fleet-results.ts";

const ratio = (value: number, base: Cell | undefined) =>
  base !== undefined && "median" in base ? `${(value / base.median).toFixed(2)}×` : "–";

function cell(
  value: Cell | undefined,
  base: Cell | undefined,
  unit = (s: number) => `${seconds(s)} s`,
  withRuns = false,
): string {
  if (value === undefined) return "not run";
  if ("failed" in value) return `failed: ${value.failed.replaceAll("|", "/")}`;
  return `${unit(value.median)} (${ratio(value.median, base)}${withRuns ? `, n=${value.runs}` : ""})`;
}

function echoTable(pass: Pass): string[] {
  const { sizes, echo } = pass;
  return [
    "`echo hi` on N hosts at once: median wall time (ratio to dk: below 1× is faster than dk; n = timed runs).",
    "",
    `| tool | ${sizes.map((n) => `N=${n}`).join(" | ")} |`,
    `|---|${sizes.map(() => "---:").join("|")}|`,
    ...Object.keys(echo).map(
      (tool) =>
        `| ${label(tool)} | ${sizes.map((n) => cell(echo[tool]![n], echo.dk?.[n], undefined, true)).join(" | ")} |`,
    ),
  ];
}

function memoryTable(pass: Pass): string[] {
  const dk = pass.memory.dk;
  const mb = (kb: number) => (kb / 1024).toFixed(0);
  return [
    `Peak memory of each tool with \`echo hi\` on ${pass.memoryHosts} hosts ` +
      "(one run each, /proc sampled every 100 ms): " +
      "PSS summed over every process the tool started (ssh clients and masters included), " +
      "the largest single process's RSS, and the PSS ratio to dk.",
    "",
    "| tool | peak PSS, all processes | processes at peak | largest process RSS | PSS ratio to dk |",
    "|---|---:|---:|---:|---:|",
    ...Object.entries(pass.memory).map(([tool, m]) =>
      "failed" in m
        ? `| ${label(tool)} | failed: ${m.failed} | | | |`
        : `| ${label(tool)} | ${mb(m.pssKb)} MB | ${m.processes} | ${mb(m.largestRssKb)} MB | ` +
          `${dk && "pssKb" in dk ? (m.pssKb / dk.pssKb).toFixed(2) + "×" : "–"} |`,
    ),
  ];
}

function section(pass: Pass): string[] {
  const ms = (s: number) => `${Math.round(s * 1000)} ms`;
  return [
    `## Key exchange: ${pass.kex}`,
    "",
    `Taken ${pass.date} on ${pass.machine}; load average before/after: ${pass.load}.`,
    "",
    ...echoTable(pass),
    "",
    "20 sequential commands (`true`) on one host: median wall time (ratio to dk with reuse).",
    "",
    "| how | median | runs |",
    "|---|---:|---:|",
    ...Object.entries(pass.sequential).map(
      ([t, c]) => `| ${label(t)} | ${cell(c, pass.sequential.dk)} | ${"runs" in c ? c.runs : ""} |`,
    ),
    "",
    "Time from start to the first output line of `echo first; sleep 3; echo second` on one host (ratio to dk).",
    "",
    "| how | median | runs |",
    "|---|---:|---:|",
    ...Object.entries(pass.firstLine).map(
      ([t, c]) => `| ${label(t)} | ${cell(c, pass.firstLine.dk, ms)} | ${"runs" in c ? c.runs : ""} |`,
    ),
    "",
    ...memoryTable(pass),
    "",
    "Goals (issue 17: the native transport):",
    "",
    ...goals(pass),
    "",
    `Versions: ${pass.versions.join("; ")}.`,
    "",
  ];
}

const [dir, out, raw] = process.argv.slice(2);
if (dir === undefined || out === undefined || raw === undefined) {
  console.error("usage: fleet-report.ts RESULTS_DIR OUT.md RAW.json");
  process.exit(2);
}
const pass = readPass(dir);
// Passes with another key exchange are kept from earlier runs, so one file shows both.
const passes: Record<string, Pass> = existsSync(raw)
  ? (JSON.parse(readFileSync(raw, "utf8")) as { passes: Record<string, Pass> }).passes
  : {};
passes[pass.kex] = pass;
writeFileSync(raw, `${JSON.stringify({ passes }, null, 1)}\n`);
const header = [
  "# Fleet benchmark: dk vs ssh, pssh, pdsh, ClusterShell, Ansible, Fabric",
  "",
  "Written by `bash bench/fleet.sh` (see bench/README.md). " +
    "One loopback sshd fleet per size on this machine, sharing its",
  "cores with the tools; every tool uses the same client key, no host-key checks, the same remote HOME (a clean",
  "directory) and, except Fabric (paramiko), the OpenSSH client with one config file. Medians, not absolutes;",
  "the load average before a pass shows what else was running on the machine. paramiko has no",
  "sntrup761x25519, so with the default key exchange Fabric negotiates curve25519-sha256 while OpenSSH clients",
  "negotiate sntrup761x25519-sha512 (about 3× the CPU per handshake); the `--kex curve25519-sha256` pass evens that.",
  "",
];
writeFileSync(out, [...header, ...Object.values(passes).flatMap(section)].join("\n"));
console.log(readFileSync(out, "utf8"));
