#!/usr/bin/env bash
# The team topology of docker-compose.yml as local processes, without a Docker engine:
# PostgreSQL + Redis + Airflow 3.3 (api-server, scheduler, dag-processor, triggerer) + two Celery
# workers (w1@%h, w2@%h, queue "default"), all on 127.0.0.1, all state in one directory.
#
#   deploy/local_team.sh start  STATE_DIR          # init (first time) and start everything, wait healthy
#   deploy/local_team.sh smoke  STATE_DIR [DAG]    # token → unpause → trigger the smoke DAG → poll → check
#   deploy/local_team.sh trigger STATE_DIR DAG_ID  # the same REST calls for any DAG (no worker check)
#   deploy/local_team.sh status STATE_DIR          # health of every component
#   deploy/local_team.sh env    STATE_DIR          # print the environment (source it to use the CLI)
#   deploy/local_team.sh stop   STATE_DIR          # stop every process this script started there
#
# It installs nothing. Prerequisites (checked by `start`, with what to install when missing):
#   - a Python 3.11 venv with requirements-team.lock:  python3.11 -m venv V &&
#       V/bin/pip install -r requirements-team.lock && V/bin/pip check        (PKIT_TEAM_VENV=V)
#   - PostgreSQL server binaries (initdb, pg_ctl, postgres) and psql: apt-get install postgresql
#   - redis-server: apt-get install redis-server;  curl: apt-get install curl
#   - as root: a non-root OS user to own the PostgreSQL cluster (PKIT_TEAM_PG_OS_USER, default
#     "postgres", else "nobody") and runuser (util-linux); STATE_DIR's parents must be traversable by it.
#
# Settings (environment, all optional):
#   PKIT_TEAM_VENV      venv with requirements-team.lock            (default /tmp/teamvenv)
#   PKIT_TEAM_DAGS      DAGs folder                                  (default STATE_DIR/dags, smoke DAG)
#   PKIT_TEAM_WORKER_CONCURRENCY  task slots per Celery worker       (default 4)
#   PKIT_TEAM_SMOKE_ITEMS         mapped task instances in the smoke DAG (default 6)
#   PKIT_TEAM_REQUIRE_BOTH_WORKERS=0   smoke passes even if one worker ran every task instance
#   PKIT_TEAM_TIMEOUT   seconds to wait for each component / the DAG run (default 300)
# Ports are picked free on 127.0.0.1 at the first start and kept in STATE_DIR/ports.env.
set -euo pipefail

CMD=${1:-}
STATE_ARG=${2:-}
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[[ -n $CMD && -n $STATE_ARG ]] || usage

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VENV=${PKIT_TEAM_VENV:-/tmp/teamvenv}
TIMEOUT=${PKIT_TEAM_TIMEOUT:-300}
CONCURRENCY=${PKIT_TEAM_WORKER_CONCURRENCY:-4}
SMOKE_ITEMS=${PKIT_TEAM_SMOKE_ITEMS:-6}
SMOKE_DAG=pkit_team_smoke
WORKERS=(w1 w2)
DB_USER=airflow
DB_NAME=airflow
ADMIN_USER=admin

mkdir -p "$STATE_ARG"
STATE=$(cd "$STATE_ARG" && pwd)
RUN=$STATE/run
LOGS=$STATE/logs
PGDIR=$STATE/pg
PY=$VENV/bin/python

say() { printf '== %s\n' "$*"; }
die() { printf 'local_team: %s\n' "$*" >&2; exit 1; }

find_pg_bin() {  # $1: program; PATH first, then Debian's versioned folders (newest first)
  local p
  if p=$(command -v "$1" 2>/dev/null); then echo "$p"; return; fi
  for p in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -Vr); do
    [[ -x $p/$1 ]] && { echo "$p/$1"; return; }
  done
  return 1
}

