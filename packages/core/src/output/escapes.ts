// Built from ESC rather than written as literals: matching terminal control sequences is the point here.
const ESC = "\u001b";
const BEL = "\u0007";
// CSI sequences, OSC strings (ended by BEL or ST, or unended), and the other two-byte escapes.
const ESCAPES = new RegExp(
  `${ESC}\\[[0-9;?]*[ -/]*[@-~]|${ESC}\\][^${BEL}${ESC}]*(?:${BEL}|${ESC}\\\\)?|${ESC}[@-_]?`,
  "g",
);
const COLOUR = `${ESC}\\[[0-9;]*m`;
/** A colour (SGR) sequence, alone. */
export const SGR = new RegExp(`^${COLOUR}$`);
const RESET = `${ESC}[0m`;
const COLOUR_SPLIT = new RegExp(`(${COLOUR})`);

/** `text` cut around its colour sequences, which stay in the parts: text and colour alternate, text first. */
export function colourParts(text: string): string[] {
  return text.split(COLOUR_SPLIT);
}

/**
 * `text` with colour escapes kept and every other escape and control character (a tab aside) dropped: a command's
 * line must not move the cursor (a backspace over its tag), erase the screen or set the title among other hosts' lines.
 */
export function colourOnly(text: string): string {
  const kept = text.includes(ESC) ? text.replace(ESCAPES, (escape) => (SGR.test(escape) ? escape : "")) : text;
  return kept.replace(/\p{Cc}/gu, (control) => (control === "\t" || control === ESC ? control : ""));
}

/** `text` ended with a reset when it holds an escape: a colour it leaves on would spill into the next host's line. */
export function colourEnded(text: string): string {
  return text.includes(ESC) ? `${text}${RESET}` : text;
}

/** A command's line as a terminal should get it, among other hosts' lines: its colour alone, ended with it. */
export function forTerminal(text: string): string {
  return colourEnded(colourOnly(text));
}

/**
 * Text from elsewhere (an error's message, a thrown value, a command's line in it) as a terminal should get it, line by
 * line: each line's colour kept and ended with it, every other escape and control character but the tab dropped.
 */
export function terminalSafe(text: string): string {
  return text.split("\n").map(forTerminal).join("\n");
}
