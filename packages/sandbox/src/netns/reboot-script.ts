/** What the fake `reboot` of one test host needs to know. */
export type RebootScriptOptions = {
  /** The veth end inside the namespace: taking it down takes the host off the network. */
  readonly veth: string;
  /** The file bind-mounted over /proc/sys/kernel/random/boot_id. */
  readonly bootIdFile: string;
  readonly eventsFile: string;
  /** The argv that starts the host's sshd again. */
  readonly sshd: readonly string[];
  /** Seconds off the network; Infinity: it never comes back. */
  readonly downFor: number;
  /** A command run while the host is down, as a boot would (the stand-in NixOS switches to its boot default). */
  readonly onBoot?: string | undefined;
};

// One shell word, whatever `value` holds.
function sh(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * A stand-in for reboot(8), run on the test host as root: it returns at once and, detached, takes the host off the
 * network, kills every process of the host (sshd and its sessions), gives it a new boot id and, after `downFor`
 * seconds, plugs it back in and starts sshd. Pure.
 */
export function rebootScript(o: RebootScriptOptions): string {
  const comeBack = Number.isFinite(o.downFor)
    ? [
        `sleep ${o.downFor}`,
        `ip link set dev ${sh(o.veth)} up`,
        `echo "up $(date +%s%3N)" >> ${sh(o.eventsFile)}`,
        `exec ${o.sshd.map(sh).join(" ")}`,
      ]
    : ["exit 0"];
  return [
    "#!/bin/sh",
    "# Fake reboot for a netns test host (written by @deploykit/sandbox).",
    // Detached like a real shutdown: the caller's ssh session ends normally, the rest happens afterwards.
    `if [ "$1" != --detached ]; then setsid -f "$0" --detached </dev/null >/dev/null 2>&1; exit 0; fi`,
    `echo "down $(date +%s%3N)" >> ${sh(o.eventsFile)}`,
    `ip link set dev ${sh(o.veth)} down`,
    // Like a real reboot, every process of the host dies (sshd and its sessions): all that share its network namespace.
    // Three processes in all, not one per process of the machine: on a busy machine a fork each took seconds.
    "me=$(stat -L -c %i /proc/self/ns/net)",
    `pids=$(stat -L -c '%n %i' /proc/[0-9]*/ns/net 2>/dev/null \\`,
    `  | awk -v me="$me" -v self=$$ '$2 == me { split($1, p, "/"); if (p[3] != self) print p[3] }')`,
    "kill -9 $pids 2>/dev/null",
    // Written in place (same inode), so the bind mount over boot_id shows the new value.
    `cat /proc/sys/kernel/random/uuid > ${sh(o.bootIdFile)}`,
    ...(o.onBoot === undefined ? [] : [o.onBoot]),
    ...comeBack,
    "",
  ].join("\n");
}
