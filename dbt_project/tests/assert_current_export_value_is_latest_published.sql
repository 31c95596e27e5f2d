-- The current value of an export period is never older than another dated report of the same period,
-- unless that later report only restates it rounded (3,220 for 3,223).
select
    current_value.vintage_id,
    current_value.period,
    current_value.published_date,
    later.vintage_id as later_vintage_id,
    later.published_date as later_published_date
from {{ ref('fct_ict_exports_vintages') }} as current_value
inner join {{ ref('fct_ict_exports_vintages') }} as later
    on current_value.grain = later.grain
    and current_value.period = later.period
    and current_value.measure = later.measure
where current_value.is_current
    and later.published_date is not null
    and not later.is_rounded_restatement
    and (current_value.published_date is null or later.published_date > current_value.published_date)
