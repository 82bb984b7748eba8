# shellcheck shell=bash
# Local services: Azurite's table and blob services and a throw-away PostgreSQL server.

# The well-known Azurite development account (public, documented by Microsoft).
AZURITE_ACCOUNT=devstoreaccount1
AZURITE_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

azurite_connection_string() { # TABLE_PORT BLOB_PORT
  printf 'DefaultEndpointsProtocol=http;AccountName=%s;AccountKey=%s;TableEndpoint=http://127.0.0.1:%s/%s;BlobEndpoint=http://127.0.0.1:%s/%s;' \
    "$AZURITE_ACCOUNT" "$AZURITE_KEY" "$1" "$AZURITE_ACCOUNT" "$2" "$AZURITE_ACCOUNT"
}

# start_azurite TABLE_PORT BLOB_PORT DATA_DIR LOG: start Azurite's table service and its blob
# service (ledger checkpoints), each its own process group, and wait until both answer.
# Sets AZURITE_PID and AZURITE_BLOB_PID. Returns 0 when up, 3 when a port was taken, 1 on
# other failures (then neither is left running).
AZURITE_PID=
AZURITE_BLOB_PID=
start_azurite() {
  local port=$1 blob_port=$2 data=$3 log=$4 rc=0
  mkdir -p "$data"
  : >"$log"
  spawn azurite "$log" "$AIMS_ROOT/node_modules/.bin/azurite-table" \
    --tableHost 127.0.0.1 --tablePort "$port" --location "$data" \
    --skipApiVersionCheck --disableTelemetry --loose
  AZURITE_PID=$SPAWNED_PID
  spawn azurite-blob "$log" "$AIMS_ROOT/node_modules/.bin/azurite-blob" \
    --blobHost 127.0.0.1 --blobPort "$blob_port" --location "$data" \
    --skipApiVersionCheck --disableTelemetry --loose
  AZURITE_BLOB_PID=$SPAWNED_PID
  WAIT_FOR_LOG='' wait_for "Azurite (tables)" 30 "$AZURITE_PID" port_answers "$port" || rc=$?
  ((rc == 0)) && { WAIT_FOR_LOG='' wait_for "Azurite (blobs)" 30 "$AZURITE_BLOB_PID" port_answers "$blob_port" || rc=$?; }
  ((rc == 0)) && return 0
  stop_groups 5 "$AZURITE_PID" "$AZURITE_BLOB_PID"
  AZURITE_PID=
  AZURITE_BLOB_PID=
  if grep -q EADDRINUSE "$log" 2>/dev/null; then return 3; fi
  show_log_tail "$log"
  return 1
}

# ---------------------------------------------------------------- PostgreSQL

PG_ROOT=     # throw-away folder: data/, sock/, postgres.log
PG_PORT=
PG_STARTED=0

# Create a cluster in a fresh temp folder and start it on a free loopback port,
# then create DATABASE. Needs PG_BIN (ensure_postgres).
start_postgres() { # DATABASE LOG
  local db=$1 log=$2 attempt port
  : >"$log"
  PG_ROOT=$(mktemp -d /tmp/aimsbot-pg.XXXXXX)
  AIMS_CLEANUP_PATHS+=("$PG_ROOT")
  mkdir -p "$PG_ROOT/sock"
  if ((EUID == 0)); then
    ensure_postgres_user
    chown -R postgres:postgres "$PG_ROOT"
  fi
  chmod 700 "$PG_ROOT"

  as_pg "$PG_BIN/initdb" -D "$PG_ROOT/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync \
    >>"$log" 2>&1 </dev/null || {
    show_log_tail "$log"
    die "initdb failed"
  }

  for attempt in 1 2 3 4 5; do
    port=$(pick_free_port) || die "no free port for PostgreSQL"
    rm -f "$PG_ROOT/postgres.log"
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/postgres.log" -w -t 60 \
      -o "-k $PG_ROOT/sock -c listen_addresses=127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >>"$log" 2>&1 </dev/null; then
      PG_STARTED=1
      PG_PORT=$port
      break
    fi
    # Another process may have taken the port in between: try another one.
    cat "$PG_ROOT/postgres.log" >>"$log" 2>/dev/null || true
    if grep -qiE 'could not (bind|create listen)|address already in use' "$PG_ROOT/postgres.log" 2>/dev/null; then
      info "port $port was taken; retrying PostgreSQL on another port (attempt $attempt)"
      continue
    fi
    show_log_tail "$log"
    die "PostgreSQL did not start"
  done
  ((PG_STARTED)) || die "PostgreSQL did not start: no free port found"

  local i
  for i in $(seq 1 30); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -t 2 && break
    ((i < 30)) || die "PostgreSQL is not ready on port $PG_PORT"
    sleep 1
  done
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db" >>"$log" 2>&1 </dev/null || {
    show_log_tail "$log"
    die "createdb $db failed"
  }
}

# Stop the server (immediately: its data is thrown away), keep its log.
stop_postgres() { # LOG
  local log=$1 pid
  [[ -n $PG_ROOT && -d $PG_ROOT ]] || return 0
  if [[ -f $PG_ROOT/data/postmaster.pid ]]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m immediate -w -t 15 stop >>"$log" 2>&1 </dev/null || true
    if [[ -f $PG_ROOT/data/postmaster.pid ]]; then
      pid=$(head -n 1 "$PG_ROOT/data/postmaster.pid" 2>/dev/null || true)
      if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
        warn "PostgreSQL (pid $pid) did not stop; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 1
      fi
    fi
  fi
  PG_STARTED=0
  if [[ -f $PG_ROOT/postgres.log ]]; then
    {
      echo "--- server log ---"
      cat "$PG_ROOT/postgres.log"
    } >>"$log" 2>/dev/null || true
  fi
}
