import { duration } from "@deploykit/core";
import type { BootIdRead } from "./remote.ts";
import type { HostRun } from "./sequence.ts";
import type { ProbeKind } from "./types.ts";

// What each probe watches, for messages.
const WATCHED: Record<ProbeKind, string> = { ping: "ping", tcp: "connections on the ssh port", ssh: "ssh" };

// Says where the host got stuck, so the user knows whether to look at the console, the network or ssh.
export function timeoutReason(run: HostRun, kind: ProbeKind, last: BootIdRead | undefined): string {
  const limit = `${run.options.timeoutMs / 1000} s`;
  const at = (time: number | undefined) => (time === undefined ? "" : ` at ${duration(time - run.times.started)}`);
  const since = (time: number | undefined) => at(time).replace(" at ", " since ");
  const probe = WATCHED[kind];
  switch (run.phase) {
    case "down":
      if (kind === "ssh") {
        const why = last !== undefined && "error" in last ? ` (${last.error})` : "";
        return (
          `did not come back within ${limit}: no new ssh connection${since(run.times.down)}${why};` +
          " check the host's console"
        );
      }
      return (
        `did not come back within ${limit}: no answer to ${probe}${since(run.times.down)};` +
        " check the host's console"
      );
    case "up":
      // Down and up again with the same boot id: the outage was something else (a link, a switch), not the reboot.
      if (last !== undefined && "id" in last)
        return (
          `did not reboot within ${limit}: it stopped answering${at(run.times.down)} and answered again` +
          `${at(run.times.up)} with the boot id it had before, so that outage was no reboot;` +
          ` check that \`${run.options.command}\` works on it`
        );
      return (
        `did not come back within ${limit}: it answers ${probe}${since(run.times.up)},` +
        ` but ssh does not work: ${last === undefined ? "no answer yet" : (last.ssh ?? last.error)}`
      );
    default:
      // Ssh gone while the host still answers: typically a shutdown stuck on a service that does not stop.
      if (last !== undefined && "error" in last)
        return (
          `did not go down within ${limit}: it still answers ${probe} but no longer ssh (${last.error});` +
          " it may be stuck shutting down: check the host's console"
        );
      return (
        `did not go down within ${limit}: it kept answering with its old boot id;` +
        ` check that \`${run.options.command}\` works on it`
      );
  }
}
