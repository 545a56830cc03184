# shellcheck shell=bash
# Connection settings for the local stack. Source it (do not execute it):
#   source stack/env.sh
# Every variable keeps a value that is already set; only missing ones get the
# local defaults below. Safe to source more than once and under `set -u`.
#
# Camunda SDK (@camunda8/sdk 8.8, against the Camunda 8.6.0 servers of stack/lib/camunda.sh):
#   - ZEEBE_GRPC_ADDRESS with the grpc:// scheme means plaintext (no TLS); the deprecated
#     ZEEBE_INSECURE_CONNECTION / CAMUNDA_SECURE_CONNECTION are deliberately NOT exported.
#   - ZEEBE_REST_ADDRESS is the broker's REST API, given without /v2 (the SDK appends it).
#   - CAMUNDA_AUTH_STRATEGY=COOKIE: the SDK logs in to the local Operate/Tasklist with their
#     built-in user (demo/demo); the broker's local APIs ignore the cookie.

_stack_env_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

export STACK_HOME="${STACK_HOME:-$(cd "${_stack_env_dir}/.." && pwd)/.local}"

# MongoDB (FerretDB locally). stack.sh starts FerretDB when MONGODB_URI is unset
# or equal to this default; any other value is treated as an external server.
export MONGODB_URI="${MONGODB_URI:-mongodb://127.0.0.1:${FERRETDB_PORT:-27017}/dossiers}"

# Camunda 8.6: the broker (gRPC, REST, actuator with the clock) and the web apps (Operate, Tasklist).
export ZEEBE_GRPC_ADDRESS="${ZEEBE_GRPC_ADDRESS:-grpc://localhost:26500}"
export ZEEBE_REST_ADDRESS="${ZEEBE_REST_ADDRESS:-http://localhost:8080}"
export CAMUNDA_MANAGEMENT_URL="${CAMUNDA_MANAGEMENT_URL:-http://localhost:9600}"
export CAMUNDA_OPERATE_BASE_URL="${CAMUNDA_OPERATE_BASE_URL:-http://localhost:8081}"
export CAMUNDA_TASKLIST_BASE_URL="${CAMUNDA_TASKLIST_BASE_URL:-http://localhost:8081}"
export CAMUNDA_AUTH_STRATEGY="${CAMUNDA_AUTH_STRATEGY:-COOKIE}"
export CAMUNDA_COOKIE_AUTH_URL="${CAMUNDA_COOKIE_AUTH_URL:-http://localhost:8081/api/login}"
# OpenSearch, the web apps' secondary storage (tests check the Tasklist fix installed there).
export OPENSEARCH_URL="${OPENSEARCH_URL:-http://127.0.0.1:9200}"

# National public-service portal simulator.
export PORTAL_SIM_PORT="${PORTAL_SIM_PORT:-8710}"
export PORTAL_BASE_URL="${PORTAL_BASE_URL:-http://127.0.0.1:${PORTAL_SIM_PORT}}"

# Remote signing service simulator (VNPT SmartCA shape; stack/simulators/remote-signing.ts).
export POPULATION_SIM_PORT="${POPULATION_SIM_PORT:-8730}"
export POPULATION_DB_BASE_URL="${POPULATION_DB_BASE_URL:-http://127.0.0.1:${POPULATION_SIM_PORT}}"
# What reaches the applicant (stack/simulators/messaging.ts): SMS gateway, Zalo ZNS and postal orders on one
# port, an SMTP server on another.
export MESSAGING_SIM_PORT="${MESSAGING_SIM_PORT:-8740}"
export MAIL_SIM_SMTP_PORT="${MAIL_SIM_SMTP_PORT:-2525}"
export SMS_GATEWAY_BASE_URL="${SMS_GATEWAY_BASE_URL:-http://127.0.0.1:${MESSAGING_SIM_PORT}}"
export ZALO_ZNS_BASE_URL="${ZALO_ZNS_BASE_URL:-http://127.0.0.1:${MESSAGING_SIM_PORT}/zns}"
export POSTAL_BASE_URL="${POSTAL_BASE_URL:-http://127.0.0.1:${MESSAGING_SIM_PORT}/postal}"
export SMTP_URL="${SMTP_URL:-smtp://127.0.0.1:${MAIL_SIM_SMTP_PORT}}"
export TSA_SIM_PORT="${TSA_SIM_PORT:-8750}"
export TSA_URL="${TSA_URL:-http://127.0.0.1:${TSA_SIM_PORT}/tsa}"
export REMOTE_SIGNING_SIM_PORT="${REMOTE_SIGNING_SIM_PORT:-8720}"
export REMOTE_SIGNING_BASE_URL="${REMOTE_SIGNING_BASE_URL:-http://127.0.0.1:${REMOTE_SIGNING_SIM_PORT}}"

# Signing certificates and secrets, made once at setup (stack/make-dev-certs.ts, stack_secret): the
# application reads the secrets from these files (core/config.ts readSecret), never from a default.
export SIGNING_CERT_DIR="${SIGNING_CERT_DIR:-${STACK_HOME}/certs}"
if [[ -z "${SIGNING_CERT_PASSPHRASE:-}" ]]; then
  export SIGNING_CERT_PASSPHRASE_FILE="${SIGNING_CERT_PASSPHRASE_FILE:-${STACK_HOME}/secrets/signing-cert-passphrase}"
fi
if [[ -z "${ZALO_OA_ACCESS_TOKEN:-}" ]]; then
  export ZALO_OA_ACCESS_TOKEN_FILE="${ZALO_OA_ACCESS_TOKEN_FILE:-${STACK_HOME}/secrets/zalo-oa-access-token}"
fi
if [[ -z "${REMOTE_SIGNING_CLIENT_SECRET:-}" ]]; then
  export REMOTE_SIGNING_CLIENT_SECRET_FILE="${REMOTE_SIGNING_CLIENT_SECRET_FILE:-${STACK_HOME}/secrets/remote-signing-client-secret}"
fi

unset _stack_env_dir
