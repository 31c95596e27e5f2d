"""Stage: the run's data-quality report and the charts of the published warehouse."""
