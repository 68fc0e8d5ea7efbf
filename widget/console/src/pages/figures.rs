//! Figures (admins): assessments per week by foot-function hint and by
//! referral level, and codes issued against redeemed per campaign.

use std::rc::Rc;

use solecheck_shared::api::{Counts, Stats};
use yew::{platform::spawn_local, prelude::*};

use super::use_ctx;
use crate::{charts::BarChart, client::Failure, dates::parse_day, fields::Notice, labels};

/// Weeks shown in the weekly charts (the table of `GET /v1/stats` has all).
const WEEKS_SHOWN: usize = 12;

/// A week's label: its Monday, e.g. "Nov 23".
fn week_label(start: &str) -> String {
    parse_day(start).map_or_else(|| start.to_owned(), |d| d.format("%b %-d").to_string())
}

/// `values[week][key]` for the last weeks, in `keys` order.
fn by_week(
    stats: &Stats,
    keys: &[&str],
    pick: fn(&solecheck_shared::api::WeekStats) -> &Counts,
) -> (Vec<String>, Vec<Vec<u32>>) {
    let weeks = &stats.weeks[stats.weeks.len().saturating_sub(WEEKS_SHOWN)..];
    let labels = weeks.iter().map(|w| week_label(&w.week_start)).collect();
    let values =
        weeks.iter().map(|w| keys.iter().map(|k| pick(w).get(*k).copied().unwrap_or(0)).collect()).collect();
    (labels, values)
}

/// The figures page.
#[function_component(FiguresPage)]
pub fn figures_page() -> Html {
    let Some(ctx) = use_ctx() else { return html! {} };
    let stats = use_state(|| None::<Rc<Stats>>);
    let error = use_state(|| None::<String>);
    {
        let (client, stats, error) = (ctx.client.clone(), stats.clone(), error.clone());
        use_effect_with((), move |()| {
            spawn_local(async move {
                match client.get::<Stats>("/v1/stats").await {
                    Ok(found) => stats.set(Some(Rc::new(found))),
                    Err(Failure::SessionEnded) => {}
                    Err(failure) => error.set(Some(failure.message())),
                }
            });
        });
    }
    let Some(stats) = &*stats else {
        return html! {
            <section><h1>{ "Figures" }</h1>
                <Notice text={(*error).clone()} error=true testid="figures-error" />
                if error.is_none() { <p role="status">{ "Loading figures…" }</p> }
            </section>
        };
    };
    let hint_keys = labels::hint_keys();
    let referral_keys = labels::referral_keys();
    let (weeks, by_hint) = by_week(stats, &hint_keys, |w| &w.by_hint);
    let (_, by_referral) = by_week(stats, &referral_keys, |w| &w.by_referral);
    let names = |keys: &[&str]| keys.iter().map(|k| labels::short(k).to_owned()).collect::<Vec<_>>();
    let campaigns: Vec<String> = stats.codes.iter().map(|c| c.title.clone()).collect();
    let codes: Vec<Vec<u32>> = stats.codes.iter().map(|c| vec![c.issued, c.redeemed]).collect();
    html! {
        <section class="figures" aria-labelledby="figures-title">
            <h1 id="figures-title">{ "Figures" }</h1>
            <p data-testid="figures-total">{ format!("Self-checks stored in all: {}. Weeks start on Monday, clinic time ({}).", stats.assessments, ctx.time_zone()) }</p>
            if stats.weeks.is_empty() {
                <p>{ "No self-checks stored yet." }</p>
            } else {
                <BarChart id="chart-hint" title="Self-checks per week, by foot-function hint" stacked=true category_name="Week"
                    categories={weeks.clone()} series={names(&hint_keys)} values={by_hint} />
                <BarChart id="chart-referral" title="Self-checks per week, by referral level" stacked=true category_name="Week"
                    categories={weeks} series={names(&referral_keys)} values={by_referral} />
            }
            if stats.codes.is_empty() {
                <p>{ "No campaigns yet." }</p>
            } else {
                <BarChart id="chart-codes" title="Codes issued and redeemed, per campaign" category_name="Campaign"
                    categories={campaigns} series={vec!["Issued".to_owned(), "Redeemed".to_owned()]} values={codes} />
            }
        </section>
    }
}
