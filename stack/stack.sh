#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Local stack for development and tests: MongoDB-compatible store (FerretDB), national-portal
# and remote-signing simulators, OpenSearch, Camunda 8.6 (broker; Operate + Tasklist), the API and the job workers.
#
# Usage: stack/stack.sh start|stop|restart|status [component...]
#        stack/stack.sh deps
# Components: mongodb portal-sim signing-sim population-sim messaging-sim tsa-sim keycloak opensearch zeebe webapps api workers (default: all, in
#   that order; stop goes in reverse). "camunda" means opensearch zeebe webapps.
#
# Exit codes:
#   0  every requested component is up (start/status) or stopped (stop)
#   1  a component failed to start (its log is named) / is down / could not be stopped
#   2  usage error
#
# Environment (all optional):
#   STACK_HOME            where caches, data, logs and pid files go (<repo>/.local)
#   MONGODB_URI           use this MongoDB instead of starting FerretDB (start
#                         only pings it); env.sh's local default does not count
#   FERRETDB_VERSION      v1.24.2        FERRETDB_PORT   27017
#   PORTAL_SIM_PORT       8710           PORTAL_SIM_ENTRY stack/simulators/national-portal.ts
#   REMOTE_SIGNING_SIM_PORT 8720         REMOTE_SIGNING_SIM_ENTRY stack/simulators/remote-signing.ts
#   KEYCLOAK_PORT         8180           KEYCLOAK_MANAGEMENT_PORT 9180
#   OPENSEARCH_PORT       9200           OPENSEARCH_HEAP 512m
#   ZEEBE_HEAP, WEBAPPS_HEAP 512m        CAMUNDA_START_TIMEOUT 240 (seconds)
#   JAVA_HOME             a JDK to prefer (Camunda needs 21+, OpenSearch 17-23)
#   Versions: stack/versions.env.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${SCRIPT_DIR}/lib/common.sh"
# connection settings and the secret files of the local stack (only what is not set already)
source "${SCRIPT_DIR}/env.sh"
source "${SCRIPT_DIR}/lib/node.sh"
source "${SCRIPT_DIR}/versions.env"
source "${SCRIPT_DIR}/lib/jdk.sh"
source "${SCRIPT_DIR}/lib/debian.sh"
source "${SCRIPT_DIR}/lib/ferretdb.sh"
source "${SCRIPT_DIR}/lib/simulators.sh"
source "${SCRIPT_DIR}/lib/opensearch.sh"
source "${SCRIPT_DIR}/lib/keycloak.sh"
source "${SCRIPT_DIR}/lib/camunda.sh"
source "${SCRIPT_DIR}/lib/apps.sh"

readonly ALL_COMPONENTS=(mongodb portal-sim signing-sim population-sim messaging-sim tsa-sim keycloak opensearch zeebe webapps api workers)
readonly LOCK_WAIT_SECONDS=900

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e '/shellcheck/d' -e 's/^# \{0,1\}//'
}

# component_fn COMPONENT ACTION — name of the shell function implementing it.
component_fn() {
  case "$1" in
    mongodb) printf 'ferretdb_%s\n' "$2" ;;
    portal-sim) printf 'portal_sim_%s\n' "$2" ;;
    signing-sim) printf 'signing_sim_%s\n' "$2" ;;
    population-sim) printf 'population_sim_%s\n' "$2" ;;
    messaging-sim) printf 'messaging_sim_%s\n' "$2" ;;
    tsa-sim) printf 'tsa_sim_%s\n' "$2" ;;
    keycloak) printf 'keycloak_%s\n' "$2" ;;
    opensearch) printf 'opensearch_%s\n' "$2" ;;
    zeebe) printf 'zeebe_%s\n' "$2" ;;
    webapps) printf 'webapps_%s\n' "$2" ;;
    api) printf 'api_%s\n' "$2" ;;
    workers) printf 'workers_%s\n' "$2" ;;
    *) return 1 ;;
  esac
}

