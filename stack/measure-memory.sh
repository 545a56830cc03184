#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Peak resident memory of the running stack, per component, while a command runs (or for N seconds).
#   bash stack/measure-memory.sh -- npm test     # peak of the stack during the test suite
#   bash stack/measure-memory.sh 30              # peak over 30 s of the stack as it is
# Each component counts its whole process group (tsx → node, java, ferretdb). Prints MiB.
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${SCRIPT_DIR}/lib/common.sh"

declare -A peak=()
peak_total=0

sample() {
  local f name pid pgid rss total=0
  for f in "${RUN_DIR}"/*.pid; do
    [[ -e "${f}" ]] || continue
    name=$(basename "${f}" .pid)
    pid=$(<"${f}")
    pgid=$(ps -o pgid= -p "${pid}" 2>/dev/null | tr -d ' ') || continue
    [[ -n "${pgid}" ]] || continue
    rss=$(ps -o rss= -g "${pgid}" 2>/dev/null | awk '{s+=$1} END {print s+0}')
    ((rss > ${peak[${name}]:-0})) && peak[${name}]=${rss}
    total=$((total + rss))
  done
  ((total > peak_total)) && peak_total=${total}
  return 0
}

if [[ "${1:-}" == "--" ]]; then
  shift
  "$@" &
  cmd=$!
  while kill -0 "${cmd}" 2>/dev/null; do sample; sleep 0.5; done
  wait "${cmd}" || true
else
  end=$(($(now_s) + ${1:-10}))
  while (($(now_s) < end)); do sample; sleep 0.5; done
fi

printf '%-12s %10s\n' component 'peak MiB'
for name in "${!peak[@]}"; do awk -v n="${name}" -v k="${peak[${name}]}" 'BEGIN { printf "%-12s %10.1f\n", n, k / 1024 }'; done | sort
awk -v k="${peak_total}" 'BEGIN { printf "%-12s %10.1f\n", "total (same instant)", k / 1024 }'
