"""The benchmark (``make bench``): a synthetic corpus, the real pipeline on it, and the tools' floor.

Modules: ``vocab``/``figures``/``corpus`` generate documents, ``official_tables`` the official CSVs,
``child`` runs ``pkit.pipeline.run_all`` in its own process, ``pipeline_run`` turns its ledger
into per-stage numbers, ``floor`` times the bare tools, ``queries``/``analyst`` time analysts' mart
queries, ``extraction`` times the fact extractor, ``runner`` ties them together, ``output`` prints
and saves the result.
"""
