# shellcheck shell=bash
# Local simulators of the national systems (small HTTP servers written in TypeScript, run with tsx):
#   portal-sim    national public-service portal accounts     stack/simulators/national-portal.ts
#   signing-sim   remote signing service (SmartCA shape)      stack/simulators/remote-signing.ts
#   population-sim  national population database identity check  stack/simulators/population-db.ts
#   messaging-sim what reaches the applicant: SMS, Zalo ZNS, SMTP mailbox, postal orders  stack/simulators/messaging.ts
#   tsa-sim       RFC 3161 timestamp authority                 stack/simulators/timestamp-authority.ts
# Requires common.sh and node.sh.

if [[ -n "${_STACK_SIMULATORS_SH:-}" ]]; then
  return 0
fi
_STACK_SIMULATORS_SH=1

PORTAL_SIM_PORT="${PORTAL_SIM_PORT:-8710}"
PORTAL_SIM_ENTRY="${PORTAL_SIM_ENTRY:-${STACK_DIR}/simulators/national-portal.ts}"
REMOTE_SIGNING_SIM_PORT="${REMOTE_SIGNING_SIM_PORT:-8720}"
REMOTE_SIGNING_SIM_ENTRY="${REMOTE_SIGNING_SIM_ENTRY:-${STACK_DIR}/simulators/remote-signing.ts}"
POPULATION_SIM_PORT="${POPULATION_SIM_PORT:-8730}"
POPULATION_SIM_ENTRY="${POPULATION_SIM_ENTRY:-${STACK_DIR}/simulators/population-db.ts}"
MESSAGING_SIM_PORT="${MESSAGING_SIM_PORT:-8740}"
MAIL_SIM_SMTP_PORT="${MAIL_SIM_SMTP_PORT:-2525}"
MESSAGING_SIM_ENTRY="${MESSAGING_SIM_ENTRY:-${STACK_DIR}/simulators/messaging.ts}"
TSA_SIM_PORT="${TSA_SIM_PORT:-8750}"
TSA_SIM_ENTRY="${TSA_SIM_ENTRY:-${STACK_DIR}/simulators/timestamp-authority.ts}"

# _sim_settings NAME — prints "PORT ENTRY" of a simulator.
_sim_settings() {
  case "$1" in
    portal-sim) printf '%s %s\n' "${PORTAL_SIM_PORT}" "${PORTAL_SIM_ENTRY}" ;;
    signing-sim) printf '%s %s\n' "${REMOTE_SIGNING_SIM_PORT}" "${REMOTE_SIGNING_SIM_ENTRY}" ;;
    population-sim) printf '%s %s\n' "${POPULATION_SIM_PORT}" "${POPULATION_SIM_ENTRY}" ;;
    messaging-sim) printf '%s %s\n' "${MESSAGING_SIM_PORT}" "${MESSAGING_SIM_ENTRY}" ;;
    tsa-sim) printf '%s %s\n' "${TSA_SIM_PORT}" "${TSA_SIM_ENTRY}" ;;
    *) error "no simulator named $1"; return 1 ;;
  esac
}

simulator_start() {
  local name=$1 port entry log="${LOG_DIR}/$1.log" cmd=() start pid rc=0
  read -r port entry < <(_sim_settings "${name}")
  ensure_stack_dirs
  if is_running "${name}"; then
    ok "${name}: already running (pid $(read_pid "${name}"), http://127.0.0.1:${port})"
    return 0
  fi
  if [[ ! -f "${entry}" ]]; then
    error "${name}: ${entry} does not exist"
    return 1
  fi
  if tcp_open 127.0.0.1 "${port}"; then
    error "${name}: port ${port} is already taken by a process this stack does not manage ($(port_owner_hint "${port}"))"
    return 1
  fi
  mapfile -t cmd < <(tsx_cmd)
  cmd+=("${entry}")
  start=$(now_s)
  step "${name}: starting on port ${port} (log: ${log})"
  pid=$(
    cd "${REPO_ROOT}" || exit 1
    export PORTAL_SIM_PORT REMOTE_SIGNING_SIM_PORT POPULATION_SIM_PORT MESSAGING_SIM_PORT MAIL_SIM_SMTP_PORT TSA_SIM_PORT
    start_background "${name}" "${log}" "${cmd[@]}"
  )
  wait_for_http --timeout 60 --pid "${pid}" "http://127.0.0.1:${port}/health" || rc=$?
  ((rc == 0)) || { abort_start "${name}" "${log}" 20 5; return; }
  ok "${name}: up in $(elapsed_since "${start}")s (pid ${pid}, http://127.0.0.1:${port})"
}

simulator_stop() {
  stop_process "$1" 10
}

simulator_status() {
  local name=$1 port entry url
  read -r port entry < <(_sim_settings "${name}")
  url="http://127.0.0.1:${port}"
  if is_running "${name}"; then
    if curl -fsS --max-time 3 -o /dev/null "${url}/health" 2>/dev/null; then
      printf '%-14s %-5s %-45s %s\n' "${name}" up "${url}" "pid $(read_pid "${name}")"
      return 0
    fi
    printf '%-14s %-5s %-45s %s\n' "${name}" down "${url}" "pid $(read_pid "${name}") alive, /health failing"
    return 1
  fi
  printf '%-14s %-5s %-45s %s\n' "${name}" down "${url}" "not running"
  return 1
}

portal_sim_start() { simulator_start portal-sim; }
portal_sim_stop() { simulator_stop portal-sim; }
portal_sim_status() { simulator_status portal-sim; }
# the signing service holds the people's keys: make them first when missing (node.sh)
signing_sim_start() { ensure_dev_certificates >/dev/null && simulator_start signing-sim; }
signing_sim_stop() { simulator_stop signing-sim; }
signing_sim_status() { simulator_status signing-sim; }
population_sim_start() { simulator_start population-sim; }
population_sim_stop() { simulator_stop population-sim; }
population_sim_status() { simulator_status population-sim; }
# the Zalo simulator checks the Official Account token the workers send (a secret made at setup)
messaging_sim_start() { stack_secret zalo-oa-access-token >/dev/null && simulator_start messaging-sim; }
messaging_sim_stop() { simulator_stop messaging-sim; }
messaging_sim_status() { simulator_status messaging-sim; }
# the authority signs with tsa.p12 from the development certificates
tsa_sim_start() { ensure_dev_certificates >/dev/null && simulator_start tsa-sim; }
tsa_sim_stop() { simulator_stop tsa-sim; }
tsa_sim_status() { simulator_status tsa-sim; }
