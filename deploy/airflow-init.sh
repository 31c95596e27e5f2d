#!/usr/bin/env bash
# airflow-init of docker-compose.yml: runs once as root before the other services start.
#  1. the folders the services write (warehouse, task logs, the auth folder) exist and belong to
#     AIRFLOW_UID (group AIRFLOW_GID, default 0), the user every other service runs as;
#  2. the SimpleAuthManager password file holds the admin's password from .env (AIRFLOW_ADMIN_PASSWORD),
#     so nobody has to fish a generated one out of the api-server container; other users listed in
#     AIRFLOW_USERS keep their entries (the api-server generates and prints passwords only for users
#     missing from the file);
#  3. `airflow db migrate`, then the folders are handed to AIRFLOW_UID again (the migration runs as
#     root and may create files there).
# Paths come from the environment, so the same script runs outside a container too.
set -euo pipefail

uid=${AIRFLOW_UID:?AIRFLOW_UID must be set}
gid=${AIRFLOW_GID:-0}  # the image's convention: group 0 (local_team.sh passes the caller's group)
warehouse=${PKIT_WAREHOUSE_DIR:-/opt/pkit/warehouse}
logs=${AIRFLOW__LOGGING__BASE_LOG_FOLDER:-${AIRFLOW_HOME:-/opt/airflow}/logs}
passwords=${AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE:?set the password file path}
auth_dir=$(dirname "$passwords")

own() {  # hand each folder (recursively) to AIRFLOW_UID:AIRFLOW_GID, touching only what is not theirs yet
  local d
  for d in "$@"; do
    mkdir -p "$d"
    find "$d" \( ! -uid "$uid" -o ! -gid "$gid" \) -exec chown "$uid:$gid" {} +
    chmod -R u+rwX,g+rwX "$d"
  done
}

own "$warehouse" "$logs" "$auth_dir"
chmod 700 "$auth_dir"

if [[ -n ${PKIT_ADMIN_PASSWORD:-} ]]; then
  python - "$passwords" <<'PY'
import json, os, pathlib, sys

path = pathlib.Path(sys.argv[1])
users = [u.split(":")[0] for u in os.environ["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS"].split(",") if u]
admin = users[0]
current = json.loads(path.read_text().strip() or "{}") if path.exists() else {}
current[admin] = os.environ["PKIT_ADMIN_PASSWORD"]
path.write_text(json.dumps(current) + "\n")
path.chmod(0o600)
print(f"airflow-init: password of '{admin}' set from AIRFLOW_ADMIN_PASSWORD in {path}")
PY
  chown "$uid:$gid" "$passwords"
else
  echo "airflow-init: AIRFLOW_ADMIN_PASSWORD not set: the api-server generates passwords into $passwords"
fi

airflow db migrate
own "$warehouse" "$logs" "$auth_dir"
chmod 700 "$auth_dir"
if [[ -f $passwords ]]; then chmod 600 "$passwords"; fi
airflow version
