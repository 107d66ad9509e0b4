#!/usr/bin/env bash
# Runs every test project (tests/*/*.Tests.csproj) once each (the end-to-end suite once per store
# profile in $ABACO_E2E_PROFILES, default "embedded production", and its main paths once more with the
# api, core and spawner roles in three processes: $ABACO_E2E_SPLIT_CLASSES), keeps going after failures,
# and ends with one line, alone and last:  N passed, N failed   (exit code non-zero iff N failed > 0).
#
#   scripts/run-tests.sh [options] [--] [filter]
#     --filter EXPR | EXPR     dotnet test --filter expression   (default: $ABACO_TEST_FILTER)
#     --project NAME           run only this project; repeatable (default: $ABACO_TEST_PROJECTS,
#                              space-separated; "Core" is short for "Abaco.Core.Tests")
#     --no-build               the solution was just built (the Test target does that)
#     --build-per-project      skip the solution build and build each test project on its own
#                              (the Test target uses it when the solution build has failed)
#     --prefailed NAME         count NAME (a failed preparation step) as one failure
#
# A project whose run crashed, hung (--blame-hang-timeout) or produced no TRX counts as one failure
# and is named. Results: artifacts/test-results/<project>.trx, <project>.log, summary.txt.
# Uses bash, grep, sed and awk only (no python on a fresh machine).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 2
RESULTS="artifacts/test-results"
CONFIGURATION=Release
HANG_TIMEOUT="${ABACO_TEST_HANG_TIMEOUT:-10m}"
HANG_DUMP="${ABACO_TEST_HANG_DUMP:-mini}"   # full dumps of a hung test host are hundreds of MB

die_usage() { echo "run-tests.sh: $*" >&2; sed -n '4,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

filter="${ABACO_TEST_FILTER:-}"
filter_from_args=""
build_mode=solution
selected=()
prefailed=()
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) [ $# -ge 2 ] || die_usage "--filter needs an expression"; filter_from_args="$2"; shift 2 ;;
    --filter=*) filter_from_args="${1#--filter=}"; shift ;;
    --project) [ $# -ge 2 ] || die_usage "--project needs a name"; selected+=("$2"); shift 2 ;;
    --no-build) build_mode=none; shift ;;
    --build-per-project) build_mode=projects; shift ;;
    --prefailed) [ $# -ge 2 ] || die_usage "--prefailed needs a name"; prefailed+=("$2"); shift 2 ;;
    -h | --help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift ;;
    -*) die_usage "unknown option $1" ;;
    *) [ -z "$filter_from_args" ] || die_usage "one filter expression only (combine with & and |)"
       filter_from_args="$1"; shift ;;
  esac
