import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseHosts, type Group } from "@deploykit/core";
import {
  startNetnsHosts,
  waitUntil,
  type NetnsFleet,
  type NetnsFleetOptions,
  type NetnsHostOptions,
} from "@deploykit/sandbox";
import type { ProgressStream, RebootOptions } from "../../src/builtin/reboot/index.ts";

/** Probe settings that keep the tests quick: a probe every 0.2 s, 0.3 s for an answer, 2 s for ssh to connect. */
export const FAST = { probeInterval: 0.2, probeTimeout: 0.3, connectTimeout: 2 } as const satisfies RebootOptions;

/** A stream that records what reboot prints; `isTTY` makes it look like a terminal. */
export function capture(isTTY = false): ProgressStream & { text(): string } {
  let text = "";
  return {
    isTTY,
    columns: 200,
    write(chunk: string) {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

/** Starts netns test hosts, runs `fn`, and always removes them; a fixture failure fails the test (never a skip). */
export async function withHosts<T>(
  hosts: readonly NetnsHostOptions[],
  fn: (fleet: NetnsFleet, group: Group) => Promise<T>,
  fleetOptions: Omit<NetnsFleetOptions, "hosts"> = {},
): Promise<T> {
  const fleet = await startNetnsHosts({ ...fleetOptions, hosts });
  try {
    return await fn(fleet, parseHosts(fleet.spec, fleet.hostOptions));
  } finally {
    await fleet.stop();
  }
}

/** The rejection of `promise`, or a failure when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection, but it resolved");
}

/**
 * Runs `fn` with a PATH that has every program of this one except ping (links in a directory of their own), as on a
 * machine without ping; PATH and the directory are restored and removed afterwards.
 */
export async function withoutPing<T>(fn: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "dkr-noping-"));
  const before = process.env.PATH;
  const seen = new Set(["ping"]);
  for (const entry of (before ?? "").split(":")) {
    let names: string[] = [];
    try {
      names = readdirSync(entry);
    } catch {
      continue;
    }
    // The first directory on PATH that has a name wins, as for the shell.
    for (const name of names.filter((n) => !seen.has(n))) {
      seen.add(name);
      symlinkSync(join(entry, name), join(dir, name));
    }
  }
  process.env.PATH = dir;
  try {
    return await fn(dir);
  } finally {
    process.env.PATH = before;
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A reboot command for the fleet's first host that notes where its output goes (the status file) and its parent (the
 * shell that ends the file once it returns), then runs `then`.
 */
export function noting(fleet: NetnsFleet, then: string) {
  const dir = join(fleet.dir, fleet.hosts[0]!.namespace);
  const command = join(dir, "bin", "noting");
  const [where, parent] = [join(dir, "where"), join(dir, "parent")];
  writeFileSync(
    command,
    `#!/bin/sh\necho $PPID > ${parent}\nw=$(readlink /proc/$$/fd/1)\necho "$w" > ${where}\n${then}\n`,
  );
  chmodSync(command, 0o755);
  const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").trim() : "");
  return {
    command,
    /** The status file the command wrote to. */
    file: () => read(where),
    /** Resolves once the command and the shell around it are over: the file holds its exit status, or is gone. */
    ended: () => waitUntil(() => read(parent) !== "" && !existsSync(`/proc/${read(parent)}`), "the command's end"),
  };
}
