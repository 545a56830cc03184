# shellcheck shell=bash
# Node dependencies, installed exactly from package-lock.json. Requires common.sh.

# ensure_node_modules — `npm ci` when node_modules is missing or older than the lock file.
ensure_node_modules() {
  local stamp="${REPO_ROOT}/node_modules/.package-lock.json"
  if [[ -f "${stamp}" && ! "${REPO_ROOT}/package-lock.json" -nt "${stamp}" ]]; then
    ok "node_modules up to date"
    return 0
  fi
  require_cmd node "Node.js 20.19+ is required"
  require_cmd npm "npm is required"
  ensure_stack_dirs
  (cd "${REPO_ROOT}" && run_logged "npm ci" "${LOG_DIR}/npm.log" npm ci --no-audit --no-fund)
}

# ensure_dev_certificates — local PKCS#12 signing certificates (never committed).
ensure_dev_certificates() {
  # the secrets first: the certificates' passphrase, this application's secret at the signing service, the Zalo token
  stack_secret signing-cert-passphrase >/dev/null
  stack_secret remote-signing-client-secret >/dev/null
  # the Zalo Official Account's token the workers send and the messaging simulator checks
  stack_secret zalo-oa-access-token >/dev/null
  (cd "${REPO_ROOT}" && "${REPO_ROOT}/node_modules/.bin/tsx" stack/make-dev-certs.ts "${SIGNING_CERT_DIR:-${STACK_HOME}/certs}")
}
