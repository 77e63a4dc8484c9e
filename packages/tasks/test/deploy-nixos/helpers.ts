import {
  appendFileSync,
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Host } from "@deploykit/core";
import { createSudoUser, startSandbox, writeNixosStandIn, type Sandbox, type SudoUser } from "@deploykit/sandbox";
import type { NixosMeta } from "../../src/builtin/deploy-nixos/index.ts";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { forgetActivations } from "../../../../examples/try-hosts.ts";

const FIXTURE_BIN = join(import.meta.dirname, "fixtures", "bin");

/**
 * Sandbox hosts whose PATH starts with the stand-ins (a stand-in NixOS, sudo), and where they record what they saw.
 */
export type Fleet = {
  readonly sandbox: Sandbox;
  /** This fleet's scratch directory: stand-ins, records, sources. */
  readonly work: string;
  readonly records: string;
  /** One Host per sandbox address, user root, with `meta` from `metas[i]`. */
  hosts(metas: readonly NixosMeta[]): Host<NixosMeta>[];
  /**
   * A directory under the sandbox's temp dir for one host to receive the configuration (the hosts share this
   * filesystem).
   */
  configDir(address: string, name?: string): string;
  /** The arguments the stand-in nixos-rebuild got on the host at `address`, or undefined if it did not run there. */
  argv(address: string): string[] | undefined;
  whoami(address: string): string | undefined;
  /** Lines the stand-in sudo logged, or undefined when sudo never ran. */
  sudoLog(): string[] | undefined;
  /** Makes the stand-in nixos-rebuild fail on `address`. */
  failOn(address: string): void;
  /** Makes the stand-in nixos-rebuild wait on `address` at `stage` until `release(address)` (60 s at most). */
  hold(address: string, stage: "build" | "switch"): void;
  release(address: string): void;
  /** Whether the last stand-in nixos-rebuild started on `address` still runs. */
  rebuildRuns(address: string): boolean;
  /** What the stand-in NixOS did on `address`, one step a line, without the timestamps. */
  steps(address: string): string[];
  clearRecords(): void;
  stop(): Promise<void>;
};

/** `hostCount` stand-in NixOS hosts; `sshdConfig`: extra lines for their sshd (e.g. a `Match` block's log level). */
export async function startFleet(hostCount = 3, sshdConfig: readonly string[] = []): Promise<Fleet> {
  const work = mkdtempSync(join(tmpdir(), "dk-deploy-nixos-"));
  const bin = join(work, "bin");
  const records = join(work, "records");
  cpSync(FIXTURE_BIN, bin, { recursive: true });
  // The stand-in NixOS (nixos-rebuild, nix-env, nix, readlink) keeps each host's generations under records/.
  writeNixosStandIn(bin, records);
  const path = `${bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({ hosts: hostCount, env: { PATH: path }, sshdConfig });
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : undefined);
  return {
    sandbox,
    work,
    records,
    hosts: (metas) =>
      metas.map(
        (meta, i) =>
          new Host<NixosMeta>(sandbox.addresses[i]!, {
            user: "root",
            port: sandbox.port,
            ...sandbox.hostOptions,
            meta,
          }),
      ),
    configDir: (address, name = "nixos") => join(sandbox.dir, "hosts", address, name),
    argv: (address) =>
      read(join(records, `${address}.argv`))
        ?.split("\n")
        .slice(0, -1),
    whoami: (address) => read(join(records, `${address}.whoami`))?.trim(),
    sudoLog: () => read(join(records, "sudo.log"))?.split("\n").slice(0, -1),
    failOn: (address) => writeFileSync(join(records, `${address}.fail`), ""),
    hold: (address, stage) => writeFileSync(join(records, `${address}.hold`), stage),
    release: (address) => rmSync(join(records, `${address}.hold`), { force: true }),
    rebuildRuns: (address) => {
      const pid = Number(read(join(records, `${address}.pid`)));
      return Number.isInteger(pid) && pid > 0 && existsSync(`/proc/${pid}`);
    },
    steps: (address) =>
      (read(join(records, `${address}.log`)) ?? "")
        .split("\n")
        .filter(Boolean)
        .map((line) => line.replace(/^\d+ /, "")),
    clearRecords: () => {
      rmSync(records, { recursive: true, force: true });
      mkdirSync(records, { mode: 0o777 });
      chmodSync(records, 0o777);
    },
    async stop() {
      forgetActivations(sandbox.dir);
      await sandbox.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * A one-host fleet whose login user (`prefix-PID`) has real sudo wanting `password`, not the fleet's stand-in: the user
 * reads the sandbox's keys, and sudo finds the stand-in NixOS through the user's own secure_path, as a real host's
 * would find nixos-rebuild. Remove the user before stopping the fleet.
 */
export async function startSudoFleet(prefix: string, password: string): Promise<{ fleet: Fleet; user: SudoUser }> {
  const fleet = await startFleet(1);
  rmSync(join(fleet.work, "bin", "sudo"));
  chmodSync(fleet.sandbox.dir, 0o755);
  chmodSync(fleet.work, 0o755);
  const user = createSudoUser(`${prefix}-${process.pid}`, password, fleet.sandbox.home);
  const path = `${join(fleet.work, "bin")}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
  appendFileSync(`/etc/sudoers.d/${user.name}`, `Defaults:${user.name} secure_path="${path}"\n`);
  return { fleet, user };
}

