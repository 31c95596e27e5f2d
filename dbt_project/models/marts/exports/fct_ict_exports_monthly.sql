-- One row per month and measure with a reported value: the current value (chosen by the rule in
-- int_ict_exports__vintages, named in selection_rule), its growth on one basis only, and the
-- fiscal-year-to-date total of current values checked against the total the sources state.
-- Growth: the growth the current source states; else computed from a value of the same basis (the
-- previous period as stated in the same release, else the previous period's current value when it has
-- the same publisher and series); never a ratio of two publishers' figures (growth_basis says which).
with vintages as (
    select
        vintage_id,
        grain,
        period,
        measure,
        value_usd_mn,
        source_url,
        publisher,
        series_basis,
        is_current,
        is_rounded_restatement
    from {{ ref('int_ict_exports__vintages') }}
),

current_months as (
    select
        period as period_month,
        cast(period || '-01' as date) as month_start,
        {{ fiscal_year_label("cast(period || '-01' as date)") }} as fiscal_year,
        {{ fiscal_month_number("cast(period || '-01' as date)") }} as fiscal_month,
        measure,
        value_usd_mn,
        value_stated_yoy_growth_pct as stated_yoy_growth_pct,
        vintage_count,
        distinct_value_count,
        vintage_id,
        selection_rule,
        coalesce(evidence_date, release_date) as evidence_date,
        reconciles_with_total,
        source_title,
        source_url,
        published_date,
        release_date,
        publisher,
        series_basis
    from {{ ref('int_ict_exports__vintages') }}
    where grain = 'month'
        and is_current
),

-- the total the sources state for Jul..this month (the current fiscal-year-to-date, or the fiscal-year
-- total for June)
stated_totals as (
    select
        end_month,
        measure,
        value_usd_mn,
        -- an undated total appeared no earlier than the month after its last month
        coalesce(release_date, cast(end_month || '-01' as date) + interval 1 month) as release_date,
        source_title
    from {{ ref('int_ict_exports__vintages') }}
    where grain in ('fiscal_ytd', 'fiscal_year')
        and is_current
    qualify row_number() over (partition by end_month, measure order by grain = 'fiscal_ytd' desc, period) = 1
),

comparators as (
    select
        this_month.period_month,
        this_month.measure,
        -- previous year: as stated in the same release first, else the current value on the same basis
        coalesce(same_release_year.value_usd_mn, same_basis_year.value_usd_mn) as previous_year_value_usd_mn,
        case
            when same_release_year.value_usd_mn is not null then 'same_release'
            when same_basis_year.value_usd_mn is not null then 'same_publisher_and_series'
            when any_year.value_usd_mn is not null then 'not_comparable'
        end as previous_year_basis,
        coalesce(same_release_month.value_usd_mn, same_basis_month.value_usd_mn) as previous_month_value_usd_mn,
        case
            when same_release_month.value_usd_mn is not null then 'same_release'
            when same_basis_month.value_usd_mn is not null then 'same_publisher_and_series'
            when any_month.value_usd_mn is not null then 'not_comparable'
        end as previous_month_basis
    from current_months as this_month
    left join vintages as same_release_year
        on same_release_year.grain = 'month'
        and same_release_year.measure = this_month.measure
        and same_release_year.period = strftime(this_month.month_start - interval 1 year, '%Y-%m')
        and same_release_year.source_url = this_month.source_url
        and not same_release_year.is_rounded_restatement
    left join vintages as same_basis_year
        on same_basis_year.grain = 'month'
        and same_basis_year.is_current
        and same_basis_year.measure = this_month.measure
        and same_basis_year.period = strftime(this_month.month_start - interval 1 year, '%Y-%m')
        and same_basis_year.publisher = this_month.publisher
        and this_month.publisher <> 'unknown'
        and same_basis_year.series_basis = this_month.series_basis
    left join vintages as any_year
        on any_year.grain = 'month'
        and any_year.is_current
        and any_year.measure = this_month.measure
        and any_year.period = strftime(this_month.month_start - interval 1 year, '%Y-%m')
    left join vintages as same_release_month
        on same_release_month.grain = 'month'
        and same_release_month.measure = this_month.measure
        and same_release_month.period = strftime(this_month.month_start - interval 1 month, '%Y-%m')
        and same_release_month.source_url = this_month.source_url
        and not same_release_month.is_rounded_restatement
    left join vintages as same_basis_month
        on same_basis_month.grain = 'month'
        and same_basis_month.is_current
        and same_basis_month.measure = this_month.measure
        and same_basis_month.period = strftime(this_month.month_start - interval 1 month, '%Y-%m')
        and same_basis_month.publisher = this_month.publisher
        and this_month.publisher <> 'unknown'
        and same_basis_month.series_basis = this_month.series_basis
    left join vintages as any_month
        on any_month.grain = 'month'
        and any_month.is_current
        and any_month.measure = this_month.measure
        and any_month.period = strftime(this_month.month_start - interval 1 month, '%Y-%m')
    -- one row per month even if a release stated a comparison period twice
    qualify row_number() over (
        partition by this_month.period_month, this_month.measure
        order by same_release_year.vintage_id, same_release_month.vintage_id
    ) = 1
),

