# shellcheck shell=bash
# Camunda 8.6 from its complete distribution (io.camunda:camunda-zeebe:<v>:tar.gz on Maven
# Central), run as two JVMs on a JDK 21+:
#   zeebe    bin/broker  — broker + embedded gateway: gRPC :26500, REST :8080 (/v2, no login),
#                          health :9600; exports to OpenSearch
#   webapps  bin/camunda with the operate,tasklist profiles — Operate and Tasklist on :8081
#                          (their UIs and /v1 APIs), health :9601; they import from OpenSearch
# Why two JVMs: in one JVM the REST API sits behind the web login and Tasklist's own buttons cannot
# complete Camunda user tasks (../shared/CAMUNDA-LOCAL.md). Both read stack/camunda/application.yaml.
# Requires common.sh, jdk.sh, opensearch.sh and versions.env.

if [[ -n "${_STACK_CAMUNDA_SH:-}" ]]; then
  return 0
fi
_STACK_CAMUNDA_SH=1

CAMUNDA_CONFIG="${STACK_DIR}/camunda/application.yaml"
CAMUNDA_HOME="${CACHE_DIR}/camunda-zeebe-${CAMUNDA_VERSION}"
CAMUNDA_MARKER="${CAMUNDA_HOME}/.resolved"
CAMUNDA_DATA_DIR="${DATA_DIR}/camunda"
CAMUNDA_RESOLVE_LOG="${LOG_DIR}/camunda-resolve.log"
ZEEBE_LOG="${LOG_DIR}/zeebe.log"
WEBAPPS_LOG="${LOG_DIR}/webapps.log"
ZEEBE_HEAP="${ZEEBE_HEAP:-512m}"
WEBAPPS_HEAP="${WEBAPPS_HEAP:-512m}"
ZEEBE_HEALTH_URL="http://127.0.0.1:9600/actuator/health"
ZEEBE_TOPOLOGY_URL="http://127.0.0.1:8080/v2/topology"
WEBAPPS_HEALTH_URL="http://127.0.0.1:9601/actuator/health"
WEBAPPS_URL="http://127.0.0.1:8081"
CAMUNDA_START_TIMEOUT="${CAMUNDA_START_TIMEOUT:-240}"

# _camunda_cannot_start WHAT HOW — the framed "engine cannot start" message.
_camunda_cannot_start() {
  {
    printf '\n  +--------------------------------------------------------------------------\n'
    printf '  | CAMUNDA %s CANNOT START on this machine.\n' "${CAMUNDA_VERSION}"
    printf '  | Missing: %s\n' "$1"
    printf '  | To fix:  %s\n' "$2"
    printf '  +--------------------------------------------------------------------------\n'
  } >&2
}

# camunda_resolve — fetch the distribution with Maven and unpack it into the cache (once).
camunda_resolve() {
  [[ -f "${CAMUNDA_MARKER}" ]] && return 0
  local tmp="${CAMUNDA_HOME}.partial" archive
  if ! command -v mvn >/dev/null 2>&1 ||
    ! archive=$(maven_fetch camunda "io.camunda:camunda-zeebe:${CAMUNDA_VERSION}:tar.gz" "${CAMUNDA_RESOLVE_LOG}" "about 300 MB"); then
    _camunda_cannot_start "io.camunda:camunda-zeebe:${CAMUNDA_VERSION}:tar.gz (Maven and a reachable Maven Central are needed; log: ${CAMUNDA_RESOLVE_LOG})" \
      "apt-get install -y maven, and make Maven Central (or a mirror in ~/.m2/settings.xml) reachable"
    return 1
  fi
  step "camunda: unpacking the distribution"
  rm -rf "${tmp}"
  mkdir -p "${tmp}"
  tar -xzf "${archive}" -C "${tmp}" --strip-components=1 || { rm -rf "${tmp}"; error "camunda: ${archive} is damaged; delete it and start again"; return 1; }
  rm -rf "${CAMUNDA_HOME}"
  mv "${tmp}" "${CAMUNDA_HOME}"
  date -Is >"${CAMUNDA_MARKER}"
  ok "camunda: ${CAMUNDA_VERSION} in ${CAMUNDA_HOME}"
}

