#!/usr/bin/env bash
# The GitHub Action's steps (action.yml at the repository root), one subcommand each:
#
#   run.sh install   builds cognito-reconcile in the action's own checkout (GITHUB_ACTION_PATH):
#                    npm ci, then the TypeScript build; skipped when it is already built there
#   run.sh run       runs plan, drift or apply from the action's inputs, in the current directory,
#                    and writes the outputs exit-code, has-changes and markdown-file
#
# `run` reads the inputs from INPUT_COMMAND, INPUT_FILE, INPUT_SAVED_PLAN, INPUT_ARGS,
# INPUT_FAIL_ON_CHANGES and INPUT_FAIL_ON_DRIFT, which action.yml sets from `with:`.
#
# Exit status of `run`: 0 when the command did its work (plan with or without changes, drift in
# sync, apply converged); plan's changes fail the step only with fail-on-changes: true, drift fails
# it unless fail-on-drift: false (exit 2 both); an error fails it with the CLI's exit code (1, or 3
# for a stale saved plan).
#
# Nothing here prints the environment or a secret: the command line is printed, and what the CLI
# prints, which never holds a secret value.
set -euo pipefail

# The most of apply's output put in its Markdown report; all of it is always in the step's log.
readonly APPLY_REPORT_BYTES=60000

die() {
  printf '::error title=cognito-reconcile::%s\n' "$(escape "$1")"
  output exit-code 1
  exit 1
}

# Text for a workflow command's message: % and line breaks would be read as its syntax.
escape() {
  local text=$1
  text=${text//\%/%25}
  text=${text//$'\r'/%0D}
  text=${text//$'\n'/%0A}
  printf '%s' "$text"
}

require_action_path() {
  if [[ -z "${GITHUB_ACTION_PATH:-}" ]]; then
    die "GITHUB_ACTION_PATH is not set: run.sh runs as a step of the action (action.yml)"
  fi
}

require_node() {
  local major
  if ! major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null); then
    die "Node.js is not on PATH: set the action's node-version input (for example 20)"
  fi
  if ((major < 20)); then
    die "cognito-reconcile needs Node.js 20 or later, and this runner's is $(node --version): set the action's node-version input (for example 20)"
  fi
}

install() {
  require_action_path
  require_node
  local root=$GITHUB_ACTION_PATH
  if [[ -f "$root/dist/cli/main.js" ]]; then
    printf 'cognito-reconcile is already built in %s\n' "$root"
    return 0
  fi
  # Dependencies exactly as locked, without install scripts (the build needs none), then the build.
  printf '::group::%s\n' "Install cognito-reconcile: npm ci and build in $root"
  (cd "$root" && npm ci --ignore-scripts --no-audit --no-fund && npm run build)
  printf '::endgroup::\n'
}

# Words of a whitespace-separated input (spaces, tabs or new lines; no quoting, no globbing), one a
# line, for `read` into an array.
words() {
  local word
  local -a list=()
  read -r -d '' -a list <<<"$1" || true
  for word in ${list[@]+"${list[@]}"}; do printf '%s\n' "$word"; done
}

# Checks a true/false input, and says it as true or false.
boolean() {
  case "$1" in
    true | True | TRUE) printf 'true' ;;
    false | False | FALSE) printf 'false' ;;
    *) return 1 ;;
  esac
}

output() {
  printf '%s=%s\n' "$1" "$2" >>"${GITHUB_OUTPUT:-/dev/null}"
}

# Adds a report to the run's summary page as a block of its own.
append_summary() {
  local report=$1 separator=""
  [[ -n "${GITHUB_STEP_SUMMARY:-}" ]] || return 0
  if [[ -s "$GITHUB_STEP_SUMMARY" ]]; then separator=$'\n'; fi
  if ! { printf '%s' "$separator" && cat "$report"; } >>"$GITHUB_STEP_SUMMARY"; then
    printf '::warning title=cognito-reconcile::%s\n' "$(escape "could not write the step summary ($GITHUB_STEP_SUMMARY)")"
  fi
}

