# shellcheck shell=bash
# ./aims test: the whole suite against a throw-away Azurite and PostgreSQL: the .NET test
# projects, then the node suite in tests/e2e (Teams manifest, Bicep, and the browser suite
# in the Agents Playground). The last line printed is always "N passed, N failed", counted
# from the TRX files and the node suite's JUnit file this run produced.

TEST_RESULTS="$AIMS_ARTIFACTS/test-results"
TEST_DB=aimsbot_test
TEST_TMP=
TEST_STARTED=0  # dotnet test was started: the results folder holds this run's TRX files
TEST_SUMMARY='' # the closing line
TEST_CLEANED=0
TEST_NODE_STARTED=0 # the node suite was started: its JUnit file belongs to this run
NODE_RESULTS="$TEST_RESULTS/e2e.junit.xml"

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
  if [[ -n ${AZURITE_BLOB_PID:-} ]] && group_alive "$AZURITE_BLOB_PID"; then
    err "Azurite's blob service (pgid $AZURITE_BLOB_PID) is still running"
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
    local passed=0 failed=0
    if ((TEST_STARTED)); then
      collect_trx
      passed=$((passed + TRX_PASSED)) failed=$((failed + TRX_FAILED))
    fi
    if ((TEST_NODE_STARTED)); then
      # Interrupted or stopped early: a missing or partial JUnit file counts as a failure.
      collect_node 1
      passed=$((passed + NODE_PASSED)) failed=$((failed + NODE_FAILED))
    fi
    TEST_SUMMARY="$passed passed, $failed failed"
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

# Sum the node suite's JUnit file (node --test --test-reporter=junit ends it with
# <!-- pass N --> ... comments): failed and cancelled tests count as failed. A missing or
# truncated file, or a node exit code that no failed test explains, counts as one failure.
NODE_PASSED=0 NODE_FAILED=0 NODE_SKIPPED=0
NODE_ERRORS=()
collect_node() { # NODE_EXIT_CODE
  local rc=$1 pass fail cancelled skipped
  NODE_PASSED=0 NODE_FAILED=0 NODE_SKIPPED=0
  NODE_ERRORS=()
  junit_count() { sed -n "s/.*<!-- $1 \([0-9][0-9]*\) -->.*/\1/p" "$NODE_RESULTS" 2>/dev/null | tail -n 1; }
  pass=$(junit_count pass) fail=$(junit_count fail) cancelled=$(junit_count cancelled) skipped=$(junit_count skipped)
  if [[ -z $pass || -z $fail ]]; then
    NODE_ERRORS+=("$(rel "$NODE_RESULTS") is missing or has no totals (the node suite did not finish)")
    NODE_FAILED=1
    return 0
  fi
  NODE_PASSED=$pass
  NODE_FAILED=$((fail + ${cancelled:-0}))
  NODE_SKIPPED=${skipped:-0}
  if ((rc != 0 && NODE_FAILED == 0)); then
    NODE_ERRORS+=("node --test exited with code $rc, yet no test failed")
    NODE_FAILED=1
  fi
}

# Debian's Chromium for the browser suite (playwright-core drives it; no browser download).
ensure_chromium() {
  [[ -x ${AIMSBOT_CHROMIUM:-/usr/bin/chromium} ]] && return 0
  apt_install chromium fonts-dejavu-core
  [[ -x /usr/bin/chromium ]] || die "Chromium is still not installed (/usr/bin/chromium missing)"
}

