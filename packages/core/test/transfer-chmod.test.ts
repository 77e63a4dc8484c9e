// An upload's `mode` string is checked as rsync's --chmod parses it, before any host starts: a TypeError naming the
// option, never rsync's own "Invalid argument passed to --chmod" from each host; what rsync takes is never refused.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Group } from "../src/group.ts";
import { Host } from "../src/host.ts";
import { isChmod } from "../src/transfer/chmod-syntax.ts";

const dir = mkdtempSync(join(tmpdir(), "dk-chmod-"));
const file = join(dir, "f");
writeFileSync(file, "x");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Whether the installed rsync takes `mode` (a dry run, which parses its options and copies nothing).
const rsyncTakes = (mode: string) =>
  spawnSync("rsync", ["-n", "--perms", `--chmod=${mode}`, file, join(dir, "g")], { stdio: "ignore" }).status === 0;

// Items separated by `|`, which no --chmod string holds.
const TAKEN = (
  "D750|F640|D750,F640|D2775,F664|750|0750|07777|0007777|7|0|D0|DD750|FF640|go-w|" +
  "Dg+s,ug+w,Fo-w,+X|u=rwx|a+rX|=r|+|-|=|u-|o=|a=|D-|F=|+s|u+t|u+rr|ugoa+rwxXst|uu+r|Du+r|uD+r|" +
  "D+r|uDg+w|Fu=rw,Fgo=r|u=rw,go=r|ug=rwx,o=|u=g|g+u|o=u|=u|+g|u=Xst|+x,+X|D755,F644,u+w"
).split("|");
const REFUSED = (
  "Z9||,|D|F|u|a|x|DF750|FD750|17777|010000|F10000|8|77777|D7a|750u|D750u|u+r-w|u+rw=x|u=r=|u-r+w|" +
  "u+-|u+D|u=go|u=gw|u=rg|u=a|u=ug|Dug|D750,|,D750|a,,b|D750,,F640| D750|D750 |d750|f640|+S"
).split("|");

describe("an upload's mode string", () => {
  it("is taken exactly when rsync takes it", () => {
    const verdicts = [...TAKEN, ...REFUSED].map((mode) => [mode, isChmod(mode), rsyncTakes(mode)]);
    expect(verdicts.filter(([, ours, rsync]) => ours !== rsync)).toEqual([]);
    expect(TAKEN.filter((mode) => !isChmod(mode))).toEqual([]);
    expect(REFUSED.filter((mode) => isChmod(mode))).toEqual([]);
  });

  it("that rsync refuses is a TypeError naming the option, before any host starts", async () => {
    // Nothing listens on port 1: a host that started would fail with ssh's error instead.
    const host = new Host("127.0.0.2", { port: 1, hostKeyCheck: "none" });
    const said =
      "Expected `mode` to be a permission number (0o640) or an rsync --chmod string (`D750,F640`, `go-w`), got";
    await expect(host.upload(file, "/tmp/x", { mode: "Z9" })).rejects.toThrow(new TypeError(`${said} \`Z9\` (string)`));
    await expect(new Group([host]).upload(file, "/tmp/x", { mode: "u+r-w" })).rejects.toThrow(TypeError);
  });
});
