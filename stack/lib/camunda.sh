# shellcheck shell=bash
# Camunda 8.9 Orchestration Cluster (Zeebe + Operate + Tasklist + Identity in
# one JVM), resolved from a Maven repository into $STACK_HOME/cache and run
# with a local JDK 21+. Requires common.sh and jdk.sh.

if [[ -n "${_STACK_CAMUNDA_SH:-}" ]]; then
  return 0
fi
_STACK_CAMUNDA_SH=1

CAMUNDA_VERSION="${CAMUNDA_VERSION:-8.9.17}"
CAMUNDA_POM="${STACK_DIR}/camunda/pom.xml"
CAMUNDA_CONFIG="${STACK_DIR}/camunda/application.yaml"
CAMUNDA_HOME="${CACHE_DIR}/camunda-${CAMUNDA_VERSION}"
CAMUNDA_LIB="${CAMUNDA_HOME}/lib"
CAMUNDA_MARKER="${CAMUNDA_HOME}/.resolved"
CAMUNDA_ARGFILE="${CAMUNDA_HOME}/classpath.args"
CAMUNDA_DATA_DIR="${DATA_DIR}/camunda"
CAMUNDA_LOG="${LOG_DIR}/camunda.log"
CAMUNDA_RESOLVE_LOG="${LOG_DIR}/camunda-resolve.log"
# Maven's local repository for the stack (keeps ~/.m2/repository untouched;
# ~/.m2/settings.xml mirrors and proxies still apply).
CAMUNDA_MAVEN_LOCAL_REPO="${CAMUNDA_MAVEN_LOCAL_REPO:-${CACHE_DIR}/maven/repository}"
CAMUNDA_PROFILES="${CAMUNDA_PROFILES:-broker,operate,tasklist,identity,consolidated-auth}"
CAMUNDA_HEAP="${CAMUNDA_HEAP:--Xmx1024m}"
CAMUNDA_HEALTH_URL="http://127.0.0.1:9600/actuator/health"
CAMUNDA_TOPOLOGY_URL="http://127.0.0.1:8080/v2/topology"
CAMUNDA_START_TIMEOUT="${CAMUNDA_START_TIMEOUT:-240}"
readonly _CAMUNDA_MAIN=io.camunda.application.StandaloneCamunda

# _camunda_missing_artifact LOG — print the coordinates Maven could not get.
_camunda_missing_artifact() {
  local log=$1 found
  # "Could not find artifact g:a:jar:v in central (...)"
  found=$(sed -n 's/.*Could not find artifact \([^ ]*\).*/\1/p' "${log}" | head -n 1)
  # "Failure to find g:a:jar:v in ... was cached in the local repository"
  [[ -n "${found}" ]] || found=$(sed -n 's/.*Failure to find \([^ ]*\).*/\1/p' "${log}" | head -n 1)
  # "Could not transfer artifact g:a:jar:v from/to ..." (network problems)
  [[ -n "${found}" ]] || found=$(sed -n 's/.*Could not transfer artifact \([^ ]*\).*/\1/p' "${log}" | head -n 1)
  printf '%s\n' "${found}"
}

# _camunda_searched_repos LOG — the repositories Maven names in its error.
_camunda_searched_repos() {
  local found
  found=$(sed -n 's/.*Could not find artifact [^ ]* in \(.*\) -> \[Help.*/\1/p' "$1" | head -n 1)
  [[ -n "${found}" ]] ||
    found=$(sed -n 's/.*Could not transfer artifact [^ ]* from\/to \([^)]*)\).*/\1/p' "$1" | head -n 1)
  printf '%s\n' "${found}"
}

# _camunda_transfer_problem LOG — the low-level cause of a transfer failure.
_camunda_transfer_problem() {
  sed -n 's/.*Could not transfer artifact [^ ]* from\/to [^)]*): \(.*\) -> \[Help.*/\1/p' "$1" |
    head -n 1 | sed 's/^transfer failed for [^ ]*: //'
}

