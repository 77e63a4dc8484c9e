// Every script asks dk itself (`dk __complete WORDS...`), so it completes the tasks of the tasks file at hand. For
// `pnpm dk` and `npx dk` it asks the project's own node_modules/.bin/dk (nearest first, else dk on PATH), and
// leaves every other pnpm or npx command to the completion those had before.

export const ZSH = `#compdef dk
# dk completion for zsh, also for "pnpm dk" and "npx dk". Load it with: source <(dk completion zsh)
_dk_bin() {
  local dir=$PWD
  while :; do
    [[ -x $dir/node_modules/.bin/dk ]] && { print -r -- $dir/node_modules/.bin/dk; return; }
    [[ $dir == / ]] && break
    dir=\${dir:h}
  done
  whence -p dk
}
_dk() {
  local -a candidates
  local bin=\${words[1]} start=2
  if [[ \${bin:t} == (pnpm|npx) ]]; then
    while (( start < CURRENT )) && [[ \${words[start]} == -* ]]; do (( start++ )); done
    if [[ \${words[start]} != dk ]] || (( start >= CURRENT )); then
      local previous=\${_dk_previous[\${bin:t}]}
      if [[ -n $previous ]]; then $previous; else _files; fi
      return
    fi
    bin=$(_dk_bin)
    (( start++ ))
  fi
  # --flag=value is one word here: dk completes the value, and the "--flag=" typed stays.
  local flag=
  if [[ $PREFIX == --*=* ]]; then flag=\${PREFIX%%=*}; compset -P '*='; fi
  # The words as typed keep their quotes ('my dir/tasks.ts'): dk gets them as the command would.
  local -a typed=("\${(@Q)words[start,CURRENT-1]}")
  # Each line is a word, then a tab and what it is (a task's summary, a flag's help): _describe shows them side by side,
  # and a colon in the word is escaped, as it separates the two there.
  local line word tab=$'\\t'
  for line in \${(f)"$($bin __describe "\${typed[@]}" $flag 2>/dev/null)"}; do
    word=\${\${line%%$tab*}//:/\\\\:}
    if [[ $line == *$tab* ]]; then candidates+=("$word:\${line#*$tab}"); else candidates+=("$word"); fi
  done
  if (( \${#candidates} )); then _describe -t dk-candidates dk candidates; else _files; fi
}
# compdef comes from compinit, which a plain zsh (zsh -f, no ~/.zshrc framework) has not run.
if (( $+functions[compdef] )); then
  typeset -gA _dk_previous
  _dk_previous[pnpm]=\${_comps[pnpm]:#_dk}
  _dk_previous[npx]=\${_comps[npx]:#_dk}
  compdef _dk dk pnpm npx
  # Autoloaded from $fpath as _dk (by the #compdef line), this is already a completion: it completes too.
  if [[ \${funcstack[1]} == _dk ]]; then _dk "$@"; fi
else
  print -ru2 -- 'dk completion: zsh completion is not loaded; run "autoload -Uz compinit && compinit" before it'
  false
fi
`;

export const FISH = `# dk completion for fish, also for "pnpm dk" and "npx dk".
# Load it with: dk completion fish | source
function __dk_bin
    set -l dir (pwd)
    while true
        if test -x $dir/node_modules/.bin/dk
            echo $dir/node_modules/.bin/dk
            return
        end
        test "$dir" = /; and break
        set dir (dirname $dir)
    end
    command -s dk
end
# The words after dk (after "pnpm dk" or "npx dk" too); fails when the line is not a dk command.
function __dk_words
    set -l words (commandline -opc)
    set -l bin (basename -- $words[1])
    set -e words[1]
    if test "$bin" = pnpm -o "$bin" = npx
        while set -q words[1]; and string match -q -- '-*' $words[1]
            set -e words[1]
        end
        test "$words[1]" = dk; or return 1
        set -e words[1]
    end
    # printf with no words would print one empty line: a word "" for dk.
    set -q words[1]; and printf '%s\\n' $words
    return 0
end
function __dk_candidates
    set -l words (__dk_words); or return
    set -l bin dk
    contains -- (basename -- (commandline -opc)[1]) pnpm npx; and set bin (__dk_bin)
    # --flag=value is one word here: dk completes the value, given back after the flag.
    set -l flag (string replace -rf -- '^(--[^=]+)=.*' '$1' (commandline -ct))
    # Each line is a word, then a tab and what it is (a task's summary, a flag's help), which fish shows beside it.
    if set -q flag[1]
        $bin __describe $words $flag 2>/dev/null | string replace -r -- '^' "$flag="
    else
        $bin __describe $words 2>/dev/null
    end
end
# Files only where dk offers nothing (after -f, or a free text flag). What dk offered is kept for the list itself:
# one dk per Tab, not two.
function __dk_offers
    set -g __dk_offered (__dk_candidates)
    set -q __dk_offered[1]
end
for command in dk pnpm npx
    complete -c $command -n '__dk_words >/dev/null; and __dk_offers' -f -a '$__dk_offered'
end
`;