# select_components [NAME...] — print requested components in start order.
select_components() {
  local wanted=() c w found
  for w in "$@"; do
    if [[ "${w}" == camunda ]]; then wanted+=(opensearch zeebe webapps); else wanted+=("${w}"); fi
  done
  if ((${#wanted[@]} == 0)); then
    printf '%s\n' "${ALL_COMPONENTS[@]}"
    return 0
  fi
  for w in "${wanted[@]}"; do
    found=0
    for c in "${ALL_COMPONENTS[@]}"; do
      [[ "${w}" == "${c}" ]] && found=1
    done
    if ((found == 0)); then
      error "unknown component '${w}' (known: ${ALL_COMPONENTS[*]})"
      return 2
    fi
  done
  for c in "${ALL_COMPONENTS[@]}"; do
    for w in "${wanted[@]}"; do
      if [[ "${w}" == "${c}" ]]; then
        printf '%s\n' "${c}"
        break
      fi
    done
  done
}

# take_lock — serialise start/stop between concurrent invocations.
take_lock() {
  [[ -n "${STACK_LOCK_FD:-}" ]] && return 0
  ensure_stack_dirs
  exec {STACK_LOCK_FD}>"${RUN_DIR}/stack.lock"
  if ! flock -n "${STACK_LOCK_FD}"; then
    step "another stack.sh start/stop is running; waiting for it (up to ${LOCK_WAIT_SECONDS}s)"
    flock -w "${LOCK_WAIT_SECONDS}" "${STACK_LOCK_FD}" || fail "could not get ${RUN_DIR}/stack.lock"
  fi
  export STACK_LOCK_FD
}

cmd_start() {
  local components=() c failed=() start
  local selected
  selected=$(select_components "$@") || exit 2
  mapfile -t components <<<"${selected}"
  take_lock
  start=$(now_s)
  for c in "${components[@]}"; do
    if ! ("$(component_fn "${c}" start)"); then
      failed+=("${c}")
      break # what comes later depends on it
    fi
  done
  printf '\n'
  if ((${#failed[@]})); then
    error "failed to start: ${failed[*]} (logs in ${LOG_DIR})"
    exit 1
  fi
  ok "stack up: ${components[*]} ($(elapsed_since "${start}")s)"
}

cmd_stop() {
  local components=() c i failed=()
  local selected
  selected=$(select_components "$@") || exit 2
  mapfile -t components <<<"${selected}"
  take_lock
  for ((i = ${#components[@]} - 1; i >= 0; i--)); do
    c=${components[i]}
    ("$(component_fn "${c}" stop)") || failed+=("${c}")
  done
  if ((${#failed[@]})); then
    error "could not stop: ${failed[*]}"
    exit 1
  fi
}

cmd_status() {
  local components=() c down=0
  local selected
  selected=$(select_components "$@") || exit 2
  mapfile -t components <<<"${selected}"
  printf '%-11s %-5s %-45s %s\n' COMPONENT STATE URL DETAIL
  for c in "${components[@]}"; do
    ("$(component_fn "${c}" status)") || down=1
  done
  return "${down}"
}

# cmd_deps — host tools the stack and the tests need (installed where apt can), and a report.
cmd_deps() {
  local rc=0
  ensure_poppler || rc=1
  ensure_chromium || rc=1
  if ! command -v unzip >/dev/null 2>&1; then
    debian_install unzip || rc=1 # unpacks Keycloak
  fi
  if jdk_find "Camunda" 21 99; then
    ok "JDK for Camunda: Java ${JAVA_MAJOR} (${JAVA_BIN})"
  else
    rc=1
  fi
  if jdk_find "OpenSearch" 17 23; then
    ok "JDK for OpenSearch: Java ${JAVA_MAJOR} (${JAVA_BIN})"
  else
    rc=1
  fi
  if command -v go >/dev/null 2>&1; then
    ok "Go: $(go version)"
  else
    warn "Go not found (needed once, to build FerretDB)"
  fi
  if command -v mvn >/dev/null 2>&1; then
    ok "Maven: $(mvn -v 2>/dev/null | head -n 1 | sed 's/\x1b\[[0-9;]*m//g')"
  else
    error "Maven not found (it fetches Camunda and OpenSearch): apt-get install -y maven"
    rc=1
  fi
  return "${rc}"
}

main() {
  local action=${1:-}
  (($#)) && shift
  case "${action}" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    restart)
      cmd_stop "$@"
      cmd_start "$@"
      ;;
    status) cmd_status "$@" ;;
    deps) cmd_deps ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
