"""Great Expectations suites as code: one per raw source table and one per mart family.

Each module exposes ``suite_name`` and ``expectations(today)``; the runner in
``expectations/runner.py`` turns them into GX suites and checkpoints. ``today`` is the run's date, so
"not in the future" means the same thing when a run is replayed.
"""
