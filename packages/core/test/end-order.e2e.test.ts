// Over ssh too, the lines a command's stdout and stderr hold without their newline at its end go out in the order
// they began, the exit mark that ends stderr notwithstanding.
import { describe, expect, it } from "vitest";
import { setPrinter, type Printer } from "../src/output/printer.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });

async function shown(command: string): Promise<string[]> {
  const lines: string[] = [];
  const line: Printer["line"] = (_, text, stream = "stdout") => void lines.push(`${stream}: ${text}`);
  const previous = setPrinter({ line, notice: () => {} });
  try {
    await fleet.host().run(command, { echo: false, check: false });
  } finally {
    setPrinter(previous);
  }
  return lines;
}

describe("the last lines of a remote command's two streams", () => {
  it.each([
    ["stdout first", "printf out; sleep 1; printf err >&2", ["stdout: out", "stderr: err"]],
    ["stderr first", "printf err >&2; sleep 1; printf out", ["stderr: err", "stdout: out"]],
  ])("go out in the order they began: %s", async (_, command, expected) => {
    expect(await shown(command)).toEqual(expected);
  });
});
