"""pkit_nightly: plan sources → ingest each (mapped) → check raw → dbt build → check marts → publish → dbt
docs → export (downloads) → report.

Thin wiring only: every task calls one function of ``pkit.pipeline`` (imported inside the task,
so parsing this file stays fast). Data moves through the warehouse folder; XComs carry only small
manifests.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import dag, get_current_context, task

INGEST_RETRIES = {
    "retries": 2,
    "retry_delay": timedelta(seconds=30),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
}
# Stages that are idempotent (a retry redoes the same work on the same inputs: raw promotion is keyed by
# load, the candidate is per run and rebuilt, the checks only read) get one retry, so a lost worker does
# not fail the night. Publish is not retried blindly: its candidate is gone once it was swapped in.
STAGE_RETRIES = {"retries": 1, "retry_delay": timedelta(seconds=30)}


def _ctx():
    from pkit.run.context import RunContext

    context = get_current_context()
    when = context.get("logical_date") or context["dag_run"].run_after
    return RunContext.create(context["run_id"], when)


def _on_failure(context):
    from pkit.notify import notify_failure

    notify_failure(context)


@dag(
    dag_id="pkit_nightly",
    schedule="0 2 * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Karachi"),
    catchup=False,
    max_active_runs=1,
    default_args={"owner": "pkit", "on_failure_callback": _on_failure},
    tags=["pkit"],
    doc_md=__doc__,
)
def pkit_nightly():
    @task
    def plan_sources() -> list[str]:
        """The sources of the registry (sources.yml): one mapped ingestion task each."""
        from pkit import pipeline

        return pipeline.stage(_ctx(), "plan_sources", pipeline.plan_sources)

    @task(**INGEST_RETRIES)
    def ingest_source(source_id: str) -> list[dict]:
        from pkit import pipeline

        return pipeline.stage(_ctx(), f"ingest_{source_id}", pipeline.ingest_source, source_id)

    @task(**STAGE_RETRIES)
    def check_raw(landed: list[list[dict]]) -> dict:
        from pkit import pipeline

        return pipeline.stage(_ctx(), "check_raw", pipeline.check_raw, list(landed))

    @task(**STAGE_RETRIES)
    def dbt_build(raw: dict) -> dict:
        from pkit import pipeline

        return pipeline.stage(_ctx(), "dbt_build", lambda ctx: pipeline.build_candidate(ctx).to_dict())

    @task(**STAGE_RETRIES)
    def check_marts(build: dict) -> dict:
        from pkit import pipeline

        return pipeline.stage(_ctx(), "check_marts", pipeline.check_marts_of, build)

    @task
    def publish(build: dict, checks: dict) -> dict:
        from pkit import pipeline

        return pipeline.stage(_ctx(), "publish", pipeline.publish_build, build)

    @task(**STAGE_RETRIES)
    def dbt_docs(published: dict) -> str | None:
        """dbt docs (catalog, lineage) of the published build into warehouse/docs/; never fails the run."""
        from pkit import pipeline

        return pipeline.stage(_ctx(), "dbt_docs", pipeline.dbt_docs)

    @task(**STAGE_RETRIES)
    def export(docs: str | None) -> str | None:
        """Downloads of the published build (CSV, Parquet, workbook, datapackage.json): warehouse/exports/."""
        from pkit import pipeline

        return pipeline.stage(_ctx(), "export", pipeline.export_downloads)

    @task(trigger_rule="all_done")
    def report() -> str:
        from pkit import pipeline

        return pipeline.report(_ctx())

    @task(trigger_rule="one_failed")
    def fail_run() -> None:
        """Fails the DAG run when any stage failed (the report, on all_done, would otherwise hide it)."""
        from pkit import pipeline

        pipeline.raise_run_failure(_ctx())

    sources = plan_sources()
    landed = ingest_source.expand(source_id=sources)
    raw = check_raw(landed)
    build = dbt_build(raw)
    checks = check_marts(build)
    published = publish(build, checks)
    exported = export(dbt_docs(published))
    stages = [sources, landed, raw, build, checks, published, exported]
    exported >> report()
    stages >> fail_run()


pkit_nightly()
