// A machine without OpenSSH: the sandbox says which packages to install before it starts anything.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, leftInTmpdir, MissingToolsError, startSandbox } from "../src/index.ts";

const asRoot = process.getuid?.() === 0;

describe("a sandbox on a machine without OpenSSH's tools", () => {
  it("without ssh-keygen: names it and its package, and leaves no directory", async () => {
    const empty = mkdtempSync(join(tmpdir(), "dk-empty-path-"));
    const path = process.env.PATH;
    process.env.PATH = empty;
    try {
      const left = await leftInTmpdir(async () => {
        const started = startSandbox({ hosts: 1 });
        await expect(started).rejects.toThrow(MissingToolsError);
        await expect(started).rejects.toThrow(
          `sandbox hosts need ssh-keygen: install with \`${asRoot ? "" : "sudo "}apt-get install -y openssh-client\``,
        );
      });
      expect(left).toEqual([]);
    } finally {
      process.env.PATH = path;
      rmSync(empty, { recursive: true });
    }
  });

  it("without sshd either, as a user without root: both, with sudo (needs root to hide /usr/sbin)", async () => {
    if (!asRoot) throw new Error("hiding /usr/sbin needs root (a mount namespace): run the tests as root, as CI does");
    const source = JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname);
    const script = `const { startSandbox } = await import(${source});
      await startSandbox({ hosts: 1 }).then(() => console.log("started"), (e) => console.log(e.name, e.message));`;
    const hide = 'mount -t tmpfs tmpfs /usr/sbin && exec "$@"';
    const nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env", "PATH=/nonexistent"];
    const node = [process.execPath, "--import", "tsx", "--input-type=module", "-e", script];
    const argv = ["-m", "--propagation", "private", "sh", "-c", hide, "sh", ...nobody, "TMPDIR=/tmp", ...node];
    const r = await collect("unshare", argv);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      "MissingToolsError sandbox hosts need sshd, ssh-keygen: install with " +
        "`sudo apt-get install -y openssh-server openssh-client`\n",
    );
  });
});
