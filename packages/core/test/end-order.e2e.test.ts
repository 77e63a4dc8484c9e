// Over ssh too, the lines a command's stdout and stderr hold without their newline at its end go out in the order
// they began, the exit mark that ends stderr notwithstanding.
import { describe, expect, it } from "vitest";
import { useFleet } from "./helpers/fleet.ts";
import { shownLines } from "./helpers/shown-lines.ts";

const fleet = useFleet({ hosts: 1 });

const shown = (command: string) => shownLines(() => fleet.host().run(command, { echo: false, check: false }));

describe("the last lines of a remote command's two streams", () => {
  it.each([
    ["stdout first", "printf out; sleep 1; printf err >&2", ["stdout: out", "stderr: err"]],
    ["stderr first", "printf err >&2; sleep 1; printf out", ["stderr: err", "stdout: out"]],
  ])("go out in the order they began: %s", async (_, command, expected) => {
    expect(await shown(command)).toEqual(expected);
  });
});
