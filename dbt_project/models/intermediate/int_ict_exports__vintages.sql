-- Every reported export value (monthly, fiscal-year-to-date and fiscal-year grains) as a vintage of its
-- (grain, period, measure), and which vintage is current, by a stated rule (docs/analysts.md):
--   1. A rounded restatement (3,220 after 3,223) is not a revision: it never displaces the precise value.
--   2. Where a period has values of both series, the SBP series is current; PBS values stay as vintages.
--   3. The latest release wins (release_date: curated, else the page's date; undated releases last).
--   4. Reconciliation: each reported value of a month is checked against the total that governs it, a
--      fiscal-year-to-date (or fiscal-year) total stated in the same release, else the nearest precise
--      total released no earlier. A value its total contradicts never wins over one that adds up; a
--      value that adds up with a later total is dated by that total (an undated total is dated no
--      earlier than the month after the months it covers), so an undated revision that the next
--      release's total confirms beats the first release it revises.
--   5. Releases of one date that disagree: the value that reconciles, else the publisher of higher
--      precedence (seed publisher_precedence), else flagged as an unresolved tie.
-- Each current row says which rule chose it (selection_rule). A value reconciles when Jul..end_month
-- adds up to the total within rounding (half a million per month plus half the unit the total was
-- written to), with the other months as a first pass chose them (that pass starts from the value most
-- releases report for each month): macro reconciliation_pass.
-- valid_from / valid_to place each dated vintage in time for as-of queries (valid_to exclusive).
with reported as (
    select
        official_row_id,
        'month' as grain,
        period_month as period,
        fiscal_year,
        period_month as end_month,
        1 as months_covered,
        measure,
        value_usd_mn,
        stated_yoy_growth_pct,
        cast(null as double) as prior_year_same_period_usd_mn,
        source_title,
        source_url,
        published_date,
        release_date,
        release_date_basis,
        publisher,
        publisher_precedence,
        series_basis,
        revision_status,
        source_file,
        source_row
    from {{ ref('stg_official__ict_exports_monthly') }}

    union all

    select
        official_row_id,
        'fiscal_ytd' as grain,
        period,
        fiscal_year,
        end_month,
        months_covered,
        measure,
        value_usd_mn,
        stated_yoy_growth_pct,
        prior_year_same_period_usd_mn,
        source_title,
        source_url,
        published_date,
        release_date,
        release_date_basis,
        publisher,
        publisher_precedence,
        series_basis,
        revision_status,
        source_file,
        source_row
    from {{ ref('stg_official__ict_exports_ytd') }}

    union all

    select
        official_row_id,
        'fiscal_year' as grain,
        fiscal_year as period,
        fiscal_year,
        {{ fiscal_year_end_month_of_label('fiscal_year') }} as end_month,
        12 as months_covered,
        measure,
        value_usd_mn,
        stated_yoy_growth_pct,
        cast(null as double) as prior_year_same_period_usd_mn,
        source_title,
        source_url,
        published_date,
        release_date,
        release_date_basis,
        publisher,
        publisher_precedence,
        series_basis,
        revision_status,
        source_file,
        source_row
    from {{ ref('stg_official__ict_exports_fiscal_year') }}
),

precision as (
    select
        *,
        {{ fiscal_month_number("cast(end_month || '-01' as date)") }} as end_fiscal_month,
        -- the earliest a release of this period can have appeared: the month after the period ends
        coalesce(release_date, cast(end_month || '-01' as date) + interval 1 month) as earliest_release_date,
        -- the unit the value was written to: 0.001 for 939.51, 1 for 3223, 10 for 3220 ('$3.22bn'), 100 for
        -- 5200; values under a billion are written in millions ('$324 million') and are exact to the million
        case
            when value_usd_mn <> round(value_usd_mn) then 0.001
            when value_usd_mn < 1000 then 1
            when value_usd_mn % 1000 = 0 then 1000
            when value_usd_mn % 100 = 0 then 100
            when value_usd_mn % 10 = 0 then 10
            else 1
        end as rounding_unit,
        -- precise totals check a month better than round ones ('$1.2bn')
        {{ reconcile_tolerance('value_usd_mn', 0) }} as reconcile_unit
    from reported
),

restatements as (
    select
        this_report.*,
        exists(
            select 1
            from precision as more_precise
            where more_precise.grain = this_report.grain
                and more_precise.period = this_report.period
                and more_precise.measure = this_report.measure
                -- a rounding of the same series (SBP's 2,619 is its own figure, not PBS's 2,619.1 rounded)
                and coalesce(more_precise.series_basis = this_report.series_basis, true)
                and more_precise.rounding_unit < this_report.rounding_unit
                and more_precise.value_usd_mn <> this_report.value_usd_mn
                and round(more_precise.value_usd_mn / this_report.rounding_unit) * this_report.rounding_unit
                = this_report.value_usd_mn
        ) as is_rounded_restatement
    from precision as this_report
),

flagged as (
    select
        this_report.*,
        -- PBS values of a period the SBP series itself reports (not only rounds) are another series
        this_report.series_basis = 'PBS' and exists(
            select 1
            from restatements as sbp
            where sbp.grain = this_report.grain
                and sbp.period = this_report.period
                and sbp.measure = this_report.measure
                and sbp.series_basis = 'SBP'
                and not sbp.is_rounded_restatement
        ) as is_other_series
    from restatements as this_report
),

candidates as (
    select * exclude (has_clean_candidate)
    from (
        select
            *,
            bool_or(not is_rounded_restatement and not is_other_series)
                over (partition by grain, period, measure) as has_clean_candidate
        from flagged
    ) as screened
    -- every period keeps a candidate: if all its reports were screened out, they all stay in contention
    where (not is_rounded_restatement and not is_other_series)
        or not has_clean_candidate
),

-- the months to start reconciling from: the value most releases report (a lone page's slip cannot
-- steer its neighbours' checks), the latest release among equals
provisional_months as (
    select
        period,
        fiscal_year,
        end_fiscal_month as fiscal_month,
        measure,
        value_usd_mn,
        series_basis
    from (
        select
            *,
            count(distinct source_url) over (partition by period, measure, value_usd_mn) as releases_reporting
        from candidates
        where grain = 'month'
    ) as month_candidates
    qualify row_number() over (
        partition by period, measure
        order by
            releases_reporting desc,
            release_date desc nulls last,
            publisher_precedence,
            source_file,
            source_row
    ) = 1
),

{{ reconciliation_pass('provisional_months', 'first_pass') }}

-- the months as the first pass chose them
first_pass_months as (
    select
        period,
        fiscal_year,
        end_fiscal_month as fiscal_month,
        measure,
        value_usd_mn,
        series_basis
    from first_pass_ranked
    where grain = 'month'
        and candidate_rank = 1
),

{{ reconciliation_pass('first_pass_months', 'second_pass') }}

chosen as (
    select
        grain,
        period,
        measure,
        official_row_id as current_vintage_id,
        value_usd_mn as current_value_usd_mn,
        governing_total_id,
        evidence_date as current_evidence_date,
        case
            when candidate_value_count = 1 then 'single_value'
            when latest_release_date is null then 'undated_unresolved'
            when not is_latest_release and reconciles then 'reconciles_with_later_total'
            when latest_value_count > 1 and reconciles then 'same_date_tie_reconciled'
            when latest_value_count > 1 and latest_publisher_ranks > 1 then 'same_date_tie_publisher'
            when latest_value_count > 1 then 'same_date_tie_unresolved'
            else 'latest_release'
        end as selection_rule
    from second_pass_ranked
    where candidate_rank = 1
),

ranked as (
    select
        flagged.*,
        month_governing.reconciles,
        row_number() over (
            partition by flagged.grain, flagged.period, flagged.measure
            order by
                flagged.official_row_id <> chosen.current_vintage_id,
                flagged.is_rounded_restatement,
                flagged.is_other_series,
                flagged.release_date desc nulls last,
                flagged.publisher_precedence,
                flagged.source_file,
                flagged.source_row
        ) as vintage_rank,
        -- among vintages of one release date, the one that was in effect
        row_number() over (
            partition by flagged.grain, flagged.period, flagged.measure, flagged.release_date
            order by
                flagged.official_row_id <> chosen.current_vintage_id,
                flagged.is_rounded_restatement,
                flagged.is_other_series,
                not coalesce(month_governing.reconciles, false),
                flagged.publisher_precedence,
                flagged.source_file,
                flagged.source_row
        ) as same_date_rank,
        count(*) over (partition by flagged.grain, flagged.period, flagged.measure) as vintage_count,
        count(distinct flagged.value_usd_mn) over (partition by flagged.grain, flagged.period, flagged.measure)
            as distinct_value_count
    from flagged
    inner join chosen
        on flagged.grain = chosen.grain
        and flagged.period = chosen.period
        and flagged.measure = chosen.measure
    left join second_pass_checks as month_governing
        on flagged.official_row_id = month_governing.official_row_id
),

publication_dates as (
    select
        grain,
        period,
        measure,
        release_date,
        lead(release_date) over (partition by grain, period, measure order by release_date)
            as next_release_date
    from (
        select distinct grain, period, measure, release_date
        from flagged
        where release_date is not null and not is_rounded_restatement and not is_other_series
    ) as dated
),

-- the latest growth stated for each value; same-day releases of one value stating different growths
-- (25.0 and 25.3) are settled by vintage_rank, a total order, so every build picks the same one
value_growths as (
    select
        grain,
        period,
        measure,
        value_usd_mn,
        stated_yoy_growth_pct
    from ranked
    where stated_yoy_growth_pct is not null
    qualify row_number() over (
        partition by grain, period, measure, value_usd_mn
        order by release_date desc nulls last, vintage_rank
    ) = 1
),

final as (
    select
        ranked.official_row_id as vintage_id,
        ranked.grain,
        ranked.period,
        ranked.fiscal_year,
        ranked.end_month,
        ranked.months_covered,
        ranked.measure,
        ranked.value_usd_mn,
        ranked.stated_yoy_growth_pct,
        -- the growth stated for this figure: by its own source, else by the latest release of the same
        -- value (a later page quoting 286 without its growth does not make 286's stated +33.64 % unknown)
        coalesce(ranked.stated_yoy_growth_pct, value_growths.stated_yoy_growth_pct) as value_stated_yoy_growth_pct,
        ranked.prior_year_same_period_usd_mn,
        ranked.source_title,
        ranked.source_url,
        ranked.published_date,
        ranked.release_date,
        ranked.release_date_basis,
        ranked.publisher,
        ranked.publisher_precedence,
        ranked.series_basis,
        ranked.revision_status,
        ranked.vintage_rank,
        ranked.vintage_rank = 1 as is_current,
        ranked.is_rounded_restatement,
        ranked.is_other_series,
        ranked.reconciles as reconciles_with_total,
        chosen.governing_total_id,
        -- when the evidence for the current value is dated (its release, or the later total it adds up with)
        case when ranked.vintage_rank = 1 then chosen.current_evidence_date end as evidence_date,
        case
            when ranked.vintage_rank = 1 then chosen.selection_rule
            when ranked.is_rounded_restatement then 'not_current:rounded_restatement'
            when ranked.is_other_series then 'not_current:other_series'
            else 'not_current:superseded'
        end as selection_rule,
        ranked.vintage_count,
        ranked.distinct_value_count,
        chosen.current_value_usd_mn,
        chosen.current_vintage_id,
        ranked.release_date as valid_from,
        case
            when ranked.release_date is null then null
            -- a rounded restatement never replaces the precise value it restates
            when ranked.is_rounded_restatement or ranked.is_other_series then ranked.release_date
            -- lost a same-day tie: never in effect
            when ranked.same_date_rank > 1 then ranked.release_date
            else publication_dates.next_release_date
        end as valid_to,
        ranked.source_file,
        ranked.source_row
    from ranked
    left join value_growths
        on ranked.grain = value_growths.grain
        and ranked.period = value_growths.period
        and ranked.measure = value_growths.measure
        and ranked.value_usd_mn = value_growths.value_usd_mn
    inner join chosen
        on ranked.grain = chosen.grain
        and ranked.period = chosen.period
        and ranked.measure = chosen.measure
    left join publication_dates
        on ranked.grain = publication_dates.grain
        and ranked.period = publication_dates.period
        and ranked.measure = publication_dates.measure
        and ranked.release_date = publication_dates.release_date
)

select * from final
