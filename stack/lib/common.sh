# shellcheck shell=bash
# Shared helpers for the local stack scripts: paths, logging, waiting, pid files.
#
# Source it from a script that has already done `set -euo pipefail`:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#
# Layout (everything lives under $STACK_HOME, default <repo>/.local, gitignored):
#   $STACK_HOME/cache   downloads and builds (reusable, safe to delete)
#   $STACK_HOME/data    component state (databases, broker data)
#   $STACK_HOME/logs    one log file per component
#   $STACK_HOME/run     pid files

if [[ -n "${_STACK_COMMON_SH:-}" ]]; then
  return 0
fi
_STACK_COMMON_SH=1

STACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "${STACK_DIR}/.." && pwd)"
STACK_HOME="${STACK_HOME:-${REPO_ROOT}/.local}"
CACHE_DIR="${STACK_HOME}/cache"
DATA_DIR="${STACK_HOME}/data"
LOG_DIR="${STACK_HOME}/logs"
RUN_DIR="${STACK_HOME}/run"
export STACK_DIR REPO_ROOT STACK_HOME CACHE_DIR DATA_DIR LOG_DIR RUN_DIR
# Maven's local repository for the stack (keeps ~/.m2/repository untouched; ~/.m2/settings.xml
# mirrors and proxies still apply).
STACK_MAVEN_REPO="${STACK_MAVEN_REPO:-${CACHE_DIR}/maven/repository}"

ensure_stack_dirs() {
  require_cmd curl "curl is needed to probe the components' health endpoints: apt-get install -y curl"
  mkdir -p "${CACHE_DIR}" "${DATA_DIR}" "${LOG_DIR}" "${RUN_DIR}"
}

# --- logging -----------------------------------------------------------------

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  _C_BOLD=$'\e[1m' _C_GREEN=$'\e[32m' _C_RED=$'\e[31m' _C_YELLOW=$'\e[33m' _C_RESET=$'\e[0m'
else
  _C_BOLD='' _C_GREEN='' _C_RED='' _C_YELLOW='' _C_RESET=''
fi

# step MESSAGE — announce a step that is about to run.
step() { printf '%s==>%s %s\n' "${_C_BOLD}" "${_C_RESET}" "$*"; }

# ok MESSAGE — report success.
ok() { printf '%s ok%s  %s\n' "${_C_GREEN}" "${_C_RESET}" "$*"; }

# info MESSAGE — neutral detail line.
info() { printf '     %s\n' "$*"; }

# warn MESSAGE — non-fatal problem (stderr).
warn() { printf '%swarn%s %s\n' "${_C_YELLOW}" "${_C_RESET}" "$*" >&2; }

# error MESSAGE — fatal problem, but let the caller decide what to do (stderr).
error() { printf '%sFAIL%s %s\n' "${_C_RED}" "${_C_RESET}" "$*" >&2; }

# fail MESSAGE [EXIT_CODE] — print the problem and exit (default code 1).
fail() {
  error "$1"
  exit "${2:-1}"
}

# require_cmd CMD HINT — fail with HINT when CMD is not on PATH.
require_cmd() {
  command -v "$1" >/dev/null 2>&1 || fail "'$1' not found on PATH. $2"
}

# abort_start NAME LOGFILE LINES GRACE — a component did not come up: show the end of its
# log and stop what is left of it. Returns 1 so callers can `abort_start … ; return`.
abort_start() {
  error "$1: did not come up; last log lines ($2):"
  tail -n "$3" "$2" | sed 's/^/       | /' >&2
  stop_process "$1" "$4" >/dev/null || true
  return 1
}

# tsx_cmd — the command that runs a TypeScript entry point (one word per line).
tsx_cmd() {
  if [[ -x "${REPO_ROOT}/node_modules/.bin/tsx" ]]; then
    printf '%s\n' "${REPO_ROOT}/node_modules/.bin/tsx"
  else
    printf '%s\n' npx --no-install tsx
  fi
}

# maven_fetch NAME COORDINATES LOGFILE SIZE — download one artifact (a distribution archive,
# G:A:V:TYPE) with Maven into $CACHE_DIR/downloads once; prints its path. SIZE is for the message.
# Needs versions.env (MAVEN_DEPENDENCY_PLUGIN_VERSION).
maven_fetch() {
  local name=$1 coordinates=$2 logfile=$3 size=$4 dl="${CACHE_DIR}/downloads" g a v type archive
  IFS=: read -r g a v type <<<"${coordinates}"
  archive="${dl}/${a}-${v}.${type}"
  mkdir -p "${dl}"
  if [[ ! -s "${archive}" ]]; then
    require_cmd mvn "Maven fetches ${coordinates} from Maven Central: apt-get install -y maven"
    step "${name}: fetching ${coordinates} with Maven (${size}, once)" >&2
    : >"${logfile}"
    run_logged "mvn dependency:copy" "${logfile}" \
      mvn -B -Dstyle.color=never "-Dmaven.repo.local=${STACK_MAVEN_REPO}" \
      "org.apache.maven.plugins:maven-dependency-plugin:${MAVEN_DEPENDENCY_PLUGIN_VERSION}:copy" \
      "-Dartifact=${coordinates}" "-DoutputDirectory=${dl}" >&2 ||
      { error "${name}: could not fetch ${coordinates} (log: ${logfile})"; return 1; }
  fi
  printf '%s\n' "${archive}"
}