# _camunda_unavailable ARTIFACT REASON [SEARCHED] — the "engine cannot start" block.
_camunda_unavailable() {
  local artifact=$1 reason=$2 repo_hint=${3:-}
  if [[ -z "${repo_hint}" ]]; then
    repo_hint="Maven Central${CAMUNDA_MAVEN_REPO:+ and ${CAMUNDA_MAVEN_REPO}} (plus any mirror in ~/.m2/settings.xml)"
  fi
  {
    printf '\n'
    printf '  +--------------------------------------------------------------------------\n'
    printf '  | CAMUNDA ENGINE UNAVAILABLE - it cannot start on this machine.\n'
    printf '  |\n'
    printf '  | Could not resolve: %s\n' "${artifact:-<unknown, see log>}"
    printf '  | Reason:            %s\n' "${reason}"
    printf '  | Searched:          %s\n' "${repo_hint}"
    printf '  | Camunda version:   %s\n' "${CAMUNDA_VERSION}"
    printf '  | Maven log:         %s\n' "${CAMUNDA_RESOLVE_LOG}"
    printf '  |\n'
    printf '  | To fix: make io.camunda:camunda-zeebe:%s reachable, e.g.\n' "${CAMUNDA_VERSION}"
    printf '  |   CAMUNDA_MAVEN_REPO=https://<mirror>/maven2 stack/stack.sh start camunda\n'
    printf '  | or a <mirror> in ~/.m2/settings.xml, or pick another version with\n'
    printf '  |   CAMUNDA_VERSION=8.9.x stack/stack.sh start camunda\n'
    printf '  | Other components are unaffected; processes cannot be deployed or run.\n'
    printf '  +--------------------------------------------------------------------------\n'
  } >&2
}

# camunda_resolve — copy the distribution and its runtime classpath into the
# cache (once; a marker file records completion). Exits with code 3 when the
# artifacts cannot be resolved.
camunda_resolve() {
  if [[ -f "${CAMUNDA_MARKER}" && -f "${CAMUNDA_ARGFILE}" ]]; then
    ok "camunda: ${CAMUNDA_VERSION} classpath cached ($(find "${CAMUNDA_LIB}" -name '*.jar' | wc -l) jars in ${CAMUNDA_LIB})"
    return 0
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    _camunda_unavailable "io.camunda:camunda-zeebe:${CAMUNDA_VERSION}" \
      "Maven (mvn) is not installed: apt-get install -y maven"
    exit "${EXIT_ENGINE_UNAVAILABLE}"
  fi
  ensure_stack_dirs
  local tmp="${CAMUNDA_LIB}.partial" mvn_args rc=0 artifact reason
  rm -rf "${tmp}"
  mkdir -p "${CAMUNDA_HOME}"
  mvn_args=(-B -q -U -Dstyle.color=never -f "${CAMUNDA_POM}"
    "-Dmaven.repo.local=${CAMUNDA_MAVEN_LOCAL_REPO}"
    "-Dcamunda.version=${CAMUNDA_VERSION}"
    dependency:copy-dependencies "-DoutputDirectory=${tmp}")
  if [[ -n "${CAMUNDA_MAVEN_REPO:-}" ]]; then
    mvn_args+=("-Dcamunda.maven.repo=${CAMUNDA_MAVEN_REPO}")
  fi
  step "camunda: resolving io.camunda:camunda-zeebe:${CAMUNDA_VERSION} with Maven (the first successful run downloads several hundred MB)"
  : >"${CAMUNDA_RESOLVE_LOG}"
  run_logged "mvn dependency:copy-dependencies" "${CAMUNDA_RESOLVE_LOG}" mvn "${mvn_args[@]}" 2>/dev/null || rc=$?
  if ((rc != 0)); then
    rm -rf "${tmp}"
    artifact=$(_camunda_missing_artifact "${CAMUNDA_RESOLVE_LOG}")
    if grep -q 'Could not transfer artifact' "${CAMUNDA_RESOLVE_LOG}"; then
      reason="a Maven repository could not be reached: $(_camunda_transfer_problem "${CAMUNDA_RESOLVE_LOG}")"
    elif [[ -n "${artifact}" ]]; then
      reason="not present in any configured Maven repository"
    else
      reason="Maven failed (exit ${rc}); see the log"
    fi
    _camunda_unavailable "${artifact}" "${reason}" "$(_camunda_searched_repos "${CAMUNDA_RESOLVE_LOG}")"
    exit "${EXIT_ENGINE_UNAVAILABLE}"
  fi
  if ! compgen -G "${tmp}/camunda-zeebe-*.jar" >/dev/null; then
    rm -rf "${tmp}"
    _camunda_unavailable "io.camunda:camunda-zeebe:${CAMUNDA_VERSION}" "Maven succeeded but copied no camunda-zeebe jar"
    exit "${EXIT_ENGINE_UNAVAILABLE}"
  fi
  rm -rf "${CAMUNDA_LIB}"
  mv "${tmp}" "${CAMUNDA_LIB}"
  _camunda_write_argfile
  date -Is >"${CAMUNDA_MARKER}"
  ok "camunda: ${CAMUNDA_VERSION} resolved ($(find "${CAMUNDA_LIB}" -name '*.jar' | wc -l) jars)"
}

