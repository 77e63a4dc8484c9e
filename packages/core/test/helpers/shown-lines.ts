import { setPrinter } from "../../src/output/printer.ts";

/** The lines `work` prints, as `stream: text`, through a printer of its own that is put back after. */
export async function shownLines(work: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const previous = setPrinter({
    line: (_, text, stream = "stdout") => void lines.push(`${stream}: ${text}`),
    notice: () => {},
  });
  try {
    await work();
  } finally {
    setPrinter(previous);
  }
  return lines;
}
