# shellcheck shell=bash
# ./aims run: Azurite (tables, blobs) + the bot in local anonymous mode + the Agents Playground.

RUN_TABLE_PORT=10002
RUN_BLOB_PORT=10000
RUN_BOT_PORT=3978
RUN_PLAYGROUND_PORT=56150
RUN_BOT_URL="http://127.0.0.1:$RUN_BOT_PORT"
RUN_PLAYGROUND_URL="http://127.0.0.1:$RUN_PLAYGROUND_PORT"
# Seconds to wait for /healthz: `dotnet run` restores and builds first.
RUN_BOT_TIMEOUT=${AIMS_BOT_START_TIMEOUT:-180}

# The Agents Playground's default user and tenant: `--as` gives this person roles, in this tenant only.
RUN_PLAYGROUND_TENANT=00000000-0000-0000-0000-0000000000001
RUN_PLAYGROUND_USER=00000000-0000-0000-0000-0000000000020

RUN_OWNED_PORTS=() # ports of the services we started, checked free on the way out
RUN_CLEANED=0

run_cleanup() {
  ((RUN_CLEANED)) && return 0
  RUN_CLEANED=1
  enter_cleanup
  local started=${#AIMS_PIDS[@]}
  ((started)) && say "Stopping everything…"
  stop_all_children 15
  ((${#RUN_OWNED_PORTS[@]})) || return 0
  local p busy=() _
  for _ in 1 2 3 4 5; do
    busy=()
    for p in "${RUN_OWNED_PORTS[@]}"; do port_answers "$p" && busy+=("$p"); done
    ((${#busy[@]})) || break
    sleep 1
  done
  if ((${#busy[@]})); then
    err "still listening after stop: port(s) ${busy[*]}"
    return 1
  fi
  ok "Stopped; ports ${RUN_OWNED_PORTS[*]} are free."
}

on_run_exit() {
  local rc=$?
  enter_cleanup
  if ((rc > 128)); then echo; fi
  run_cleanup || rc=1
  exit "$rc"
}

require_free_port() { # PORT WHAT
  local port=$1 what=$2 owner
  port_in_use "$port" || return 0
  owner=$(port_owner "$port")
  die "port $port ($what) is already in use${owner:+ by $owner}. Is another \`./aims run\` (or Azurite, or the bot) still running? Stop it and try again."
}

# Sets RUN_ROLE_ENV (Roles__* assignments) and RUN_ROLE_NAMES from a comma-separated list such as "lead,admin".
run_roles() { # LIST
  local list=${1,,} role seen=() roles=()
  RUN_ROLE_ENV=()
  RUN_ROLE_NAMES=()
  [[ -n $list ]] || die "--as needs roles, e.g. --as auditor or --as lead,admin (lead, auditor, owner, approver, admin)"
  IFS=, read -r -a roles <<<"$list"
  for role in "${roles[@]}"; do
    role=${role//[[:space:]]/}
    [[ " ${seen[*]} " == *" $role "* ]] && continue
    seen+=("$role")
    case "$role" in
      lead) RUN_ROLE_ENV+=("Roles__ComplianceLeads=$RUN_PLAYGROUND_TENANT/$RUN_PLAYGROUND_USER"); RUN_ROLE_NAMES+=("compliance lead") ;;
      auditor) RUN_ROLE_ENV+=("Roles__Auditors=$RUN_PLAYGROUND_TENANT/$RUN_PLAYGROUND_USER"); RUN_ROLE_NAMES+=("auditor") ;;
      approver) RUN_ROLE_ENV+=("Roles__RiskApprovers=$RUN_PLAYGROUND_TENANT/$RUN_PLAYGROUND_USER"); RUN_ROLE_NAMES+=("risk approver") ;;
      admin) RUN_ROLE_ENV+=("Roles__Admins=$RUN_PLAYGROUND_TENANT/$RUN_PLAYGROUND_USER"); RUN_ROLE_NAMES+=("admin") ;;
      owner) RUN_ROLE_NAMES+=("no role (a control owner once a lead names them in the register)") ;;
      *) die "unknown role for --as: '$role' (lead, auditor, owner, approver, admin)" ;;
    esac
  done
}

cmd_run() {
  local playground=1 a as="lead,admin" expect_as=0
  for a in "$@"; do
    if ((expect_as)); then
      as=$a
      expect_as=0
      continue
    fi
    case "$a" in
      --no-playground) playground=0 ;;
      --as) expect_as=1 ;;
      --as=*) as=${a#--as=} ;;
      -h | --help)
        usage
        return 0
        ;;
      *) die "unknown option for run: $a (see ./aims help)" ;;
    esac
  done
  ((expect_as)) && as=""
  run_roles "$as"

  install_traps on_run_exit

  mkdir -p "$AIMS_LOGS" "$AIMS_ARTIFACTS/azurite"
  ensure_dotnet
  ensure_node_modules

  require_free_port "$RUN_TABLE_PORT" "Azurite table service"
  require_free_port "$RUN_BLOB_PORT" "Azurite blob service"
  require_free_port "$RUN_BOT_PORT" "the bot"
  ((playground)) && require_free_port "$RUN_PLAYGROUND_PORT" "the Agents Playground"

  # 1. Azurite: the table service (state) and the blob service (ledger checkpoints).
  local az_log="$AIMS_LOGS/azurite.log" rc=0
  say "Starting Azurite (tables on 127.0.0.1:$RUN_TABLE_PORT, blobs on 127.0.0.1:$RUN_BLOB_PORT) — data in .artifacts/azurite, log: $(rel "$az_log")"
  start_azurite "$RUN_TABLE_PORT" "$RUN_BLOB_PORT" "$AIMS_ARTIFACTS/azurite" "$az_log" || rc=$?
  case $rc in
    0) ;;
    3) die "port $RUN_TABLE_PORT or $RUN_BLOB_PORT (Azurite) is already in use: stop whatever holds it and try again" ;;
    *) die "Azurite did not start (log: $(rel "$az_log"))" ;;
  esac
  RUN_OWNED_PORTS+=("$RUN_TABLE_PORT" "$RUN_BLOB_PORT")
  local az_pid=$AZURITE_PID az_blob_pid=$AZURITE_BLOB_PID
  ok "Azurite answers on 127.0.0.1:$RUN_TABLE_PORT (tables) and :$RUN_BLOB_PORT (blobs)"

  # 2. The bot, in local anonymous mode (no Bot__AppId).
  local bot_log="$AIMS_LOGS/bot.log" bot_pid
  : >"$bot_log"
  say "Starting the bot (dotnet run --project src/AimsBot) on $RUN_BOT_URL — log: $(rel "$bot_log")"
  info "The first run restores and builds the solution: allow a minute or two."
  # Roles come only from --as: any Roles__* in the caller's environment is left out.
  local inherited_roles=() v
  for v in $(compgen -e); do [[ ${v,,} == roles__* ]] && inherited_roles+=(-u "$v"); done
  info "The Playground user ($RUN_PLAYGROUND_USER) is: $(IFS=,; echo "${RUN_ROLE_NAMES[*]}" | sed 's/,/, /g') (--as to change)."
  spawn bot "$bot_log" env -u Bot__AppId -u Bot__AppPassword -u Bot__TenantId "${inherited_roles[@]}" \
    "${RUN_ROLE_ENV[@]}" \
    ASPNETCORE_ENVIRONMENT=Development \
    ASPNETCORE_URLS="$RUN_BOT_URL" \
    Storage__ConnectionString=UseDevelopmentStorage=true \
    dotnet run --project "$AIMS_ROOT/src/AimsBot" --no-launch-profile
  bot_pid=$SPAWNED_PID
  RUN_OWNED_PORTS+=("$RUN_BOT_PORT")
  rc=0
  WAIT_FOR_LOG=$bot_log wait_for "the bot's /healthz" "$RUN_BOT_TIMEOUT" "$bot_pid" \
    http_ok "$RUN_BOT_URL/healthz" || rc=$?
  case $rc in
    0) ;;
    2)
      show_log_tail "$bot_log" 40
      die "the bot exited before answering $RUN_BOT_URL/healthz (build or start-up failure; log: $(rel "$bot_log"))"
      ;;
    *)
      show_log_tail "$bot_log" 40
      die "the bot did not answer $RUN_BOT_URL/healthz within ${RUN_BOT_TIMEOUT}s (set AIMS_BOT_START_TIMEOUT to wait longer)"
      ;;
  esac
  ok "The bot answers $RUN_BOT_URL/healthz"

  # 3. The Microsoft 365 Agents Playground, pointed at the bot as a Teams client.
  local pg_pid='' pg_log="$AIMS_LOGS/playground.log"
  if ((playground)); then
    : >"$pg_log"
    say "Starting the Microsoft 365 Agents Playground on $RUN_PLAYGROUND_URL — log: $(rel "$pg_log")"
    # --dt and the two variables keep it from reaching for outside addresses
    # (telemetry, statsbeat, opening a browser). It writes devTools/ into its working
    # folder: keep that under .artifacts.
    mkdir -p "$AIMS_ARTIFACTS/playground"
    spawn playground "$pg_log" env -C "$AIMS_ARTIFACTS/playground" \
      APPLICATION_INSIGHTS_NO_STATSBEAT=true TEAMSAPPTESTER_BROWSER=none \
      "$AIMS_ROOT/node_modules/.bin/agentsplayground" --dt -p "$RUN_PLAYGROUND_PORT" \
      -e "$RUN_BOT_URL/api/messages" -c msteams
    pg_pid=$SPAWNED_PID
    RUN_OWNED_PORTS+=("$RUN_PLAYGROUND_PORT")
    rc=0
    WAIT_FOR_LOG=$pg_log wait_for "the Agents Playground" 60 "$pg_pid" \
      http_ok "$RUN_PLAYGROUND_URL/_debug/ping" || rc=$?
    if ((rc != 0)); then
      show_log_tail "$pg_log"
      die "the Agents Playground did not answer $RUN_PLAYGROUND_URL/_debug/ping"
    fi
    ok "The Agents Playground answers on port $RUN_PLAYGROUND_PORT"
  fi

  echo
  if ((playground)); then
    say "AimsBot is running. Open ${_C_BOLD}$RUN_PLAYGROUND_URL${_C_OFF} to chat with it as a Teams user."
  else
    say "AimsBot is running (no Playground): messages go to $RUN_BOT_URL/api/messages"
  fi
  info "bot:     $RUN_BOT_URL/api/messages (health: $RUN_BOT_URL/healthz), local anonymous mode"
  info "storage: Azurite tables on 127.0.0.1:$RUN_TABLE_PORT, blobs on :$RUN_BLOB_PORT (UseDevelopmentStorage=true), data in .artifacts/azurite"
  info "logs:    .artifacts/logs/{azurite,bot${pg_pid:+,playground}}.log — the bot's log follows."
  info "Press Ctrl-C to stop everything."
  echo

  tail -n 0 -f --pid=$$ "$bot_log" &
  AIMS_TAILS+=("$!")

  # Run until a signal arrives (the trap stops everything) or any service exits.
  local watch=("$az_pid" "$az_blob_pid" "$bot_pid") p rc_child=0
  [[ -n $pg_pid ]] && watch+=("$pg_pid")
  wait -n "${watch[@]}" || rc_child=$?
  for p in "${watch[@]}"; do
    if ! group_alive "$p"; then
      err "$(name_of "$p") exited (code $rc_child); stopping everything. See .artifacts/logs/."
      exit 1
    fi
  done
  err "a service exited (code $rc_child); stopping everything. See .artifacts/logs/."
  exit 1
}
