import type { TS } from "./typescript.ts";
import type { LoadProblem } from "../types.ts";

// A problem located at `node`; `usage`: a tag that cannot work on the command line (exit 2), not a type dk cannot read.
export function problemAt(node: TS.Node, message: string, usage = false): LoadProblem {
  const source = node.getSourceFile();
  const { line, character } = source.getLineAndCharacterOfPosition(node.getStart());
  return { file: source.fileName, line: line + 1, column: character + 1, message, ...(usage ? { usage } : {}) };
}
