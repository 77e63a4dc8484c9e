import type { Host } from "@deploykit/core";

/**
 * The ssh options rsync's `-e` gets: the host's, on a connection of its own. Over the shared one, its master (in a
 * session of its own, which rsync cannot end) would hold rsync's output pipes for as long as a hung host kept the
 * session open, and the copy would not end when rsync gives up (`--timeout`). ssh takes an option's first value, so
 * these win over the sharing options that follow and over the user's ssh config.
 */
export async function rsyncSshArgs(host: Host<unknown>): Promise<string[]> {
  return ["-o", "ControlMaster=no", "-o", "ControlPath=none", ...(await host.sshArgs())];
}