# A code fence longer than any run of backticks in the text, so the text cannot close it.
fence_for() {
  local length
  length=$(awk '{ while (match($0, /`+/)) { if (RLENGTH > longest) longest = RLENGTH; $0 = substr($0, RSTART + RLENGTH) } } END { print (longest >= 3 ? longest + 1 : 3) }' "$1")
  printf '%*s' "$length" '' | tr ' ' '`'
}

# apply prints text, not Markdown: its report is the output in a code block, under a verdict.
write_apply_report() {
  local out=$1 report=$2 code=$3 has_changes=$4 fence size
  fence=$(fence_for "$out")
  size=$(wc -c <"$out" | tr -d ' ')
  {
    printf '### cognito-reconcile apply\n\n'
    case "$code:$has_changes" in
      0:true) printf 'Applied: live state now matches the file.\n\n' ;;
      0:*) printf 'Nothing to do: live state already matched the file.\n\n' ;;
      3:*) printf '**The saved plan is stale** (exit code 3): the file, the live state or the plan itself changed since it was made. Nothing was applied; make a new plan and review it.\n\n' ;;
      *) printf '**apply failed** (exit code %s): the reason is on one line in the step'"'"'s log. What it did before is below; run apply again to go on from there.\n\n' "$code" ;;
    esac
    if ((size == 0)); then
      :
    elif ((size > APPLY_REPORT_BYTES)); then
      printf '%stext\n' "$fence"
      # Whole lines only: the last, perhaps cut, line goes.
      head -c "$APPLY_REPORT_BYTES" "$out" | sed '$d'
      printf '%s\n\n' "$fence"
      printf 'The output is cut here at %s bytes of %s; all of it is in the step'"'"'s log.\n' "$APPLY_REPORT_BYTES" "$size"
    else
      printf '%stext\n' "$fence"
      cat "$out"
      # The output ends with a new line; a fence must start a line of its own either way.
      if [[ -n "$(tail -c 1 "$out")" ]]; then printf '\n'; fi
      printf '%s\n' "$fence"
    fi
  } >"$report"
}

write_failure_report() {
  local command=$1 report=$2 code=$3
  {
    printf '### cognito-reconcile %s failed\n\n' "$command"
    printf 'Exit code %s: the file is invalid, AWS answered with an error, or a safety rail refused; the reason is on one line in the step'"'"'s log.\n' "$code"
  } >"$report"
}

