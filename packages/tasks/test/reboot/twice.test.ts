// One host named twice in other words (`web1` and `web1:22`, an ssh config alias and its HostName) is refused before
// anything runs: both entries would reboot it at once. Nothing here reaches a host: ssh only reads its configuration.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Host } from "@deploykit/core";
import { afterAll, describe, expect, it } from "vitest";
import { reboot, rebootTask } from "../../src/builtin/reboot/index.ts";
import { dk } from "../helpers/dk.ts";
import { capture, rejection } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "dkr-twice-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = join(dir, "ssh_config");
writeFileSync(config, "Host web\n  HostName web1.invalid\n  Port 2222\n");
const at = (name: string, port?: number) =>
  new Host(name, { user: "root", ...(port === undefined ? {} : { port }), sshOptions: ["-F", config] });

describe("reboot of one host named twice", () => {
  it("refuses it, naming both entries and the host ssh takes them to, dry run or not", async () => {
    for (const dryRun of [true, false]) {
      const output = capture();
      const error = await rejection(
        reboot([at("web1.invalid"), at("web2.invalid"), at("WEB1.invalid", 22)], {
          dryRun,
          output,
        }),
      );
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        "Expected each host once, got `root@web1.invalid` and `root@WEB1.invalid:22` are one host to ssh " +
          "(web1.invalid port 22): it would be rebooted twice at once",
      );
      expect(output.text()).toBe("");
    }
    const alias = await rejection(reboot([at("web"), at("web1.invalid", 2222)], { output: capture() }));
    expect(alias.message).toContain(
      "`root@web` and `root@web1.invalid:2222` are one host to ssh (web1.invalid port 2222)",
    );
    // Another port of one name is another host to ssh (a gateway forwarding each port to a machine of its own).
    const ports = await reboot([at("web"), at("web1.invalid")], { dryRun: true, output: capture() });
    expect(ports.map((r) => r.ok)).toEqual([true, true]);
  });

  it("as the dk task: bad usage of --hosts, exit 2, before anything runs", async () => {
    const error = await rejection(rebootTask({ hosts: "web1.invalid,web1.invalid:22" }));
    expect(error).toMatchObject({ option: "hosts" });
    const result = await dk(["reboot", "--hosts", "root@web1.invalid,root@web1.invalid:22"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      "dk: --hosts names a host twice: `root@web1.invalid` and `root@web1.invalid:22` are one host to ssh " +
        "(web1.invalid port 22); give it once",
    );
    expect(result.stdout).toBe("");
  });
});
