import type { colors as makeColors, TagColors } from "../output/colors.ts";
import { colourEnded } from "../output/escapes.ts";
import { oneLine } from "../output/one-line.ts";
import { exitCodeText } from "../run/command-result.ts";
import type { Failed } from "./failed-output.ts";
import { cut, sanitize } from "./width.ts";

type Colors = ReturnType<typeof makeColors>;

/** The compact view's last words: each failed command's output, tagged as the full view would have shown it. */
export function renderFailed(failed: readonly Failed[], tags: TagColors, c: Colors): string[] {
  const lines: string[] = [];
  for (const command of failed) {
    const tag = tags.paint(command.tag, c);
    const dropped = command.lines.length < command.count;
    const what = dropped ? `its last ${command.lines.length} of ${command.count} lines` : "its output";
    const rest =
      command.log !== undefined
        ? `; all of them are in ${command.log}`
        : dropped && command.problem !== undefined
          ? `; the rest was not kept (${command.problem})`
          : "";
    // The command is cut as in error messages: the header should fit on a line, the log path aside.
    const shown = cut(sanitize(oneLine(command.command)), 50);
    const failed = `\`${shown}\` failed (exit code ${exitCodeText(command.exitCode)}); ${what}${rest}:`;
    lines.push("", `${c.red("✖")} ${tag} ${c.red(failed)}`);
    for (const line of command.lines) {
      const text = colourEnded(sanitize(line.text));
      lines.push(`${tag} ${line.stderr ? c.red(text) : text}`);
    }
  }
  return lines;
}
