// Many sandboxes in one process share one exit listener: Node warns past ten listeners of one event.
import { describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/index.ts";

describe("exit clean-up", () => {
  it("twelve sandboxes in one process add one exit listener, no warning, and take it back when stopped", async () => {
    const before = process.listenerCount("exit");
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on("warning", onWarning);
    const started = await Promise.allSettled(Array.from({ length: 12 }, () => startSandbox({ hosts: 1 })));
    const sandboxes = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : [])) as Sandbox[];
    try {
      expect(started.filter((s) => s.status === "rejected")).toEqual([]);
      expect(process.listenerCount("exit")).toBe(before + 1);
      // Node emits the warning on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      await Promise.all(sandboxes.map((sandbox) => sandbox.stop()));
      process.removeListener("warning", onWarning);
    }
    expect(process.listenerCount("exit")).toBe(before);
  });
});
