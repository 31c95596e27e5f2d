# The pkit image: Airflow 3.3 with the project's exact lock (the same requirements.lock `make run` installs).
FROM apache/airflow:3.3.2-python3.11

USER root
ENV PKIT_HOME=/opt/pkit \
    DO_NOT_TRACK=1 \
    SCARF_ANALYTICS=false \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false \
    GX_ANALYTICS_ENABLED=False \
    AIRFLOW__USAGE_DATA_COLLECTION__ENABLED=False \
    AIRFLOW__COSMOS__ENABLE_TELEMETRY=False
RUN mkdir -p /opt/pkit/warehouse && chown -R airflow: /opt/pkit
USER airflow
WORKDIR /opt/pkit

# Dependencies first (cached layer): exactly the lock, nothing resolved at build time.
COPY --chown=airflow: requirements.lock /opt/pkit/requirements.lock
RUN pip install --no-cache-dir --no-deps -r /opt/pkit/requirements.lock

COPY --chown=airflow: pyproject.toml README.md sources.yml /opt/pkit/
COPY --chown=airflow: pkit /opt/pkit/pkit
COPY --chown=airflow: ingestion /opt/pkit/ingestion
COPY --chown=airflow: expectations /opt/pkit/expectations
RUN pip install --no-cache-dir --no-deps -e /opt/pkit
COPY --chown=airflow: dags /opt/pkit/dags
COPY --chown=airflow: dbt_project /opt/pkit/dbt_project
COPY --chown=airflow: data /opt/pkit/data
