import { execFileSync, spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
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
      // userdel refuses while the user's last session is still ending: retry briefly, then force.
      for (let i = 0; i < 50 && spawnSync("userdel", [name]).status !== 0; i++) await sleep(100);
      spawnSync("userdel", ["--force", name]);
    },
  };
}
