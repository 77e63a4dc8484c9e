// examples/web-deploy.ts takes a release name that is one directory name under releases/: an empty one (a
// `--release "$VERSION"` with VERSION unset) mirrored the app into releases/ itself, and the prune then removed every
// earlier release, the ones a rollback goes back to.
import { readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { Group, Host } from "@deploykit/core";
import { freePort, startSandbox } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { deployApp, type AppMeta } from "../../../examples/web-deploy.ts";

describe("examples/web-deploy.ts's deployApp", () => {
  it(
    "refuses a release name that is no directory name, and the releases there stay",
    { timeout: 180_000 },
    async () => {
      const sandbox = await startSandbox({ hosts: 1 });
      const address = sandbox.addresses[0]!;
      const meta = { root: join(sandbox.dir, "web-app"), listen: `${address}:${await freePort(address)}` };
      const host = new Host<AppMeta>(address, { ...sandbox.hostOptions, user: sandbox.user, port: sandbox.port, meta });
      try {
        await deployApp(new Group([host]), "r1");
        for (const release of ["", ".", "..", "a/b", "../r0", "r\n2"]) {
          await expect(deployApp(new Group([host]), release)).rejects.toThrow(
            `Expected \`release\` to be one directory name (letters, digits, and . _ + @ -; not . or ..), got ` +
              `${JSON.stringify(release)}`,
          );
        }
        expect(readdirSync(join(meta.root, "releases"))).toEqual(["r1"]);
        expect(readlinkSync(join(meta.root, "current"))).toBe("releases/r1");
      } finally {
        await host.with({ cwd: meta.root }).run('[ ! -f run/app.pid ] || kill "$(cat run/app.pid)"', { check: false });
        await sandbox.stop();
      }
    },
  );
});
