import { EventEmitter } from "node:events";

const ESC = "\u001b";
const TOKEN = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]|[\\s\\S]`, "gu");
const CSI = new RegExp(`^${ESC}\\[([0-9;?]*)([A-Za-z])$`);

// A terminal that understands what the view writes: cursor up, carriage return, erase line/below, newline.
export class FakeTerminal extends EventEmitter {
  readonly isTTY = true;
  readonly lines: string[] = [""];
  row = 0;
  col = 0;
  cursorVisible = true;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }

  write(text: string): boolean {
    const tokens = text.match(TOKEN) ?? [];
    for (const token of tokens) this.#apply(token);
    return true;
  }

  get screen(): string[] {
    return this.lines
      .map((line) => line.trimEnd())
      .filter((line, i, all) => line !== "" || all.slice(i).some((l) => l !== ""));
  }

  #apply(token: string): void {
    const csi = CSI.exec(token);
    if (csi) {
      const [, arg = "", op] = csi;
      if (op === "A") this.row = Math.max(0, this.row - Number(arg || 1));
      else if (op === "K") this.lines[this.row] = "";
      else if (op === "J") {
        this.lines.splice(this.row + 1);
        this.lines[this.row] = this.lines[this.row]!.slice(0, this.col);
      } else if (arg === "?25" && op === "l") this.cursorVisible = false;
      else if (arg === "?25" && op === "h") this.cursorVisible = true;
      return;
    }
    if (token === "\r") this.col = 0;
    else if (token === "\n") {
      this.row++;
      this.col = 0;
      this.lines[this.row] ??= "";
    } else {
      const line = this.lines[this.row]!.padEnd(this.col);
      this.lines[this.row] = line.slice(0, this.col) + token + line.slice(this.col + 1);
      this.col++;
    }
  }
}
