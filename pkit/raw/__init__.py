"""The raw layer: table contracts, append-only Parquet loads, and landed loads waiting for checks."""