pg_os_user() {
  if [[ $(id -u) -ne 0 ]]; then id -un; return; fi
  if [[ -n ${PKIT_TEAM_PG_OS_USER:-} ]]; then echo "$PKIT_TEAM_PG_OS_USER"
  elif id postgres >/dev/null 2>&1; then echo postgres
  else echo nobody; fi
}

as_pg() {  # run a PostgreSQL server command as the cluster's (non-root) owner
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$(pg_os_user)" -- "$@"; else "$@"; fi
}

check_prereqs() {
  local missing=()
  [[ -x $VENV/bin/airflow && -x $VENV/bin/celery ]] ||
    missing+=("venv $VENV with the team lock: python3.11 -m venv $VENV && $VENV/bin/pip install -r requirements-team.lock && $VENV/bin/pip check  (or set PKIT_TEAM_VENV)")
  if [[ -L $PY || -e $PY ]] && ! "$PY" -c pass >/dev/null 2>&1; then
    missing+=("the venv's python ($PY) does not run as $(id -un): its base interpreter must be readable by this user; make the venv from a system python3.11")
  elif [[ -L $PY || -e $PY ]] && ! AIRFLOW_HOME=$STATE/airflow_home AIRFLOW__CELERY_BROKER_TRANSPORT_OPTIONS__VISIBILITY_TIMEOUT=21600 \
      "$PY" - <<'EOF' >/dev/null 2>&1
import importlib, sys
import celery
for m in ("airflow.providers.celery.executors.celery_executor_utils",
          "airflow.providers.postgres.hooks.postgres", "psycopg2", "asyncpg", "redis"):
    importlib.import_module(m)
sys.exit(0 if celery.__version__.startswith("5.6.") else 1)
EOF
  then
    missing+=("$VENV lacks the team set (Celery/Postgres providers, celery 5.6.x, psycopg2, asyncpg, redis): $VENV/bin/pip install -r requirements-team.lock")
  fi
  local b
  for b in initdb pg_ctl postgres; do
    find_pg_bin "$b" >/dev/null || missing+=("PostgreSQL server ($b): apt-get install -y postgresql")
  done
  command -v psql >/dev/null || missing+=("psql: apt-get install -y postgresql-client")
  command -v redis-server >/dev/null || missing+=("redis-server: apt-get install -y redis-server")
  command -v curl >/dev/null || missing+=("curl: apt-get install -y curl")
  if [[ $(id -u) -eq 0 ]]; then
    command -v runuser >/dev/null || missing+=("runuser (to run PostgreSQL as a non-root user): apt-get install -y util-linux")
    id "$(pg_os_user)" >/dev/null 2>&1 || missing+=("OS user $(pg_os_user) for PostgreSQL (set PKIT_TEAM_PG_OS_USER)")
  fi
  if ((${#missing[@]})); then
    printf 'local_team: missing prerequisites (this script installs nothing):\n' >&2
    printf '  - %s\n' "${missing[@]}" | awk '!seen[$0]++' >&2
    exit 1
  fi
}

free_ports() {  # $1: how many free TCP ports on 127.0.0.1
  "$PY" - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

init_state() {
  mkdir -p "$RUN" "$LOGS/airflow" "$STATE/airflow_home" "$STATE/auth"
  chmod 755 "$STATE"  # the PostgreSQL owner must traverse it
  if [[ ! -f $STATE/ports.env ]]; then
    read -r pg redis api sched < <(free_ports 4)
    printf 'PG_PORT=%s\nREDIS_PORT=%s\nAPI_PORT=%s\nSCHED_HEALTH_PORT=%s\n' "$pg" "$redis" "$api" "$sched" \
      > "$STATE/ports.env"
  fi
  if [[ ! -f $STATE/secrets.env ]]; then
    (umask 077; "$PY" - > "$STATE/secrets.env" <<'EOF'
import secrets
from cryptography.fernet import Fernet
print(f"DB_PASSWORD={secrets.token_hex(16)}")
print(f"ADMIN_PASSWORD={secrets.token_urlsafe(16)}")
print(f"FERNET_KEY={Fernet.generate_key().decode()}")
print(f"JWT_SECRET={secrets.token_urlsafe(32)}")
print(f"API_SECRET_KEY={secrets.token_urlsafe(32)}")
EOF
    )
  fi
  # shellcheck disable=SC1091
  source "$STATE/ports.env"; source "$STATE/secrets.env"
  local dags=${PKIT_TEAM_DAGS:-$STATE/dags}
  if [[ -z ${PKIT_TEAM_DAGS:-} ]]; then
    mkdir -p "$dags"
    cat > "$dags/$SMOKE_DAG.py" <<EOF
"""Throwaway smoke DAG of deploy/local_team.sh: one mapped task of $SMOKE_ITEMS trivial instances,
each printing (and returning) where it ran: the Celery worker (PKIT_TEAM_WORKER) and the host."""

from __future__ import annotations

import os
import socket

import pendulum
from airflow.sdk import dag, task


@dag(dag_id="$SMOKE_DAG", schedule=None, start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
     catchup=False, tags=["smoke"])
def $SMOKE_DAG():
    @task
    def items() -> list[int]:
        return list(range($SMOKE_ITEMS))

    @task
    def where(item: int) -> dict:
        info = {"item": item, "worker": os.environ.get("PKIT_TEAM_WORKER", "?"),
                "host": socket.gethostname(), "pid": os.getpid()}
        print(f"item {item} ran on worker {info['worker']} host {info['host']} pid {info['pid']}")
        return info

    where.expand(item=items())


$SMOKE_DAG()
EOF
  fi
  write_env "$dags"
}

write_env() {  # $1: dags folder. The Airflow configuration shared by every component.
  local f=$STATE/team.env
  (umask 077; cat > "$f" <<EOF
# generated by deploy/local_team.sh — source it to use the airflow/celery CLIs against this state dir
export AIRFLOW_HOME=$STATE/airflow_home
export AIRFLOW__CORE__EXECUTOR=CeleryExecutor
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME
export AIRFLOW__CELERY__RESULT_BACKEND=db+postgresql://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME
export AIRFLOW__CELERY__BROKER_URL=redis://127.0.0.1:$REDIS_PORT/0
export AIRFLOW__CELERY__DEFAULT_QUEUE=default
export AIRFLOW__CELERY_BROKER_TRANSPORT_OPTIONS__VISIBILITY_TIMEOUT=21600
export AIRFLOW__CORE__AUTH_MANAGER=airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS=$ADMIN_USER:admin
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE=$STATE/auth/passwords.json
export AIRFLOW__CORE__FERNET_KEY=$FERNET_KEY
export AIRFLOW__API_AUTH__JWT_SECRET=$JWT_SECRET
export AIRFLOW__API__SECRET_KEY=$API_SECRET_KEY
export AIRFLOW__API__HOST=127.0.0.1
export AIRFLOW__API__PORT=$API_PORT
export AIRFLOW__API__WORKERS=1
export AIRFLOW__API__BASE_URL=http://127.0.0.1:$API_PORT
export AIRFLOW__CORE__EXECUTION_API_SERVER_URL=http://127.0.0.1:$API_PORT/execution/
export AIRFLOW__CORE__DAGS_FOLDER=$1
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=True
export AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK=True
export AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_HOST=127.0.0.1
export AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT=$SCHED_HEALTH_PORT
export AIRFLOW__LOGGING__BASE_LOG_FOLDER=$LOGS/airflow
export PKIT_WAREHOUSE_DIR=$STATE/warehouse
export AIRFLOW__COSMOS__ENABLE_TELEMETRY=False
export SCARF_ANALYTICS=false
export SCARF_NO_ANALYTICS=true
export DO_NOT_TRACK=1
export DBT_SEND_ANONYMOUS_USAGE_STATS=false
export GX_ANALYTICS_ENABLED=False
export PATH=$VENV/bin:\$PATH
# REST: token = POST http://127.0.0.1:$API_PORT/auth/token {"username": "$ADMIN_USER", "password": <auth/passwords.json>}
EOF
  )
}

load_env() {
  [[ -f $STATE/team.env ]] || die "$STATE is not initialised: run '$0 start $STATE' first"
  # shellcheck disable=SC1091
  source "$STATE/ports.env"; source "$STATE/secrets.env"; source "$STATE/team.env"
}

pg_ctl_cmd() { as_pg "$(find_pg_bin pg_ctl)" -D "$PGDIR/data" "$@"; }

start_postgres() {
  if [[ ! -f $PGDIR/data/PG_VERSION ]]; then
    say "initdb $PGDIR/data (owner $(pg_os_user))"
    mkdir -p "$PGDIR/run"
    (umask 077; printf '%s\n' "$DB_PASSWORD" > "$PGDIR/pwfile")
    [[ $(id -u) -eq 0 ]] && chown -R "$(pg_os_user)" "$PGDIR"
    as_pg "$(find_pg_bin initdb)" -D "$PGDIR/data" -U "$DB_USER" --pwfile="$PGDIR/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 > "$LOGS/initdb.log" 2>&1 ||
      { tail -20 "$LOGS/initdb.log"; die "initdb failed"; }
    rm -f "$PGDIR/pwfile"
  fi
  if pg_ctl_cmd status >/dev/null 2>&1; then say "postgres already running"; return; fi
  say "postgres on 127.0.0.1:$PG_PORT"
  pg_ctl_cmd -w -t 60 -l "$PGDIR/postgres.log" \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PGDIR/run -c max_connections=200" start >/dev/null ||
    { tail -20 "$PGDIR/postgres.log"; die "postgres did not start"; }
  if ! PGPASSWORD=$DB_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1; then
    PGPASSWORD=$DB_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d postgres -qc "CREATE DATABASE $DB_NAME"
  fi
}

start_redis() {
  if [[ -f $RUN/redis.pid ]] && kill -0 "$(cat "$RUN/redis.pid")" 2>/dev/null; then
    say "redis already running"; return
  fi
  say "redis on 127.0.0.1:$REDIS_PORT"
  mkdir -p "$STATE/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$STATE/redis" --daemonize yes \
    --pidfile "$RUN/redis.pid" --logfile "$LOGS/redis.log" --save "" --appendonly no
  wait_for "redis" 30 redis_ok
}

redis_ok() { "$PY" -c "import redis,sys; sys.exit(0 if redis.Redis(host='127.0.0.1', port=$REDIS_PORT).ping() else 1)" 2>/dev/null; }

spawn() {  # $1: name, rest: command. Own session (process group) so stop can end the whole tree.
  local name=$1; shift
  if [[ -f $RUN/$name.pid ]] && kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null; then
    say "$name already running"; return
  fi
  setsid "$@" >> "$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN/$name.pid"
  say "$name started (pid $!, log $LOGS/$name.log)"
}

wait_for() {  # $1: label, $2: seconds, rest: probe command
  local label=$1 limit=$2; shift 2
  local t0=$SECONDS
  until "$@"; do
    if ((SECONDS - t0 > limit)); then
      say "$label not healthy after ${limit}s"; return 1
    fi
    sleep 2
  done
  say "$label healthy ($((SECONDS - t0))s)"
}

api_ok() { curl -fsS -o /dev/null "http://127.0.0.1:$API_PORT/api/v2/version" 2>/dev/null; }
sched_ok() { curl -fsS -o /dev/null "http://127.0.0.1:$SCHED_HEALTH_PORT/health" 2>/dev/null; }
job_ok() { airflow jobs check --job-type "$1" --local >/dev/null 2>&1; }
# The compose worker healthcheck, verbatim but for the node name.
worker_ok() {
  celery --app airflow.providers.celery.executors.celery_executor.app inspect ping \
    -d "$1@$(hostname)" >/dev/null 2>&1
}

cmd_start() {
  check_prereqs
  init_state
  load_env
  start_postgres
  start_redis
  # compose's airflow-init, the same script: folders owned by the services' user, the admin password
  # written into the SimpleAuthManager password file, `airflow db migrate`
  say "airflow-init (deploy/airflow-init.sh: folders, admin password, db migrate)"
  AIRFLOW_UID=$(id -u) AIRFLOW_GID=$(id -g) PKIT_ADMIN_PASSWORD=$ADMIN_PASSWORD bash "$HERE/airflow-init.sh" > "$LOGS/airflow-init.log" 2>&1 ||
    { tail -30 "$LOGS/airflow-init.log"; die "airflow-init failed"; }
  spawn api-server airflow api-server --host 127.0.0.1 --port "$API_PORT" --workers 1
  spawn scheduler airflow scheduler --skip-serve-logs
  spawn dag-processor airflow dag-processor
  spawn triggerer airflow triggerer --skip-serve-logs
  local w
  for w in "${WORKERS[@]}"; do
    # serve-logs is skipped (it binds every interface); task logs are files in the shared
    # $LOGS/airflow, which the api-server reads directly — like the compose logs volume.
    spawn "$w" env PKIT_TEAM_WORKER="$w" airflow celery worker -H "$w@%h" -q default \
      -c "$CONCURRENCY" --skip-serve-logs
  done
  local ok=1
  wait_for api-server "$TIMEOUT" api_ok || ok=0
  wait_for scheduler "$TIMEOUT" sched_ok || ok=0
  wait_for dag-processor "$TIMEOUT" job_ok DagProcessorJob || ok=0
  wait_for triggerer "$TIMEOUT" job_ok TriggererJob || ok=0
  for w in "${WORKERS[@]}"; do wait_for "worker $w" "$TIMEOUT" worker_ok "$w" || ok=0; done
  if ((!ok)); then
    for f in "$LOGS"/{api-server,scheduler,dag-processor,triggerer,w1,w2}.log; do
      [[ -f $f ]] && { echo "--- $f"; tail -15 "$f"; }
    done
    cmd_stop
    die "start failed (everything stopped again)"
  fi
  say "up: API http://127.0.0.1:$API_PORT (user $ADMIN_USER, password in $STATE/auth/passwords.json)"
  say "CLI: source $STATE/team.env"
}

stop_pidfile() {  # $1: name
  local f=$RUN/$1.pid pid
  [[ -f $f ]] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
    say "$1 stopped"
  fi
  # children that left the group (none expected) would still hold the session: end them too
  pkill -TERM -s "$pid" 2>/dev/null || true
  rm -f "$f"
}

cmd_stop() {
  local name
  # workers first (warm shutdown), then the scheduler side, the API server last
  for name in "${WORKERS[@]}" triggerer dag-processor scheduler api-server; do stop_pidfile "$name"; done
  if [[ -f $RUN/redis.pid ]]; then
    local pid; pid=$(cat "$RUN/redis.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      say "redis stopped"
    fi
    rm -f "$RUN/redis.pid"
  fi
  if [[ -f $PGDIR/data/PG_VERSION ]] && pg_ctl_cmd status >/dev/null 2>&1; then
    pg_ctl_cmd -m fast -w stop >/dev/null && say "postgres stopped"
  fi
}

cmd_status() {
  load_env
  local rc=0
  pg_ctl_cmd status >/dev/null 2>&1 && say "postgres ok" || { say "postgres DOWN"; rc=1; }
  redis_ok && say "redis ok" || { say "redis DOWN"; rc=1; }
  api_ok && say "api-server ok" || { say "api-server DOWN"; rc=1; }
  sched_ok && say "scheduler ok" || { say "scheduler DOWN"; rc=1; }
  job_ok DagProcessorJob && say "dag-processor ok" || { say "dag-processor DOWN"; rc=1; }
  job_ok TriggererJob && say "triggerer ok" || { say "triggerer DOWN"; rc=1; }
  local w
  for w in "${WORKERS[@]}"; do worker_ok "$w" && say "worker $w ok" || { say "worker $w DOWN"; rc=1; }; done
  return $rc
}

# --- REST (Airflow 3.3 public API v2 with a SimpleAuthManager JWT) ------------------------------------
api() {  # $1: method, $2: path, [$3: JSON body] — prints the body, fails on HTTP >= 400
  local args=(-sS --fail-with-body -X "$1" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
  [[ -n ${3:-} ]] && args+=(-d "$3")
  curl "${args[@]}" "http://127.0.0.1:$API_PORT$2"
}

get_token() {
  local pw
  pw=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' \
    "$AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE" "$ADMIN_USER")
  # POST /auth/token → 201 {"access_token": "<JWT>"}
  TOKEN=$(ADMIN_USER=$ADMIN_USER PW=$pw "$PY" -c \
      'import json,os; print(json.dumps({"username": os.environ["ADMIN_USER"], "password": os.environ["PW"]}))' |
    curl -sS --fail-with-body -X POST -H "Content-Type: application/json" --data @- \
      "http://127.0.0.1:$API_PORT/auth/token" |
    "$PY" -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
}

jget() { "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {"d": d}))' "$1"; }

run_dag() {  # $1: dag_id → sets RUN_ID, RUN_STATE
  local dag=$1 t0=$SECONDS
  get_token
  # the DAG must be parsed and serialised first: GET /api/v2/dags/{dag_id}
  until api GET "/api/v2/dags/$dag" >/dev/null 2>&1; do
    ((SECONDS - t0 > TIMEOUT)) && die "DAG $dag not registered after ${TIMEOUT}s (see $LOGS/dag-processor.log)"
    sleep 2
  done
  # paused at creation (as in compose): PATCH /api/v2/dags/{dag_id} {"is_paused": false}
  api PATCH "/api/v2/dags/$dag" '{"is_paused": false}' >/dev/null
  # trigger: POST /api/v2/dags/{dag_id}/dagRuns  (logical_date is required, may be null)
  RUN_ID=$(api POST "/api/v2/dags/$dag/dagRuns" '{"logical_date": null, "note": "local_team.sh"}' | jget 'd["dag_run_id"]')
  say "triggered $dag run $RUN_ID"
  # poll: GET /api/v2/dags/{dag_id}/dagRuns/{run_id} until success/failed
  t0=$SECONDS
  while :; do
    RUN_STATE=$(api GET "/api/v2/dags/$dag/dagRuns/$RUN_ID" | jget 'd["state"]')
    [[ $RUN_STATE == success || $RUN_STATE == failed ]] && break
    ((SECONDS - t0 > TIMEOUT)) && die "run $RUN_ID still $RUN_STATE after ${TIMEOUT}s"
    sleep 2
  done
  say "run $RUN_ID: $RUN_STATE ($((SECONDS - t0))s polling)"
}

cmd_trigger() {
  load_env
  local dag=${3:-}
  [[ -n $dag ]] || die "usage: $0 trigger STATE_DIR DAG_ID"
  run_dag "$dag"
  [[ $RUN_STATE == success ]]
}

cmd_smoke() {  # [$3: a DAG of the same shape, e.g. a copy with more items (set PKIT_TEAM_SMOKE_ITEMS)]
  load_env
  local SMOKE_DAG=${3:-$SMOKE_DAG}
  run_dag "$SMOKE_DAG"
  # GET .../dagRuns/{run_id}/taskInstances and each mapped instance's XCom return_value
  api GET "/api/v2/dags/$SMOKE_DAG/dagRuns/$RUN_ID/taskInstances?limit=100" > "$STATE/smoke_tis.json"
  : > "$STATE/smoke_xcoms.jsonl"
  local i
  for i in $(seq 0 $((SMOKE_ITEMS - 1))); do
    api GET "/api/v2/dags/$SMOKE_DAG/dagRuns/$RUN_ID/taskInstances/where/xcomEntries/return_value?map_index=$i&deserialize=true" \
      >> "$STATE/smoke_xcoms.jsonl" || true
    echo >> "$STATE/smoke_xcoms.jsonl"
  done
  RUN_STATE=$RUN_STATE REQUIRE_BOTH=${PKIT_TEAM_REQUIRE_BOTH_WORKERS:-1} ITEMS=$SMOKE_ITEMS LOGS=$LOGS \
    "$PY" - "$STATE/smoke_tis.json" "$STATE/smoke_xcoms.jsonl" <<'EOF'
import ast, collections, json, os, pathlib, re, sys
from datetime import datetime

tis = [t for t in json.load(open(sys.argv[1]))["task_instances"] if t["task_id"] == "where"]
xcoms = {}
for line in open(sys.argv[2]):
    if line.strip():
        x = json.loads(line)
        v = x["value"]
        if isinstance(v, str):
            try:
                v = json.loads(v)
            except ValueError:
                v = ast.literal_eval(v)
        xcoms[x["map_index"]] = v
ts = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
rows, q2s, q2e, s2e = [], [], [], []
for t in sorted(tis, key=lambda t: t["map_index"]):
    q, s, e = (ts(t[k]) if t.get(k) else None for k in ("queued_when", "start_date", "end_date"))
    worker = xcoms.get(t["map_index"], {}).get("worker", "?")
    if q and e and t["state"] == "success":
        q2e.append((e - q).total_seconds()); q2s.append((s - q).total_seconds()); s2e.append((e - s).total_seconds())
    rows.append((t["map_index"], t["state"], worker, t.get("hostname"), q2s[-1] if q2s else None, s2e[-1] if s2e else None, q2e[-1] if q2e else None))
print(f"{'map':>3} {'state':8} {'worker':6} {'queued→start':>12} {'start→end':>10} {'queued→end':>10}")
for m, st, w, h, a, b, c in rows:
    print(f"{m:>3} {st:8} {w:6} {a:12.2f} {b:10.2f} {c:10.2f}" if c is not None else f"{m:>3} {st:8} {w:6}")
by_worker = collections.Counter(r[2] for r in rows)
# cross-check from the Celery side: workloads each worker's log says it received (all runs so far)
celery_rx = {w: len(re.findall(r"execute_workload\[[^\]]+\] received", pathlib.Path(os.environ["LOGS"], f"{w}.log").read_text()))
             for w in ("w1", "w2") if pathlib.Path(os.environ["LOGS"], f"{w}.log").exists()}
n = len(q2e)
print(f"task instances by worker (XCom): {dict(sorted(by_worker.items()))}; Celery workloads received per worker log (all runs): {celery_rx}")
if n:
    first_q = min(ts(t["queued_when"]) for t in tis); last_e = max(ts(t["end_date"]) for t in tis)
    print(f"mapped task: first queued → last success {(last_e - first_q).total_seconds():.2f} s for {n} instances "
          f"= {(last_e - first_q).total_seconds() / n:.2f} s per instance amortised over both workers")
    print(f"mean per task instance over {n}: queued→success {sum(q2e)/n:.2f} s "
          f"(queued→running {sum(q2s)/n:.2f} s, running→success {sum(s2e)/n:.2f} s); "
          f"min {min(q2e):.2f} s, max {max(q2e):.2f} s")
ok = os.environ["RUN_STATE"] == "success" and len(tis) == int(os.environ["ITEMS"]) and all(t["state"] == "success" for t in tis)
if os.environ["REQUIRE_BOTH"] == "1" and not (by_worker.get("w1") and by_worker.get("w2")):
    print("FAIL: not both workers ran task instances"); ok = False
print("SMOKE OK" if ok else "SMOKE FAILED")
sys.exit(0 if ok else 1)
EOF
}

case $CMD in
  start) cmd_start ;;
  stop) if [[ -f $STATE/ports.env ]]; then load_env; fi; cmd_stop ;;
  status) cmd_status ;;
  env) load_env; cat "$STATE/team.env" ;;
  trigger) cmd_trigger "$@" ;;
  smoke) cmd_smoke "$@" ;;
  *) usage ;;
esac
