// Local standard input: `input` (text, bytes, a stream) and `stdin: "inherit"`, with real processes.
import { execFileSync } from "node:child_process";
import { closeSync, createReadStream, mkdtempSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { run } from "../src/run.ts";
import { runScript } from "./helpers/script.ts";

const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("an input stream that fails fails the run, whatever `check` says", () => {
  it("a file that cannot be opened: the run names it (not an unhandled error that ends the process)", async () => {
    const error = await run("cat", { input: createReadStream("/nonexistent/dk-input.sql"), ...pipe }).catch((e) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error.message).toBe(
      "`cat` did not get all of its input, the stream failed: ENOENT: no such file or directory, open " +
        "'/nonexistent/dk-input.sql'",
    );
  });

  it("waiting for a file stream to open counts towards the deadline (a FIFO nobody writes to)", async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), "dk-fifo-")), "in");
    execFileSync("mkfifo", [fifo]);
    const input = createReadStream(fifo);
    const error = await run("cat", { input, timeout: 300, ...pipe }).catch((e) => e);
    // Its open ends once a writer comes; this one ends the stream too.
    closeSync(openSync(fifo, "w"));
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ timedOut: true });
  });

  it("a stream failing midway stops the command, which must not take what it got for all of it", async () => {
    let sent = false;
    const failing = new Readable({
      read() {
        if (!sent) return void ((sent = true), this.push("abc\n"));
        setTimeout(() => this.destroy(new Error("disk gone")), 100);
      },
    });
    const error = await run("cat; echo finished", { input: failing, check: false, ...pipe }).catch((e) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error.message).toBe("`cat; echo finished` did not get all of its input, the stream failed: disk gone");
    expect(error.stdout).not.toContain("finished");
  });
});

describe("input reaches a local command's stdin", () => {
  it("a string, then the end of input", async () => {
    expect((await run("cat; echo end", { input: "hello\nworld", ...pipe })).stdout).toBe("hello\nworldend\n");
  });

  it("a Buffer, byte for byte (NUL, invalid UTF-8, every byte value)", async () => {
    const bytes = Buffer.from([...Array.from({ length: 256 }, (_, i) => i), 0, 0xff, 0xc3]);
    const r = await run(["cat"], { input: bytes, ...pipe, encoding: "buffer" });
    expect(r.stdout.equals(bytes)).toBe(true);
  });

  it("a stream, read at the command's pace (5 MB through a slow reader)", async () => {
    const bytes = randomBytes(5_000_000);
    const chunks = Array.from({ length: 50 }, (_, i) => bytes.subarray(i * 100_000, (i + 1) * 100_000));
    const r = await run("sha256sum | cut -d' ' -f1", { input: Readable.from(chunks), ...pipe });
    expect(r.stdout.trim()).toBe(sha(bytes));
  });

  it("ends even when the command never reads its input", async () => {
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(65_536));
      },
    });
    const r = await run("echo done", { input: endless, ...pipe });
    expect(r.stdout).toBe("done\n");
  });

  it("without input, a command reads an empty stdin (never the terminal)", async () => {
    expect((await run("cat; echo end", pipe)).stdout).toBe("end\n");
  });
});

describe('stdin: "inherit" locally', () => {
  it("reads this process's own stdin, and only the run that asks for it does", async () => {
    const r = await runScript(
      [
        'await core.run("cat", { echo: false });',
        'const seen = await core.run("cat", { stdin: "inherit", stdout: "pipe", echo: false });',
        "process.stdout.write(`got=${seen.stdout}`);",
      ].join("\n"),
      { input: "hello\n", timeoutMs: 30_000 },
    );
    expect(r.stdout).toBe("got=hello\n");
  });
});
