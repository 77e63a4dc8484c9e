import { execFileSync, spawnSync } from "node:child_process";
import { lstatSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** A throwaway login user whose sudo asks for its password; `remove()` deletes the user and its sudoers rule. */
export type SudoUser = { readonly name: string; readonly password: string; remove(): Promise<void> };

/**
 * How `createSudoUser` makes the user: sudo without a password (a NOPASSWD rule), its login shell, and how many tries
 * sudo gives a password (1 by default: a wrong one fails at once; sudo's own default is 3).
 */
export type SudoUserOptions = {
  readonly noPassword?: boolean;
  readonly shell?: string;
  readonly passwordTries?: number;
};

/**
 * Creates a user (no home of its own: `home` is the sandbox's) with `password`, and a sudoers rule that lets it run
 * anything as root after giving that password, or without one (`noPassword`), whose login shell is `shell` (bash by
 * default). Needs root; tests call it only on machines they own (CI).
 */
export function createSudoUser(name: string, password: string, home: string, options: SudoUserOptions = {}): SudoUser {
  const { noPassword = false, shell = "/bin/bash", passwordTries = 1 } = options;
  if (process.getuid?.() !== 0) throw new Error("creating a throwaway sudo user needs root (as CI runs the tests)");
  const sudoers = `/etc/sudoers.d/${name.replaceAll(".", "_")}`;
  execFileSync("useradd", ["--no-create-home", "--home-dir", home, "--shell", shell, name], { timeout: 10_000 });
  execFileSync("chpasswd", { input: `${name}:${password}\n`, timeout: 10_000 });
  writeFileSync(
    sudoers,
    `${name} ALL=(ALL) ${noPassword ? "NOPASSWD: " : ""}ALL\n` +
      `Defaults:${name} !lecture, passwd_tries=${passwordTries}\n`,
    { mode: 0o440 },
  );
  return {
    name,
    password,
    async remove() {
      rmSync(sudoers, { force: true });
      const uid = Number(spawnSync("id", ["-u", name], { encoding: "utf8" }).stdout);
      // userdel refuses while the user's last session is still ending: retry briefly, then force.
      for (let i = 0; i < 50 && spawnSync("userdel", [name]).status !== 0; i++) await sleep(100);
      spawnSync("userdel", ["--force", name]);
      if (Number.isInteger(uid) && uid > 0) removeGuardDirs(uid);
    },
  };
}

// The native transport's guardian keeps a directory in the host's /tmp; the sandbox ends its sshd's sessions with
// SIGKILL, so a guardian of this user cannot remove its own, and no later one of a deleted user sweeps it.
function removeGuardDirs(uid: number, dir = "/tmp"): void {
  for (const entry of readdirSync(dir).filter((name) => name.startsWith("dk-guard."))) {
    const path = join(dir, entry);
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory() && stat.uid === uid) rmSync(path, { recursive: true, force: true });
  }
}
