# shellcheck shell=bash
# MongoDB-compatible store for local runs: FerretDB (SQLite backend), built from
# the Go module proxy into $STACK_HOME/cache. Requires common.sh.
#
# Why the unusual build: `go install ...@v1.24.2` fails here (the proxy answers
# 403 for the module's @v/list, which go install reads for its deprecation
# check), and a plain module build panics at start ("Invalid
# build/version/version.txt") because the module zip lacks that generated file.
# So we vendor the module into a throwaway main module and write version.txt.

if [[ -n "${_STACK_FERRETDB_SH:-}" ]]; then
  return 0
fi
_STACK_FERRETDB_SH=1

FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
FERRETDB_HOST="${FERRETDB_HOST:-127.0.0.1}"
FERRETDB_PORT="${FERRETDB_PORT:-27017}"
FERRETDB_DEBUG_PORT="${FERRETDB_DEBUG_PORT:-8088}"
FERRETDB_HOME="${CACHE_DIR}/ferretdb-${FERRETDB_VERSION}"
FERRETDB_BIN="${FERRETDB_HOME}/bin/ferretdb"
FERRETDB_DATA_DIR="${DATA_DIR}/ferretdb"
FERRETDB_STATE_DIR="${DATA_DIR}/ferretdb-state"
FERRETDB_LOG="${LOG_DIR}/ferretdb.log"
# HTTP readiness probe on the debug listener (a bare TCP probe of the wire port
# makes FerretDB log a warning for every check).
FERRETDB_READY_URL="http://${FERRETDB_HOST}:${FERRETDB_DEBUG_PORT}/debug/readyz"
# Go caches live under the stack cache too, so nothing leaks into $HOME.
STACK_GOMODCACHE="${STACK_GOMODCACHE:-${CACHE_DIR}/go/mod}"
STACK_GOCACHE="${STACK_GOCACHE:-${CACHE_DIR}/go/build}"

readonly _FERRETDB_PKG=github.com/FerretDB/FerretDB/cmd/ferretdb
readonly _FERRETDB_MOD=github.com/FerretDB/FerretDB

# mongodb_is_external — true when MONGODB_URI points at some other server than
# the local FerretDB (env.sh's default, the local URI, does not count).
mongodb_is_external() {
  [[ -n "${MONGODB_URI:-}" && "${MONGODB_URI}" != "$(mongodb_local_uri)" ]]
}

mongodb_local_uri() {
  printf 'mongodb://%s:%s/dossiers\n' "${FERRETDB_HOST}" "${FERRETDB_PORT}"
}

# mongodb_ping URI [TIMEOUT_MS] — connect with the project's mongoose and run
# the `ping` admin command. Prints the server version on success.
mongodb_ping() {
  local uri=$1 timeout_ms=${2:-5000}
  [[ -d "${REPO_ROOT}/node_modules/mongoose" ]] ||
    { error "node_modules/mongoose missing; run 'npm ci' in ${REPO_ROOT}"; return 1; }
  (
    cd "${REPO_ROOT}" || exit 1
    # shellcheck disable=SC2016 # JavaScript, not shell
    PING_URI="${uri}" PING_TIMEOUT_MS="${timeout_ms}" node -e '
      const mongoose = require("mongoose");
      const uri = process.env.PING_URI;
      const t = Number(process.env.PING_TIMEOUT_MS);
      (async () => {
        const conn = await mongoose.createConnection(uri, {
          serverSelectionTimeoutMS: t, connectTimeoutMS: t,
        }).asPromise();
        const admin = conn.db.admin();
        await admin.ping();
        const info = await admin.buildInfo().catch(() => ({}));
        console.log(info.version ? `server ${info.version}` : "pong");
        await conn.close();
      })().catch((e) => { console.error(e && e.message ? e.message : String(e)); process.exit(1); });
    '
  )
}

# _ferretdb_go ARGS... — the go command with the stack's caches and no
# automatic toolchain downloads.
_ferretdb_go() {
  GOMODCACHE="${STACK_GOMODCACHE}" GOCACHE="${STACK_GOCACHE}" GOTOOLCHAIN="${GOTOOLCHAIN:-auto}" \
    GOFLAGS="-buildvcs=false -modcacherw" go "$@"
}

