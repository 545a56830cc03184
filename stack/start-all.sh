#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# THE start command (README): installs what is missing, starts the whole local system (FerretDB,
# the portal and remote-signing simulators, Keycloak, OpenSearch, Camunda 8.6 broker, Operate + Tasklist, the API, the workers),
# deploys the diagrams and forms, loads demo data and prints where everything is. Idempotent: run
# it again and it reuses what is there. Stop with: npm run stop
# Exit codes: 0 all up; 1 something failed (the message names it and its log).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${SCRIPT_DIR}/lib/common.sh"
source "${SCRIPT_DIR}/lib/node.sh"
source "${SCRIPT_DIR}/env.sh"

started=$(now_s)
ensure_node_modules
# poppler (pdfsig) and chromium are for the tests; the system itself runs without them
bash "${SCRIPT_DIR}/stack.sh" deps || warn "some host tools are missing (see above); the tests will need them"
ensure_dev_certificates

bash "${SCRIPT_DIR}/stack.sh" start mongodb portal-sim signing-sim population-sim messaging-sim tsa-sim keycloak camunda ||
  fail "the stack did not start; the message above names what is missing (logs in ${LOG_DIR})"

tsx="${REPO_ROOT}/node_modules/.bin/tsx"
step "Deploying every diagram and form in one deployment"
(cd "${REPO_ROOT}" && "${tsx}" stack/deploy.ts)
bash "${SCRIPT_DIR}/stack.sh" start api workers || fail "the API or the workers did not start (logs in ${LOG_DIR})"
step "Demo data: two birth registration dossiers, one of an applicant without a portal account (skipped if today's exist)"
(cd "${REPO_ROOT}" && "${tsx}" stack/demo-data.ts)

cat <<MSG

The system is up after $(elapsed_since "${started}")s.

  Tasklist (staff)          http://localhost:8081/tasklist    demo / demo
  Operate (administrators)  http://localhost:8081/operate     demo / demo
  One-stop desk page        http://localhost:${API_PORT:-3000}/desk/          dakla.motcua / demo
  Dossier API               http://localhost:${API_PORT:-3000}/api/health   (OpenAPI: api/openapi.yaml)
  Camunda REST API v2       http://localhost:8080/v2          gRPC localhost:26500
  Keycloak (staff logins)   http://localhost:8180/admin       admin / password in ${STACK_HOME}/secrets/keycloak-admin-password
                            realm "dossiers": every demo person's password is "demo"
  Remote signing (simulator) ${REMOTE_SIGNING_BASE_URL}     the leader's "phone": /app/users/<keycloak id>/transactions, PIN 123456
  National portal (simulator) ${PORTAL_BASE_URL}     the applicant's OTP texts: /sim/otp-messages
                            synced dossiers: /sim/synced/<code> · payments: /sim/payments (pay: POST /sim/payments/<id>/pay)
  Messaging (simulator)     ${SMS_GATEWAY_BASE_URL}     what applicants were sent: /sim/messages (SMS), /sim/zalo, /sim/mail,
                            parcels booked with the post: /sim/shipments · SMTP ${SMTP_URL}
  Timestamp authority (sim) ${TSA_URL}     RFC 3161, timestamps every result signature
  OpenSearch                ${OPENSEARCH_URL}
  MongoDB (FerretDB)        ${MONGODB_URI}
  Logs                      ${LOG_DIR}/
  Stop                      npm run stop

Demo staff of the realm "dossiers" (user name: role):
  UBND xã Đắk La (H34.29.2)              dakla.motcua: intake · dakla.hotich: review · dakla.lanhdao: approve
                                         dakla.vanthu: issue · dakla.quantri: administer
  Sở TN&MT tỉnh Gia Lai (000.00.14.H21)  stnmt-gialai.motcua: intake · stnmt-gialai.chuyenvien: review
                                         stnmt-gialai.lanhdao: approve · stnmt-gialai.vanthu: issue · stnmt-gialai.quantri: administer
  UBND tỉnh Gia Lai (000.00.00.H21)      ubnd-gialai.chuyenvien: review · ubnd-gialai.lanhdao: approve · ubnd-gialai.vanthu: issue
                                         (decides the department's land-use submissions: bpmn/province/provincial-decision.bpmn)

Submit a dossier (README: "Submit a dossier"), then open Tasklist to work on it; the leader approves
through the API and confirms the signature on the simulated phone (README: "Who signs, and how").
Signing certificates: ${SIGNING_CERT_DIR} (development CA, one per person and agency).
Check the audit log's hash chain: npx tsx stack/audit-verify.ts
MSG
