// The native transport's goals that a pass of bench/fleet.sh shows met or not, as Markdown list items.
import { label, medianOf, PEERS, seconds } from "./fleet-labels.ts";
import type { Pass } from "./fleet-results.ts";

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

/** Each goal a pass has the figures for: met or not, and by how much. */
export function goals(pass: Pass): string[] {
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
