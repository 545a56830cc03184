#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# THE test command (README, and .ci/run): installs what is missing, type-checks, lints every BPMN
# diagram, form and the compose file, starts the database, Keycloak and Camunda 8.6 (OpenSearch,
# broker, Operate + Tasklist), and runs every jest test: unit and integration in parallel, then the engine
# and browser tests one file at a time. Nothing is skipped: if a server cannot start, this fails
# and says which and why. Extra arguments go to both jest runs (e.g. -t 'refused').
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${SCRIPT_DIR}/lib/common.sh"
source "${SCRIPT_DIR}/lib/node.sh"
source "${SCRIPT_DIR}/env.sh"
cd "${REPO_ROOT}"

started=$(now_s)
ensure_node_modules
# the stack's secrets and certificates (stack/env.sh names the secret files every process reads)
ensure_dev_certificates
bash "${SCRIPT_DIR}/stack.sh" deps || fail "host tools are missing (see above)"
bin="${REPO_ROOT}/node_modules/.bin"

step "Type-check (tsc, strict)"
"${bin}/tsc" --noEmit -p tsconfig.json
step "Production build (tsc -p tsconfig.build.json, as the Dockerfile runs it)"
"${bin}/tsc" -p tsconfig.build.json --outDir "${STACK_HOME}/build-check"
ok "build: compiles"
step "Lint BPMN (bpmnlint recommended + camunda-compat for Camunda 8.6)"
mapfile -t diagrams < <(find bpmn -name '*.bpmn' | sort)
"${bin}/bpmnlint" --max-warnings=0 "${diagrams[@]}"
ok "bpmnlint: ${#diagrams[@]} diagram(s) clean"
step "Lint forms (@camunda/form-linting, as Modeler shows it)"
"${bin}/tsx" stack/lint-forms.ts
step "Validate docker-compose.camunda.yml (Compose specification, dclint)"
"${bin}/dclint" docker-compose.camunda.yml
ok "dclint: clean"

bash "${SCRIPT_DIR}/stack.sh" start mongodb keycloak camunda ||
  fail "the database or Camunda did not start; the message above names what is missing (logs in ${LOG_DIR})"
# a pin of the engine clock outlives restarts (stack/lib/camunda.sh zeebe_clock_reset): start on the wall clock
curl -fsS --max-time 5 -X POST "${ZEEBE_REST_ADDRESS}/v2/clock/reset" >/dev/null || fail "could not reset the engine clock"
# The tests run their own API and workers in-process. The stack's own workers (left by npm start)
# would take the tests' jobs from the shared engine and fail them against the wrong database, so
# they and the API pause for the tests and come back afterwards.
paused=()
for c in workers api; do
  if is_running "${c}"; then paused+=("${c}"); fi
done
if ((${#paused[@]})); then
  step "Pausing the stack's ${paused[*]} while the tests run (they share the engine)"
  bash "${SCRIPT_DIR}/stack.sh" stop "${paused[@]}"
fi

# after_tests — leave the stack as the tests found it: the engine tests move engine time forward
# (days), which the broker forgets on a restart; then the paused API and workers come back.
# shellcheck disable=SC2317 # runs from the EXIT trap
after_tests() {
  local engine_ms ahead_s
  curl -fsS --max-time 5 -X POST "${ZEEBE_REST_ADDRESS}/v2/clock/reset" >/dev/null 2>&1 || warn "could not reset the engine clock"
  engine_ms=$(curl -fsS --max-time 3 "${CAMUNDA_MANAGEMENT_URL}/actuator/clock" 2>/dev/null | sed -n 's/.*"epochMilli":\([0-9]*\).*/\1/p')
  if [[ -n "${engine_ms}" ]]; then
    ahead_s=$((engine_ms / 1000 - $(date +%s)))
    if ((ahead_s > 60)); then
      step "The tests moved engine time ${ahead_s}s ahead; restarting the broker to run on the wall clock again"
      bash "${SCRIPT_DIR}/stack.sh" restart zeebe || true
    fi
  fi
  if ((${#paused[@]})); then
    step "Resuming the stack's ${paused[*]}"
    bash "${SCRIPT_DIR}/stack.sh" start "${paused[@]}" || true
  fi
}
trap after_tests EXIT

mkdir -p "${STACK_HOME}/logs" "${STACK_HOME}/artifacts"
fast="${STACK_HOME}/logs/jest-report.json"
engine="${STACK_HOME}/logs/jest-engine-report.json"
rm -f "${fast}" "${engine}"
rc=0
step "jest: unit + integration (real database)"
"${bin}/jest" --ci --selectProjects unit integration --json --outputFile="${fast}" "$@" || rc=$?
step "jest: engine + browser (real Camunda 8.6, Debian's Chromium), one file at a time"
# --forceExit: the SDK's HTTP clients keep sockets alive for a moment after the last test
"${bin}/jest" --ci --selectProjects engine --runInBand --forceExit --json --outputFile="${engine}" "$@" || rc=$?

# shellcheck disable=SC2016 # the JavaScript is single-quoted on purpose
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0, suitesFailed = 0;
  for (const f of process.argv.slice(1)) {
    if (!fs.existsSync(f)) { suitesFailed++; console.log(`no jest report at ${f}`); continue; }
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
    suitesFailed += r.numFailedTestSuites;
  }
  console.log(`jest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  if (skipped > 0) { console.log("a skipped test is a failure here: nothing may be skipped"); process.exit(1); }
  if (suitesFailed > 0 && failed === 0) console.log(`${suitesFailed} test file(s) failed to run`);
' "${fast}" "${engine}" || rc=1
info "test command took $(elapsed_since "${started}")s"
exit "${rc}"