run() {
  require_action_path
  local root=$GITHUB_ACTION_PATH cli command saved_plan fail_on_changes fail_on_drift
  cli="$root/dist/cli/main.js"
  command=${INPUT_COMMAND:-}
  saved_plan=${INPUT_SAVED_PLAN:-}
  case "$command" in
    plan | drift | apply) ;;
    *) die "command must be plan, drift or apply, not \"$command\"" ;;
  esac
  fail_on_changes=$(boolean "${INPUT_FAIL_ON_CHANGES:-false}") || die "fail-on-changes must be true or false, not \"${INPUT_FAIL_ON_CHANGES:-}\""
  fail_on_drift=$(boolean "${INPUT_FAIL_ON_DRIFT:-true}") || die "fail-on-drift must be true or false, not \"${INPUT_FAIL_ON_DRIFT:-}\""

  local -a files=() args=() argv=("$command")
  local word
  while IFS= read -r word; do files+=("$word"); done < <(words "${INPUT_FILE:-}")
  while IFS= read -r word; do args+=("$word"); done < <(words "${INPUT_ARGS:-}")

  if [[ -n "$saved_plan" ]]; then
    [[ "$command" == apply ]] || die "saved-plan is for command apply; $command reads the desired-state file (the file input)"
    ((${#files[@]} == 0)) || die "give either file or saved-plan, not both: a saved plan names its own file"
    argv+=("$saved_plan")
  else
    ((${#files[@]} > 0)) || die "file is required: the desired-state file (or, with command apply, saved-plan)"
    # Several files are layered in this order, later over earlier.
    for word in "${files[@]}"; do argv+=(-f "$word"); done
  fi
  for word in ${args[@]+"${args[@]}"}; do
    case "$word" in
      -f | -f* | --file | --file=*) die "args: $word is the file input's to set" ;;
      --format | --format=*) die "args: $word is set by the action (Markdown for plan and drift)" ;;
    esac
  done
  case "$command" in
    plan) argv+=(--format markdown --detailed-exitcode) ;;
    drift) argv+=(--format markdown) ;;
    apply) if [[ -z "$saved_plan" ]]; then argv+=(--auto-approve); fi ;;
  esac
  argv+=(${args[@]+"${args[@]}"})

  require_node
  [[ -f "$cli" ]] || die "cognito-reconcile is not built in $root: the action's install step runs before this one"

  local dir out report code stop has_changes
  dir=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/cognito-reconcile.XXXXXX")
  out="$dir/output.txt"
  report="$dir/$command.md"

  printf 'cognito-reconcile %s\n' "${argv[*]}"
  # What the CLI prints is the file's and AWS's text: no line of it may act as a workflow command.
  stop="cognito-reconcile-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  printf '::stop-commands::%s\n' "$stop"
  set +e
  NO_COLOR=1 node "$cli" "${argv[@]}" </dev/null | tee "$out"
  code=${PIPESTATUS[0]}
  set -e
  printf '::%s::\n' "$stop"

  case "$command:$code" in
    plan:0 | drift:0) has_changes=false ;;
    plan:2 | drift:2) has_changes=true ;;
    apply:0) if grep -qx 'Applying:' "$out"; then has_changes=true; else has_changes=false; fi ;;
    *) has_changes="" ;;
  esac

  if [[ "$command" == apply ]]; then
    write_apply_report "$out" "$report" "$code" "$has_changes"
    append_summary "$report"
  elif [[ -n "$has_changes" ]]; then
    # The CLI wrote the Markdown on stdout, and to the step summary itself.
    cp "$out" "$report"
  else
    write_failure_report "$command" "$report" "$code"
    append_summary "$report"
  fi

  output exit-code "$code"
  output has-changes "$has_changes"
  output markdown-file "$report"

  local where
  where=$(if [[ -n "$saved_plan" ]]; then printf '%s' "$saved_plan"; else printf '%s' "${files[*]}"; fi)
  case "$command:$code" in
    *:0) return 0 ;;
    plan:2)
      if [[ "$fail_on_changes" == true ]]; then
        printf '::error title=cognito-reconcile plan::%s\n' "$(escape "Applying $where would change AWS Cognito (fail-on-changes is true); the plan is on the run's summary page.")"
        return 2
      fi
      return 0
      ;;
    drift:2)
      if [[ "$fail_on_drift" == true ]]; then
        printf '::error title=Cognito drift::%s\n' "$(escape "Live AWS Cognito differs from $where; the report is on the run's summary page. Apply the file, or write the live change into it.")"
        return 2
      fi
      printf '::warning title=Cognito drift::%s\n' "$(escape "Live AWS Cognito differs from $where; the report is on the run's summary page.")"
      return 0
      ;;
    apply:3)
      printf '::error title=Stale saved plan::%s\n' "$(escape "$saved_plan is stale: the file, the live state or the plan changed since it was made, and nothing was applied. Make a new plan and review it.")"
      return 3
      ;;
    *)
      printf '::error title=cognito-reconcile %s failed::%s\n' "$command" "$(escape "exit code $code; the reason is on one line in the log above.")"
      return "$code"
      ;;
  esac
}

case "${1:-}" in
  install) install ;;
  run) run ;;
  *) die "usage: run.sh install | run.sh run" ;;
esac
