import type { Sandbox } from "@deploykit/sandbox";
import { runScript } from "./script.ts";

/** Ends a script by printing its peak memory (max RSS, bytes) on stderr. */
export const REPORT_RSS = `process.stderr.write("MAXRSS=" + process.resourceUsage().maxRSS * 1024 + "\\n");`;

/** The peak memory a script printed with `REPORT_RSS`. */
export const maxRss = (stderr: string) => Number(/MAXRSS=(\d+)/.exec(stderr)?.[1] ?? Number.NaN);

/** Source that builds the sandbox's first host as `new core.Host(…)`, with `extra` options. */
export function firstHostSource(sandbox: Sandbox, extra = ""): string {
  const { addresses, hostOptions, port, user } = sandbox;
  return (
    `new core.Host(${JSON.stringify(addresses[0])}, { user: ${JSON.stringify(user)}, port: ${port}, ` +
    `...${JSON.stringify(hostOptions)}${extra} })`
  );
}

/** Runs `body` in a child process with `h`, the sandbox's first host. */
export function onFirstHost(sandbox: Sandbox, body: string, options: Parameters<typeof runScript>[1]) {
  return runScript(`const h = ${firstHostSource(sandbox)};\n${body}`, options);
}