# The node suite: artefact checks (manifest, Bicep) and the browser suite, with results
# in $NODE_RESULTS. Returns 0 when everything passed.
run_node_suite() {
  local log="$AIMS_LOGS/test-e2e.log" tools_log="$AIMS_LOGS/test-tools.log" packages bicep rc=0 f files=()
  say "Restoring the Bicep CLI (NuGet Azure.Bicep.CommandLine.linux-x64) — log: $(rel "$tools_log")"
  if run_logged tools "$tools_log" dotnet restore "$AIMS_ROOT/tests/e2e/tools/AimsBot.E2eTools.csproj" -nologo; then
    packages=$(dotnet nuget locals global-packages --list 2>/dev/null | sed -n 's/^global-packages: *//p')
    bicep="${packages%/}/azure.bicep.commandline.linux-x64/0.49.2/tools/bicep"
    if [[ -x $bicep ]]; then export AIMSBOT_BICEP="$bicep"; fi
  else
    show_log_tail "$tools_log"
    warn "could not restore the Bicep CLI; the Bicep checks will say why they fail"
  fi
  for f in "$AIMS_ROOT"/tests/e2e/*.test.mjs; do files+=("$f"); done
  export AIMSBOT_BOT_DLL="$AIMS_ROOT/src/AimsBot/bin/Release/net10.0/AimsBot.dll"

  say "Running the node suite (tests/e2e: manifest, Bicep, browser in the Agents Playground) — log: $(rel "$log"), screenshots: .artifacts/e2e"
  TEST_NODE_STARTED=1
  rm -f "$NODE_RESULTS"
  run_logged --console e2e "$log" node --test --test-concurrency=1 --test-timeout=600000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=junit "--test-reporter-destination=$NODE_RESULTS" "${files[@]}" || rc=$?
  collect_node "$rc"
  local e
  for e in "${NODE_ERRORS[@]}"; do err "node suite: $e"; done
  info "node suite: $NODE_PASSED passed, $NODE_FAILED failed, $NODE_SKIPPED skipped ($(rel "$NODE_RESULTS"))"
  ((NODE_FAILED == 0))
}

cmd_test() {
  # One stream, so that nothing can print after the closing line however output is captured.
  exec 2>&1
  install_traps on_test_exit

  # Our own options; everything else goes to `dotnet test`. With dotnet test arguments
  # (a --filter, say) the node suite is left out unless --e2e asks for it.
  local run_dotnet=1 run_node=auto a dotnet_args=()
  for a in "$@"; do
    case "$a" in
      --e2e) run_node=1 ;;
      --no-e2e) run_node=0 ;;
      --e2e-only) run_node=1 run_dotnet=0 ;;
      *) dotnet_args+=("$a") ;;
    esac
  done
  if [[ $run_node == auto ]]; then
    run_node=1
    ((${#dotnet_args[@]} == 0)) || run_node=0
  fi
  set -- "${dotnet_args[@]}"

  mkdir -p "$AIMS_LOGS"
  rm -rf "$TEST_RESULTS"
  mkdir -p "$TEST_RESULTS"

  ensure_dotnet
  ensure_node_modules
  ((run_dotnet)) && ensure_postgres
  ((run_node)) && ensure_chromium

  TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/aimsbot-test.XXXXXX")
  AIMS_CLEANUP_PATHS+=("$TEST_TMP")

  # Azurite's table and blob services on free ports, data in a throw-away folder.
  local az_log="$AIMS_LOGS/test-azurite.log" attempt port='' blob_port='' rc
  for attempt in 1 2 3 4 5; do
    port=$(pick_free_port) || die "no free port for Azurite"
    blob_port=$(pick_free_port) || die "no free port for Azurite's blob service"
    [[ $blob_port == "$port" ]] && { port=""; continue; }
    rc=0
    start_azurite "$port" "$blob_port" "$TEST_TMP/azurite" "$az_log" || rc=$?
    ((rc == 0)) && break
    ((rc == 3)) || die "Azurite did not start (log: $(rel "$az_log"))"
    info "port $port or $blob_port was taken; retrying Azurite on other ports (attempt $attempt)"
    port=''
  done
  [[ -n $port ]] || die "Azurite did not start: no free port found"
  ok "Azurite on 127.0.0.1: tables :$port, blobs :$blob_port"

  # PostgreSQL on a free port, data in a throw-away folder, database $TEST_DB.
  if ((run_dotnet)); then
    start_postgres "$TEST_DB" "$AIMS_LOGS/test-postgres.log"
    ok "PostgreSQL ($(basename "$(dirname "$PG_BIN")")) on 127.0.0.1:$PG_PORT, database $TEST_DB"
    export AIMSBOT_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$TEST_DB"
  fi

  export AIMSBOT_REPO_ROOT="$AIMS_ROOT"
  AIMSBOT_TEST_TABLES=$(azurite_connection_string "$port" "$blob_port")
  export AIMSBOT_TEST_TABLES

  local build_log="$AIMS_LOGS/build.log" test_log="$AIMS_LOGS/test.log"
  say "Building AimsBot.sln (Release) — log: $(rel "$build_log")"
  if ! run_logged --console build "$build_log" dotnet build "$AIMS_ROOT/AimsBot.sln" -c Release -nologo; then
    err "the build failed (log: $(rel "$build_log"))"
    exit 1
  fi

  local fail=0 passed=0 failed=0
  if ((run_dotnet)); then
    run_dotnet_tests "$test_log" "$@" || fail=1
    passed=$((passed + TRX_PASSED)) failed=$((failed + TRX_FAILED))
  fi
  if ((run_node)); then
    run_node_suite || fail=1
    passed=$((passed + NODE_PASSED)) failed=$((failed + NODE_FAILED))
  else
    info "node suite (tests/e2e) not run: dotnet test arguments were given; add --e2e to run it too"
  fi
  TEST_SUMMARY="$passed passed, $failed failed"
  exit "$fail"
}

# The .NET test projects; sets TRX_* and returns 0 when everything passed.
run_dotnet_tests() { # LOG [DOTNET TEST ARGS...]
  local test_log=$1
  shift
  say "Running the .NET tests — log: $(rel "$test_log"), results: $(rel "$TEST_RESULTS")"
  TEST_STARTED=1
  local test_rc=0
  # Each test project writes <project>.trx into $TEST_RESULTS (Directory.Build.targets): no name collisions.
  # A test that hangs must not hold CI until its time limit: after 10 minutes without finishing, vstest stops the
  # test host and names the test that was running (the run then counts as failed).
  run_logged --console test "$test_log" dotnet test "$AIMS_ROOT/AimsBot.sln" -c Release --no-build \
    "-p:VSTestResultsDirectory=$TEST_RESULTS" --blame-hang-timeout 10m --blame-hang-dump-type none "$@" || test_rc=$?

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
  return "$fail"
}