with_totals as (
    select
        current_months.*,
        comparators.previous_year_value_usd_mn,
        comparators.previous_year_basis,
        comparators.previous_month_value_usd_mn,
        comparators.previous_month_basis,
        sum(current_months.value_usd_mn) over fiscal_year_so_far as months_so_far_usd_mn,
        max(current_months.evidence_date) over fiscal_year_so_far as months_evidence_date,
        count(*) over fiscal_year_so_far as months_so_far
    from current_months
    inner join comparators
        on current_months.period_month = comparators.period_month
        and current_months.measure = comparators.measure
    window fiscal_year_so_far as (
        partition by current_months.measure, current_months.fiscal_year
        order by current_months.fiscal_month
        rows between unbounded preceding and current row
    )
),

final as (
    select
        with_totals.period_month || ':' || with_totals.measure as month_measure_id,
        with_totals.period_month,
        with_totals.month_start,
        with_totals.fiscal_year,
        with_totals.fiscal_month,
        with_totals.measure,
        with_totals.value_usd_mn,
        with_totals.selection_rule,
        coalesce(
            with_totals.stated_yoy_growth_pct,
            case
                when with_totals.previous_year_basis in ('same_release', 'same_publisher_and_series')
                    then round((with_totals.value_usd_mn / nullif(with_totals.previous_year_value_usd_mn, 0) - 1) * 100, 2)
            end
        ) as yoy_growth_pct,
        case
            when with_totals.stated_yoy_growth_pct is not null then 'stated_by_source'
            else with_totals.previous_year_basis
        end as growth_basis,
        with_totals.stated_yoy_growth_pct,
        case
            when with_totals.previous_month_basis in ('same_release', 'same_publisher_and_series')
                then round((with_totals.value_usd_mn / nullif(with_totals.previous_month_value_usd_mn, 0) - 1) * 100, 2)
        end as mom_growth_pct,
        with_totals.previous_month_basis as mom_growth_basis,
        case
            when with_totals.previous_year_basis in ('same_release', 'same_publisher_and_series')
                then with_totals.previous_year_value_usd_mn
        end as previous_year_value_usd_mn,
        -- every month from July to this one has a value, else the cumulative total is unknown
        case when with_totals.months_so_far = with_totals.fiscal_month then with_totals.months_so_far_usd_mn end
            as fytd_usd_mn,
        stated_totals.value_usd_mn as fytd_stated_usd_mn,
        case
            when stated_totals.value_usd_mn is null then 'no_stated_total'
            when with_totals.months_so_far < with_totals.fiscal_month then 'months_missing'
            when abs(with_totals.months_so_far_usd_mn - stated_totals.value_usd_mn)
                <= {{ reconcile_tolerance('stated_totals.value_usd_mn', 'with_totals.fiscal_month') }}
                then 'reconciled'
            -- the total was stated before a month in it was revised: it adds up the older vintage
            when stated_totals.release_date < with_totals.months_evidence_date then 'total_predates_revision'
            else 'does_not_reconcile'
        end as fytd_reconciliation,
        case
            when with_totals.selection_rule in ('same_date_tie_unresolved', 'undated_unresolved')
                then 'the reported values disagree and nothing decides between them'
            when stated_totals.value_usd_mn is not null
                and with_totals.months_so_far = with_totals.fiscal_month
                and abs(with_totals.months_so_far_usd_mn - stated_totals.value_usd_mn)
                > {{ reconcile_tolerance('stated_totals.value_usd_mn', 'with_totals.fiscal_month') }}
                then 'Jul..this month add up to ' || cast(round(with_totals.months_so_far_usd_mn, 2) as varchar)
                    || ', the stated total is ' || cast(stated_totals.value_usd_mn as varchar)
                    || case
                        when stated_totals.release_date < with_totals.months_evidence_date
                            then ' (stated before a month of it was revised)'
                        else ''
                    end
        end as flag_reason,
        with_totals.vintage_count,
        with_totals.distinct_value_count,
        with_totals.vintage_id as current_vintage_id,
        with_totals.source_title,
        with_totals.source_url,
        with_totals.published_date,
        with_totals.release_date,
        with_totals.publisher,
        with_totals.series_basis
    from with_totals
    left join stated_totals
        on with_totals.period_month = stated_totals.end_month
        and with_totals.measure = stated_totals.measure
)

select
    month_measure_id,
    period_month,
    month_start,
    fiscal_year,
    fiscal_month,
    measure,
    value_usd_mn,
    selection_rule,
    yoy_growth_pct,
    growth_basis,
    stated_yoy_growth_pct,
    mom_growth_pct,
    mom_growth_basis,
    previous_year_value_usd_mn,
    fytd_usd_mn,
    fytd_stated_usd_mn,
    fytd_reconciliation,
    flag_reason is not null as is_flagged,
    flag_reason,
    vintage_count,
    distinct_value_count,
    current_vintage_id,
    source_title,
    source_url,
    published_date,
    release_date,
    publisher,
    series_basis,
    {{ citation('publisher', 'source_title', 'coalesce(release_date, published_date)', 'source_url') }} as citation
from final
