#!/bin/bash
# The installed bash completion, driven as bash drives it: COMP_WORDS/COMP_CWORD in, COMPREPLY out.
#   bash_completion.sh <completion file> <chiso program>
set -eu
source "$1"
chiso_exe=$2
complete_words() {  # the words typed; the last one is being completed
  COMP_WORDS=("$chiso_exe" "$@")
  COMP_CWORD=$#
  _chiso
  echo "${COMPREPLY[*]}"
}
fail=0
expect() {
  local got=$1 want=$2 what=$3
  if [[ $got != "$want" ]]; then
    echo "FAIL: $what: got '$got', want '$want'"
    fail=1
  else
    echo "ok: $what: $got"
  fi
}
expect "$(complete_words imp)" "import-tree" "subcommand import-tree"
expect "$(complete_words li)" "list" "subcommand list"
expect "$(complete_words list --for)" "--format" "an option of list"
expect "$(complete_words list --format '')" "table csv json markdown" "the values of --format"
expect "$(complete_words import-tree --met)" "--method" "an option of import-tree"
expect "$(complete_words import-tree --method s)" "self_assessed survey" "the values of --method"
# Words, not the marks themselves: "{,,;}" was split into nothing usable.
expect "$(complete_words import-tree --separator '')" "comma semicolon tab" "the values of --separator"
exit $fail
