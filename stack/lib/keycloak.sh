# shellcheck shell=bash
# Keycloak, the identity provider of the staff (as in Camunda's own production setups): the server
# distribution org.keycloak:keycloak-quarkus-dist:<v>:zip from Maven Central, unpacked into the
# cache once, run in development mode on 127.0.0.1:${KEYCLOAK_PORT} with its dev-file database under
# $STACK_HOME/data/keycloak. At every start it imports stack/keycloak/realm-dossiers.json unless the
# realm already exists (delete $STACK_HOME/data/keycloak to import it again). The workers' client
# secret is made once into $STACK_HOME/secrets and given to Keycloak through the environment.
# Requires common.sh, jdk.sh and versions.env.

if [[ -n "${_STACK_KEYCLOAK_SH:-}" ]]; then
  return 0
fi
_STACK_KEYCLOAK_SH=1

KEYCLOAK_PORT="${KEYCLOAK_PORT:-8180}"
KEYCLOAK_MANAGEMENT_PORT="${KEYCLOAK_MANAGEMENT_PORT:-9180}"
KEYCLOAK_URL="http://localhost:${KEYCLOAK_PORT}"
KEYCLOAK_HOME="${CACHE_DIR}/keycloak-${KEYCLOAK_VERSION}"
KEYCLOAK_MARKER="${KEYCLOAK_HOME}/.resolved"
KEYCLOAK_DATA_DIR="${DATA_DIR}/keycloak"
KEYCLOAK_LOG="${LOG_DIR}/keycloak.log"
KEYCLOAK_RESOLVE_LOG="${LOG_DIR}/keycloak-resolve.log"
KEYCLOAK_REALM_FILE="${STACK_DIR}/keycloak/realm-dossiers.json"
KEYCLOAK_START_TIMEOUT="${KEYCLOAK_START_TIMEOUT:-180}"
SECRETS_DIR="${STACK_HOME}/secrets"

# keycloak_resolve — fetch the distribution with Maven and unpack it into the cache (once).
keycloak_resolve() {
  [[ -f "${KEYCLOAK_MARKER}" ]] && return 0
  require_cmd unzip "unzip unpacks Keycloak: apt-get install -y unzip"
  local tmp="${KEYCLOAK_HOME}.partial" archive
  archive=$(maven_fetch keycloak "org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:zip" "${KEYCLOAK_RESOLVE_LOG}" "about 180 MB") || return 1
  step "keycloak: unpacking the distribution"
  rm -rf "${tmp}"
  mkdir -p "${tmp}"
  unzip -q "${archive}" -d "${tmp}" || { rm -rf "${tmp}"; error "keycloak: ${archive} is damaged; delete it and start again"; return 1; }
  rm -rf "${KEYCLOAK_HOME}"
  mv "${tmp}/keycloak-${KEYCLOAK_VERSION}" "${KEYCLOAK_HOME}"
  rm -rf "${tmp}"
  date -Is >"${KEYCLOAK_MARKER}"
  ok "keycloak: ${KEYCLOAK_VERSION} in ${KEYCLOAK_HOME}"
}

keycloak_start() {
  ensure_stack_dirs
  if is_running keycloak; then
    ok "keycloak: already running (pid $(read_pid keycloak), ${KEYCLOAK_URL})"
    return 0
  fi
  local port
  for port in "${KEYCLOAK_PORT}" "${KEYCLOAK_MANAGEMENT_PORT}"; do
    if tcp_open 127.0.0.1 "${port}"; then
      error "keycloak: port ${port} is already taken by a process this stack does not manage ($(port_owner_hint "${port}"))"
      return 1
    fi
  done
  jdk_find "Keycloak ${KEYCLOAK_VERSION}" 21 99 || return 1
  keycloak_resolve || return 1
  # the dev-file database and the import folder live with the stack's data, not in the cache
  mkdir -p "${KEYCLOAK_DATA_DIR}/import"
  if [[ ! -L "${KEYCLOAK_HOME}/data" ]]; then
    rm -rf "${KEYCLOAK_HOME}/data"
    ln -s "${KEYCLOAK_DATA_DIR}" "${KEYCLOAK_HOME}/data"
  fi
  cp "${KEYCLOAK_REALM_FILE}" "${KEYCLOAK_DATA_DIR}/import/"
  local start pid rc=0
  start=$(now_s)
  step "keycloak: starting Keycloak ${KEYCLOAK_VERSION} on Java ${JAVA_MAJOR} (log: ${KEYCLOAK_LOG}; the first start builds it, ~40 s)"
  pid=$(
    export JAVA_HOME="${JAVA_HOME_FOUND}"
    export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
    KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-$(stack_secret keycloak-admin-password)}"
    export KC_BOOTSTRAP_ADMIN_PASSWORD
    # every confidential client of the realm file gets its own secret, made once; none has a default
    DOSSIER_WORKERS_CLIENT_SECRET="$(stack_secret dossier-workers-client-secret)"
    CAMUNDA_IDENTITY_CLIENT_SECRET="$(stack_secret camunda-identity-client-secret)"
    DOSSIER_API_CAMUNDA_CLIENT_SECRET="$(stack_secret dossier-api-camunda-client-secret)"
    export DOSSIER_WORKERS_CLIENT_SECRET CAMUNDA_IDENTITY_CLIENT_SECRET DOSSIER_API_CAMUNDA_CLIENT_SECRET
    export JAVA_OPTS_KC_HEAP="-Xms256m -Xmx512m"
    cd "${KEYCLOAK_DATA_DIR}" || exit 1
    start_background keycloak "${KEYCLOAK_LOG}" "${KEYCLOAK_HOME}/bin/kc.sh" start-dev \
      --http-host=127.0.0.1 "--http-port=${KEYCLOAK_PORT}" "--hostname=${KEYCLOAK_URL}" \
      --health-enabled=true "--http-management-port=${KEYCLOAK_MANAGEMENT_PORT}" \
      --import-realm
  )
  info "waiting for the realm's OpenID configuration (up to ${KEYCLOAK_START_TIMEOUT}s)"
  wait_for_http --timeout "${KEYCLOAK_START_TIMEOUT}" --pid "${pid}" --expect '"issuer"' \
    "${KEYCLOAK_URL}/realms/dossiers/.well-known/openid-configuration" || rc=$?
  ((rc == 0)) || { abort_start keycloak "${KEYCLOAK_LOG}" 30 30; return; }
  ok "keycloak: up in $(elapsed_since "${start}")s (pid ${pid}; ${KEYCLOAK_URL}/admin, realm dossiers)"
}

keycloak_stop() { stop_process keycloak 30; }

keycloak_status() {
  if is_running keycloak; then
    if curl -fsS --max-time 3 "${KEYCLOAK_URL}/realms/dossiers/.well-known/openid-configuration" 2>/dev/null | grep -q '"issuer"'; then
      printf '%-11s %-5s %-45s %s\n' keycloak up "${KEYCLOAK_URL}/realms/dossiers" "pid $(read_pid keycloak) (${KEYCLOAK_VERSION})"
      return 0
    fi
    printf '%-11s %-5s %-45s %s\n' keycloak down "${KEYCLOAK_URL}/realms/dossiers" "pid $(read_pid keycloak) alive, realm not answering"
    return 1
  fi
  printf '%-11s %-5s %-45s %s\n' keycloak down "${KEYCLOAK_URL}/realms/dossiers" "not running"
  return 1
}
