# shellcheck shell=bash
# The project's own processes: the dossier API and the job workers (TypeScript, run with tsx).
# Requires common.sh. Both read their configuration from the environment (core/config.ts);
# stack.sh sources env.sh first so they point at the local stack.

if [[ -n "${_STACK_APPS_SH:-}" ]]; then
  return 0
fi
_STACK_APPS_SH=1

API_PORT="${API_PORT:-3000}"
API_HEALTH_URL="http://127.0.0.1:${API_PORT}/api/health"
SIGNING_CERT_DIR="${SIGNING_CERT_DIR:-${STACK_HOME}/certs}"

# _app_start NAME ENTRY — start one of the project's processes in the background.
_app_start() {
  local name=$1 entry=$2 log="${LOG_DIR}/$1.log" cmd pid
  ensure_stack_dirs
  if is_running "${name}"; then
    ok "${name}: already running (pid $(read_pid "${name}"))"
    return 0
  fi
  # node --import tsx: one process (the tsx CLI adds a second node, +55 MiB), signals reach it directly
  cmd=(node --import tsx)
  step "${name}: starting (log: ${log})"
  pid=$(
    cd "${REPO_ROOT}" || exit 1
    export SIGNING_CERT_DIR API_PORT
    start_background "${name}" "${log}" "${cmd[@]}" "${entry}"
  )
  printf '%s\n' "${pid}"
}

api_start() {
  local pid start rc=0
  start=$(now_s)
  if is_running api; then
    ok "api: already running (pid $(read_pid api), http://127.0.0.1:${API_PORT}/api)"
    return 0
  fi
  pid=$(_app_start api api/server.ts | tail -n 1)
  # the port answering is enough: /api/health may rightly say 503 while the engine is down
  wait_for_tcp --timeout 60 --pid "${pid}" 127.0.0.1 "${API_PORT}" || rc=$?
  ((rc == 0)) || { abort_start api "${LOG_DIR}/api.log" 20 5; return; }
  ok "api: up in $(elapsed_since "${start}")s (pid ${pid}, http://127.0.0.1:${API_PORT}/api)"
}

workers_start() {
  local pid
  if is_running workers; then
    ok "workers: already running (pid $(read_pid workers))"
    return 0
  fi
  pid=$(_app_start workers workers/index.ts | tail -n 1)
  # no port to probe: the workers are up when they have registered and are still alive
  local deadline=$(($(now_s) + 60))
  until grep -q 'job workers registered' "${LOG_DIR}/workers.log" 2>/dev/null; do
    if ! pid_alive "${pid}" || (($(now_s) > deadline)); then
      abort_start workers "${LOG_DIR}/workers.log" 20 5
      return
    fi
    sleep 1
  done
  ok "workers: up (pid ${pid})"
}

api_stop() { stop_process api 15; }
workers_stop() { stop_process workers 30; }

api_status() {
  local url="http://127.0.0.1:${API_PORT}/api" code
  if is_running api; then
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "${API_HEALTH_URL}" || true)
    printf '%-11s %-5s %-45s %s\n' api up "${url}" "pid $(read_pid api), health HTTP ${code}"
    return 0
  fi
  printf '%-11s %-5s %-45s %s\n' api down "${url}" "not running"
  return 1
}

workers_status() {
  if is_running workers; then
    printf '%-11s %-5s %-45s %s\n' workers up "-" "pid $(read_pid workers)"
    return 0
  fi
  printf '%-11s %-5s %-45s %s\n' workers down "-" "not running"
  return 1
}
