import { quoteArgv } from "@deploykit/core";
import { clock } from "./lock-exit.ts";

/**
 * "skipped: another deployment holds …" (the directory's lock), or "… activates a system on this host" (the host's
 * guard, `dk-busy-host`), from what the acquire script printed (lock-script.ts): the host's time and the holder's line
 * `ID LEASE_END SINCE WHO`, the file that holds it and the pids of its activations that run. Says who, how long it may
 * keep them (reckoned on the host's clock, told on this machine's), and which file to remove, and when, should the
 * deployment be gone.
 */
export function busyReason(configDir: string, stdout: string): string {
  const line = /^dk-busy(-host)? (\d+) (\S+) (\d+) (\d+) (.*)$/m.exec(stdout);
  const file = /^dk-busy-file (.+)$/m.exec(stdout)?.[1];
  const pids = [...stdout.matchAll(/^dk-busy-pid (\d+)$/gm)].map((match) => match[1]!);
  const guard = line?.[1] !== undefined;
  const busy = guard
    ? "skipped: another deployment activates a system on this host"
    : `skipped: another deployment holds ${configDir} here`;
  if (!line) return `${busy} (another dk); run again once it is done${file === undefined ? "" : ` (${file})`}`;
  const left = Number(line[4]) - Number(line[2]);
  const what = guard ? "the host" : "the lock";
  const until =
    left > 0
      ? `it keeps ${what} for another ${left} s (until ${clock(Date.now() / 1000 + left)}), longer while it renews ` +
        "it as it works there; run again once it is done"
      : "its lease is over, but its activation still runs there; run again once that ended";
  return `${busy} (${line[3]} of ${line[6]}, since ${clock(Number(line[5]))}); ${until}${clearing(guard, file, pids)}`;
}

// How to clear a lock whose dk is gone: remove its file, once no activation of it runs.
function clearing(guard: boolean, file: string | undefined, pids: readonly string[]): string {
  if (file === undefined) return "";
  const running = pids.length === 0 ? "" : ` and its activation (pid ${pids.join(", ")} there) has ended`;
  const what = guard ? "the host's guard" : "the lock";
  return (
    `, or, if that dk is gone (it died, or lost the host)${running}, clear ${what} sooner: ` +
    `rm -f ${quoteArgv([file])} (as root on the host)`
  );
}
