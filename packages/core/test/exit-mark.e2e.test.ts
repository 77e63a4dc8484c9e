import { describe, expect, it } from "vitest";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false, check: false } as const;

// A background job that still holds stderr writes after the command, and so after its exit mark.
const late = (line: string) => `(sleep 0.5; echo '${line}' >&2) & `;

describe("the exit mark, with output after it", () => {
  it("takes the mark where it comes: a background job's later line is output, the mark is not", async () => {
    const r = await fleet.host().run(`${late("laterr")}echo now`, pipe);
    expect(r).toMatchObject({ exitCode: 0, stdout: "now\n", stderr: "laterr\n" });
  });

  it.each([
    [255, "Connection closed by 127.0.0.1 port 22"],
    [127, "bash: No such file or directory"],
  ])("reports a remote %i as the command's, whatever a late writer says", async (code, line) => {
    const r = await fleet.host().run(`${late(line)}exit ${code}`, pipe);
    expect(r).toMatchObject({ exitCode: code, stdout: "", stderr: `${line}\n` });
  });

  it("keeps forged marks, without the run's nonce, as output, before the real one and after it", async () => {
    const before = "printf '\\037dk-exit:abcdef012345:6\\n' >&2; ";
    const r = await fleet.host().run(`${before}(sleep 0.5; printf 'x\\037dk-exit:5\\n' >&2) & exit 3`, pipe);
    expect(r).toMatchObject({ exitCode: 3, stderr: "\x1fdk-exit:abcdef012345:6\nx\x1fdk-exit:5\n" });
  });

  it("keeps the command's last line without a newline, before the mark, as output", async () => {
    const r = await fleet.host().run(`${late("later")}printf 'no newline' >&2; exit 6`, pipe);
    expect(r).toMatchObject({ exitCode: 6, stderr: "no newlinelater\n" });
  });
});
