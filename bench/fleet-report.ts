// Turns a pass of bench/fleet.sh into Markdown: medians and each tool's ratio to dk. Keeps every pass (default
// key exchange, forced curve25519) in RAW.json and renders all of them into OUT.md.
// Usage: node --import tsx bench/fleet-report.ts RESULTS_DIR OUT.md RAW.json
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { readPass, type Cell, type Pass } from "./fleet-results.ts";

const LABELS: Record<string, string> = {
  dk: "dk (Group.run; transport auto: native for this fleet)",
  "dk-noreuse": "dk with DEPLOYKIT_SSH_REUSE=0",
  "dk-openssh": "dk --transport openssh (ControlMaster reuse)",
  "dk-openssh-noreuse": "dk --transport openssh, DEPLOYKIT_SSH_REUSE=0",
  clush: "ClusterShell `clush -f N`",
  "ssh-loop": "`ssh` per host, bash loop",
  pssh: "`parallel-ssh -p N`",
  pdsh: "`pdsh -R ssh -f N`",
  "ansible-shell": "`ansible -m shell -f N`",
  "ansible-raw": "`ansible -m raw -f N`",
  fabric: "Fabric `ThreadingGroup` (paramiko)",
  "ssh-new": "`ssh host true` ×20, new connection each",
  "ssh-reuse": "`ssh host true` ×20, one ControlMaster",
  ssh: "plain `ssh host '…'`",
};
const label = (tool: string) => LABELS[tool] ?? tool;
const PEERS = ["ssh-loop", "pssh", "pdsh", "clush", "ansible-shell", "ansible-raw", "fabric"];

const seconds = (s: number) => (s < 10 ? s.toFixed(2) : s.toFixed(1));
const ratio = (value: number, base: Cell | undefined) =>
  base !== undefined && "median" in base ? `${(value / base.median).toFixed(2)}×` : "–";
const medianOf = (cell: Cell | undefined) => (cell !== undefined && "median" in cell ? cell.median : undefined);

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

// dk through the ssh binary, at N ≥ 10: within 1.1× of the plain ssh loop, and no slower than pssh and pdsh.
function opensshGoals(pass: Pass): string[] {
  const lines: string[] = [];
  for (const n of pass.sizes.filter((size) => size >= 10)) {
    const dk = medianOf(pass.echo["dk-openssh"]?.[n]);
    const loop = medianOf(pass.echo["ssh-loop"]?.[n]);
    if (dk === undefined || loop === undefined) continue;
    const peers = ["pssh", "pdsh"].flatMap((t) => {
      const m = medianOf(pass.echo[t]?.[n]);
      return m === undefined ? [] : [`${t} ${(dk / m).toFixed(2)}×`];
    });
    const ok = dk <= 1.1 * loop && ["pssh", "pdsh"].every((t) => dk <= (medianOf(pass.echo[t]?.[n]) ?? Infinity));
    lines.push(
      `- N=${n}, --transport openssh: ${(dk / loop).toFixed(2)}× the ssh loop (goal ≤1.1×), vs ${peers.join(", ")} ` +
        `(goal ≤1×): ${ok ? "met" : "not met"}.`,
    );
  }
  return lines;
}

function goals(pass: Pass): string[] {
  const lines: string[] = [];
  for (const n of pass.sizes) {
    const dk = medianOf(pass.echo.dk?.[n]);
    const peers = PEERS.flatMap((t) =>
      medianOf(pass.echo[t]?.[n]) === undefined ? [] : [[t, medianOf(pass.echo[t]?.[n])!] as const],
    );
    const [fastest] = peers.sort((a, b) => a[1] - b[1]);
    // Fabric is the one peer not on OpenSSH (and, by default, on a cheaper key exchange): name the other bar too.
    const openssh = peers.find(([t]) => t !== "fabric");
    if (dk === undefined || fastest === undefined) continue;
    const against =
      openssh !== undefined && openssh !== fastest
        ? ` (fastest OpenSSH-based: ${label(openssh[0])} ${seconds(openssh[1])} s, dk ${(dk / openssh[1]).toFixed(2)}×)`
        : "";
    lines.push(
      `- N=${n}: dk ${seconds(dk)} s vs fastest peer ${label(fastest[0])} ${seconds(fastest[1])} s: ` +
        `${dk <= fastest[1] ? "met" : `not met (dk ${(dk / fastest[1]).toFixed(2)}× slower)`}${against}.`,
    );
  }
  lines.push(...opensshGoals(pass));
  // Against a fresh connection each: plain ssh's (the goal), and dk's own without reuse.
  const on = medianOf(pass.sequential.dk);
  const fresh = medianOf(pass.sequential["ssh-new"]);
  const off = medianOf(pass.sequential["dk-noreuse"]);
  if (on !== undefined && fresh !== undefined)
    lines.push(
      `- 20 commands on one host: dk ${(fresh / on).toFixed(1)}× faster than \`ssh\` with a fresh connection each ` +
        `(goal ≥8×): ${fresh / on >= 8 ? "met" : "not met"}` +
        `${off === undefined ? "" : `; ${(off / on).toFixed(1)}× faster than dk without reuse`}.`,
    );
  const dkFirst = medianOf(pass.firstLine.dk);
  const sshFirst = medianOf(pass.firstLine.ssh);
  if (dkFirst !== undefined && sshFirst !== undefined) {
    const late = Math.round((dkFirst - sshFirst) * 1000);
    lines.push(`- First line: dk ${late} ms after plain ssh (goal ≤100 ms): ${late <= 100 ? "met" : "not met"}.`);
  }
  const mem = (t: string) => {
    const m = pass.memory[t];
    return m !== undefined && "pssKb" in m ? m.pssKb : undefined;
  };
  const dkMem = mem("dk");
  const fabric = mem("fabric");
  if (dkMem !== undefined && fabric !== undefined)
    lines.push(
      `- Peak memory at ${pass.memoryHosts} hosts at most ${label("fabric")}'s: ` +
        `${dkMem <= fabric ? "met" : "not met"} ` +
        `(${(dkMem / 1024).toFixed(0)} vs ${(fabric / 1024).toFixed(0)} MB).`,
    );
  return lines;
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
