// A disk that fills during a log file's write takes part of it and says nothing (write(2) returns a short count, the
// error comes at the next write): the file then misses lines, and the report must not say it holds them all. A limit
// on file size (ulimit -f) cuts a write short the same way, without a disk to fill.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import { collect } from "@deploykit/sandbox";

const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(here, "..", "..", "..", "node_modules", ".bin", "tsx");
const src = join(here, "..", "src");

// 60 lines of about 1000 bytes, less than one flush: the file gets them in the one write at the command's end.
const SCRIPT = `
import { readFileSync } from "node:fs";
import { TagColors, colors } from "${src}/output/colors.ts";
import { FailedOutput } from "${src}/status/failed-output.ts";
import { LogDir } from "${src}/status/log-file.ts";
import { renderFailed } from "${src}/status/render-failed.ts";
const failed = new FailedOutput(2, new LogDir());
failed.start("web1");
for (let i = 0; i < 60; i++) failed.line("web1", \`line \${i} \${"x".repeat(990)}\`, "stdout");
failed.end("web1", { command: "deploy", exitCode: 1, durationMs: 5, error: "failed" }, true);
const [kept] = failed.failed();
console.log(renderFailed([kept!], new TagColors(), colors(false))[1]);
console.log(\`holds \${readFileSync(kept!.log!, "utf8").split("\\n").length - 1} lines\`);
`;

describe("a log file whose write the disk cuts short", () => {
  it("is not said to hold every line: the report names the error of the write that failed", async () => {
    const scratch = join(here, ".scratch");
    mkdirSync(scratch, { recursive: true });
    const dir = mkdtempSync(join(scratch, "partial-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const script = join(dir, "partial.mts");
    writeFileSync(script, SCRIPT);
    // 48 blocks of 1 KiB: tsx's own files stay below, the 60 KB log goes past.
    const run = await collect("sh", ["-c", 'ulimit -f 48 && exec "$0" "$@"', tsx, script], {
      env: { ...process.env, TMPDIR: dir, NO_COLOR: "1" },
      timeoutMs: 60_000,
    });
    expect(run.stderr).toBe("");
    const [header, holds] = run.stdout.split("\n");
    expect(holds).toMatch(/^holds (\d|[1-5]\d) lines$/);
    expect(header).toMatch(
      /^✖ \[web1\] `deploy` failed \(exit code 1\); its last 2 of 60 lines; all of them were to be in /,
    );
    expect(header).toMatch(/\/web1-1\.log, but writing it failed \(EFBIG: file too large, write\):$/);
  });
});
