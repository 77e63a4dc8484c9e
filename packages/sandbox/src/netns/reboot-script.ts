/** What the fake `reboot` of one test host needs to know. */
export type RebootScriptOptions = {
  /** The veth end inside the namespace: taking it down takes the host off the network. */
  readonly veth: string;
  /** The file bind-mounted over /proc/sys/kernel/random/boot_id. */
  readonly bootIdFile: string;
  readonly eventsFile: string;
  /** The FIFO on which the host's init (`initScript`) waits to start sshd again, and the file naming its PID. */
  readonly bootFifo: string;
  readonly initPidFile: string;
  /** Seconds off the network; Infinity: it never comes back. */
  readonly downFor: number;
  /** A command run while the host is down, as a boot would (the stand-in NixOS switches to its boot default). */
  readonly onBoot?: string | undefined;
};

/** The name of the tmpfs mounted over each host's /run: seeing it there, a script knows it runs on a test host. */
export const RUN_SOURCE = "dk-netns-run";

// One shell word, whatever `value` holds.
function sh(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The host's first process, as `sh -c`: it binds the host's boot id, mounts its own /run, starts `sshd` (an argv that
 * ends with its parent, see dieWithOwner) and starts it again whenever a line comes on `bootFifo`, which the fake
 * reboot writes once the host is back. The reboot spares it, so every sshd of the host is its child and ends with it,
 * as it ends with its owner. Pure.
 */
export function initScript(o: {
  bootIdFile: string;
  bootFifo: string;
  initPidFile: string;
  sshd: readonly string[];
}): string {
  const sshd = `${o.sshd.map(sh).join(" ")} 3<&- &`;
  return [
    `mount --bind ${sh(o.bootIdFile)} /proc/sys/kernel/random/boot_id || exit 1`,
    // A /run of its own, as a real host's tmpfs: what its processes leave there is not this machine's, nor outlives
    // the host; sshd needs its privilege separation directory there.
    `mount -t tmpfs -o mode=755 ${RUN_SOURCE} /run && mkdir -m 755 /run/sshd || exit 1`,
    `mkfifo -m 600 ${sh(o.bootFifo)} || exit 1`,
    // Open for reading and writing: never blocks, and a line written while sshd starts waits in the pipe.
    `exec 3<>${sh(o.bootFifo)}`,
    `echo $$ > ${sh(o.initPidFile)}`,
    sshd,
    // It reaps each sshd as it ends (a reboot kills it): none is left a zombie for this machine's init to reap.
    `while :; do wait $!; read -r _ <&3 || exit 1; ${sshd} done`,
  ].join("\n");
}

/**
 * A stand-in for reboot(8), run on the test host as root: it returns at once and, detached, takes the host off the
 * network, kills every process of the host but its init (sshd and its sessions), empties its /run, gives it a new boot
 * id and, after `downFor` seconds, plugs it back in and has its init start sshd. Pure.
 */
export function rebootScript(o: RebootScriptOptions): string {
  const comeBack = Number.isFinite(o.downFor)
    ? [
        `sleep ${o.downFor}`,
        `ip link set dev ${sh(o.veth)} up`,
        `echo "up $(date +%s%3N)" >> ${sh(o.eventsFile)}`,
        // Read and write: if the init is gone (its owner ended), the line is dropped instead of waiting for a reader.
        `exec 3<>${sh(o.bootFifo)}`,
        "echo boot >&3",
      ]
    : ["exit 0"];
  return [
    "#!/bin/sh",
    "# Fake reboot for a netns test host (written by @deploykit/sandbox).",
    // Detached like a real shutdown: the caller's ssh session ends normally, the rest happens afterwards.
    `if [ "$1" != --detached ]; then setsid -f "$0" --detached </dev/null >/dev/null 2>&1; exit 0; fi`,
    `echo "down $(date +%s%3N)" >> ${sh(o.eventsFile)}`,
    `ip link set dev ${sh(o.veth)} down`,
    // Like a real reboot, every process of the host but its init dies (sshd and its sessions): all that share its
    // network namespace.
    // Three processes in all, not one per process of the machine: on a busy machine a fork each took seconds.
    "me=$(stat -L -c %i /proc/self/ns/net)",
    `read -r init < ${sh(o.initPidFile)}`,
    `pids=$(stat -L -c '%n %i' /proc/[0-9]*/ns/net 2>/dev/null \\`,
    `  | awk -v me="$me" -v self=$$ -v init="$init" \\`,
    `    '$2 == me { split($1, p, "/"); if (p[3] != self && p[3] != init) print p[3] }')`,
    "kill -9 $pids 2>/dev/null",
    // Like a real reboot's, the host's /run is empty again but for sshd's directory; only if it is the host's own.
    `if grep -q '^${RUN_SOURCE} /run ' /proc/self/mounts; then`,
    "  find /run -mindepth 1 -maxdepth 1 ! -name sshd -exec rm -rf --one-file-system {} +",
    "fi",
    // Written in place (same inode), so the bind mount over boot_id shows the new value.
    `cat /proc/sys/kernel/random/uuid > ${sh(o.bootIdFile)}`,
    ...(o.onBoot === undefined ? [] : [o.onBoot]),
    ...comeBack,
    "",
  ].join("\n");
}