# --- time --------------------------------------------------------------------

now_s() { date +%s; }

# elapsed_since START_EPOCH — seconds since START_EPOCH.
elapsed_since() { echo $(($(now_s) - $1)); }

# --- waiting -----------------------------------------------------------------

# _progress_dot_due START LAST — true when another progress dot is due (every 5 s).
_progress_dot_due() {
  local start=$1 last=$2 now
  now=$(now_s)
  ((now - last >= 5)) && ((now - start >= 5))
}

# pid_alive PID — true if PID exists and is not a zombie waiting to be reaped.
pid_alive() {
  local stat=''
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
  if [[ -r "/proc/$1/stat" ]]; then
    stat=$(<"/proc/$1/stat") 2>/dev/null || return 1
    stat=${stat##*) }
    [[ "${stat%% *}" != Z ]] || return 1
  fi
  return 0
}

# wait_for_http [--timeout S] [--pid PID] [--expect TEXT] URL
# Poll URL until it answers 2xx (and, with --expect, its body contains TEXT).
# Prints a dot every 5 s. Returns 1 on timeout, 2 if --pid died meanwhile.
wait_for_http() {
  local timeout=60 pid='' expect='' url='' body start last
  while (($#)); do
    case "$1" in
      --timeout) timeout=$2; shift 2 ;;
      --pid) pid=$2; shift 2 ;;
      --expect) expect=$2; shift 2 ;;
      *) url=$1; shift ;;
    esac
  done
  [[ -n "${url}" ]] || { error "wait_for_http: no URL given"; return 1; }
  start=$(now_s)
  last=${start}
  while :; do
    if body=$(curl -fsS --max-time 3 "${url}" 2>/dev/null); then
      if [[ -z "${expect}" || "${body}" == *"${expect}"* ]]; then
        ((last != start)) && printf '\n'
        return 0
      fi
    fi
    if [[ -n "${pid}" ]] && ! pid_alive "${pid}"; then
      ((last != start)) && printf '\n'
      error "process ${pid} exited while waiting for ${url}"
      return 2
    fi
    if (($(now_s) - start >= timeout)); then
      ((last != start)) && printf '\n'
      error "timed out after ${timeout}s waiting for ${url}${expect:+ to report ${expect}}"
      return 1
    fi
    if _progress_dot_due "${start}" "${last}"; then
      printf '.'
      last=$(now_s)
    fi
    sleep 1
  done
}

# tcp_open HOST PORT — true if something accepts connections on HOST:PORT.
tcp_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# wait_for_tcp [--timeout S] [--pid PID] HOST PORT
# Returns 1 on timeout, 2 if --pid died meanwhile.
wait_for_tcp() {
  local timeout=60 pid='' host='' port='' start last
  while (($#)); do
    case "$1" in
      --timeout) timeout=$2; shift 2 ;;
      --pid) pid=$2; shift 2 ;;
      *)
        if [[ -z "${host}" ]]; then host=$1; else port=$1; fi
        shift
        ;;
    esac
  done
  [[ -n "${host}" && -n "${port}" ]] || { error "wait_for_tcp: need HOST PORT"; return 1; }
  start=$(now_s)
  last=${start}
  while :; do
    if tcp_open "${host}" "${port}"; then
      ((last != start)) && printf '\n'
      return 0
    fi
    if [[ -n "${pid}" ]] && ! pid_alive "${pid}"; then
      ((last != start)) && printf '\n'
      error "process ${pid} exited while waiting for ${host}:${port}"
      return 2
    fi
    if (($(now_s) - start >= timeout)); then
      ((last != start)) && printf '\n'
      error "timed out after ${timeout}s waiting for ${host}:${port}"
      return 1
    fi
    if _progress_dot_due "${start}" "${last}"; then
      printf '.'
      last=$(now_s)
    fi
    sleep 0.5
  done
}