# _camunda_write_argfile — java @argfile holding "-cp <all jars>".
_camunda_write_argfile() {
  local jars=() jar
  for jar in "${CAMUNDA_LIB}"/*.jar; do
    jars+=("${jar}")
  done
  local IFS=:
  printf -- '-cp\n"%s"\n' "${jars[*]}" >"${CAMUNDA_ARGFILE}"
}

# camunda_start — resolve, start the JVM, wait for health UP and the REST API.
# Exit code 3 (EXIT_ENGINE_UNAVAILABLE) when it cannot be provisioned here.
camunda_start() {
  ensure_stack_dirs
  if is_running camunda; then
    ok "camunda: already running (pid $(read_pid camunda), REST ${CAMUNDA_TOPOLOGY_URL%/v2/topology})"
    return 0
  fi
  local port
  for port in 8080 9600 26500; do
    if tcp_open 127.0.0.1 "${port}"; then
      error "camunda: port ${port} is already taken by a process this stack does not manage ($(port_owner_hint "${port}"))"
      return 1
    fi
  done
  if ! jdk_find; then
    exit "${EXIT_ENGINE_UNAVAILABLE}"
  fi
  ok "camunda: using Java ${JAVA_MAJOR} (${JAVA_BIN})"
  camunda_resolve

  mkdir -p "${CAMUNDA_DATA_DIR}/zeebe" "${CAMUNDA_DATA_DIR}/documents"
  local flags=() start pid rc=0
  mapfile -t flags < <(jdk_camunda_flags "${JAVA_MAJOR}")
  start=$(now_s)
  step "camunda: starting ${CAMUNDA_VERSION} (log: ${CAMUNDA_LOG}; takes 1-3 min)"
  # Legacy DOCUMENT_* variables mirror camunda.document.* in application.yaml
  # for builds that predate the unified document-store properties.
  pid=$(
    export STACK_HOME
    export DOCUMENT_DEFAULT_STORE_ID=local
    export DOCUMENT_STORE_LOCAL_CLASS=io.camunda.document.store.localstorage.LocalStorageDocumentStoreProvider
    export DOCUMENT_STORE_LOCAL_PATH="${CAMUNDA_DATA_DIR}/documents"
    cd "${CAMUNDA_DATA_DIR}" || exit 1
    start_background camunda "${CAMUNDA_LOG}" "${JAVA_BIN}" \
      "${flags[@]}" \
      "${CAMUNDA_HEAP}" \
      "-Dapp.home=${CAMUNDA_DATA_DIR}" \
      "-Dspring.profiles.active=${CAMUNDA_PROFILES}" \
      "-Dspring.config.additional-location=file:${CAMUNDA_CONFIG}" \
      "@${CAMUNDA_ARGFILE}" \
      "${_CAMUNDA_MAIN}"
  )
  info "waiting for ${CAMUNDA_HEALTH_URL} to report UP (up to ${CAMUNDA_START_TIMEOUT}s, a dot every 5s)"
  wait_for_http --timeout "${CAMUNDA_START_TIMEOUT}" --pid "${pid}" --expect '"UP"' "${CAMUNDA_HEALTH_URL}" || rc=$?
  if ((rc == 0)); then
    info "waiting for ${CAMUNDA_TOPOLOGY_URL}"
    wait_for_http --timeout 60 --pid "${pid}" "${CAMUNDA_TOPOLOGY_URL}" || rc=$?
  fi
  ((rc == 0)) || { abort_start camunda "${CAMUNDA_LOG}" 30 20; return; }
  ok "camunda: up in $(elapsed_since "${start}")s (pid ${pid}; REST http://127.0.0.1:8080, gRPC 127.0.0.1:26500, Operate/Tasklist http://127.0.0.1:8080 demo/demo)"
}

camunda_stop() {
  stop_process camunda 40
}

# camunda_status — one status line; returns 0 when up.
camunda_status() {
  local url=http://127.0.0.1:8080
  if is_running camunda; then
    if curl -fsS --max-time 3 "${CAMUNDA_HEALTH_URL}" 2>/dev/null | grep -q '"UP"'; then
      printf '%-11s %-5s %-45s %s\n' camunda up "${url} (gRPC :26500)" "pid $(read_pid camunda) (${CAMUNDA_VERSION})"
      return 0
    fi
    printf '%-11s %-5s %-45s %s\n' camunda down "${url} (gRPC :26500)" "pid $(read_pid camunda) alive, health not UP"
    return 1
  fi
  if [[ ! -f "${CAMUNDA_MARKER}" ]]; then
    printf '%-11s %-5s %-45s %s\n' camunda down "${url} (gRPC :26500)" "not running (${CAMUNDA_VERSION} not resolved)"
  else
    printf '%-11s %-5s %-45s %s\n' camunda down "${url} (gRPC :26500)" "not running"
  fi
  return 1
}
