// Built from ESC rather than written as literals: matching terminal control sequences is the point here.
const ESC = "\u001b";
const BEL = "\u0007";
// CSI sequences, OSC strings (ended by BEL or ST, or unended), and the other two-byte escapes.
const ESCAPES = new RegExp(
  `${ESC}\\[[0-9;?]*[ -/]*[@-~]|${ESC}\\][^${BEL}${ESC}]*(?:${BEL}|${ESC}\\\\)?|${ESC}[@-_]?`,
  "g",
);
/** A colour (SGR) sequence, alone. */
export const SGR = new RegExp(`^${ESC}\\[[0-9;]*m$`);
export const RESET = `${ESC}[0m`;

/**
 * `text` with colour escapes kept and every other one dropped: a command's line must not move the cursor, erase the
 * screen or set the title over the tagged lines of other hosts.
 */
export function colourOnly(text: string): string {
  if (!text.includes(ESC)) return text;
  return text.replace(ESCAPES, (escape) => (SGR.test(escape) ? escape : ""));
}

/** `text` ended with a reset when it holds an escape: a colour it leaves on would spill into the next host's line. */
export function colourEnded(text: string): string {
  return text.includes(ESC) ? `${text}${RESET}` : text;
}

/** A command's line as a terminal should get it, among other hosts' lines: its colour alone, ended with it. */
export function forTerminal(text: string): string {
  return colourEnded(colourOnly(text));
}