done
[ -n "$filter_from_args" ] && filter="$filter_from_args"
if [ ${#selected[@]} -eq 0 ] && [ -n "${ABACO_TEST_PROJECTS:-}" ]; then
  read -r -a selected <<<"$ABACO_TEST_PROJECTS"
fi

# ---------------------------------------------------------------------------------------------
# Bookkeeping: one line per project in the summary; totals.
# ---------------------------------------------------------------------------------------------
total_passed=0
total_failed=0
lines=()
record() { # status name passed failed detail
  total_passed=$((total_passed + $3))
  total_failed=$((total_failed + $4))
  lines+=("$(printf '%-4s  %-32s %s' "$1" "$2" "$5")")
}

# ---------------------------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------------------------
declare -A project_path=()
all_names=()
for csproj in tests/*/*.Tests.csproj; do
  [ -e "$csproj" ] || continue
  name="$(basename "$csproj" .csproj)"
  project_path[$name]="$csproj"
  all_names+=("$name")
done

names=()
if [ ${#selected[@]} -gt 0 ]; then
  for want in "${selected[@]}"; do
    found=""
    for candidate in "$want" "$want.Tests" "Abaco.$want" "Abaco.$want.Tests"; do
      if [ -n "${project_path[$candidate]+x}" ]; then found="$candidate"; break; fi
    done
    if [ -n "$found" ]; then
      names+=("$found")
    else
      echo "run-tests.sh: no test project '$want' (have: ${all_names[*]:-none})" >&2
      record FAIL "$want" 0 1 "no such test project: counted as 1 failed"
    fi
  done
else
  names=("${all_names[@]}")
  [ ${#names[@]} -gt 0 ] || record FAIL "(discovery)" 0 1 "no tests/*/*.Tests.csproj found: counted as 1 failed"
fi

for step in "${prefailed[@]}"; do
  record FAIL "$step" 0 1 "preparation step failed (see its output above): counted as 1 failed"
done

rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# ---------------------------------------------------------------------------------------------
# Build once; if that fails, find out per project which ones can still run.
# ---------------------------------------------------------------------------------------------
declare -A unbuilt=()
build_projects() {
  local name
  for name in "${names[@]}"; do
    echo "=== build ${project_path[$name]}"
    if ! dotnet build "${project_path[$name]}" -c "$CONFIGURATION"; then
      unbuilt[$name]=1
    fi
  done
}

solution=""
for candidate in Abaco.sln Abaco.slnx; do [ -f "$candidate" ] && { solution="$candidate"; break; }; done

if [ ${#names[@]} -gt 0 ]; then
  case "$build_mode" in
    none) ;;
    projects) build_projects ;;
    solution)
      if [ ${#selected[@]} -gt 0 ] || [ -z "$solution" ]; then
        build_projects                 # a subset builds only what it runs
      else
        echo "=== dotnet build $solution -c $CONFIGURATION"
        if ! dotnet build "$solution" -c "$CONFIGURATION"; then
          record FAIL "build" 0 1 "$solution did not build: counted as 1 failed; trying each test project"
          build_projects
        fi
      fi ;;
  esac
fi

# ---------------------------------------------------------------------------------------------
# TRX: <Counters total="" executed="" passed="" failed="" error="" timeout="" aborted="" .../>
# ---------------------------------------------------------------------------------------------
counters_of() { # file -> the Counters element on one line (empty when absent)
  tr '\r\n' '  ' <"$1" | grep -o '<Counters [^>]*>' | head -n 1
}
attr() { # element name -> numeric value, 0 when absent
  local value
  value="$(printf '%s\n' "$1" | sed -n "s/.*[[:space:]]$2=\"\([0-9][0-9]*\)\".*/\1/p")"
  echo "${value:-0}"
}

# ---------------------------------------------------------------------------------------------
# Run
# ---------------------------------------------------------------------------------------------
# One run of one project: label (names the TRX and log), project name, filter, then VAR=value pairs for its env.
run_project() {
  local label="$1" name="$2" run_filter="$3"
  shift 3
  local trx="$RESULTS/$label.trx" log="$RESULTS/$label.log"
  local cmd=(dotnet test "${project_path[$name]}" --no-build -c "$CONFIGURATION"
       --logger "trx;LogFileName=$label.trx" --results-directory "$RESULTS"
       --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type "$HANG_DUMP")
  [ -n "$run_filter" ] && cmd+=(--filter "$run_filter")
  echo
  echo "=== $label: ${*:+$* }${cmd[*]}"
  local started=$SECONDS
  env "$@" "${cmd[@]}" </dev/null 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local took="$((SECONDS - started))s"

  local counters=""
  [ -f "$trx" ] && counters="$(counters_of "$trx")"
  if [ -z "$counters" ]; then
    record FAIL "$label" 0 1 "no TRX (dotnet test exit $rc, log $log): counted as 1 failed"
    return
  fi
  local total passed failed skipped detail status
  total="$(attr "$counters" total)"
  passed="$(attr "$counters" passed)"
  failed=$(( $(attr "$counters" failed) + $(attr "$counters" error) + $(attr "$counters" timeout) + $(attr "$counters" aborted) ))
  skipped=$(( total - passed - failed )); [ $skipped -lt 0 ] && skipped=0
  detail="$passed passed, $failed failed, $skipped skipped ($took)"
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
    detail="$passed passed, dotnet test exit $rc (crashed, hung or aborted; log $log): counted as 1 failed ($took)"
  fi
  if [ $failed -gt 0 ]; then status=FAIL; else status=ok; fi
  record "$status" "$label" "$passed" "$failed" "$detail"
  if [ $failed -gt 0 ]; then name_failed_tests "$trx"; fi
}

# Each failed test of a TRX as indented summary lines, its name and the first lines of its message, so a CI log
# that keeps only the summary still says what failed and why (the stack trace is in the TRX and the project's log).
name_failed_tests() { # trx
  local line
  while IFS= read -r line; do
    lines+=("        $line")
  done < <(awk 'BEGIN { RS = "</UnitTestResult>"; shown = 0 }
      {
        # a passed result may be self-closing, so a record is its text from the last result tag on
        rest = $0; at = 0
        while ((i = index(rest, "<UnitTestResult ")) > 0) { at += i; rest = substr(rest, i + 1) }
        if (at == 0) next
        $0 = substr($0, at)
      }
      {
        # the outcome is read from the result tag itself: the tail of the file (the summary of the run) follows the last
        # result in the same record, and says outcome="Failed" too
        tag = substr($0, 1, index($0, ">"))
        if (tag !~ /outcome="Failed"/ || shown >= 20) next
        shown++
        name = ""; message = ""
        if (match($0, /testName="[^"]*"/)) name = substr($0, RSTART + 10, RLENGTH - 11)
        if (match($0, /<Message>[^<]*<\/Message>/)) message = substr($0, RSTART + 9, RLENGTH - 19)
        print "failed: " name
        n = split(message, parts, "\n"); kept = 0
        for (i = 1; i <= n && kept < 4; i++) {
          gsub(/^[ \t\r]+|[ \t\r]+$/, "", parts[i])
          if (parts[i] == "") continue
          print "  " substr(parts[i], 1, 300); kept++
        }
      }' "$1" | sed 's/&quot;/"/g; s/&apos;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&#xD;//g; s/&#xA;/ /g; s/&amp;/\&/g')
}

# The end-to-end suite runs once per store profile (ABACO_E2E_PROFILES, default "embedded production"): the
# embedded SQLite files, then PostgreSQL + Redis. Specs that start servers of their own (Category=OwnServers)
# do not depend on the profile and run in the first pass only.
E2E_PROFILES="${ABACO_E2E_PROFILES:-embedded production}"
# Register, send (form, JSON, binary), containers, logs, results, synchronous execution, cron, links, delete.
E2E_SPLIT_CLASSES="${ABACO_E2E_SPLIT_CLASSES-ActorLifecycleSpecs MessagesRunAsContainersSpecs ApiBinaryAndResultsSpecs ApiSynchronousSpecs CronSpecs EventSpecs}"
for name in "${names[@]}"; do
  if [ -n "${unbuilt[$name]+x}" ]; then
    record FAIL "$name" 0 1 "did not build: counted as 1 failed"
    continue
  fi
  if [ "$name" != "Abaco.EndToEnd.Tests" ]; then
    run_project "$name" "$name" "$filter"
    continue
  fi
  first=1
  for profile in $E2E_PROFILES; do
    run_filter="$filter"
    if [ $first -eq 0 ]; then
      run_filter="Category!=OwnServers${filter:+&($filter)}"
    fi
    if [ $first -eq 1 ]; then label="$name"; else label="$name.$profile"; fi
    run_project "$label" "$name" "$run_filter" ABACO_E2E_PROFILE="$profile"
    first=0
  done
  # The main paths once more through three role processes (api, core, spawner) on PostgreSQL + Redis.
  split_filter=""
  for class in $E2E_SPLIT_CLASSES; do
    split_filter="${split_filter:+$split_filter|}FullyQualifiedName~Abaco.EndToEnd.Tests.$class"
  done
  if [ -n "$split_filter" ]; then
    run_project "$name.split" "$name" "Category!=OwnServers&($split_filter)${filter:+&($filter)}" \
      ABACO_E2E_TOPOLOGY=split
  fi
done

# ---------------------------------------------------------------------------------------------
# Summary: last line alone is "N passed, N failed".
# ---------------------------------------------------------------------------------------------
{
  echo "=== test summary${filter:+ (filter: $filter)}"
  for line in "${lines[@]}"; do echo "$line"; done
  echo "results: $RESULTS/"
  echo "$total_passed passed, $total_failed failed"
} >"$RESULTS/summary.txt"

if [ -n "${ABACO_DEFER_SUMMARY:-}" ]; then
  echo "run-tests.sh: $total_passed passed, $total_failed failed (summary printed at the end)"
else
  echo
  cat "$RESULTS/summary.txt"
fi
[ "$total_failed" -eq 0 ]
