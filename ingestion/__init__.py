"""Installed as ``pkit.ingestion``: reading the inputs (documents, official tables, fetches) and the fact
extractor, up to landed loads."""
