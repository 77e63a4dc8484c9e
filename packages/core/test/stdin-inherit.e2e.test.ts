// `stdin: "inherit"` on a real host: a terminal there when this process has one (the script runs under `script`,
// a real pty, whose input we type), and this process's piped stdin otherwise.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { collect } from "@deploykit/sandbox";
import { useFleet } from "./helpers/fleet.ts";
import { runScript } from "./helpers/script.ts";

const fleet = useFleet({ hosts: 1 });
const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(here, "..", "..", "..", "node_modules", ".bin", "tsx");

// Runs `command` on the fleet's host with stdin inherited and output captured, and prints what it got.
const body = (command: string) =>
  [
    "const group = core.parseHosts(process.env.DK_SPEC!, JSON.parse(process.env.DK_HOST_OPTIONS!));",
    'const options = { stdin: "inherit", stdout: "pipe", echo: false } as const;',
    `const r = await group.hosts[0]!.run(${JSON.stringify(command)}, options);`,
    "process.stdout.write(`got=${JSON.stringify(r.stdout)}\\n`);",
  ].join("\n");

const env = () => ({ DK_SPEC: fleet.sandbox.spec, DK_HOST_OPTIONS: JSON.stringify(fleet.sandbox.hostOptions) });

describe('stdin: "inherit" over ssh', () => {
  it("piped into this process, the remote command reads it, and gets no terminal", async () => {
    const r = await runScript(body("cat; tty || true"), { input: "hello\nthere\n", env: env(), timeoutMs: 60_000 });
    expect(r.stdout).toContain('got="hello\\nthere\\nnot a tty\\n"');
  });

  it("on a terminal, the remote command gets one too, and reads the line typed there", async () => {
    const scratch = join(here, ".scratch");
    mkdirSync(scratch, { recursive: true });
    const file = join(scratch, `tty-${process.pid}-${Date.now()}.ts`);
    const command = "test -t 0 && echo remote-tty; IFS= read -r line; echo typed=$line";
    writeFileSync(file, `import * as core from "../../src/index.ts";\n${body(command)}\n`);
    try {
      // `script` runs the node script on a new pty and types its own stdin into it.
      const r = await collect("script", ["-qec", `${tsx} ${file}`, "/dev/null"], {
        env: { ...process.env, NO_COLOR: "1", ...env() },
        input: "a line\n",
        timeoutMs: 60_000,
      });
      const got = /got=(".*")/.exec(r.stdout)?.[1];
      expect(got, r.stdout).toBeDefined();
      // A terminal's lines end in \r\n; the remote terminal also echoes what was typed.
      expect(JSON.parse(got!)).toContain("remote-tty\r\n");
      expect(JSON.parse(got!)).toMatch(/typed=a line\r\n$/);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
