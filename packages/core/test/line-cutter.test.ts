import { describe, expect, it } from "vitest";
import { cutLines, type Line } from "../src/output/line-cutter.ts";
import { LINE_LIMIT, splitLines } from "../src/output/split-lines.ts";
import { exitMark } from "../src/ssh/supervise.ts";

const NONCE = "0123456789ab";
const MARK = `${exitMark(NONCE)}3\n`;
const SSH_TAIL =
  "debug1: client_input_channel_req: channel 0 rtype exit-status reply 0\r\nTransferred: sent 1, received 2 bytes\r\n";

// Cuts stderr arriving in `chunks` as an ssh run's with NONCE: the lines shown (as they stream, before the end), the
// bytes captured, and the mark's status.
function cut(chunks: readonly string[]) {
  const cutter = cutLines({ capture: true, exitMark: exitMark(NONCE), maxBuffer: 1 << 20, onOverflow: () => {} });
  const split = splitLines();
  const lines: Line[] = [];
  for (const chunk of chunks) for (const piece of split.push(Buffer.from(chunk, "latin1"))) cutter.take(piece, lines);
  for (const piece of split.end()) cutter.take(piece, lines);
  const streamed = lines.map(([text]) => text);
  const { last, captured, exitMark: status } = cutter.end();
  return { streamed, lines: [...lines, ...last].map(([text]) => text), captured: captured.toString("latin1"), status };
}

describe("cutLines: the run's exit mark", () => {
  it.each([
    ["in one chunk", [`err\n${MARK}${SSH_TAIL}`]],
    ["in chunks of their own", ["err\n", MARK, "debug1: client_input_channel_req: x\r\n", "Transferred: sent 1\r\n"]],
  ])("takes the mark and keeps ssh's lines after it as output, %s", (_, chunks) => {
    const { lines, captured, status } = cut(chunks);
    expect(status).toBe(3);
    expect(lines).toEqual(["err", expect.stringMatching(/^debug1: /), expect.stringMatching(/^Transferred: /)]);
    expect(captured).not.toContain("\x1fdk-exit");
  });

  it("takes the mark wherever it comes: any number of lines after it are output, shown as they arrive", () => {
    const after = Array.from({ length: 100 }, (_, i) => `late ${i}\n`);
    const { streamed, captured, status } = cut(["err\n", MARK, ...after]);
    expect(status).toBe(3);
    expect(streamed).toEqual(["err", ...after.map((line) => line.slice(0, -1))]);
    expect(captured).toBe(`err\n${after.join("")}`);
  });

  it("keeps the command's last line without a newline before the mark as output, and a line after it apart", () => {
    const { lines, captured, status } = cut(["out\nno newline", `${MARK}later\n`]);
    expect(status).toBe(3);
    expect(lines).toEqual(["out", "no newline", "later"]);
    expect(captured).toBe("out\nno newlinelater\n");
  });

  it("ends a long line cut at LINE_LIMIT, the mark right after it", () => {
    const long = "x".repeat(LINE_LIMIT + 100);
    const { lines, captured, status } = cut([long, `${MARK}later\n`]);
    expect(status).toBe(3);
    expect(lines.slice(0, -1).join("")).toBe(long);
    expect(lines.at(-1)).toBe("later");
    expect(captured).toBe(`${long}later\n`);
  });

  it.each([
    ["without a nonce", "\x1fdk-exit:3\n"],
    ["with another nonce", `${exitMark("ba9876543210")}3\n`],
    ["inside a line", `before${MARK.slice(0, -1)}after\n`],
    ["with a status that is no status", `${exitMark(NONCE)}x3\n`],
  ])("keeps a mark-like line %s as output, before the mark and after it", (_, forged) => {
    const { lines, captured, status } = cut([forged, `${exitMark(NONCE)}4\n`, forged]);
    expect(status).toBe(4);
    expect(lines).toEqual([forged.slice(0, -1), forged.slice(0, -1)]);
    expect(captured).toBe(forged + forged);
  });

  it("takes the first mark only: a second one is output", () => {
    expect(cut([MARK, `${exitMark(NONCE)}5\n`])).toMatchObject({ status: 3, lines: [`${exitMark(NONCE)}5`] });
  });

  it("without a mark, reports no status", () => {
    expect(cut(["err\n", SSH_TAIL])).toMatchObject({
      status: undefined,
      lines: ["err", expect.any(String), expect.any(String)],
    });
  });
});
