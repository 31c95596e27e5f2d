"""One run of the pipeline: its context (settings, id, date), its ledger, and fail points for tests."""
