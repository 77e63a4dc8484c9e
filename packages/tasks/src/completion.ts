import { UsageError } from "./errors.ts";
import { BASH } from "./completion-bash.ts";
import { FISH, ZSH } from "./completion-scripts.ts";

/** What `dk completion` does, for help and completion. */
export const COMPLETION_HELP = "print a shell completion script";

/** The shells `dk completion` has a script for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;

// `dk completion bash|zsh|fish`: the script for that shell.
export function completionScript(args: readonly string[]): string {
  const [shell, ...extra] = args;
  const scripts = { bash: BASH, zsh: ZSH, fish: FISH } as Record<string, string>;
  if (shell !== undefined && Object.hasOwn(scripts, shell) && extra.length === 0) return scripts[shell]!;
  throw new UsageError(
    `completion needs one shell, ${SHELLS.join(", ")}${shell ? `; got "${args.join(" ")}"` : ""}`,
    `dk completion ${SHELLS.join("|")}`,
  );
}
