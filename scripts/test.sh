# shellcheck shell=bash
# ./aims test: the whole suite against a throw-away Azurite and PostgreSQL.
# The last line printed is always "N passed, N failed", counted from the TRX files
# this run produced.

TEST_RESULTS="$AIMS_ARTIFACTS/test-results"
TEST_DB=aimsbot_test
TEST_TMP=
TEST_STARTED=0  # dotnet test was started: the results folder holds this run's TRX files
TEST_SUMMARY='' # the closing line
TEST_CLEANED=0

test_cleanup() {
  ((TEST_CLEANED)) && return 0
  TEST_CLEANED=1
  enter_cleanup
  local rc=0
  ((${#AIMS_PIDS[@]})) && say "Stopping test services…"
  stop_all_children 15
  stop_postgres "$AIMS_LOGS/test-postgres.log"
  remove_cleanup_paths
  # Nothing we started may survive us.
  if [[ -n ${AZURITE_PID:-} ]] && group_alive "$AZURITE_PID"; then
    err "Azurite (pgid $AZURITE_PID) is still running"
    rc=1
  fi
  return "$rc"
}

on_test_exit() {
  local rc=$?
  enter_cleanup
  if ((rc > 128)); then err "interrupted"; fi
  test_cleanup || rc=1
  if [[ -z $TEST_SUMMARY ]]; then
    if ((TEST_STARTED)); then
      collect_trx
      TEST_SUMMARY="$TRX_PASSED passed, $TRX_FAILED failed"
    else
      TEST_SUMMARY="0 passed, 0 failed"
    fi
  fi
  ((rc != 0)) || [[ $TEST_SUMMARY != "0 passed, 0 failed" ]] || rc=1
  printf '%s\n' "$TEST_SUMMARY"
  exit "$rc"
}

# Test projects of the solution: projects that say <IsTestProject>true</IsTestProject>
# or reference Microsoft.NET.Test.Sdk (tests/AimsBot.Benchmarks is a console app: not one).
sln_test_projects() {
  local path file
  while IFS= read -r path; do
    file="$AIMS_ROOT/${path//\\//}"
    [[ -f $file ]] || continue
    grep -qiE '<IsTestProject>[[:space:]]*false' "$file" && continue
    grep -qiE '<IsTestProject>[[:space:]]*true|Microsoft\.NET\.Test\.Sdk' "$file" && printf '%s\n' "${path//\\//}"
  done < <(sed -n 's/^Project("[^"]*") = "[^"]*", "\([^"]*\.csproj\)".*/\1/p' "$AIMS_ROOT/AimsBot.sln" | tr -d '\r')
  return 0
}

trx_attr() { # NAME COUNTERS_ELEMENT
  local v
  v=$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2")
  printf '%s' "${v:-0}"
}

# Sum the <Counters> of every TRX file in the results folder: errors, timeouts and
# aborted tests count as failed, tests not executed as skipped. A run that did not
# complete (a test host that crashed, an aborted run) counts as one failure when no
# test of it failed, and is described in TRX_ERRORS.
TRX_FILES=0 TRX_PASSED=0 TRX_FAILED=0 TRX_SKIPPED=0
TRX_ERRORS=()
collect_trx() {
  TRX_FILES=0 TRX_PASSED=0 TRX_FAILED=0 TRX_SKIPPED=0
  TRX_ERRORS=()
  local f c n outcome why
  for f in "$TEST_RESULTS"/*.trx; do
    [[ -f $f ]] || continue
    TRX_FILES=$((TRX_FILES + 1))
    c=$(grep -o '<Counters [^>]*>' "$f" | head -n 1 || true)
    if [[ -z $c ]]; then
      TRX_ERRORS+=("$(basename "$f") has no <Counters> (a truncated file?)")
      TRX_FAILED=$((TRX_FAILED + 1))
      continue
    fi
    TRX_PASSED=$((TRX_PASSED + $(trx_attr passed "$c")))
    n=$(($(trx_attr failed "$c") + $(trx_attr error "$c") + $(trx_attr timeout "$c") + $(trx_attr aborted "$c")))
    outcome=$(grep -o '<ResultSummary outcome="[^"]*"' "$f" | head -n 1 | sed 's/.*outcome="//; s/"$//' || true)
    # <RunInfo ... outcome="Error"><Text>The active test run was aborted. Reason: Test host process crashed ...
    why=$(tr '\r\n' '  ' <"$f" | grep -o 'The active test run was aborted[^<]*' | head -n 1 | cut -c1-240 || true)
    if [[ -z $why ]] && ((n == 0)); then
      case "$outcome" in
        Completed | Passed | Warning | NotExecuted | '') ;;
        *) why="the run's outcome is $outcome, yet no test failed" ;;
      esac
    fi
    if [[ -n $why ]]; then
      TRX_ERRORS+=("$(basename "$f"): $why")
      ((n > 0)) || n=1
    fi
    TRX_FAILED=$((TRX_FAILED + n))
    n=$(($(trx_attr total "$c") - $(trx_attr executed "$c")))
    if ((n > 0)); then TRX_SKIPPED=$((TRX_SKIPPED + n)); fi
  done
}

cmd_test() {
  # One stream, so that nothing can print after the closing line however output is captured.
  exec 2>&1
  install_traps on_test_exit

  mkdir -p "$AIMS_LOGS"
  rm -rf "$TEST_RESULTS"
  mkdir -p "$TEST_RESULTS"

  ensure_dotnet
  ensure_node_modules
  ensure_postgres

  TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/aimsbot-test.XXXXXX")
  AIMS_CLEANUP_PATHS+=("$TEST_TMP")

  # Azurite's table service on a free port, data in a throw-away folder.
  local az_log="$AIMS_LOGS/test-azurite.log" attempt port='' rc
  for attempt in 1 2 3 4 5; do
    port=$(pick_free_port) || die "no free port for Azurite"
    rc=0
    start_azurite "$port" "$TEST_TMP/azurite" "$az_log" || rc=$?
    ((rc == 0)) && break
    ((rc == 3)) || die "Azurite did not start (log: $(rel "$az_log"))"
    info "port $port was taken; retrying Azurite on another port (attempt $attempt)"
    port=''
  done
  [[ -n $port ]] || die "Azurite did not start: no free port found"
  ok "Azurite (tables) on 127.0.0.1:$port"

  # PostgreSQL on a free port, data in a throw-away folder, database $TEST_DB.
  start_postgres "$TEST_DB" "$AIMS_LOGS/test-postgres.log"
  ok "PostgreSQL ($(basename "$(dirname "$PG_BIN")")) on 127.0.0.1:$PG_PORT, database $TEST_DB"

  export AIMSBOT_REPO_ROOT="$AIMS_ROOT"
  AIMSBOT_TEST_TABLES=$(azurite_connection_string "$port")
  export AIMSBOT_TEST_TABLES
  export AIMSBOT_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$TEST_DB"

  local build_log="$AIMS_LOGS/build.log" test_log="$AIMS_LOGS/test.log"
  say "Building AimsBot.sln (Release) — log: $(rel "$build_log")"
  if ! run_logged --console build "$build_log" dotnet build "$AIMS_ROOT/AimsBot.sln" -c Release -nologo; then
    err "the build failed (log: $(rel "$build_log"))"
    exit 1
  fi

  say "Running the tests — log: $(rel "$test_log"), results: $(rel "$TEST_RESULTS")"
  TEST_STARTED=1
  local test_rc=0
  # Each test project writes <project>.trx into $TEST_RESULTS (Directory.Build.targets): no name collisions.
  run_logged --console test "$test_log" dotnet test "$AIMS_ROOT/AimsBot.sln" -c Release --no-build \
    "-p:VSTestResultsDirectory=$TEST_RESULTS" "$@" || test_rc=$?

  collect_trx
  local expected fail=0 e dup missing
  expected=$(sln_test_projects | wc -l)
  echo
  for e in "${TRX_ERRORS[@]}"; do
    err "a test run did not complete: $e"
    fail=1
  done
  if ((TRX_FILES < expected)); then
    missing=$((expected - TRX_FILES))
    err "$missing of $expected test project(s) produced no results (crashed or did not start): counted as failed; see $(rel "$test_log")"
    dup=$(grep -o 'Results File: .*' "$test_log" | sort | uniq -d || true)
    if [[ -n $dup ]]; then err "two test projects wrote the same TRX file (a vstest file-name race): ${dup#Results File: }"; fi
    TRX_FAILED=$((TRX_FAILED + missing))
    fail=1
  fi
  if ((TRX_FAILED > 0)); then fail=1; fi
  if ((TRX_PASSED + TRX_FAILED == 0)); then
    err "no tests ran"
    fail=1
  fi
  if ((test_rc != 0 && fail == 0)); then
    err "dotnet test exited with code $test_rc"
    fail=1
  fi
  info "$TRX_FILES result file(s) in $(rel "$TEST_RESULTS"); $TRX_SKIPPED skipped"
  TEST_SUMMARY="$TRX_PASSED passed, $TRX_FAILED failed"
  exit "$fail"
}
