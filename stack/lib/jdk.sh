# shellcheck shell=bash
# Locate the JDKs the local stack needs and compute the JVM flags they need. Requires common.sh.
#   Camunda 8.6 (broker, Operate, Tasklist): Java 21 or newer (Temurin 25 works).
#   OpenSearch 2.19 (runner):                Java 17 to 23 (its launcher fails on 25).

if [[ -n "${_STACK_JDK_SH:-}" ]]; then
  return 0
fi
_STACK_JDK_SH=1

# Where JDKs are looked for besides $JAVA_HOME.
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

# shellcheck disable=SC2034 # JAVA_BIN/JAVA_MAJOR/JAVA_HOME_FOUND are this function's output
# jdk_find FOR MIN MAX — set JAVA_BIN, JAVA_MAJOR and JAVA_HOME_FOUND to the newest JDK whose
# version is within MIN..MAX, looking at $JAVA_HOME first, then $JDK_SEARCH_ROOT/*/bin/java.
# FOR names who needs it, for the message. Returns 1 (with a message) when none is found.
jdk_find() {
  local for=$1 min=$2 max=$3 candidate major real best='' best_major=0 seen=() reals=() candidates=()
  [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]] && candidates+=("${JAVA_HOME}/bin/java")
  for candidate in "${JDK_SEARCH_ROOT}"/*/bin/java; do
    [[ -x "${candidate}" ]] && candidates+=("${candidate}")
  done
  for candidate in "${candidates[@]}"; do
    # skip aliases of a JDK already seen (java-1.17.0-openjdk-amd64 -> java-17-...)
    real=$(readlink -f "${candidate}")
    [[ " ${reals[*]} " == *" ${real} "* ]] && continue
    reals+=("${real}")
    major=$(java_major "${candidate}" || echo 0)
    seen+=("${candidate%/bin/java} is Java ${major}")
    if ((major >= min && major <= max && major > best_major)); then
      best=${candidate}
      best_major=${major}
    fi
  done
  if [[ -z "${best}" ]]; then
    error "${for}: no JDK ${min} to ${max} found"
    info "found: ${seen[*]:-no JDK in \$JAVA_HOME or ${JDK_SEARCH_ROOT}}"
    info "install one: apt-get install -y openjdk-17-jdk-headless (OpenSearch) or temurin-21-jdk (Camunda), or set JAVA_HOME"
    return 1
  fi
  JAVA_BIN=${best}
  JAVA_MAJOR=${best_major}
  JAVA_HOME_FOUND=${best%/bin/java}
}

# jdk_modern_flags MAJOR — JVM flags that keep newer JDKs quiet about what Camunda's libraries do.
jdk_modern_flags() {
  local major=$1
  if ((major >= 22)); then
    # JDK 22+ warns (and future JDKs deny) native access from RocksDB/Netty
    printf '%s\n' --enable-native-access=ALL-UNNAMED
  fi
  if ((major >= 24)); then
    # JDK 24+ warns on sun.misc.Unsafe memory access (Agrona, Netty)
    printf '%s\n' --sun-misc-unsafe-memory-access=allow
  fi
}
