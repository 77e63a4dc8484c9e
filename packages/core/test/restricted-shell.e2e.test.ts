// A user whose login shell is a restricted bash (rbash): dk's command line, which needs redirections and exec, cannot
// run there, and the error says so, whatever else it tried first (a cwd).
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSudoUser, type SudoUser } from "@deploykit/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";

const home = mkdtempSync(join(tmpdir(), "dk-rbash-home-"));
// The sandbox's sshd sets HOME for every login: here the user's own.
const fleet = useFleet({ hosts: 1, env: { HOME: home } });
const name = `dk-rbash-${process.pid}`;
let user: SudoUser | undefined;
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

beforeAll(() => {
  chmodSync(fleet.sandbox.dir, 0o755);
  chmodSync(home, 0o755);
  user = createSudoUser(name, "not used", home, { shell: "/usr/bin/rbash" });
});
afterAll(async () => {
  await user?.remove();
  rmSync(home, { recursive: true, force: true });
});

describe("a restricted login shell (rbash)", () => {
  it.each([{}, { cwd: "/tmp" }])("is named as what keeps the command from running (%o)", async (options) => {
    const error = await rejection(fleet.host({ user: name }).run("echo hi", { ...pipe, ...options }), CommandError);
    expect(error.message).toMatch(/the login shell on the host is a restricted bash \(rbash\)/);
    expect(error.message).not.toMatch(/permission denied/);
  });

  it("is not blamed for a command of a user with bash that runs rbash itself, and says what it said", async () => {
    const command = "rbash -c 'echo x >/dev/null'";
    const error = await rejection(fleet.host().run(command, pipe), CommandError);
    expect(error.message).toMatch(/` failed with exit code 1: rbash: line 1: \/dev\/null: restricted: cannot redirect/);
  });
});
