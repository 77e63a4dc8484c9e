import { UsageError } from "./errors.ts";

// Both scripts ask dk itself (`dk __complete WORDS...`), so they complete the tasks of the tasks file at hand.
const BASH = `# dk completion for bash. Load it with: source <(dk completion bash)
_dk_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" IFS=$'\\n'
  COMPREPLY=($(compgen -W "$("\${COMP_WORDS[0]}" __complete "\${COMP_WORDS[@]:1:COMP_CWORD-1}" 2>/dev/null)" -- "$cur"))
}
complete -o default -F _dk_complete dk
`;

const ZSH = `#compdef dk
# dk completion for zsh. Load it with: source <(dk completion zsh)
_dk() {
  local -a candidates
  candidates=(\${(f)"$(\${words[1]} __complete \${words[2,CURRENT-1]} 2>/dev/null)"})
  if (( \${#candidates} )); then compadd -- $candidates; else _files; fi
}
compdef _dk dk
`;

// `dk completion bash|zsh`: the script for that shell.
export function completionScript(args: readonly string[]): string {
  const [shell, ...extra] = args;
  if (shell === "bash" && extra.length === 0) return BASH;
  if (shell === "zsh" && extra.length === 0) return ZSH;
  throw new UsageError(
    `completion needs one shell, bash or zsh${shell ? `; got "${args.join(" ")}"` : ""}`,
    "dk completion bash|zsh",
  );
}
