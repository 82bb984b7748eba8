# shellcheck shell=bash
# Common helpers for ./aims: output, child process groups, ports and HTTP probes.
# Sourced by ./aims, which sets AIMS_ROOT.

AIMS_ARTIFACTS="$AIMS_ROOT/.artifacts"
# shellcheck disable=SC2034 # used by the other scripts
AIMS_LOGS="$AIMS_ARTIFACTS/logs"

# Keep the .NET CLI quiet and make sure no build server outlives a command.
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE="${DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE:-true}"
export DOTNET_CLI_USE_MSBUILD_SERVER="${DOTNET_CLI_USE_MSBUILD_SERVER:-0}"
export MSBUILDDISABLENODEREUSE="${MSBUILDDISABLENODEREUSE:-1}"

# ---------------------------------------------------------------- output

if [[ -t 1 && -z ${NO_COLOR:-} ]]; then
  _C_BOLD=$'\e[1m' _C_RED=$'\e[31m' _C_YEL=$'\e[33m' _C_GRN=$'\e[32m' _C_OFF=$'\e[0m'
else
  _C_BOLD='' _C_RED='' _C_YEL='' _C_GRN='' _C_OFF=''
fi

say() { printf '%s==>%s %s\n' "$_C_BOLD" "$_C_OFF" "$*"; }
info() { printf '    %s\n' "$*"; }
ok() { printf '%s  ✓%s %s\n' "$_C_GRN" "$_C_OFF" "$*"; }
warn() { printf '%swarning:%s %s\n' "$_C_YEL" "$_C_OFF" "$*" >&2; }
err() { printf '%serror:%s %s\n' "$_C_RED" "$_C_OFF" "$*" >&2; }
die() {
  err "$@"
  exit 1
}

# Path relative to the repo root, for messages.
rel() { printf '%s' "${1#"$AIMS_ROOT"/}"; }

# Print the last lines of a log, indented, to stderr.
show_log_tail() { # LOG [LINES]
  local log=$1 n=${2:-25}
  [[ -s $log ]] || return 0
  printf -- '--- last %s lines of %s ---\n' "$n" "$(rel "$log")" >&2
  tail -n "$n" "$log" | sed 's/^/  | /' >&2
  printf -- '---\n' >&2
}

have() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------- child process groups
#
# Every long-running child is started with setsid, so it leads its own process group
# (and session): `dotnet run`'s app, `dotnet test`'s test hosts and the node processes
# behind npm's bin shims all stay in that group, and stopping the group stops them all.
# A Ctrl-C at the terminal reaches only this script; its trap stops the groups.

AIMS_PIDS=()  # pid == pgid of each live child group we started
AIMS_NAMES=() # its name, for messages
AIMS_TAILS=() # plain (same-group) `tail -f` helpers echoing logs to the terminal
SPAWNED_PID=
AIMS_CLEANUP_PATHS=() # temp files and folders removed on exit

# spawn NAME LOG CMD...: start CMD in a new session, output appended to LOG.
# Sets SPAWNED_PID.
spawn() {
  local name=$1 log=$2
  shift 2
  setsid "$@" >>"$log" 2>&1 </dev/null &
  SPAWNED_PID=$!
  AIMS_PIDS+=("$SPAWNED_PID")
  AIMS_NAMES+=("$name")
}

# spawn_console NAME CMD...: like spawn, but output goes to our stdout.
spawn_console() {
  local name=$1
  shift
  setsid "$@" </dev/null &
  SPAWNED_PID=$!
  AIMS_PIDS+=("$SPAWNED_PID")
  AIMS_NAMES+=("$name")
}

