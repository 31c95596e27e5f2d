"""EasyData series ride with the ingestion of the table they extend (``sources.yml`` kind ``easydata``).

Why not a task of their own: the raw layer keeps the latest load of a table as the table, so the
vintages must be in the same load as the bundled snapshot. The table's task therefore retrieves the
series first (when ``PKIT_FETCH_ENABLED=1`` and a key is set), then ingests the bundled file with every
vintage retrieved so far appended (``<fetched>/<table id>.with-easydata/<file>``). With no vintage on
disk the bundled file is ingested untouched, exactly as without EasyData. A second night that retrieves
nothing new writes the same bytes, which the ingestion skips as already seen.
"""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

from pkit.errors import InputRejected
from pkit.ingestion.easydata import EasyDataClient, read_vintages
from pkit.ingestion.files import atomic_write
from pkit.ingestion.official import CONTRACTS_BY_TABLE, read_official_csv
from pkit.registry import Registry, Source
from pkit.run.context import RunContext

log = logging.getLogger(__name__)


def fetched_dir(ctx: RunContext) -> Path:
    return ctx.settings.warehouse_dir / "fetched"


AIRFLOW_CONNECTION = "sbp_easydata"


def airflow_connection_key(conn_id: str = AIRFLOW_CONNECTION) -> str | None:
    """The key from an Airflow connection (its password), for deployments that keep secrets in Airflow
    (a secrets backend, or ``AIRFLOW_CONN_SBP_EASYDATA``); None when there is none or no Airflow."""
    try:
        from airflow.sdk import Connection

        return Connection.get(conn_id).password or None
    except Exception:  # not defined, no Airflow: PKIT_SBP_API_KEY is the documented way
        return None


def retrieve_series(ctx: RunContext, entry: Source) -> list[dict[str, str]]:
    """Retrieve every series of ``entry``; one ledger ``fetch`` event (and report line) per series."""
    settings = ctx.settings
    events = []
    key = settings.sbp_api_key
    if key is None and settings.fetch_enabled:
        key = airflow_connection_key()
    client = EasyDataClient(
        entry.id,
        fetched_dir(ctx) / entry.id,
        settings.sbp_easydata_url,
        key,
        contact=settings.fetch_contact,
        fmt="csv" if entry.format == "csv" else "json",
    )
    for series in entry.series:
        if not settings.fetch_enabled:
            event = {
                "source": entry.id,
                "series": series.key,
                "status": "disabled",
                "message": f"EasyData series {series.key}: fetching is disabled (PKIT_FETCH_ENABLED=0); "
                f"{client.kept(series)}",
            }
        else:
            result = client.retrieve(series)
            event = {
                "source": entry.id,
                "series": series.key,
                "status": result.status,
                "message": result.message,
                "new_vintages": result.new_vintages,
            }
        ctx.ledger.write("fetch", event)
        events.append(event)
    return events


def with_vintages(ctx: RunContext, registry: Registry, table_source: Source, table_path: Path) -> Path:
    """The file to ingest for ``table_source``: ``table_path``, plus the EasyData vintages if any."""
    entries = registry.easydata_for(table_source)
    if not entries:
        return table_path
    for entry in entries:
        retrieve_series(ctx, entry)
    vintages = [row for entry in entries for row in read_vintages(fetched_dir(ctx) / entry.id)]
    if not vintages:
        return table_path
    contract = CONTRACTS_BY_TABLE[table_source.contract[0]]
    data = table_path.read_bytes()
    try:
        read_official_csv(data, table_path.name, contract.table)
    except InputRejected:
        return table_path  # the bundled file is refused on its own, with its own reason, as always
    # The bundled rows keep their text exactly (no re-formatting of numbers); columns the bundled file
    # lacks are left empty, as the reader does.
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=contract.header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(row for row in reader if any((v or "").strip() for v in row.values()))
    writer.writerows(vintages)
    merged = fetched_dir(ctx) / f"{table_source.id}.with-easydata" / table_path.name
    payload = buffer.getvalue().encode("utf-8")
    if not merged.is_file() or merged.read_bytes() != payload:
        atomic_write(merged, payload)
    log.info("%s: ingesting %s with %d EasyData vintages", table_source.id, table_path.name, len(vintages))
    return merged