# ferretdb_build — build FerretDB into the cache unless it is already there.
ferretdb_build() {
  if [[ -x "${FERRETDB_BIN}" ]]; then
    ok "FerretDB ${FERRETDB_VERSION} already built (${FERRETDB_BIN})"
    return 0
  fi
  require_cmd go "Install Go (any version that knows GOTOOLCHAIN, 1.21+; it fetches the Go 1.24+ toolchain FerretDB's go.mod names from the module proxy) to build FerretDB."
  ensure_stack_dirs
  local work="${FERRETDB_HOME}/build" log="${LOG_DIR}/ferretdb-build.log" start
  start=$(now_s)
  step "Building FerretDB ${FERRETDB_VERSION} (cold build takes ~2 min; log: ${log})"
  rm -rf "${work}"
  mkdir -p "${work}" "${FERRETDB_HOME}/bin" "${STACK_GOMODCACHE}" "${STACK_GOCACHE}"
  cat >"${work}/tools.go" <<EOF
//go:build tools

// Package tools pins the FerretDB command so that it can be vendored and built.
package tools

import _ "${_FERRETDB_PKG}"
EOF
  : >"${log}"
  (
    cd "${work}" || exit 1
    run_logged "go mod init" "${log}" _ferretdb_go mod init ferretdb-build &&
      run_logged "go get ${_FERRETDB_PKG}@${FERRETDB_VERSION}" "${log}" _ferretdb_go get "${_FERRETDB_PKG}@${FERRETDB_VERSION}" &&
      run_logged "go mod tidy" "${log}" _ferretdb_go mod tidy &&
      run_logged "go mod vendor" "${log}" _ferretdb_go mod vendor
  ) || {
    error "could not fetch FerretDB ${FERRETDB_VERSION} from the Go module proxy (see ${log})"
    return 1
  }
  local version_txt="${work}/vendor/${_FERRETDB_MOD}/build/version/version.txt"
  mkdir -p "$(dirname "${version_txt}")"
  printf '%s\n' "${FERRETDB_VERSION}" >"${version_txt}"
  (
    cd "${work}" || exit 1
    run_logged "go build (compiling FerretDB, the slow part)" "${log}" \
      _ferretdb_go build -mod=vendor -o "${FERRETDB_BIN}.tmp" "${_FERRETDB_PKG}"
  ) || {
    rm -f "${FERRETDB_BIN}.tmp"
    error "FerretDB build failed (see ${log})"
    return 1
  }
  mv -f "${FERRETDB_BIN}.tmp" "${FERRETDB_BIN}"
  # The vendored sources and our own compiler cache are only needed to
  # rebuild; the module download cache (${STACK_GOMODCACHE}) is kept.
  rm -rf "${work}"
  if [[ "${STACK_GOCACHE}" == "${CACHE_DIR}/go/build" ]]; then
    rm -rf "${STACK_GOCACHE}"
  fi
  ok "FerretDB ${FERRETDB_VERSION} built in $(elapsed_since "${start}")s -> ${FERRETDB_BIN}"
}

# ferretdb_start — build if needed, start, wait until it answers a ping.
ferretdb_start() {
  if mongodb_is_external; then
    step "mongodb: MONGODB_URI is set; checking the external server instead of starting FerretDB"
    local out
    if out=$(mongodb_ping "${MONGODB_URI}" 10000 2>&1); then
      ok "mongodb: external server reachable (${out})"
      return 0
    fi
    error "mongodb: cannot reach MONGODB_URI=${MONGODB_URI}: ${out}"
    return 1
  fi
  ensure_stack_dirs
  if is_running ferretdb; then
    ok "mongodb: FerretDB already running (pid $(read_pid ferretdb), $(mongodb_local_uri))"
    return 0
  fi
  local port
  for port in "${FERRETDB_PORT}" "${FERRETDB_DEBUG_PORT}"; do
    if tcp_open "${FERRETDB_HOST}" "${port}"; then
      error "mongodb: port ${FERRETDB_HOST}:${port} is already taken by a process this stack does not manage ($(port_owner_hint "${port}"))"
      info "stop it, or point MONGODB_URI at it to use it as an external server (or set FERRETDB_PORT/FERRETDB_DEBUG_PORT)"
      return 1
    fi
  done
  ferretdb_build || return 1
  mkdir -p "${FERRETDB_DATA_DIR}" "${FERRETDB_STATE_DIR}"
  local start pid out
  start=$(now_s)
  step "Starting FerretDB ${FERRETDB_VERSION} on ${FERRETDB_HOST}:${FERRETDB_PORT} (log: ${FERRETDB_LOG})"
  pid=$(start_background ferretdb "${FERRETDB_LOG}" "${FERRETDB_BIN}" \
    --handler=sqlite \
    "--sqlite-url=file:${FERRETDB_DATA_DIR}/" \
    "--listen-addr=${FERRETDB_HOST}:${FERRETDB_PORT}" \
    "--debug-addr=${FERRETDB_HOST}:${FERRETDB_DEBUG_PORT}" \
    --telemetry=disable \
    "--state-dir=${FERRETDB_STATE_DIR}" \
    --log-level=warn)
  if ! wait_for_http --timeout 30 --pid "${pid}" "${FERRETDB_READY_URL}"; then
    error "mongodb: FerretDB did not start; last log lines:"
    tail -n 15 "${FERRETDB_LOG}" | sed 's/^/       | /' >&2
    stop_process ferretdb 5 >/dev/null || true
    return 1
  fi
  if ! out=$(mongodb_ping "$(mongodb_local_uri)" 10000 2>&1); then
    error "mongodb: FerretDB listens but does not answer ping: ${out}"
    return 1
  fi
  ok "mongodb: FerretDB up in $(elapsed_since "${start}")s (pid ${pid}, $(mongodb_local_uri), ${out})"
}

ferretdb_stop() {
  if mongodb_is_external; then
    ok "mongodb: external server (MONGODB_URI), nothing to stop"
    return 0
  fi
  stop_process ferretdb 15 "mongodb (FerretDB)"
}

# ferretdb_status — one status line; returns 0 when up.
ferretdb_status() {
  if mongodb_is_external; then
    if mongodb_ping "${MONGODB_URI}" 5000 >/dev/null 2>&1; then
      printf '%-11s %-5s %-45s %s\n' mongodb up "${MONGODB_URI}" "external"
      return 0
    fi
    printf '%-11s %-5s %-45s %s\n' mongodb down "${MONGODB_URI}" "external, unreachable"
    return 1
  fi
  if is_running ferretdb; then
    if curl -fsS --max-time 3 -o /dev/null "${FERRETDB_READY_URL}" 2>/dev/null; then
      printf '%-11s %-5s %-45s %s\n' mongodb up "$(mongodb_local_uri)" "pid $(read_pid ferretdb) (FerretDB ${FERRETDB_VERSION})"
      return 0
    fi
    printf '%-11s %-5s %-45s %s\n' mongodb down "$(mongodb_local_uri)" "pid $(read_pid ferretdb) alive but not ready"
    return 1
  fi
  printf '%-11s %-5s %-45s %s\n' mongodb down "$(mongodb_local_uri)" "not running"
  return 1
}