# _camunda_prepare — JDK and distribution; sets JAVA_HOME_FOUND and CAMUNDA_JAVA_OPTS.
_camunda_prepare() {
  if ! jdk_find "Camunda ${CAMUNDA_VERSION}" 21 99; then
    _camunda_cannot_start "a JDK 21 or newer" "apt-get install -y temurin-21-jdk (or openjdk-21-jdk-headless), or set JAVA_HOME"
    return 1
  fi
  camunda_resolve || return 1
  CAMUNDA_JAVA_OPTS="$(jdk_modern_flags "${JAVA_MAJOR}" | tr '\n' ' ')"
}

# _camunda_ports_free NAME PORT... — refuse to start over a process this stack does not manage.
_camunda_ports_free() {
  local name=$1 port
  shift
  for port in "$@"; do
    if tcp_open 127.0.0.1 "${port}"; then
      error "${name}: port ${port} is already taken by a process this stack does not manage ($(port_owner_hint "${port}"))"
      return 1
    fi
  done
}

# _camunda_launch NAME LOG HEAP SCRIPT [VAR=VALUE...] — start a distribution script in the background.
_camunda_launch() {
  local name=$1 log=$2 heap=$3 script=$4
  shift 4
  mkdir -p "${CAMUNDA_DATA_DIR}/${name}"
  (
    cd "${CAMUNDA_DATA_DIR}/${name}" || exit 1
    export STACK_HOME OPENSEARCH_URL JAVA_HOME="${JAVA_HOME_FOUND}" SPRING_CONFIG_ADDITIONAL_LOCATION="file:${CAMUNDA_CONFIG}"
    export JAVA_OPTS="-Xms${heap} -Xmx${heap} ${CAMUNDA_JAVA_OPTS}"
    # shellcheck disable=SC2163 # the arguments are VAR=VALUE pairs
    (($#)) && export "$@"
    start_background "${name}" "${log}" "${CAMUNDA_HOME}/bin/${script}"
  )
}

# zeebe_clock_reset — the broker's controlled clock (zeebe.clock.controlled, for the tests) back to the
# wall clock. A pin is a record in the log and outlives a restart: a test run stopped between pinning
# and resetting would otherwise leave every timer of the stack frozen.
zeebe_clock_reset() {
  curl -fsS --max-time 5 -X POST "http://127.0.0.1:8080/v2/clock/reset" >/dev/null 2>&1 ||
    warn "zeebe: could not reset the engine clock (POST /v2/clock/reset)"
}

zeebe_start() {
  ensure_stack_dirs
  if is_running zeebe; then
    ok "zeebe: already running (pid $(read_pid zeebe), REST http://127.0.0.1:8080, gRPC :26500)"
    return 0
  fi
  _camunda_ports_free zeebe 8080 9600 26500 26501 26502 || return 1
  _camunda_prepare || return 1
  if ! curl -fsS --max-time 3 "${OPENSEARCH_URL}/_cluster/health" >/dev/null 2>&1; then
    error "zeebe: OpenSearch is not answering at ${OPENSEARCH_URL}; start it first (stack.sh start opensearch)"
    return 1
  fi
  local start pid rc=0
  start=$(now_s)
  step "zeebe: starting the Camunda ${CAMUNDA_VERSION} broker on Java ${JAVA_MAJOR} (log: ${ZEEBE_LOG})"
  pid=$(_camunda_launch zeebe "${ZEEBE_LOG}" "${ZEEBE_HEAP}" broker)
  info "waiting for the broker's health and a healthy partition leader (up to ${CAMUNDA_START_TIMEOUT}s)"
  wait_for_http --timeout "${CAMUNDA_START_TIMEOUT}" --pid "${pid}" --expect '"UP"' "${ZEEBE_HEALTH_URL}" || rc=$?
  ((rc == 0)) && { wait_for_http --timeout 60 --pid "${pid}" --expect '"health":"healthy"' "${ZEEBE_TOPOLOGY_URL}" || rc=$?; }
  ((rc == 0)) || { abort_start zeebe "${ZEEBE_LOG}" 30 30; return; }
  zeebe_clock_reset
  ok "zeebe: up in $(elapsed_since "${start}")s (pid ${pid}; REST http://127.0.0.1:8080/v2, gRPC localhost:26500)"
}

webapps_start() {
  ensure_stack_dirs
  if is_running webapps; then
    ok "webapps: already running (pid $(read_pid webapps), ${WEBAPPS_URL}/operate, ${WEBAPPS_URL}/tasklist)"
    return 0
  fi
  _camunda_ports_free webapps 8081 9601 || return 1
  _camunda_prepare || return 1
  local start pid rc=0
  start=$(now_s)
  step "webapps: starting Operate and Tasklist ${CAMUNDA_VERSION} on Java ${JAVA_MAJOR} (log: ${WEBAPPS_LOG})"
  # The web apps join the cluster as a client; its own cluster port must not clash with the broker's.
  pid=$(_camunda_launch webapps "${WEBAPPS_LOG}" "${WEBAPPS_HEAP}" camunda \
    SPRING_PROFILES_ACTIVE=operate,tasklist SERVER_PORT=8081 MANAGEMENT_SERVER_PORT=9601 \
    ZEEBE_GATEWAY_CLUSTER_PORT=26602 ZEEBE_GATEWAY_CLUSTER_HOST=127.0.0.1)
  info "waiting for Operate and Tasklist (up to ${CAMUNDA_START_TIMEOUT}s)"
  wait_for_http --timeout "${CAMUNDA_START_TIMEOUT}" --pid "${pid}" --expect '"UP"' "${WEBAPPS_HEALTH_URL}" || rc=$?
  ((rc == 0)) && { wait_for_http --timeout 60 --pid "${pid}" "${WEBAPPS_URL}/tasklist" || rc=$?; }
  ((rc == 0)) && { wait_for_http --timeout 60 --pid "${pid}" "${WEBAPPS_URL}/operate" || rc=$?; }
  ((rc == 0)) || { abort_start webapps "${WEBAPPS_LOG}" 30 30; return; }
  # Tasklist has created its indices by now; its 8.6.0 importer must not stall on whole-second times
  if ! (cd "${REPO_ROOT}" && node --import tsx stack/opensearch/tasklist-timestamp-fix.ts "${OPENSEARCH_URL}" --wait-for-index --timeout 60 \
    >>"${WEBAPPS_LOG}" 2>&1); then
    error "webapps: could not protect Tasklist's list-view index against camunda/camunda#27237 (log: ${WEBAPPS_LOG})"
    abort_start webapps "${WEBAPPS_LOG}" 10 30
    return
  fi
  info "Tasklist list-view index protected against whole-second timestamps (camunda/camunda#27237)"
  ok "webapps: up in $(elapsed_since "${start}")s (pid ${pid}; ${WEBAPPS_URL}/operate, ${WEBAPPS_URL}/tasklist, demo/demo)"
}

zeebe_stop() { stop_process zeebe 60; }
webapps_stop() { stop_process webapps 40; }

# _camunda_status_line NAME URL HEALTH_URL EXPECT DETAIL — one status line; returns 0 when up.
_camunda_status_line() {
  local name=$1 url=$2 health=$3 expect=$4 detail=$5
  if is_running "${name}"; then
    if curl -fsS --max-time 3 "${health}" 2>/dev/null | grep -q "${expect}"; then
      printf '%-11s %-5s %-45s %s\n' "${name}" up "${url}" "pid $(read_pid "${name}") (${CAMUNDA_VERSION}${detail})"
      return 0
    fi
    printf '%-11s %-5s %-45s %s\n' "${name}" down "${url}" "pid $(read_pid "${name}") alive, not healthy"
    return 1
  fi
  printf '%-11s %-5s %-45s %s\n' "${name}" down "${url}" "not running$([[ -f ${CAMUNDA_MARKER} ]] || echo ", ${CAMUNDA_VERSION} not fetched yet")"
  return 1
}

zeebe_status() {
  _camunda_status_line zeebe "http://127.0.0.1:8080/v2" "${ZEEBE_TOPOLOGY_URL}" '"health":"healthy"' ", gRPC :26500"
}

webapps_status() {
  _camunda_status_line webapps "${WEBAPPS_URL}/operate" "${WEBAPPS_HEALTH_URL}" '"UP"' ", Tasklist ${WEBAPPS_URL}/tasklist"
}