# run_logged LABEL LOGFILE CMD... — run CMD with its output appended to LOGFILE,
# printing a progress line every 15 s. On failure shows the log tail.
run_logged() {
  local label=$1 logfile=$2 start pid rc last
  shift 2
  start=$(now_s)
  last=${start}
  printf '     %s ' "${label}"
  {
    printf '\n### %s: %s\n' "$(date -Is)" "$*"
  } >>"${logfile}"
  "$@" >>"${logfile}" 2>&1 &
  pid=$!
  while pid_alive "${pid}"; do
    sleep 1
    if (($(now_s) - last >= 15)); then
      printf '.%ss' "$(elapsed_since "${start}")"
      last=$(now_s)
    fi
  done
  rc=0
  wait "${pid}" || rc=$?
  if ((rc == 0)); then
    printf ' done (%ss)\n' "$(elapsed_since "${start}")"
  else
    printf ' FAILED (exit %s after %ss)\n' "${rc}" "$(elapsed_since "${start}")"
    error "${label} failed; last lines of ${logfile}:"
    tail -n 25 "${logfile}" | sed 's/^/       | /' >&2
  fi
  return "${rc}"
}

# --- pid files and background processes --------------------------------------

# pid_file NAME — path of NAME's pid file.
pid_file() { printf '%s/%s.pid\n' "${RUN_DIR}" "$1"; }

# read_pid NAME — print the pid recorded for NAME (empty if none).
read_pid() {
  local f
  f=$(pid_file "$1")
  [[ -f "${f}" ]] && tr -dc '0-9' <"${f}"
  return 0
}

# write_pid NAME PID
write_pid() {
  mkdir -p "${RUN_DIR}"
  printf '%s\n' "$2" >"$(pid_file "$1")"
}

# clear_pid NAME
clear_pid() { rm -f "$(pid_file "$1")"; }

# is_running NAME — true if NAME's recorded process is alive. A stale pid file
# (process gone) is removed.
is_running() {
  local pid
  pid=$(read_pid "$1")
  if [[ -z "${pid}" ]]; then
    return 1
  fi
  if pid_alive "${pid}"; then
    return 0
  fi
  clear_pid "$1"
  return 1
}

# start_background NAME LOGFILE CMD... — start CMD detached in its own session
# (so it survives the calling shell and can be stopped as a process group),
# append its output to LOGFILE and record its pid. Prints the pid.
start_background() {
  local name=$1 logfile=$2 pid
  shift 2
  mkdir -p "$(dirname "${logfile}")"
  printf '\n===== %s starting %s: %s\n' "$(date -Is)" "${name}" "$*" >>"${logfile}"
  if [[ -n "${STACK_LOCK_FD:-}" ]]; then
    # Do not let the long-running child inherit (and so hold) stack.sh's lock.
    setsid "$@" {STACK_LOCK_FD}>&- >>"${logfile}" 2>&1 </dev/null &
  else
    setsid "$@" >>"${logfile}" 2>&1 </dev/null &
  fi
  pid=$!
  write_pid "${name}" "${pid}"
  printf '%s\n' "${pid}"
}

# _signal_tree SIGNAL PID — signal PID's process group if PID leads one,
# otherwise just PID.
_signal_tree() {
  local sig=$1 pid=$2 pgid
  pgid=$(ps -o pgid= -p "${pid}" 2>/dev/null | tr -d ' ' || true)
  if [[ -n "${pgid}" && "${pgid}" == "${pid}" ]]; then
    kill "-${sig}" -- "-${pid}" 2>/dev/null || true
  else
    kill "-${sig}" "${pid}" 2>/dev/null || true
  fi
}

# stop_process NAME [GRACE_SECONDS] [LABEL] — SIGTERM (to the process group),
# wait up to GRACE (default 20 s), then SIGKILL. Removes the pid file.
stop_process() {
  local name=$1 grace=${2:-20} label=${3:-$1} pid start
  pid=$(read_pid "${name}")
  if [[ -z "${pid}" ]] || ! pid_alive "${pid}"; then
    clear_pid "${name}"
    ok "${label}: not running"
    return 0
  fi
  step "Stopping ${label} (pid ${pid})"
  _signal_tree TERM "${pid}"
  start=$(now_s)
  while pid_alive "${pid}"; do
    if (($(now_s) - start >= grace)); then
      warn "${label} did not stop within ${grace}s; sending SIGKILL"
      _signal_tree KILL "${pid}"
      sleep 1
      break
    fi
    sleep 0.5
  done
  if pid_alive "${pid}"; then
    error "${label} (pid ${pid}) is still alive after SIGKILL"
    return 1
  fi
  clear_pid "${name}"
  ok "${label} stopped ($(elapsed_since "${start}")s)"
}

# port_owner_hint PORT — best-effort description of who listens on PORT.
port_owner_hint() {
  if command -v ss >/dev/null 2>&1; then
    ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -n 1
  fi
}

# stack_secret NAME — print the secret NAME, making it once (random, in $STACK_HOME/secrets, 0600).
stack_secret() {
  local file="${SECRETS_DIR:-${STACK_HOME}/secrets}/$1"
  if [[ ! -s "${file}" ]]; then
    mkdir -p "$(dirname "${file}")"
    chmod 700 "$(dirname "${file}")"
    (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '/+=\n' >"${file}")
  fi
  cat "${file}"
}
