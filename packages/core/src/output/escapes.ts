// Built from ESC rather than written as literals: matching terminal control sequences is the point here.
const ESC = "\u001b";
const BEL = "\u0007";
// CSI sequences (any parameter bytes, 0x30-0x3F: `:` in colours, `>` `=` `<` in private modes); OSC, DCS, SOS, PM
// and APC strings (ended by BEL or ST, or unended); the other escapes with their intermediate bytes (`ESC ( B` of
// `tput sgr0`, `ESC # 8`) and final byte (`ESC 7`, `ESC =`, `ESC c`), which would else leave those letters behind.
const ESCAPES = new RegExp(
  `${ESC}\\[[0-?]*[ -/]*[@-~]|${ESC}[\\]PX^_][^${BEL}${ESC}]*(?:${BEL}|${ESC}\\\\)?|${ESC}[ -/]*[0-~]?`,
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

// Control characters, and the invisible format characters a terminal (or whoever copies its text) may act on: bidi
// embeddings, overrides, isolates and marks reorder what follows them on the line; zero-width spaces, joiners of
// words, byte order marks, annotation marks and tag characters hide text or where it starts. Zero-width (non-)joiners
// stay, as does a flag's run of tag characters: emoji and scripts need them.
const FLAG = "(\\u{1F3F4}[\\u{E0020}-\\u{E007E}]+\\u{E007F})";
const INVISIBLE =
  "\\p{Bidi_Control}\\u200B\\u2060-\\u2064\\u206A-\\u206F\\uFEFF\\uFFF9-\\uFFFB\\u180E\\u{E0000}-\\u{E007F}";
const DROPPED = new RegExp(`${FLAG}|[\\p{Cc}${INVISIBLE}]`, "gu");

/** `text` without control characters and invisible format characters (see DROPPED), a tab and ESC aside. */
export function withoutControls(text: string): string {
  return text.replace(
    DROPPED,
    (found, flag: string | undefined) => flag ?? (found === "\t" || found === ESC ? found : ""),
  );
}

/**
 * `text` with colour escapes kept and every other escape, control character (a tab aside) and invisible format
 * character dropped: a command's line must not move the cursor (a backspace over its tag), erase the screen, set the
 * title or run right to left over other hosts' lines.
 */
export function colourOnly(text: string): string {
  return withoutControls(
    text.includes(ESC) ? text.replace(ESCAPES, (escape) => (SGR.test(escape) ? escape : "")) : text,
  );
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
 * line: each line's colour kept and ended with it, every other escape, control and invisible format character but the
 * tab dropped.
 */
export function terminalSafe(text: string): string {
  return text.split("\n").map(forTerminal).join("\n");
}
