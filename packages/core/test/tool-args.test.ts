import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { quoteRsh } from "../src/run/quote.ts";
import { scpOptionArgs, sshCommandLine } from "../src/ssh/tool-args.ts";
import { formatBytes, readStats, transferLine } from "../src/transfer/stats.ts";
import { planPaths } from "../src/transfer/paths.ts";
import { remoteSpec } from "../src/transfer/rsync-argv.ts";

// Runs the words through a real bash and reads back the arguments it produced.
function throughBash(words: string): string[] {
  const out = execFileSync("bash", ["-c", `printf '%s\\0' ${words}`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

// rsync's own `-e` splitting (main.c, do_cmd): spaces split outside quotes; in '…' or "…", a doubled quote is one.
function asRsyncSplits(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === " ") {
      i++;
      continue;
    }
    let word = "";
    let inQuote = "";
    while (i < line.length && (line[i] !== " " || inQuote)) {
      const c = line[i]!;
      if (c === "'" || c === '"') {
        if (!inQuote) {
          inQuote = c;
          i++;
          continue;
        }
        if (c === inQuote && line[i + 1] !== inQuote) {
          inQuote = "";
          i++;
          continue;
        }
        if (c === inQuote) i++;
      }
      word += line[i++];
    }
    words.push(word);
  }
  return words;
}

describe("quoteRsh", () => {
  const words = ["plain", "a b", "it's", "don't $x", "\\back", '"dq"', "-o", "ControlPath=/tmp/x y/0", ""];
  it("is read back word for word by rsync's -e parser", () => {
    expect(asRsyncSplits(quoteRsh(words))).toEqual(words);
  });

  it('is also a shell line unless a word has a single quote and one of " $ ` \\ !', () => {
    const shellSafe = words.filter((w) => !(w.includes("'") && /["$`\\!]/.test(w)));
    expect(throughBash(quoteRsh(shellSafe))).toEqual(shellSafe);
  });

  it("refuses NUL bytes", () => {
    expect(() => quoteRsh(["a'\0"])).toThrow(/NUL/);
  });

  it("sshCommandLine starts with ssh", () => {
    expect(sshCommandLine(["-p", "2222", "-i", "/k ey"])).toBe("ssh -p 2222 -i '/k ey'");
  });
});

describe("scpOptionArgs", () => {
  it.each([
    [
      ["-p", "2222"],
      ["-P", "2222"],
    ],
    [
      ["-p2222", "-l", "deploy"],
      ["-P", "2222", "-o", "User=deploy"],
    ],
    [
      ["-o", "A=b", "-i", "/k", "-F", "/c", "-J", "j"],
      ["-o", "A=b", "-i", "/k", "-F", "/c", "-J", "j"],
    ],
    [
      ["-Av", "-4"],
      ["-o", "ForwardAgent=yes", "-v", "-4"],
    ],
    [["-T", "-E", "/log", "-q"], ["-q"]],
    [
      ["-S", "/sock"],
      ["-o", "ControlPath=/sock"],
    ],
  ])("%j → %j", (ssh, scp) => {
    expect(scpOptionArgs(ssh)).toEqual(scp);
  });

  it("refuses forwardings, which scp has no form for", () => {
    expect(() => scpOptionArgs(["-L", "80:x:80"])).toThrow(/`-L 80:x:80` has no scp equivalent/);
    expect(() => scpOptionArgs(["-Z"])).toThrow(/`-Z` has no scp equivalent/);
  });
});

describe("transfer paths", () => {
  it.each([
    // A directory's contents become the destination, slashes or not.
    ["/src", true, "/dst", { source: "/src/", destination: "/dst/", dir: "/dst" }],
    ["/src/", true, "/dst/", { source: "/src/", destination: "/dst/", dir: "/dst/" }],
    // A file goes into a destination ending in /, else becomes it.
    ["/f", false, "/d/", { source: "/f", destination: "/d/", dir: "/d/" }],
    ["/f", false, "/d/g", { source: "/f", destination: "/d/g", dir: "/d" }],
    ["/f", false, "g", { source: "/f", destination: "g", dir: "." }],
  ] as const)("%s (dir: %s) → %s", (source, isDir, destination, plan) => {
    expect(planPaths(source, isDir, destination)).toEqual(plan);
  });
});

describe("remoteSpec", () => {
  it("puts the user before the host and an IPv6 address in brackets", () => {
    expect(remoteSpec({ hostname: "web1", user: "deploy" }, "/srv/a b")).toBe("deploy@web1:/srv/a b");
    expect(remoteSpec({ hostname: "2001:db8::5" }, "x")).toBe("[2001:db8::5]:x");
  });
});

describe("transfer stats", () => {
  const stats = [
    "Number of files: 4 (reg: 3, dir: 1)",
    "Number of deleted files: 2",
    "Number of regular files transferred: 3",
    "Total transferred file size: 1234567 bytes",
  ].join("\n");

  it("reads rsync's --stats", () => {
    expect(readStats(stats)).toEqual({ files: 3, bytes: 1_234_567, deleted: 2 });
    expect(readStats("")).toEqual({ files: 0, bytes: 0, deleted: 0 });
  });

  it("formats one line", () => {
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1_234_567)).toBe("1.2 MB");
    const t = { direction: "upload", host: "h", source: "b", destination: "/d", durationMs: 1500 } as const;
    expect(transferLine({ ...t, files: 3, bytes: 1_234_567, deleted: 2 })).toBe(
      "uploaded b → /d: 3 files, 1.2 MB, 2 deleted in 1.5s",
    );
    expect(transferLine({ ...t, files: 0, bytes: 0, deleted: 0 })).toBe("uploaded b → /d: up to date in 1.5s");
    // Deleting is a change: not "up to date".
    expect(transferLine({ ...t, files: 0, bytes: 0, deleted: 2 })).toBe("uploaded b → /d: 2 deleted in 1.5s");
  });

  it("keeps to one line when a path holds a newline or another control character: such a path is quoted", () => {
    const t = { direction: "download", host: "h", files: 1, bytes: 3, deleted: 0, durationMs: 100 } as const;
    const line = transferLine({ ...t, source: "/srv/new\nline", destination: "out/\u001b[2Jx y" });
    expect(line).toBe('downloaded "/srv/new\\nline" → "out/\\u001b[2Jx y": 1 file, 3 B in 0.1s');
  });
});
