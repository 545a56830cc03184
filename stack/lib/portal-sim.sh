# shellcheck shell=bash
# National public-service portal simulator (a small HTTP server written in
# TypeScript, run with tsx). Requires common.sh.

if [[ -n "${_STACK_PORTAL_SIM_SH:-}" ]]; then
  return 0
fi
_STACK_PORTAL_SIM_SH=1

PORTAL_SIM_PORT="${PORTAL_SIM_PORT:-8710}"
PORTAL_SIM_ENTRY="${PORTAL_SIM_ENTRY:-${STACK_DIR}/simulators/national-portal.ts}"
PORTAL_SIM_LOG="${LOG_DIR}/portal-sim.log"
PORTAL_SIM_HEALTH_URL="http://127.0.0.1:${PORTAL_SIM_PORT}/health"

portal_sim_start() {
  ensure_stack_dirs
  if is_running portal-sim; then
    ok "portal-sim: already running (pid $(read_pid portal-sim), http://127.0.0.1:${PORTAL_SIM_PORT})"
    return 0
  fi
  if [[ ! -f "${PORTAL_SIM_ENTRY}" ]]; then
    error "portal-sim: ${PORTAL_SIM_ENTRY} does not exist (the simulator has not been written yet?)"
    return 1
  fi
  if tcp_open 127.0.0.1 "${PORTAL_SIM_PORT}"; then
    error "portal-sim: port ${PORTAL_SIM_PORT} is already taken by a process this stack does not manage ($(port_owner_hint "${PORTAL_SIM_PORT}"))"
    return 1
  fi
  local cmd=() start pid rc=0
  mapfile -t cmd < <(tsx_cmd)
  cmd+=("${PORTAL_SIM_ENTRY}")
  start=$(now_s)
  step "portal-sim: starting on port ${PORTAL_SIM_PORT} (log: ${PORTAL_SIM_LOG})"
  pid=$(
    cd "${REPO_ROOT}" || exit 1
    export PORTAL_SIM_PORT
    start_background portal-sim "${PORTAL_SIM_LOG}" "${cmd[@]}"
  )
  wait_for_http --timeout 60 --pid "${pid}" "${PORTAL_SIM_HEALTH_URL}" || rc=$?
  ((rc == 0)) || { abort_start portal-sim "${PORTAL_SIM_LOG}" 20 5; return; }
  ok "portal-sim: up in $(elapsed_since "${start}")s (pid ${pid}, http://127.0.0.1:${PORTAL_SIM_PORT})"
}

portal_sim_stop() {
  stop_process portal-sim 10
}

portal_sim_status() {
  local url="http://127.0.0.1:${PORTAL_SIM_PORT}"
  if is_running portal-sim; then
    if curl -fsS --max-time 3 -o /dev/null "${PORTAL_SIM_HEALTH_URL}" 2>/dev/null; then
      printf '%-11s %-5s %-45s %s\n' portal-sim up "${url}" "pid $(read_pid portal-sim)"
      return 0
    fi
    printf '%-11s %-5s %-45s %s\n' portal-sim down "${url}" "pid $(read_pid portal-sim) alive, /health failing"
    return 1
  fi
  printf '%-11s %-5s %-45s %s\n' portal-sim down "${url}" "not running"
  return 1
}
