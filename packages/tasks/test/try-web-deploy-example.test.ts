// examples/web-deploy.ts as the README runs it (`pnpm dk try-web-deploy` in examples/), and its deploy on hosts that
// have no curl, which Debian does not install: the app is waited for and asked with node, which the hosts run it with;
// an app that cannot listen fails its host at once, with node's reason.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createServer, type AddressInfo } from "node:net";
import { Group, GroupError, Host } from "@deploykit/core";
import { freePort, startSandbox, waitUntil } from "@deploykit/sandbox";
import { beforeAll, describe, expect, it } from "vitest";
import { deployApp, type AppMeta } from "../../../examples/web-deploy.ts";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { packageDir, tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const examples = join(packageDir, "..", "..", "examples");

// Whether anything answers HTTP at `listen` (address:port).
const answers = (listen: string) =>
  fetch(`http://${listen}/`).then(
    () => true,
    () => false,
  );

describe("examples/web-deploy.ts", () => {
  it(
    "dk try-web-deploy deploys two releases to a sandbox host, shows what it serves, and stops the app",
    {
      timeout: 180_000,
    },
    async () => {
      const port = await freePort("127.0.0.2");
      const run = await dk(["try-web-deploy", "--hosts", "1", "--port", String(port)], {
        cwd: examples,
        timeoutMs: 150_000,
      });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
      expect(run.stdout).toContain("[host1] $ current/bin/status\n[host1] release-2\n");
      expect(run.stdout).toMatch(/\n1 host: 1 ok, 0 failed\n/);
      await waitUntil(async () => !(await answers(`127.0.0.2:${port}`)), "the app to be stopped");
    },
  );

  it(
    "dk try-web-deploy stopped by Ctrl-C stops the app it started and leaves no files",
    { timeout: 180_000 },
    async () => {
      const tmp = tempDir("try-web-deploy-tmp-");
      const port = await freePort("127.0.0.2");
      const run = await dk(["try-web-deploy", "--hosts", "1", "--port", String(port)], {
        cwd: examples,
        env: { TMPDIR: tmp },
        timeoutMs: 150_000,
        // Once restart has ended (the app, in a session of its own, outlives its ssh session) and the pruning of old
        // releases starts, while the build is still there.
        onOutput: { text: `xargs -r rm -rf --' sh release-1 4\n`, act: (child) => child.kill("SIGINT") },
      });
      expect(run.code).toBe(130);
      expect(run.stderr).toMatch(/^dk: interrupted \(SIGINT\)/);
      await waitUntil(async () => !(await answers(`127.0.0.2:${port}`)), "the app to be stopped");
      expect(readdirSync(tmp)).toEqual([]);
    },
  );

  it(
    "dk try-web-deploy whose app cannot listen names the app's reason in the summary, not its clean-up's",
    { timeout: 180_000 },
    async () => {
      // Another program holds the app's address and port.
      const holder = createServer();
      await new Promise<void>((resolve) => holder.listen(0, "127.0.0.2", resolve));
      const port = (holder.address() as AddressInfo).port;
      try {
        const run = await dk(["try-web-deploy", "--hosts", "1", "--port", String(port)], {
          cwd: examples,
          timeoutMs: 150_000,
        });
        expect(run.code).toBe(1);
        const row = run.stdout.split("\n").find((line) => line.startsWith("host1  "));
        expect(row).toMatch(/ failed .*the app exited as it started: Error: listen EADDRINUSE/);
        expect(run.stdout).not.toContain("No such process");
      } finally {
        holder.close();
      }
    },
  );

  it(
    "dk try-web-deploy without --port takes a port free at its hosts, so two at once (and 8080 taken) both work",
    { timeout: 180_000 },
    async () => {
      // Another program (another try-web-deploy) holds 8080 at the first host's address; held already is as good.
      const holder = createServer();
      await new Promise<void>((resolve) => holder.once("error", () => resolve()).listen(8080, "127.0.0.2", resolve));
      try {
        const run = await dk(["try-web-deploy", "--hosts", "1"], { cwd: examples, timeoutMs: 150_000 });
        expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
        expect(run.stdout).toContain("[host1] release-2\n");
      } finally {
        holder.close();
      }
    },
  );

  it("dk try-web-deploy refuses a port the app cannot listen on, before any host starts", async () => {
    for (const port of ["0", "70000", "-1", "80.5"]) {
      const run = await dk(["try-web-deploy", "--port", port], { cwd: examples, timeoutMs: 60_000 });
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: "" });
      expect(run.stderr).toContain(`Expected \`--port\` to be a port from 1 to 65535, got \`${port}\``);
    }
  });

  it("deploys to a host that has no curl", { timeout: 180_000 }, async () => {
    const bin = tempDir("no-curl-");
    writeFileSync(join(bin, "curl"), '#!/bin/sh\necho "curl: not installed" >&2\nexit 127\n', { mode: 0o755 });
    const sandbox = await startSandbox({ hosts: 1, env: { PATH: `${bin}:/usr/local/bin:/usr/bin:/bin` } });
    const address = sandbox.addresses[0]!;
    const meta = { root: join(sandbox.dir, "web-app"), listen: `${address}:${await freePort(address)}` };
    const host = new Host<AppMeta>(address, { ...sandbox.hostOptions, user: sandbox.user, port: sandbox.port, meta });
    try {
      await deployApp(new Group([host]), "r1");
      expect(await (await fetch(`http://${meta.listen}/`)).text()).toBe("r1\n");
    } finally {
      await host.with({ cwd: meta.root }).run('[ ! -f run/app.pid ] || kill "$(cat run/app.pid)"', { check: false });
      await sandbox.stop();
    }
  });

  it("fails a host whose app cannot listen, with the app's own reason", { timeout: 180_000 }, async () => {
    const sandbox = await startSandbox({ hosts: 1 });
    const address = sandbox.addresses[0]!;
    // Another program holds the app's address and port.
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, address, resolve));
    const listen = `${address}:${(holder.address() as AddressInfo).port}`;
    const meta = { root: join(sandbox.dir, "web-app"), listen };
    const host = new Host<AppMeta>(address, { ...sandbox.hostOptions, user: sandbox.user, port: sandbox.port, meta });
    try {
      const error = await deployApp(new Group([host]), "r1").then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(error).toBeInstanceOf(GroupError);
      expect((error as GroupError).message).toContain(
        "failed with exit code 1: the app exited as it started: " +
          `Error: listen EADDRINUSE: address already in use ${listen}`,
      );
    } finally {
      holder.close();
      await sandbox.stop();
    }
  });
});
