#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# THE start command (README): installs what is missing, starts the whole local system, deploys the
# diagrams and forms, loads demo data and prints where everything is. Idempotent: run it again and
# it reuses what is there. Stop with: bash stack/stack.sh stop
#
# Exit codes: 0 all up; 3 everything up except the Camunda engine (cannot be provisioned here, the
# message says exactly why); 1 anything else failed.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${SCRIPT_DIR}/lib/common.sh"
source "${SCRIPT_DIR}/lib/node.sh"
source "${SCRIPT_DIR}/env.sh"

started=$(now_s)
ensure_node_modules
# poppler (pdfsig) is for the tests; the system itself runs without it
bash "${SCRIPT_DIR}/stack.sh" deps || warn "some host tools are missing (see above); the tests will need them"
ensure_dev_certificates

engine=0
bash "${SCRIPT_DIR}/stack.sh" start mongodb portal-sim camunda || engine=$?
((engine == 0 || engine == EXIT_ENGINE_UNAVAILABLE)) || fail "the stack did not start (logs in ${LOG_DIR})"

tsx="${REPO_ROOT}/node_modules/.bin/tsx"
if ((engine == 0)); then
  step "Deploying every diagram and form in one deployment"
  (cd "${REPO_ROOT}" && "${tsx}" stack/deploy.ts)
fi
bash "${SCRIPT_DIR}/stack.sh" start api workers
if ((engine == 0)); then
  step "Demo data: one birth registration dossier (skipped if today's already exists)"
  (cd "${REPO_ROOT}" && "${tsx}" stack/demo-data.ts)
fi

cat <<MSG

$( ((engine == 0)) && echo "The system is up" || echo "The system is up WITHOUT the Camunda engine (see the message above)") after $(elapsed_since "${started}")s.

  Operate    http://localhost:8080/operate     (demo / demo)
  Tasklist   http://localhost:8080/tasklist    (demo / demo)
  API        http://localhost:${API_PORT:-3000}/api/health   (OpenAPI: api/openapi.yaml)
  Camunda REST API v2  http://localhost:8080/v2    gRPC  localhost:26500
  MongoDB    ${MONGODB_URI}
  Logs       ${LOG_DIR}/
  Stop       bash stack/stack.sh stop

Submit a dossier:
  curl -F 'data={"procedureCode":"1.001193.000.00.00.H34","agencyCode":"H34.29.2","officerName":"Nguyễn Văn An","applicant":{"idType":"CCCD","idNumber":"001203004567","fullName":"Võ Đặng Ngọc Giang"},"subject":{"fullName":"Võ Đặng Minh Khang","dateOfBirth":"2026-11-10"}}' \\
       -F to-khai=@to-khai.pdf -F giay-chung-sinh=@giay-chung-sinh.pdf http://localhost:${API_PORT:-3000}/api/dossiers
MSG
exit "${engine}"
