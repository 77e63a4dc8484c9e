// dk --on (core's `on` setting) picks the hosts that take part: reboot's dry run, live view and summary name those
// alone, as the reboot itself touches those alone. Nothing here reaches a host: nothing listens on port 1.
import { configure, Host, SelectionError, setPrinter } from "@deploykit/core";
import { afterEach, describe, expect, it } from "vitest";
import { reboot } from "../../src/builtin/reboot/index.ts";
import { capture, rejection } from "./helpers.ts";

const hosts = () => ["127.0.0.1", "127.0.0.2"].map((name) => new Host(name, { port: 1, user: "root" }));

afterEach(() => {
  configure({ on: undefined, dryRun: false });
  setPrinter(undefined);
});

describe("reboot under dk --on", () => {
  it("dry run: says it would reboot the selected hosts alone", async () => {
    configure({ on: "127.0.0.2" });
    const output = capture();
    const results = await reboot(hosts(), { output, dryRun: true });
    expect(results.map((r) => r.host.hostname)).toEqual(["127.0.0.2"]);
    expect(output.text()).toBe("[127.0.0.2] would run `reboot` and wait up to 600 s for a new boot id (dry run)\n");
  });

  it("dry run: a selection that picks no host is refused, as the reboot itself refuses it", async () => {
    configure({ on: "nothing" });
    const output = capture();
    expect(await rejection(reboot(hosts(), { output, dryRun: true }))).toBeInstanceOf(SelectionError);
    expect(output.text()).toBe("");
  });

  it("on a terminal: the live view and the summary have no row for a host left out", async () => {
    configure({ on: "!127.0.0.1" });
    const summarized: string[][] = [];
    setPrinter({ line: () => undefined, notice: () => {}, summarized: (tags) => void summarized.push([...tags]) });
    const output = capture(true);
    await rejection(reboot(hosts(), { output, connectTimeout: 1, probeTimeout: 0.2 }));
    expect(output.text()).toContain("127.0.0.2");
    expect(output.text()).not.toContain("127.0.0.1");
    expect(output.text()).toMatch(/reboot on 1 host: 0 ok, 1 failed/);
    expect(summarized).toEqual([["127.0.0.2"]]);
  });
});
