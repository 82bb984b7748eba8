# shellcheck shell=bash
# Prerequisites: checks for the .NET SDK and Node.js, and installs what the repo needs
# (npm packages into ./node_modules, PostgreSQL through apt-get).

ensure_dotnet() {
  have dotnet || die "the .NET SDK is not installed (need .NET 10): see https://learn.microsoft.com/dotnet/core/install/linux-debian"
}

ensure_node() {
  if ! have node || ! have npm; then
    die "Node.js 20+ with npm is not installed: see https://nodejs.org/en/download"
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  ((major >= 20)) || die "Node.js $(node --version) is too old: need 20 or newer"
}

# npm packages (Azurite, the Agents Playground) into ./node_modules, reinstalled when
# package.json or package-lock.json changed since the last install (stamp file).
ensure_node_modules() {
  ensure_node
  local stamp="$AIMS_ROOT/node_modules/.aims-stamp" want cmd
  if [[ -f $AIMS_ROOT/package-lock.json ]]; then
    want=$(cat "$AIMS_ROOT/package-lock.json" "$AIMS_ROOT/package.json" | sha256sum | cut -d' ' -f1)
    cmd=(npm ci)
  else
    want=$(sha256sum <"$AIMS_ROOT/package.json" | cut -d' ' -f1)
    cmd=(npm install)
  fi
  if [[ -f $stamp && "$(<"$stamp")" == "$want" &&
    -x $AIMS_ROOT/node_modules/.bin/azurite-table &&
    -x $AIMS_ROOT/node_modules/.bin/agentsplayground ]]; then
    return 0
  fi
  local log="$AIMS_LOGS/npm.log"
  say "Installing npm packages (${cmd[*]}: Azurite, Agents Playground) — log: $(rel "$log")"
  if ! run_logged npm "$log" "${cmd[@]}" --no-audit --no-fund --loglevel=error; then
    show_log_tail "$log" 30
    die "${cmd[*]} failed"
  fi
  [[ -x $AIMS_ROOT/node_modules/.bin/azurite-table && -x $AIMS_ROOT/node_modules/.bin/agentsplayground ]] ||
    die "${cmd[*]} did not install azurite and @microsoft/m365agentsplayground (check package.json)"
  printf '%s\n' "$want" >"$stamp"
}

# Run a command as root: directly when we are root, else through sudo.
as_root() {
  if ((EUID == 0)); then
    "$@"
  elif have sudo; then
    if [[ -t 0 ]]; then sudo "$@"; else sudo -n "$@"; fi
  else
    die "need root to run: $* (no sudo available)"
  fi
}

APT_UPDATED=0
apt_install() { # PACKAGE...
  have apt-get || die "apt-get not found: install $* by hand"
  local log="$AIMS_LOGS/apt.log"
  say "Installing $* with apt-get — log: $(rel "$log")"
  : >"$log"
  if ((!APT_UPDATED)); then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$log" 2>&1 </dev/null || {
      show_log_tail "$log"
      die "apt-get update failed"
    }
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$log" 2>&1 </dev/null || {
    show_log_tail "$log"
    die "apt-get install $* failed"
  }
}

# Directory holding initdb, pg_ctl and postgres: the newest /usr/lib/postgresql/*/bin,
# else wherever PATH has them.
pg_bindir() {
  local d
  while IFS= read -r d; do
    [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && printf '%s\n' "$d" && return 0
  done < <(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V -r)
  if have initdb && have pg_ctl && have postgres; then
    d=$(dirname "$(command -v initdb)")
    printf '%s\n' "$d"
    return 0
  fi
  return 1
}

# shellcheck disable=SC2034 # PG_BIN is used by services.sh
PG_BIN=
# shellcheck disable=SC2034
ensure_postgres() {
  if PG_BIN=$(pg_bindir); then return 0; fi
  # Debian's package would start a cluster of its own on port 5432: a policy-rc.d that
  # forbids starting services keeps the install to the binaries we need.
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if ((EUID == 0)) && [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
    AIMS_CLEANUP_PATHS+=("$policy") # removed even if the install fails
  fi
  apt_install postgresql
  if ((made_policy)); then rm -f "$policy"; fi
  PG_BIN=$(pg_bindir) || die "PostgreSQL is still not installed (no initdb/pg_ctl/postgres found)"
}

# Make sure the `postgres` OS user exists (the server refuses to run as root).
ensure_postgres_user() {
  id -u postgres >/dev/null 2>&1 && return 0
  info "creating the postgres OS user"
  useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/sh postgres ||
    die "could not create the postgres OS user"
}

# Run a PostgreSQL tool as the `postgres` user when we are root, else as ourselves.
as_pg() {
  if ((EUID == 0)); then
    if have runuser; then
      (cd / && runuser -u postgres -- "$@")
    else
      local q
      q=$(printf '%q ' "$@")
      (cd / && su -s /bin/sh postgres -c "$q")
    fi
  else
    "$@"
  fi
}
