# shellcheck shell=bash
# Locate a JDK 21+ for the Camunda engine and compute the JVM flags it needs.
# Requires common.sh.

if [[ -n "${_STACK_JDK_SH:-}" ]]; then
  return 0
fi
_STACK_JDK_SH=1

readonly JDK_MIN_MAJOR=21
readonly JDK_MAX_TESTED_MAJOR=25
# Where JDKs are looked for when $JAVA_HOME is not a JDK 21+.
JDK_SEARCH_ROOT="${JDK_SEARCH_ROOT:-/usr/lib/jvm}"

# java_major JAVA_BIN — print the feature version (17, 21, 25, ...) of JAVA_BIN.
java_major() {
  local line ver
  line=$("$1" -version 2>&1 | head -n 1) || return 1
  # e.g.: openjdk version "25.0.3" 2026-04-21 LTS   |   java version "1.8.0_402"
  ver=$(sed -n 's/.*version "\([^"]*\)".*/\1/p' <<<"${line}")
  [[ -n "${ver}" ]] || return 1
  if [[ "${ver}" == 1.* ]]; then
    ver=${ver#1.}
  fi
  printf '%s\n' "${ver%%[.+-]*}"
}

# shellcheck disable=SC2034 # JAVA_BIN/JAVA_MAJOR are this function's output
# jdk_find — set JAVA_BIN and JAVA_MAJOR to a JDK >= 21.
# Preference: $JAVA_HOME if it is >= 21, otherwise the newest >= 21 found in
# $JDK_SEARCH_ROOT/*/bin/java (default /usr/lib/jvm). Returns 1 (with a message) when none is found.
jdk_find() {
  local candidate major real best='' best_major=0 seen=() reals=()
  if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
    major=$(java_major "${JAVA_HOME}/bin/java" || echo 0)
    if ((major >= JDK_MIN_MAJOR)); then
      JAVA_BIN="${JAVA_HOME}/bin/java"
      JAVA_MAJOR=${major}
      return 0
    fi
    seen+=("JAVA_HOME=${JAVA_HOME} is Java ${major}")
  fi
  for candidate in "${JDK_SEARCH_ROOT}"/*/bin/java; do
    [[ -x "${candidate}" ]] || continue
    # Skip aliases of a JDK already seen (java-1.17.0-openjdk-amd64 -> java-17-...).
    real=$(readlink -f "${candidate}")
    [[ " ${reals[*]} " == *" ${real} "* ]] && continue
    reals+=("${real}")
    major=$(java_major "${candidate}" || echo 0)
    seen+=("${candidate} is Java ${major}")
    if ((major >= JDK_MIN_MAJOR && major > best_major)); then
      best=${candidate}
      best_major=${major}
    fi
  done
  if [[ -z "${best}" ]]; then
    error "no JDK ${JDK_MIN_MAJOR}+ found (Camunda 8.9 needs Java ${JDK_MIN_MAJOR}-${JDK_MAX_TESTED_MAJOR})."
    if ((${#seen[@]})); then
      info "found: ${seen[*]}"
    else
      info "found: no JDK in \$JAVA_HOME or ${JDK_SEARCH_ROOT}"
    fi
    info "install a JDK 21+: apt-get install openjdk-21-jdk-headless (or temurin-21-jdk), or set JAVA_HOME to one"
    return 1
  fi
  if ((best_major > JDK_MAX_TESTED_MAJOR)); then
    warn "using Java ${best_major}; Camunda 8.9 is supported on Java ${JDK_MIN_MAJOR}-${JDK_MAX_TESTED_MAJOR}"
  fi
  JAVA_BIN=${best}
  JAVA_MAJOR=${best_major}
}

# jdk_camunda_flags MAJOR — print (one per line) the JVM flags Camunda needs.
jdk_camunda_flags() {
  local major=$1
  printf '%s\n' \
    --add-opens=java.base/java.lang=ALL-UNNAMED \
    --add-opens=java.base/java.util=ALL-UNNAMED
  if ((major >= 22)); then
    # JDK 22+ warns (and future JDKs deny) native access from RocksDB/Netty.
    printf '%s\n' --enable-native-access=ALL-UNNAMED
  fi
  if ((major >= 24)); then
    # JDK 24+ warns on sun.misc.Unsafe memory access (Agrona, Netty).
    printf '%s\n' --sun-misc-unsafe-memory-access=allow
  fi
}
