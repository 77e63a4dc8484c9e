// examples/web-deploy.ts on sandbox hosts: a deploy run twice is the same deploy, a rollback to an older release
// keeps it (pruning never removes the release `current` points to), and stopping the apps leaves nothing running.
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { Group, Host } from "@deploykit/core";
import { freePort, waitUntil } from "@deploykit/sandbox";
import { useFleet } from "@deploykit/sandbox/vitest";
import { describe, expect, it } from "vitest";
import { deployApp, type AppMeta } from "../../../examples/web-deploy.ts";
import { alive } from "./helpers/alive.ts";

const fleet = useFleet({ hosts: 1 });

describe("examples/web-deploy.ts", () => {
  it(
    "deploys, redeploys the same release, rolls back to an older one, and stops cleanly",
    { timeout: 180_000 },
    async () => {
      const { addresses, hostOptions, user, port, dir } = fleet.sandbox;
      const hosts = await Promise.all(
        addresses.map(async (address, i) => {
          const meta = { root: join(dir, `web${i}`, "web-app"), listen: `${address}:${await freePort(address)}` };
          return new Host<AppMeta>(address, { ...hostOptions, user, port, meta });
        }),
      );
      const group = new Group(hosts);
      const pid = (h: Host<AppMeta>) => Number(readFileSync(join(h.meta.root, "run", "app.pid"), "utf8"));
      const serves = async (release: string) => {
        for (const h of hosts) expect(await (await fetch(`http://${h.meta.listen}/`)).text()).toBe(`${release}\n`);
      };
      const started: number[] = [];
      try {
        // Keeping one release: r2 replaces r1, then the rollback to r1 must remove r2, never r1.
        await deployApp(group, "r1", 1);
        started.push(...hosts.map(pid));
        await deployApp(group, "r1", 1);
        await serves("r1");
        started.push(...hosts.map(pid));
        for (const release of ["r2", "r1"]) await deployApp(group, release, 1);
        started.push(...hosts.map(pid));
        await serves("r1");
        for (const h of hosts) {
          expect(readlinkSync(join(h.meta.root, "current"))).toBe("releases/r1");
          expect(existsSync(join(h.meta.root, "current", "VERSION"))).toBe(true);
          expect(readdirSync(join(h.meta.root, "releases")).sort()).toEqual(["r1"]);
        }
      } finally {
        await group.runFunction((h) =>
          h.with({ cwd: h.meta.root }).run('[ ! -f run/app.pid ] || kill "$(cat run/app.pid)"'),
        );
      }
      // Each restart stopped the app before it; the last ones are gone once stopped.
      await waitUntil(() => started.every((p) => !alive(p)), "every app process to be gone");
    },
  );
});
