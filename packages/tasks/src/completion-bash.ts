// dk's completion script for bash; completion-scripts.ts has those of zsh and fish.

export const BASH = `# dk completion for bash, also for "pnpm dk" and "npx dk".
# Load it with: source <(dk completion bash)
_dk_bin() {
  local dir="$PWD"
  while :; do
    [[ -x "$dir/node_modules/.bin/dk" ]] && { printf '%s\\n' "$dir/node_modules/.bin/dk"; return; }
    [[ -z "$dir" || "$dir" == / ]] && break
    dir="\${dir%/*}"
  done
  command -v dk
}
# A word as typed ('my dir', "my dir", my\\ dir) as the command gets it: dk reads -f and values from them.
_dk_unquote() {
  local typed=$1 out= at char
  case $typed in
    \\'*\\' | \\"*\\") out=\${typed:1:\${#typed}-2} ;;
    *)
      for ((at = 0; at < \${#typed}; at++)); do
        char=\${typed:at:1}
        [[ $char == \\\\ ]] && { ((++at)); char=\${typed:at:1}; }
        out+=$char
      done
      ;;
  esac
  printf -v "$2" '%s' "$out"
}
_dk_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" IFS=$'\\n' bin="\${COMP_WORDS[0]}" start=1
  case "\${bin##*/}" in
    pnpm | npx)
      while [[ $start -lt $COMP_CWORD && "\${COMP_WORDS[start]}" == -* ]]; do ((start++)); done
      if [[ "\${COMP_WORDS[start]}" != dk || $start -ge $COMP_CWORD ]]; then
        local previous="_dk_previous_\${bin##*/}"
        [[ -n "\${!previous}" ]] && "\${!previous}" "$@"
        return
      fi
      bin="$(_dk_bin)"
      ((start++))
      ;;
  esac
  # Bash splits --flag=value at the "=": dk gets the words joined again, and the value is completed alone.
  local -a typed=()
  local i word
  for ((i = start; i < COMP_CWORD; i++)); do
    _dk_unquote "\${COMP_WORDS[i]}" word
    if [[ \${#typed[@]} -gt 0 && ("$word" == "=" || "\${typed[-1]}" == *=) ]]; then
      typed[-1]+="$word"
    else
      typed+=("$word")
    fi
  done
  [[ "$cur" == "=" ]] && cur=""
  [[ \${#typed[@]} -gt 0 && "\${typed[-1]}" == -*= ]] && typed[-1]="\${typed[-1]%=}"
  # Matched and inserted as dk said them: compgen -W would expand each ($HOME) and drop its quotes, and a value with
  # a space would go in as two words. A quote begun in the word typed so far is left out of the match.
  cur=\${cur#[\\"\\']}
  COMPREPLY=()
  local candidate quoted
  while IFS= read -r candidate; do
    [[ "$candidate" == "$cur"* ]] || continue
    printf -v quoted '%q' "$candidate"
    COMPREPLY+=("$quoted")
  done < <("$bin" __complete "\${typed[@]}" 2>/dev/null)
}
_dk_previous_pnpm="$(complete -p pnpm 2>/dev/null | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')"
_dk_previous_npx="$(complete -p npx 2>/dev/null | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')"
[[ "$_dk_previous_pnpm" == _dk_complete ]] && _dk_previous_pnpm=""
[[ "$_dk_previous_npx" == _dk_complete ]] && _dk_previous_npx=""
complete -o default -F _dk_complete dk pnpm npx
`;
