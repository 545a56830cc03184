# shellcheck shell=bash
# Connection settings for the local stack. Source it (do not execute it):
#   source stack/env.sh
# Every variable keeps a value that is already set; only missing ones get the
# local defaults below. Safe to source more than once and under `set -u`.
#
# Camunda SDK (@camunda8/sdk 8.8) notes:
#   - ZEEBE_GRPC_ADDRESS with the grpc:// scheme means plaintext (no TLS). The
#     SDK then ignores ZEEBE_INSECURE_CONNECTION and CAMUNDA_SECURE_CONNECTION;
#     both are deprecated and setting them only makes the SDK print warnings,
#     so they are deliberately NOT exported here.
#   - ZEEBE_REST_ADDRESS is given without /v2; the SDK appends it.
#   - CAMUNDA_AUTH_STRATEGY=NONE sends no credentials (the local engine runs
#     with an unprotected API). CAMUNDA_OAUTH_DISABLED=true is the legacy
#     switch that forces NONE even if OAuth variables leak in from elsewhere.

_stack_env_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

export STACK_HOME="${STACK_HOME:-$(cd "${_stack_env_dir}/.." && pwd)/.local}"

# MongoDB (FerretDB locally). stack.sh starts FerretDB when MONGODB_URI is unset
# or equal to this default; any other value is treated as an external server.
export MONGODB_URI="${MONGODB_URI:-mongodb://127.0.0.1:${FERRETDB_PORT:-27017}/dossiers}"

# Camunda 8 (local Orchestration Cluster).
export ZEEBE_GRPC_ADDRESS="${ZEEBE_GRPC_ADDRESS:-grpc://localhost:26500}"
export ZEEBE_REST_ADDRESS="${ZEEBE_REST_ADDRESS:-http://localhost:8080}"
export CAMUNDA_AUTH_STRATEGY="${CAMUNDA_AUTH_STRATEGY:-NONE}"
export CAMUNDA_OAUTH_DISABLED="${CAMUNDA_OAUTH_DISABLED:-true}"
# Operate/Tasklist share the REST port in 8.8+; the actuator (health, clock) is separate.
export CAMUNDA_MANAGEMENT_URL="${CAMUNDA_MANAGEMENT_URL:-http://localhost:9600}"

# National public-service portal simulator.
export PORTAL_SIM_PORT="${PORTAL_SIM_PORT:-8710}"
export PORTAL_BASE_URL="${PORTAL_BASE_URL:-http://127.0.0.1:${PORTAL_SIM_PORT}}"

unset _stack_env_dir
