-- The current value of an export period is never older than the evidence of another report of the same
-- period: a later dated report wins unless it only restates a value rounded (3,220 for 3,223), belongs to
-- the other series (PBS beside SBP), or is contradicted by the total that governs it while the current
-- value adds up with a total at least as late (see int_ict_exports__vintages).
select
    current_value.vintage_id,
    current_value.period,
    current_value.release_date,
    current_value.evidence_date,
    current_value.selection_rule,
    later.vintage_id as later_vintage_id,
    later.release_date as later_release_date
from {{ ref('int_ict_exports__vintages') }} as current_value
inner join {{ ref('int_ict_exports__vintages') }} as later
    on current_value.grain = later.grain
    and current_value.period = later.period
    and current_value.measure = later.measure
where current_value.is_current
    and later.release_date is not null
    and not later.is_rounded_restatement
    and not later.is_other_series
    and later.value_usd_mn <> current_value.value_usd_mn
    and later.reconciles_with_total is distinct from false
    and (
        coalesce(current_value.evidence_date, current_value.release_date) is null
        or later.release_date > coalesce(current_value.evidence_date, current_value.release_date)
    )