# Is any live (non-zombie) process a member of process group PGID?
group_alive() { # PGID
  local pg=$1 f line rest state pgrp
  for f in /proc/[0-9]*/stat; do
    { read -r line <"$f"; } 2>/dev/null || continue
    rest=${line##*) } # fields after "(comm)", which may itself hold spaces
    read -r state _ pgrp _ <<<"$rest"
    [[ $pgrp == "$pg" && $state != Z && $state != X ]] && return 0
  done
  return 1
}

# Wait up to SECONDS for all given groups to be gone. Returns 1 if some remain.
wait_groups_gone() { # SECONDS PGID...
  local deadline=$((SECONDS + $1)) pg alive
  shift
  while :; do
    alive=0
    for pg in "$@"; do group_alive "$pg" && alive=1 && break; done
    ((alive)) || return 0
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# Stop the groups of the given registered pids: TERM, then KILL after a grace period.
# Reaps them and removes them from the registry.
stop_groups() { # GRACE_SECONDS PID...
  local grace=$1 pg i
  shift
  (($# > 0)) || return 0
  for pg in "$@"; do kill -TERM -- "-$pg" 2>/dev/null || true; done
  if ! wait_groups_gone "$grace" "$@"; then
    for pg in "$@"; do
      if group_alive "$pg"; then
        warn "$(name_of "$pg") did not stop within ${grace}s; killing it"
        kill -KILL -- "-$pg" 2>/dev/null || true
      fi
    done
    wait_groups_gone 5 "$@" || true
  fi
  for pg in "$@"; do
    wait "$pg" 2>/dev/null || true
    for i in "${!AIMS_PIDS[@]}"; do
      [[ ${AIMS_PIDS[$i]} == "$pg" ]] && unset 'AIMS_PIDS[i]' 'AIMS_NAMES[i]'
    done
  done
  for pg in "$@"; do
    if group_alive "$pg"; then err "process group $pg is still alive"; fi
  done
}

name_of() { # PID
  local i
  for i in "${!AIMS_PIDS[@]}"; do
    [[ ${AIMS_PIDS[$i]} == "$1" ]] && printf '%s' "${AIMS_NAMES[$i]}" && return
  done
  printf 'process %s' "$1"
}

# Stop every child group still registered, newest first, and the log echoes.
stop_all_children() { # [GRACE_SECONDS]
  local grace=${1:-15} i pids=() t
  for t in "${AIMS_TAILS[@]}"; do
    [[ -n $t ]] && { kill "$t" 2>/dev/null || true; wait "$t" 2>/dev/null || true; }
  done
  AIMS_TAILS=()
  for ((i = ${#AIMS_PIDS[@]} - 1; i >= 0; i--)); do
    [[ -n ${AIMS_PIDS[$i]:-} ]] && pids+=("${AIMS_PIDS[$i]}")
  done
  stop_groups "$grace" "${pids[@]}"
}

# run_logged [--console] NAME LOG CMD...: run CMD to completion in its own process group
# (so a signal to this script can stop it at once), output to LOG (truncated first) and,
# with --console, echoed to the terminal as it comes. Returns CMD's exit code.
run_logged() {
  local console=0
  if [[ $1 == --console ]]; then
    console=1
    shift
  fi
  local name=$1 log=$2 pid tail_pid='' rc=0
  shift 2
  : >"$log"
  spawn "$name" "$log" "$@"
  pid=$SPAWNED_PID
  if ((console)); then
    tail -n +1 -f --pid="$pid" "$log" &
    tail_pid=$!
    AIMS_TAILS+=("$tail_pid")
  fi
  wait "$pid" || rc=$?
  if [[ -n $tail_pid ]]; then
    wait "$tail_pid" 2>/dev/null || true
    local i
    for i in "${!AIMS_TAILS[@]}"; do
      [[ ${AIMS_TAILS[$i]} == "$tail_pid" ]] && unset 'AIMS_TAILS[i]'
    done
  fi
  # Whatever CMD left behind in its group (a test host, a node child) goes too.
  stop_groups 10 "$pid"
  return "$rc"
}

# install_traps EXIT_HANDLER: on Ctrl-C, TERM or a closed terminal, exit (with 128+signal),
# which runs EXIT_HANDLER. SIGPIPE is ignored from then on: with `./aims … | tee log`,
# the same Ctrl-C kills tee, and the clean-up must not die writing to it.
install_traps() {
  # shellcheck disable=SC2064 # expand the handler's name now
  trap "$1" EXIT
  trap 'trap "" PIPE; exit 130' INT
  trap 'trap "" PIPE; exit 143' TERM
  trap 'trap "" PIPE; exit 129' HUP
}

# First thing in an EXIT handler: nothing may cut the clean-up short (a second Ctrl-C,
# a closed pipe, a failing command under set -e).
enter_cleanup() {
  set +e
  trap '' INT TERM HUP PIPE
}

# ---------------------------------------------------------------- ports and HTTP

# Does something accept TCP connections on 127.0.0.1:PORT?
port_answers() { # PORT
  # shellcheck disable=SC2016 # $0 expands in the inner shell
  timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null
}

# Is PORT taken on this machine (anything listening on it, on any address)?
port_in_use() { # PORT
  port_answers "$1" && return 0
  if have ss; then
    [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]] && return 0
  fi
  return 1
}

# Describe who holds PORT (best effort).
port_owner() { # PORT
  if have ss; then
    ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p' | head -n 1
  fi
}

# Print a free loopback TCP port, chosen at random below Linux's ephemeral range
# (32768+) so it cannot collide with outgoing connections.
pick_free_port() {
  local i p
  for i in $(seq 1 100); do
    p=$((20000 + (RANDOM % 12000)))
    if ! port_in_use "$p"; then
      printf '%s\n' "$p"
      return 0
    fi
  done
  return 1
}

# Does GET URL answer 2xx?
http_ok() { # URL
  local url=$1
  if have curl; then
    curl -fsS -o /dev/null --max-time 3 "$url" 2>/dev/null
    return
  fi
  # Fallback without curl: a bare HTTP/1.0 request over bash's /dev/tcp.
  local rest=${url#http://} hostport path host port
  hostport=${rest%%/*}
  path=/${rest#*/}
  [[ $rest == */* ]] || path=/
  host=${hostport%:*}
  port=${hostport##*:}
  [[ $port == "$hostport" ]] && port=80
  # shellcheck disable=SC2016
  timeout 4 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s:%s\r\n\r\n" "$2" "$0" "$1" >&3
    IFS= read -r line <&3 || exit 1
    [[ $line =~ ^HTTP/1\.[01]\ 2 ]]' "$host" "$port" "$path" 2>/dev/null
}

# wait_for DESCRIPTION TIMEOUT PID CHECK...: poll CHECK each second until it succeeds.
# Returns 1 on timeout, 2 if PID's process group died first. Every 10 s prints progress,
# with the last line of LOG when WAIT_FOR_LOG is set.
WAIT_FOR_LOG=
wait_for() {
  local what=$1 timeout=$2 pid=$3 start=$SECONDS next=10 last
  shift 3
  while :; do
    "$@" && return 0
    group_alive "$pid" || return 2
    ((SECONDS - start < timeout)) || return 1
    if ((SECONDS - start >= next)); then
      last=''
      if [[ -n $WAIT_FOR_LOG && -s $WAIT_FOR_LOG ]]; then
        last=$(tail -n 1 "$WAIT_FOR_LOG" | tr -d '\r' | cut -c1-100)
      fi
      info "still waiting for $what ($((SECONDS - start))s)${last:+ — $last}"
      next=$((next + 10))
    fi
    sleep 1
  done
}

# Remove registered temp paths.
remove_cleanup_paths() {
  local p
  for p in "${AIMS_CLEANUP_PATHS[@]}"; do
    [[ -n $p && -e $p ]] && rm -rf -- "$p"
  done
  AIMS_CLEANUP_PATHS=()
}
