# shellcheck shell=bash
# Debian packages the project needs on the host (PDF signature checks and the browser in tests).
# Requires common.sh.

if [[ -n "${_STACK_DEBIAN_SH:-}" ]]; then
  return 0
fi
_STACK_DEBIAN_SH=1

_DEBIAN_APT_UPDATED=0

# debian_install PKG... — apt-get install PKG (running `apt-get update` once per
# script run first). Without root privileges, prints the command instead and
# returns 1.
debian_install() {
  local sudo=()
  if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      error "missing Debian package(s): $*"
      info "install them with: sudo apt-get update && sudo apt-get install -y $*"
      return 1
    fi
  fi
  command -v apt-get >/dev/null 2>&1 || {
    error "apt-get not available; install $* with your package manager"
    return 1
  }
  ensure_stack_dirs
  local log="${LOG_DIR}/apt.log"
  if ((_DEBIAN_APT_UPDATED == 0)); then
    run_logged "apt-get update" "${log}" "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update || return 1
    _DEBIAN_APT_UPDATED=1
  fi
  run_logged "apt-get install -y $*" "${log}" \
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

# ensure_poppler — make sure pdfsig and pdftotext (poppler-utils) are present.
ensure_poppler() {
  if command -v pdfsig >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
    ok "poppler-utils present ($(command -v pdfsig))"
    return 0
  fi
  step "Installing poppler-utils (pdfsig, pdftotext)"
  debian_install poppler-utils || return 1
  command -v pdfsig >/dev/null 2>&1 || {
    error "poppler-utils installed but pdfsig is still not on PATH"
    return 1
  }
  ok "poppler-utils installed"
}

# ensure_chromium — Debian's Chromium for the browser tests (never a browser a test tool downloads).
ensure_chromium() {
  if command -v chromium >/dev/null 2>&1; then
    ok "chromium present ($(command -v chromium))"
    return 0
  fi
  step "Installing Debian's chromium (browser tests drive it headless with playwright-core)"
  debian_install chromium || return 1
  command -v chromium >/dev/null 2>&1 || {
    error "chromium installed but not on PATH"
    return 1
  }
  ok "chromium installed"
}
