import { spawn } from "node:child_process";
import { findExecutable } from "../find-executable.ts";
import { RebootError } from "./errors.ts";

/** What one probe saw: an answer, none, or a failure that says nothing about the host (bad name, no permission). */
export type ProbeOutcome = { readonly kind: "answered" } | { readonly kind: "silent" } | { readonly kind: "error"; readonly message: string };

const MISSING = "`ping` is not installed on this machine, and reboot needs it to see hosts go down and come back: "
  + "install it (Debian/Ubuntu: `apt-get install iputils-ping`; Fedora: `dnf install iputils`)";

// Extra time after ping's own -W before the process is killed: it normally exits on its own.
const KILL_MARGIN_MS = 2000;

/** The `ping` executable on PATH; a `RebootError` naming the package to install when there is none. */
export function findPing(path = process.env.PATH ?? ""): string {
  const found = findExecutable("ping", path);
  if (found === undefined) throw new RebootError({ phase: "checking", reason: MISSING });
  return found;
}

/** Sends one ICMP echo to `address`: exit 0 = answered, 1 = no answer, anything else = ping itself failed. */
export function ping(pingPath: string, address: string, timeoutMs: number, signal?: AbortSignal): Promise<ProbeOutcome> {
  const wait = Math.max(0.05, timeoutMs / 1000).toFixed(2);
  return new Promise((resolve) => {
    const child = spawn(pingPath, ["-n", "-q", "-c", "1", "-W", wait, "--", address], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    const kill = () => child.kill("SIGKILL");
    const timer = setTimeout(kill, timeoutMs + KILL_MARGIN_MS);
    signal?.addEventListener("abort", kill, { once: true });
    const done = (outcome: ProbeOutcome) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", kill);
      resolve(outcome);
    };
    child.once("error", (error: NodeJS.ErrnoException) => {
      done({ kind: "error", message: error.code === "ENOENT" ? MISSING : `ping could not start: ${error.message}` });
    });
    child.once("close", (code, killedBy) => {
      if (code === 0) return done({ kind: "answered" });
      if (code === 1) return done({ kind: "silent" });
      const said = stderr.trim().split("\n").at(-1) ?? "";
      const how = killedBy ? `was killed (${killedBy})` : `exited with ${code}`;
      done({ kind: "error", message: `\`ping ${address}\` ${how}${said ? `: ${said}` : ""}` });
    });
  });
}
