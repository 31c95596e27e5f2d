"""Stage: dbt build of a candidate warehouse from the raw layer, and the dbt docs of the published one."""
