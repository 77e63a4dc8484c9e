import { sshG } from "../ssh-g.ts";

const checks = new Map<string, Promise<string | undefined>>();
// What dk adds per host (a user, a port), from values it checks itself: the rest selects the configuration. A -J is
// the user's, whose hops ssh checks (parse_jump refuses a shell metacharacter there).
const PER_HOST = new Set(["-l", "-p"]);

/**
 * What ssh says against the configuration that `args` (ssh's options) select, or undefined when ssh takes it. ssh
 * checks every line of its files, those of blocks that do not apply too, and refuses to connect at a bad one; the
 * resolver reads only what applies, so native alone would go ahead. One `ssh -G` per configuration and process, run
 * while the connection is being made; none where there is no ssh (nothing to differ from).
 */
export function sshRefusal(hostname: string, args: readonly string[]): Promise<string | undefined> {
  const key = JSON.stringify(args.filter((arg, i) => !PER_HOST.has(arg) && !PER_HOST.has(args[i - 1] ?? "")));
  let check = checks.get(key);
  if (check === undefined) {
    check = sshG(args, hostname).then(({ code, stderr }) => {
      if (code !== 255) return undefined;
      const said = stderr
        .split("\n")
        .map((line) => line.trim().replace(/\.$/, ""))
        .filter((line) => line !== "" && !/: terminating, \d+ bad configuration options?$/.test(line));
      return `ssh refuses the configuration: ${said.join("; ") || "ssh -G exited with 255"}`;
    });
    checks.set(key, check);
  }
  return check;
}
