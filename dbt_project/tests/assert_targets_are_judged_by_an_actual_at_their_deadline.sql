-- A target's verdict rests on an actual taken at its deadline: a program target judged met or missed by
-- a count reported after the deadline, an attainment without a verdict, or a verdict without a deadline
-- is a number an auditor would strike out.
select
    targets.target_id,
    targets.status,
    targets.deadline_date,
    targets.actual_as_of,
    targets.attainment_pct
from {{ ref('fct_targets') }} as targets
where (
    targets.status in ('met', 'missed')
    and targets.actual_basis in ('latest_actual_by_deadline', 'latest_actual_to_date')
    and targets.actual_as_of > targets.deadline_date
)
or (targets.status = 'not_comparable' and targets.attainment_pct is not null)
or (targets.status <> 'not_comparable' and targets.deadline_date is null)
