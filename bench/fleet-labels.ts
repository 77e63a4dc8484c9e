// The fleet report's words for each tool and its figures: shared by the tables (fleet-report.ts) and the goals.
import type { Cell } from "./fleet-results.ts";

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
export const label = (tool: string) => LABELS[tool] ?? tool;
export const PEERS = ["ssh-loop", "pssh", "pdsh", "clush", "ansible-shell", "ansible-raw", "fabric"];

export const seconds = (s: number) => (s < 10 ? s.toFixed(2) : s.toFixed(1));
export const medianOf = (cell: Cell | undefined) => (cell !== undefined && "median" in cell ? cell.median : undefined);
