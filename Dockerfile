# The pkit image: Airflow 3.3 with the team lock, requirements-team.lock = requirements.lock (the set
# `make run` installs, versions unchanged) + the Celery and Postgres providers, celery 5.6.x, redis,
# psycopg2-binary, asyncpg, all pinned. See deploy/README.md for how the lock is made and checked.
FROM apache/airflow:3.3.2-python3.11

SHELL ["/bin/bash", "-o", "pipefail", "-c"]
USER root
# Telemetry off for every library that has one. Airflow 3.3 itself has no usage-data collection left
# (no [usage_data_collection] section, no Scarf code in the package); cosmos honours
# AIRFLOW__COSMOS__ENABLE_TELEMETRY, DO_NOT_TRACK and SCARF_NO_ANALYTICS; dbt and GX their own.
ENV PKIT_HOME=/opt/pkit \
    DO_NOT_TRACK=1 \
    SCARF_ANALYTICS=false \
    SCARF_NO_ANALYTICS=true \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false \
    GX_ANALYTICS_ENABLED=False \
    AIRFLOW__COSMOS__ENABLE_TELEMETRY=False
RUN mkdir -p /opt/pkit/warehouse && chown -R airflow:0 /opt/pkit
USER airflow
WORKDIR /opt/pkit

# Dependencies first (cached layer): exactly the team lock, resolved WITH dependencies (a pin the lock
# lacks or one that conflicts fails the build), into a fresh venv of the image's Python 3.11, so the
# base image's own packages (~/.local: its providers and their constraint pins, e.g. its own celery)
# neither leak in nor are mixed with ours. `pip check` must pass and the venv must hold exactly the lock.
COPY --chown=airflow:0 requirements-team.lock /opt/pkit/requirements-team.lock
RUN python3 -m venv /opt/pkit/venv \
 && /opt/pkit/venv/bin/pip install --no-cache-dir --disable-pip-version-check pip==26.3 \
 && /opt/pkit/venv/bin/pip install --no-cache-dir --disable-pip-version-check -r /opt/pkit/requirements-team.lock \
 && /opt/pkit/venv/bin/pip check \
 && diff <(grep -v '^#' /opt/pkit/requirements-team.lock | sed '/^$/d' | sort -f) \
         <(/opt/pkit/venv/bin/pip freeze --exclude-editable | sort -f)
# The venv comes first for every process: airflow, celery (worker healthcheck) and python.
ENV VIRTUAL_ENV=/opt/pkit/venv \
    PATH=/opt/pkit/venv/bin:$PATH

COPY --chown=airflow:0 pyproject.toml README.md sources.yml /opt/pkit/
COPY --chown=airflow:0 pkit /opt/pkit/pkit
COPY --chown=airflow:0 ingestion /opt/pkit/ingestion
COPY --chown=airflow:0 expectations /opt/pkit/expectations
RUN pip install --no-cache-dir --disable-pip-version-check --no-deps -e /opt/pkit && pip check
COPY --chown=airflow:0 deploy/airflow-init.sh /opt/pkit/deploy/airflow-init.sh
COPY --chown=airflow:0 dags /opt/pkit/dags
COPY --chown=airflow:0 dbt_project /opt/pkit/dbt_project
COPY --chown=airflow:0 data /opt/pkit/data
