{#- One pass of the monthly reconciliation (int_ict_exports__vintages): each candidate value of a month is
    checked against the total that governs it, with the other months taken from `months` (period,
    fiscal_year, fiscal_month, measure, value_usd_mn), and the candidates are ranked. Emits the CTEs
    <name>_totals, <name>_checks, <name>_checked and <name>_ranked, each followed by a comma. The model
    runs two passes: the second takes the other months as the first pass chose them, so one source's
    error in one month (a shifted month) cannot decide a neighbouring month. -#}
{% macro reconciliation_pass(months, name) %}
-- stated totals whose every month Jul..end_month has a value, with the sum of those months
{{ name }}_totals as (
    select
        totals.official_row_id as total_id,
        totals.grain as total_grain,
        totals.period as total_period,
        totals.fiscal_year,
        totals.measure,
        totals.end_fiscal_month,
        totals.value_usd_mn as total_usd_mn,
        totals.reconcile_unit,
        totals.series_basis,
        totals.earliest_release_date as total_release_date,
        totals.source_url as total_source_url,
        sum(months.value_usd_mn) as months_sum_usd_mn,
        count(*) as months_present
    from candidates as totals
    inner join {{ months }} as months
        on totals.measure = months.measure
        and totals.fiscal_year = months.fiscal_year
        and months.fiscal_month <= totals.end_fiscal_month
    where totals.grain in ('fiscal_ytd', 'fiscal_year')
    group by all
    having count(*) = max(totals.end_fiscal_month)
),

-- each candidate value of a month against the total that governs it: a total stated in the same release
-- (same page) if there is one, else the nearest precise total released no earlier than the candidate
{{ name }}_checks as (
    select
        candidates.official_row_id,
        checkable_totals.total_id,
        checkable_totals.total_release_date,
        abs(
            checkable_totals.months_sum_usd_mn - provisional.value_usd_mn + candidates.value_usd_mn
            - checkable_totals.total_usd_mn
        ) <= {{ reconcile_tolerance('checkable_totals.total_usd_mn', 'checkable_totals.end_fiscal_month') }}
            as reconciles
    from candidates
    inner join {{ months }} as provisional
        on candidates.period = provisional.period
        and candidates.measure = provisional.measure
    inner join {{ name }}_totals as checkable_totals
        on candidates.measure = checkable_totals.measure
        and candidates.fiscal_year = checkable_totals.fiscal_year
        and candidates.end_fiscal_month <= checkable_totals.end_fiscal_month
        -- a total of the other series is no check of this one
        and coalesce(candidates.series_basis = checkable_totals.series_basis, true)
    where candidates.grain = 'month'
        and (
            candidates.source_url = checkable_totals.total_source_url
            or checkable_totals.total_release_date >= candidates.earliest_release_date
        )
    qualify row_number() over (
        partition by candidates.official_row_id
        order by
            candidates.source_url = checkable_totals.total_source_url desc,
            checkable_totals.reconcile_unit,
            checkable_totals.end_fiscal_month,
            checkable_totals.total_release_date,
            checkable_totals.total_id
    ) = 1
),

{{ name }}_checked as (
    select
        candidates.*,
        month_checks.reconciles,
        month_checks.total_id as governing_total_id,
        -- when the evidence for a value is dated: its release, or the later total it adds up with
        case
            when month_checks.reconciles
                then greatest(candidates.earliest_release_date, month_checks.total_release_date)
            else candidates.release_date
        end as evidence_date,
        count(distinct candidates.value_usd_mn) over period_window as candidate_value_count,
        coalesce(bool_or(month_checks.reconciles) over period_window, false) as any_reconciles,
        max(candidates.release_date) over period_window as latest_release_date
    from candidates
    left join {{ name }}_checks as month_checks
        on candidates.official_row_id = month_checks.official_row_id
    window period_window as (partition by candidates.grain, candidates.period, candidates.measure)
),

{{ name }}_ranked as (
    select
        *,
        coalesce(release_date = latest_release_date, false) as is_latest_release,
        count(distinct value_usd_mn) filter (where release_date = latest_release_date)
            over (partition by grain, period, measure) as latest_value_count,
        count(distinct publisher_precedence) filter (where release_date = latest_release_date)
            over (partition by grain, period, measure) as latest_publisher_ranks,
        row_number() over (
            partition by grain, period, measure
            order by
                -- a value its governing total contradicts goes last when another value adds up
                any_reconciles and reconciles is not distinct from false,
                evidence_date desc nulls last,
                release_date desc nulls last,
                not coalesce(reconciles, false),
                publisher_precedence,
                source_file,
                source_row
        ) as candidate_rank
    from {{ name }}_checked
),
{% endmacro %}
