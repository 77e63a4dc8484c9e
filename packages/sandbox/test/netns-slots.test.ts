// Netns slots of processes that start at the same block (their PIDs agree modulo the number of blocks) never share an
// address pair: each pair is reserved on this machine before it is used.
import type { ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, UnsafeReservationsDirError } from "../src/index.ts";
import { reservationsDir, reserveSubnet } from "../src/netns/reservations.ts";
import { releaseSlot, subnetOf, type Slot } from "../src/netns/slots.ts";

const asRoot = process.getuid?.() === 0;
const source = JSON.stringify(new URL("../src/netns/slots.ts", import.meta.url).pathname);
// Any block: both children are told to start at it.
const SPREAD = 7;
const script = `const { allocateSlot } = await import(${source});
console.log(JSON.stringify(allocateSlot(${SPREAD})));
process.stdin.resume();`;
const argv = ["--import", "tsx", "--input-type=module", "-e", script];

// A child that allocates a slot and holds it (stays alive) until its stdin ends.
async function holdSlot(): Promise<{ slot: Slot; child: ChildProcess; done: Promise<unknown> }> {
  let stdout = "";
  let printed!: (child: ChildProcess) => void;
  const line = new Promise<ChildProcess>((resolve) => (printed = resolve));
  const holding = (out: string) => out.endsWith("\n") && (stdout = out) !== "";
  const done = collect(process.execPath, argv, { openStdin: true, onOutput: { text: holding, act: printed } });
  const child = await Promise.race([line, done.then((r) => Promise.reject(new Error(JSON.stringify(r))))]);
  return { slot: JSON.parse(stdout) as Slot, child, done };
}

describe("netns slots", () => {
  it("of two live processes starting at the same block are different /30 pairs", async () => {
    if (!asRoot) throw new Error("netns test hosts need root: run the tests as root, as CI does");
    const first = await holdSlot();
    try {
      const second = await holdSlot();
      second.child.stdin!.end();
      await second.done;
      releaseSlot(second.slot);
      expect(subnetOf(second.slot)).not.toBe(subnetOf(first.slot));
    } finally {
      first.child.stdin!.end();
      await first.done;
      releaseSlot(first.slot);
    }
  });

  it("takes over the pair of a process killed with SIGKILL, which could not give it back", async () => {
    if (!asRoot) throw new Error("netns test hosts need root: run the tests as root, as CI does");
    const killed = await holdSlot();
    killed.child.kill("SIGKILL");
    await killed.done;
    const next = await holdSlot();
    next.child.stdin!.end();
    await next.done;
    releaseSlot(next.slot);
    expect(subnetOf(next.slot)).toBe(subnetOf(killed.slot));
  });
});

describe("the reservations directory", () => {
  const scratch = () => mkdtempSync(join(tmpdir(), "dk-reservations-"));

  it("is refused when it is a symlink, writable by others, or another user's", () => {
    const dir = scratch();
    try {
      const real = join(dir, "real");
      mkdirSync(real, { mode: 0o700 });
      symlinkSync(real, join(dir, "link"));
      expect(() => reservationsDir(join(dir, "link"))).toThrow(UnsafeReservationsDirError);
      chmodSync(real, 0o777);
      expect(() => reservationsDir(real)).toThrow("is writable by others");
      chmodSync(real, 0o700);
      expect(reservationsDir(real)).toBe(real);
      if (asRoot) {
        chownSync(real, 65534, 65534);
        expect(() => reservationsDir(real)).toThrow("belongs to uid 65534");
      }
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("holds files that are never followed nor taken over unless they are a dead owner's reservations", () => {
    const dir = scratch();
    try {
      const target = join(dir, "target");
      writeFileSync(target, "keep\n");
      symlinkSync(target, join(dir, "169.254.7.0"));
      expect(reserveSubnet("169.254.7.0", "dkr-1-0", dir)).toBe(false);
      writeFileSync(join(dir, "169.254.7.4"), "not a reservation\n");
      expect(reserveSubnet("169.254.7.4", "dkr-1-1", dir)).toBe(false);
      // A dead owner's, in form, but another user's file.
      const pidNamespace = readlinkSync("/proc/self/ns/pid");
      const name = `dkr-999999999-1-${pidNamespace.replace(/\D/g, "")}-0`;
      writeFileSync(join(dir, "169.254.7.8"), `999999999 1 ${pidNamespace}\n${name}\n`);
      if (asRoot) chownSync(join(dir, "169.254.7.8"), 65534, 65534);
      expect(reserveSubnet("169.254.7.8", "dkr-1-2", dir)).toBe(!asRoot);
      expect([readFileSync(target, "utf8"), existsSync(join(dir, "169.254.7.4"))]).toEqual(["keep\n", true]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
