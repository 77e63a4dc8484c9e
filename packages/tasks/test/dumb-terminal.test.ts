// A terminal whose TERM is dumb cannot move its cursor (an editor's shell buffer, a serial console): dk's live view
// and reboot's progress give it plain lines, as they give a pipe. Each runs on a real pseudo-terminal (`script`).
import { collect } from "@deploykit/sandbox";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dkBin, fixture, packageDir, tempDir } from "./helpers/paths.ts";

const ESC = "\u001b";
const tsx = join(packageDir, "..", "..", "node_modules", ".bin", "tsx");
const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

// `argv` on a new pty with TERM as given (colour left to it): what the terminal got, its \r\n made \n.
async function onTerminal(argv: readonly string[], term: string): Promise<{ code: number | null; text: string }> {
  const { NO_COLOR: _n, FORCE_COLOR: _f, ...env } = process.env;
  const r = await collect("script", ["-qec", argv.map(quote).join(" "), "/dev/null"], {
    env: { ...env, TERM: term, DK_CACHE_DIR: tempDir("dk-cache-") },
    timeoutMs: 60_000,
  });
  return { code: r.code, text: r.stdout.replaceAll("\r\n", "\n") };
}

describe("TERM=dumb on a terminal: plain lines, no cursor movement", () => {
  it("dk: the task's lines tagged as they come, no live block, no escape", async () => {
    const dumb = await onTerminal([process.execPath, dkBin, "-f", fixture("terminal"), "local"], "dumb");
    expect(dumb.code).toBe(0);
    expect(dumb.text).not.toContain(ESC);
    expect(dumb.text.split("\n")).toEqual([
      "[localhost] $ for i in 1 2 3; do echo local line $i; sleep 0.3; done",
      "[localhost] local line 1",
      "[localhost] local line 2",
      "[localhost] local line 3",
      "",
    ]);
    // The same terminal with a TERM that moves the cursor gets the live view.
    const xterm = await onTerminal([process.execPath, dkBin, "-f", fixture("terminal"), "local"], "xterm");
    expect(xterm.code).toBe(0);
    expect(xterm.text).toContain(`${ESC}[?25l`);
  });

  it("reboot's progress: a tagged line per phase, then the summary", async () => {
    const file = join(tempDir("dk-progress-"), "progress.ts");
    const progress = join(packageDir, "src", "builtin", "reboot", "progress.ts");
    writeFileSync(
      file,
      [
        `import { createProgress } from ${JSON.stringify(progress)};`,
        `const progress = createProgress(process.stdout, process.stdout.isTTY === true, ["web1"]);`,
        `const web1 = progress.host("web1");`,
        `web1.phase("checking", 0);`,
        `web1.phase("rebooting", 412, "boot id 1a2b3c4d");`,
        `web1.phase("ssh ok", 9410, "new boot id 9f8e7d6c");`,
        `progress.finish([{ host: "web1", ok: true, durationMs: 9410 }]);`,
      ].join("\n"),
    );
    try {
      const dumb = await onTerminal([tsx, file], "dumb");
      expect(dumb.code).toBe(0);
      expect(dumb.text).toBe(
        [
          "[web1] checking",
          "[web1] rebooting after 0.4s (boot id 1a2b3c4d)",
          "[web1] ssh ok after 9.4s (new boot id 9f8e7d6c)",
          "",
          "host  result  duration",
          "web1  ok          9.4s",
          "reboot on 1 host: 1 ok, 0 failed",
          "",
        ].join("\n"),
      );
      const xterm = await onTerminal([tsx, file], "xterm");
      expect(xterm.code).toBe(0);
      expect(xterm.text).toContain(`${ESC}[?25l`);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
