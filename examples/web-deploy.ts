// A Fabric-style deploy (Fabric's put, cd and run): build locally, upload the release next to the others, switch the
// `current` symlink to it, restart the app, keep the last few releases. `pnpm dk web-deploy --hosts …` on real hosts,
// `pnpm dk try-web-deploy` on sandbox hosts of this machine.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Group, Host, parseHosts } from "@deploykit/core";
import { freePortOn, startSandbox } from "@deploykit/sandbox";
import { atExit } from "./at-exit.ts";

/** Where a host keeps the app, and the address:port it listens on. */
export type AppMeta = { readonly root: string; readonly listen: string };

// The "build": the app's files and its release name in VERSION.
function build(release: string): string {
  const dir = mkdtempSync(join(tmpdir(), "web-app-build-"));
  cpSync(join(import.meta.dirname, "web-app"), dir, { recursive: true });
  writeFileSync(join(dir, "VERSION"), `${release}\n`);
  return dir;
}

/** Ships `release` of the app to every host of `group` at once; a host that fails keeps its running release. */
export async function deployApp(group: Group<AppMeta>, release: string, keep = 3): Promise<void> {
  // One directory of releases/: "" (an unset $VERSION) would be releases/ itself, whose old releases the prune removes.
  if (!/^[\w.+@-]+$/.test(release) || release === "." || release === "..") {
    throw new TypeError(
      "Expected `release` to be one directory name (letters, digits, and . _ + @ -; not . or ..), " +
        `got ${JSON.stringify(release)}`,
    );
  }
  const dir = build(release);
  // Ctrl-C can end dk before the finally below (see at-exit.ts).
  const forgetDir = atExit(() => rmSync(dir, { recursive: true, force: true }));
  try {
    await group.runFunction(async (host) => {
      // Fabric's `with c.cd(root)`: every run and transfer of `app` happens in the app's root, with its address.
      const app = host.with({ cwd: host.meta.root, env: { APP_LISTEN: host.meta.listen } });
      // The build's contents become releases/<release>; each file is written under a temporary name, then renamed.
      await app.upload(dir, `releases/${release}`, { mode: "D755,go-w" });
      // mv -T renames over the old link in one step: `current` is never missing.
      await app.run(["sh", "-c", 'ln -sfn "releases/$1" current.new && mv -T current.new current', "sh", release]);
      await app.run("current/bin/restart");
      // Newest first by time, not by name, and never the release just switched to (a rollback to an older one).
      const prune = 'ls -1dt releases/* | tail -n +"$2" | grep -vxF "releases/$1" | xargs -r rm -rf --';
      await app.run(["sh", "-c", prune, "sh", release, String(keep + 1)]);
    });
  } finally {
    forgetDir();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Deploy the web app (examples/web-app) to hosts: upload a release, switch `current` to it, restart.
 * Example: pnpm dk web-deploy --hosts root@web1.example.com,root@web2.example.com
 */
export async function webDeploy({
  hosts,
  root = "/srv/web-app",
  listen = "0.0.0.0:8080",
  release,
}: {
  /** user@host:port,… */
  hosts: string;
  /** the app's directory on the hosts */
  root?: string;
  /** address:port the app listens on */
  listen?: string;
  /** the release's name (default: the time, 20260102150405) */
  release?: string;
}): Promise<void> {
  const group = parseHosts(hosts).hosts.map(
    (host) => new Host<AppMeta>(host.hostname, { ...host, meta: { root, listen } }),
  );
  // The time as 20260102150405, computed here so that --help shows the doc line rather than this code.
  await deployApp(new Group(group), release ?? new Date().toISOString().replace(/\D/g, "").slice(0, 14));
}

// Ends the app whose pid file is `pidFile`, if it started.
function stopApp(pidFile: string): void {
  try {
    const pid = Number(readFileSync(pidFile, "utf8"));
    // 0 or less would signal a whole process group, dk's own among them.
    if (Number.isInteger(pid) && pid > 0) process.kill(pid);
  } catch {
    // No pid file (the app never started there) or no such process (it ended).
  }
}

/**
 * Try web-deploy on sandbox hosts: starts throwaway hosts on this machine, deploys two releases of the web app to
 * them (the second replaces the first, running), shows what each host serves, then stops the apps and the hosts.
 * Example: pnpm dk try-web-deploy --hosts 3
 */
export async function tryWebDeploy({
  hosts = 2,
  port,
}: {
  /** how many sandbox hosts */
  hosts?: number;
  /** the port the app listens on, at each host's own address (default: one free at every host's address) */
  port?: number;
} = {}): Promise<void> {
  // Checked before any host starts: port 0 would be any free port, which the app's status check cannot ask.
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new TypeError(`Expected \`--port\` to be a port from 1 to 65535, got \`${port}\``);
  }
  const roots: string[] = [];
  // Ctrl-C can end dk before the finally below (see at-exit.ts), and the apps run in sessions of their own, which the
  // sandbox's stop does not reach: each is ended from its pid file, before the sandbox removes its files (it starts
  // after this).
  const forgetApps = atExit(() => roots.forEach((root) => stopApp(join(root, "run", "app.pid"))));
  const sandbox = await startSandbox({ hosts });
  // Not a fixed one: another try (or any program) may hold it at these addresses.
  const appPort =
    port ??
    (await freePortOn(sandbox.addresses).catch(async (error: unknown) => {
      forgetApps();
      await sandbox.stop();
      throw error;
    }));
  const group = new Group(
    sandbox.addresses.map(
      (address, i) =>
        new Host<AppMeta>(address, {
          ...sandbox.hostOptions,
          user: sandbox.user,
          port: sandbox.port,
          commandPrefix: `host${i + 1}`,
          // Sandbox hosts share this machine's disk: each gets its own root.
          meta: { root: join(sandbox.dir, `host${i + 1}`, "web-app"), listen: `${address}:${appPort}` },
        }),
    ),
  );
  roots.push(...group.hosts.map((host) => host.meta.root));
  try {
    await deployApp(group, "release-1");
    await deployApp(group, "release-2");
    // What each host serves now, asked on the host as restart asks it.
    await group.runFunction((host) =>
      host.with({ cwd: host.meta.root, env: { APP_LISTEN: host.meta.listen } }).run("current/bin/status"),
    );
  } finally {
    // Quiet, and no group call: the summary keeps each host's deploy outcome, not this clean-up's (whose kill fails
    // when the app has already exited); settled, so the sandbox stops whatever happened.
    const stop = '[ ! -f run/app.pid ] || kill "$(cat run/app.pid)"';
    const options = { quiet: true, check: false } as const;
    await Promise.allSettled(group.hosts.map((host) => host.run(stop, { ...options, cwd: host.meta.root })));
    forgetApps();
    await sandbox.stop();
  }
}
