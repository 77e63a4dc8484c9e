import { readFileSync } from "node:fs";

/**
 * Whether group `gid` is `uid`'s user private group: named as the user, whose primary group it is, and no one else's
 * (in /etc/passwd and /etc/group). Its write bit then lets no one else in: a umask of 002, usual with such groups,
 * makes every file group-writable (Debian's OpenSSH takes those as safe for the same reason). A group or user these
 * files do not name (one from a directory service) cannot be checked, so it counts as shared.
 */
export function groupIsPrivateTo(gid: number, uid: number): boolean {
  const passwd = table("/etc/passwd");
  const user = passwd.find((fields) => fields[2] === String(uid));
  const group = table("/etc/group").find((fields) => fields[2] === String(gid));
  if (user === undefined || group === undefined || user[3] !== String(gid) || group[0] !== user[0]) return false;
  const others = passwd.some((fields) => fields[3] === String(gid) && fields[2] !== String(uid));
  const members = (group[3] ?? "").split(",").filter((name) => name !== "");
  return !others && members.every((name) => name === user[0]);
}

// A colon-separated system file's lines, split; none when it cannot be read.
function table(path: string): string[][] {
  try {
    return readFileSync(path, "utf8")
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("#"))
      .map((line) => line.split(":"));
  } catch {
    return [];
  }
}