/** The sudo fleet's host, logged in to as `user`, deploying `configDir` with flake attribute `web`. */
export function sudoUserHost(fleet: Fleet, user: SudoUser, configDir: string): Host<NixosMeta> {
  const { addresses, hostOptions, port } = fleet.sandbox;
  return new Host<NixosMeta>(addresses[0]!, {
    ...hostOptions,
    user: user.name,
    port,
    meta: { configDir, flakeAttr: "web" },
  });
}

/**
 * The test file's one stand-in NixOS host: its fleet, started before the file's tests and stopped after them (records
 * cleared before each test), the host's address, and a configuration directory to deploy (`makeSource`).
 */
export function useOneHost(sourceName: string): {
  readonly fleet: Fleet;
  readonly address: string;
  readonly source: string;
} {
  let fleet: Fleet | undefined;
  let source = "";
  beforeAll(async () => {
    fleet = await startFleet(1);
    source = makeSource(join(fleet.work, sourceName));
  }, 120_000);
  afterAll(async () => fleet?.stop());
  beforeEach(() => fleet?.clearRecords());
  return {
    get fleet() {
      return fleet!;
    },
    get address() {
      return fleet!.sandbox.addresses[0]!;
    },
    get source() {
      return source;
    },
  };
}

/**
 * A configuration directory like a user's: flake.nix (or configuration.nix), an executable, a private file,
 * a symlink, and files that `.rsync-filter` rules (top level and per directory) keep from being sent.
 */
export function makeSource(dir: string, kind: "flake" | "configuration.nix" = "flake"): string {
  mkdirSync(join(dir, "modules"), { recursive: true });
  const write = (name: string, text: string, mode = 0o644) => {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), mode);
  };
  if (kind === "flake") write("flake.nix", "{ outputs = { self }: { }; }\n");
  write("configuration.nix", "{ ... }: { imports = [ ./modules/web.nix ]; }\n");
  write("modules/web.nix", "{ ... }: { services.nginx.enable = true; }\n");
  write("activate.sh", "#!/bin/sh\necho hi\n", 0o755);
  write("secret.key", "not really secret\n", 0o600);
  symlinkSync("modules/web.nix", join(dir, "current.nix"));
  write(".rsync-filter", "- *.local\n");
  write("notes.local", "kept on the controller\n");
  write("modules/.rsync-filter", "- draft.nix\n");
  write("modules/draft.nix", "{ }\n");
  return dir;
}
