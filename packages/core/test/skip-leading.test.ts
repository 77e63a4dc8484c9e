import { describe, expect, it } from "vitest";
import { skipLeading } from "../src/output/skip-leading.ts";
import { ADDED_NOTICE, hostKeyOptions, SSH_NOTICES } from "../src/ssh/argv.ts";
import { Host } from "../src/host.ts";

const NOTICE = "Warning: Permanently added '[127.0.0.2]:2222' (ED25519) to the list of known hosts.";

// Each piece through one filter, in order; what passes, as text.
function pass(pieces: readonly (readonly [string, boolean])[]): string {
  const filter = skipLeading(SSH_NOTICES);
  return pieces.map(([text, whole]) => filter(Buffer.from(text), whole).toString()).join("");
}

describe("skipLeading", () => {
  it("drops the first lines while they match, over pieces, with CRLF too", () => {
    expect(
      pass([
        [`${NOTICE}\n`, true],
        [`${NOTICE}\r\nout\n`, true],
      ]),
    ).toBe("out\n");
    expect(pass([[`${NOTICE}\n${NOTICE}\n`, true]])).toBe("");
  });

  it("keeps everything from the first other line, matching lines after it included", () => {
    expect(
      pass([
        [`out\n${NOTICE}\n`, true],
        [`${NOTICE}\n`, true],
      ]),
    ).toBe(`out\n${NOTICE}\n${NOTICE}\n`);
    // A piece that is no whole line (a cut, or a last line without its newline) ends the skipping too.
    expect(
      pass([
        [NOTICE, false],
        [`\n${NOTICE}\n`, true],
      ]),
    ).toBe(`${NOTICE}\n${NOTICE}\n`);
  });

  it("drops the notice past ssh's warning of a key it cannot read, which stays", () => {
    const warning = "Warning: Identity file /keys/gone not accessible: No such file or directory.";
    expect(pass([[`${warning}\n${NOTICE}\nroot@h: Permission denied (password).\n`, true]])).toBe(
      `${warning}\nroot@h: Permission denied (password).\n`,
    );
    expect(
      pass([
        [`${warning}\n`, true],
        [`${NOTICE}\nout\n${NOTICE}\n`, true],
      ]),
    ).toBe(`${warning}\nout\n${NOTICE}\n`);
  });

  it("matches ssh's notice alone", () => {
    expect(ADDED_NOTICE.test(NOTICE)).toBe(true);
    expect(ADDED_NOTICE.test("Warning: the ECDSA host key for 'x' differs from the key for the IP address")).toBe(
      false,
    );
    expect(ADDED_NOTICE.test(`${NOTICE} and more`)).toBe(false);
  });
});

describe("hostKeyCheck none's LogLevel", () => {
  it("stays ERROR in sshArgs() for the user's own ssh calls, which have no such filter", async () => {
    expect(hostKeyOptions("none")).toContain("LogLevel=ERROR");
    expect(await new Host("h", { hostKeyCheck: "none", reuseConnection: false }).sshArgs()).toContain("LogLevel=ERROR");
  });
});
