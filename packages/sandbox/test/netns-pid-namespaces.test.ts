// Netns fleets of processes in other PID namespaces that share /run/netns (containers, users of unshare): their
// namespaces never clash with this process's, even when their PIDs are the same, and a fleet's start here removes
// those of a gone owner only, never a live one's.
import { spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, startNetnsHosts, waitUntil, type Collected } from "../src/index.ts";
import { attempt } from "../src/netns/exec.ts";
import { RESERVATIONS_DIR } from "../src/netns/reservations.ts";
import { namespaceOwner, subnetOf, type Slot } from "../src/netns/slots.ts";

const asRoot = process.getuid?.() === 0;
const slots = JSON.stringify(new URL("../src/netns/slots.ts", import.meta.url).pathname);
const namespace = JSON.stringify(new URL("../src/netns/namespace.ts", import.meta.url).pathname);
const namespaces = () => (attempt("ip", ["netns", "list"]) ?? "").split("\n").map((line) => line.split(" ")[0]!);
const reserved = (slot: Slot) => existsSync(join(RESERVATIONS_DIR, subnetOf(slot).replace("/30", "")));

type Held = { slot: Slot; pid: number; child: ChildProcess; done: Promise<Collected> };

// A process with PID `pid` in a PID namespace of its own (its /proc too; /run/netns shared) that takes a slot from
// block `spread` on, makes its namespace with `make`, prints it, and holds it until its stdin ends; then it destroys
// it. `unshare` is this test's child and takes the whole PID namespace with it when it is killed.
async function holdInPidNamespace(pid: number, make: boolean, spread = 7): Promise<Held> {
  const script = `const { allocateSlot, releaseSlot } = await import(${slots});
    const { createNamespace, destroyNamespace } = await import(${namespace});
    const slot = allocateSlot(${spread});
    if (${make}) createNamespace(slot, false);
    console.log(JSON.stringify({ slot, pid: process.pid }));
    process.stdin.resume().on("end", async () => {
      if (${make}) await destroyNamespace(slot);
      else releaseSlot(slot);
      process.exit(0);
    });`;
  const unshare = ["--pid", "--fork", "--kill-child", "--mount-proc", "--propagation", "unchanged"];
  // The next PID there is `pid`: node is the first process forked after the write.
  const sh = `echo ${pid - 1} > /proc/sys/kernel/ns_last_pid && "$0" --import tsx --input-type=module -e "$1"; exit $?`;
  let stdout = "";
  let printed!: (child: ChildProcess) => void;
  const line = new Promise<ChildProcess>((resolve) => (printed = resolve));
  const holding = (out: string) => out.endsWith("\n") && (stdout = out) !== "";
  const done = collect("unshare", [...unshare, "sh", "-c", sh, process.execPath, script], {
    openStdin: true,
    timeoutMs: 60_000,
    onOutput: { text: holding, act: printed },
  });
  const child = await Promise.race([line, done.then((r) => Promise.reject(new Error(JSON.stringify(r))))]);
  return { ...(JSON.parse(stdout) as { slot: Slot; pid: number }), child, done };
}

async function release(held: Held): Promise<void> {
  held.child.stdin!.end();
  await held.done;
}

// Whether a process still lives in PID namespace `pidNamespace` ("pid:[inode]"); a zombie's link cannot be read.
function livesIn(pidNamespace: string): boolean {
  const link = (entry: string) => {
    try {
      return readlinkSync(`/proc/${entry}/ns/pid`);
    } catch {
      return undefined;
    }
  };
  return readdirSync("/proc").some((entry) => /^\d+$/.test(entry) && link(entry) === pidNamespace);
}

// A PID that no process has here now.
const freePid = () => spawnSync("true").pid!;

describe("netns fleets in other PID namespaces", () => {
  it("get other namespace names than this machine's, even with the same PID", async () => {
    if (!asRoot) throw new Error("netns test hosts need root: run the tests as root, as CI does");
    const pid = freePid();
    // Different blocks: each takes its first pair there.
    const first = await holdInPidNamespace(pid, false, 7);
    try {
      const second = await holdInPidNamespace(pid, false, 8);
      await release(second);
      expect([first.pid, second.pid]).toEqual([pid, pid]);
      expect(second.slot.namespace).not.toBe(first.slot.namespace);
      expect(second.slot.outerVeth).not.toBe(first.slot.outerVeth);
    } finally {
      await release(first);
    }
  });

  it("keep their namespaces when a fleet starts here while their owner lives, though nothing runs there", async () => {
    if (!asRoot) throw new Error("netns test hosts need root: run the tests as root, as CI does");
    // Free here: a namespace named for it alone looked like a gone owner's.
    const held = await holdInPidNamespace(freePid(), true);
    try {
      const next = await startNetnsHosts({ hosts: [{}] });
      await next.stop();
      expect([namespaces().includes(held.slot.namespace), reserved(held.slot)]).toEqual([true, true]);
    } finally {
      await release(held);
    }
    expect([namespaces().includes(held.slot.namespace), reserved(held.slot)]).toEqual([false, false]);
  });

  it("lose their namespaces and reservations at a fleet's start here once their owner was killed", async () => {
    if (!asRoot) throw new Error("netns test hosts need root: run the tests as root, as CI does");
    const held = await holdInPidNamespace(freePid(), true);
    try {
      // This test's own child, by PID: the whole PID namespace ends with it.
      process.kill(held.child.pid!, "SIGKILL");
      await held.done;
      await waitUntil(() => !existsSync(`/proc/${held.child.pid}`), "the killed owner to end");
      // The namespace's init dies after unshare, and takes the owner with it: until then the owner still lives.
      const { pidNamespace } = namespaceOwner(held.slot.namespace)!;
      await waitUntil(() => !livesIn(pidNamespace), "the killed owner's PID namespace to empty");
      const next = await startNetnsHosts({ hosts: [{}] });
      await next.stop();
      expect([namespaces().includes(held.slot.namespace), reserved(held.slot)]).toEqual([false, false]);
    } finally {
      attempt("ip", ["netns", "del", held.slot.namespace]);
    }
  });
});
