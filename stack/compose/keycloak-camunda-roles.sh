#!/bin/bash
# One-shot job of docker-compose.camunda.yml (service keycloak-camunda-roles): gives the staff groups of
# the realm "dossiers" the Camunda roles that Camunda Identity 8.6 creates in that realm at its start
# ("Operate", "Tasklist"; each a composite of the read:* and write:* permissions of operate-api /
# tasklist-api). Operate and Tasklist 8.6 let a user in only with that role's permissions in the token.
#
#   one-stop-officers, civil-status-officers, specialists, leaders, clerks -> Tasklist
#   administrators                                                          -> Tasklist, Operate
#
# Nobody gets the "Identity" role here: whoever has it can read and rotate the secret of every client
# of the realm in Identity's UI; grant it by hand (Keycloak admin console) to the few who need it.
#
# It logs in with Identity's own client (camunda-identity: a service account with manage-clients,
# manage-realm and manage-users of this realm), waits until Identity has created the roles, and adds
# the group role mappings; adding a mapping that exists changes nothing, so every start may run it.
# Runs with kcadm.sh of the Keycloak image. Environment: KEYCLOAK_URL, KEYCLOAK_REALM,
# IDENTITY_CLIENT_ID, IDENTITY_CLIENT_SECRET.
set -euo pipefail

kcadm=/opt/keycloak/bin/kcadm.sh
config=/tmp/kcadm.config
server="${KEYCLOAK_URL:?}"
realm="${KEYCLOAK_REALM:?}"

login() {
  "${kcadm}" config credentials --config "${config}" --server "${server}" --realm "${realm}" \
    --client "${IDENTITY_CLIENT_ID:?}" --secret "${IDENTITY_CLIENT_SECRET:?}" >/dev/null 2>&1
}

roles_exist() {
  "${kcadm}" get roles/Operate --config "${config}" -r "${realm}" >/dev/null 2>&1 &&
    "${kcadm}" get roles/Tasklist --config "${config}" -r "${realm}" >/dev/null 2>&1
}

# Identity reports healthy before its Keycloak set-up may have finished: wait up to 5 minutes
for ((attempt = 1; ; attempt++)); do
  if login && roles_exist; then
    break
  fi
  if ((attempt >= 60)); then
    echo "realm ${realm}: the roles Operate and Tasklist did not appear (is Identity running with KEYCLOAK_REALM=${realm}?)" >&2
    exit 1
  fi
  sleep 5
done

grant() {
  local group="$1" role
  shift
  for role in "$@"; do
    "${kcadm}" add-roles --config "${config}" -r "${realm}" --gname "${group}" --rolename "${role}"
    echo "realm ${realm}: group ${group} has role ${role}"
  done
}

grant one-stop-officers Tasklist
grant civil-status-officers Tasklist
grant specialists Tasklist
grant leaders Tasklist
grant clerks Tasklist
grant administrators Tasklist Operate
