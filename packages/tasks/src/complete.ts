import type { ResolvedTask } from "./types.ts";

const GLOBALS = ["--list", "--json", "--help", "--version", "--file", "--debug", "--dry-run", "--limit", "--verbose"];
// dk's flags that take a value: the word after them is not the task.
const VALUED = ["-f", "--file", "--limit"];

// The `-f FILE` among the words typed so far, so completion reads the same tasks file dk would.
export function fileFromWords(words: readonly string[]): string | undefined {
  const index = words.findIndex((word) => word === "-f" || word === "--file");
  const inline = words.find((word) => word.startsWith("--file="));
  return index === -1 ? inline?.slice("--file=".length) : words[index + 1];
}

// What may come after `words` (the words before the cursor, without "dk"); empty lets the shell complete files.
export function candidates(words: readonly string[], tasks: readonly ResolvedTask[]): string[] {
  const previous = words.at(-1);
  let commandIndex = -1;
  for (let index = 0; index < words.length && commandIndex === -1; index++) {
    const word = words[index]!;
    if (VALUED.includes(word)) index++;
    else if (!word.startsWith("-")) commandIndex = index;
  }
  if (previous === "-f" || previous === "--file" || (previous === "--limit" && commandIndex === -1)) return [];
  if (commandIndex === -1) return [...tasks.map((task) => task.name), "completion", ...GLOBALS];
  const command = words[commandIndex]!;
  const after = words.slice(commandIndex + 1);
  if (command === "completion") return after.length === 0 ? ["bash", "zsh"] : [];
  const task = tasks.find((candidate) => candidate.name === command);
  if (!task || after.includes("--")) return [];
  const valueOf = previous?.startsWith("--") ? task.flags.find((flag) => `--${flag.name}` === previous) : undefined;
  if (valueOf && valueOf.type !== "boolean" && commandIndex < words.length - 1) return (valueOf.choices ?? []).map(String);
  const used = new Set(after);
  const flags = task.flags.flatMap((flag) => {
    const names = [`--${flag.name}`, ...(flag.type === "boolean" ? [`--no-${flag.name}`] : [])];
    const repeatable = flag.type.endsWith("[]");
    return repeatable || !names.some((name) => used.has(name)) ? names : [];
  });
  return [...flags, "--help"];
}
