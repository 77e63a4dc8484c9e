/**
 * What to do about a permission rsync lacked: its sender reads the source, its receiver and generator (and an upload's
 * `mkdir`) write the destination; `source` says which side the source is on, `asRoot` whether the host's side already
 * ran as root (its login or `becomeRoot`), where no other user may do more. Pure.
 */
export function permissionFix(raw: string, source: "local" | "remote", asRoot: boolean): string {
  const role = raw.startsWith("mkdir: ") ? "receiver" : /^rsync: \[(\w+)\]/.exec(raw)?.[1]?.toLowerCase();
  if (role === undefined) return "";
  const reads = role === "sender";
  const what = reads ? "read it" : "write there";
  if (reads !== (source === "remote")) return `; run this as a user who may ${what} here`;
  if (asRoot) return `; root may not ${what} either (a read-only or virtual file system); ${CHOOSE[String(reads)]}`;
  return `; log in as a user who may ${what} on the host (or as root), or pass \`becomeRoot\``;
}

const CHOOSE: Readonly<Record<string, string>> = { true: "choose another source", false: "choose another destination" };
