//! Bar charts drawn as SVG (no script, no inline styles: fine under the
//! console's CSP), each followed by the same numbers as a table. The table is
//! what screen readers read, and anyone can show it; the series are told
//! apart by their legend and order as well as by colour.

use yew::prelude::*;

/// A chart's data: one bar (or stack) per category, one value per series.
#[derive(Clone, PartialEq, Properties)]
pub struct BarChartProps {
    /// Unique on the page (ids, test ids).
    pub id: AttrValue,
    pub title: AttrValue,
    /// What the categories are ("Week", "Campaign"): the heading of the
    /// numbers' first column, which a screen reader reads with each row.
    pub category_name: AttrValue,
    pub categories: Vec<String>,
    pub series: Vec<String>,
    /// `values[category][series]`.
    pub values: Vec<Vec<u32>>,
    /// Stack the series in one bar, or draw them side by side.
    #[prop_or_default]
    pub stacked: bool,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 40.0;
const TOP: f64 = 12.0;

/// A round axis maximum at or above `max`, and its tick step.
pub fn axis(max: u32) -> (u32, u32) {
    if max == 0 {
        return (1, 1);
    }
    let rough = max.div_ceil(4);
    let magnitude = 10u32.pow(rough.checked_ilog10().unwrap_or(0));
    let step = [1, 2, 5, 10].iter().map(|m| m * magnitude).find(|s| *s >= rough).unwrap_or(rough);
    (step * max.div_ceil(step), step)
}

fn f(value: u32) -> f64 {
    f64::from(value)
}

/// Where each category's bars go: (x, width) per drawn bar, and the
/// category's centre for its label.
fn slots(categories: usize, bars: usize) -> Vec<(f64, Vec<(f64, f64)>)> {
    let plot = WIDTH - LEFT - 8.0;
    let band = plot / f(u32::try_from(categories.max(1)).unwrap_or(1));
    let count = f(u32::try_from(bars.max(1)).unwrap_or(1));
    // A few categories must not turn into slabs: at most 56 px a bar.
    let inner = (band * 0.7).min(56.0 * count);
    let bar = inner / count;
    (0..categories)
        .map(|c| {
            let start = LEFT + band * f(u32::try_from(c).unwrap_or(0)) + (band - inner) / 2.0;
            let xs = (0..bars).map(|b| (start + bar * f(u32::try_from(b).unwrap_or(0)), bar)).collect();
            (start + inner / 2.0, xs)
        })
        .collect()
}

/// The bars: one per series and category, or one stack per category.
fn bars(props: &BarChartProps, layout: &[(f64, Vec<(f64, f64)>)], y: &dyn Fn(u32) -> f64) -> Vec<Html> {
    let mut rects = Vec::new();
    for ((_, xs), (category, values)) in layout.iter().zip(props.categories.iter().zip(&props.values)) {
        let mut base = 0u32;
        for (s, value) in values.iter().enumerate() {
            let Some(&(x, width)) = (if props.stacked { xs.first() } else { xs.get(s) }) else { continue };
            let (low, high) = if props.stacked { (base, base + value) } else { (0, *value) };
            base += value;
            if *value == 0 {
                continue;
            }
            let label = format!("{category}, {}: {value}", props.series.get(s).cloned().unwrap_or_default());
            rects.push(html! {
                <rect class={format!("s{s}")} x={format!("{x:.1}")} y={format!("{:.1}", y(high))}
                    width={format!("{:.1}", (width - 1.0).max(1.0))} height={format!("{:.1}", y(low) - y(high))}>
                    <title>{ label }</title>
                </rect>
            });
        }
    }
    rects
}

/// The numbers behind the chart, for screen readers and anyone who asks.
fn numbers(props: &BarChartProps, totals: &[u32], id: &str) -> Html {
    html! {
        <table id={format!("{id}-table")} data-testid={format!("{id}-table")}>
            <caption>{ props.title.clone() }</caption>
            <thead><tr>
                <th scope="col">{ props.category_name.clone() }</th>
                { for props.series.iter().map(|name| html! { <th scope="col">{ name.clone() }</th> }) }
                if props.stacked { <th scope="col">{ "Total" }</th> }
            </tr></thead>
            <tbody>
                { for props.categories.iter().zip(&props.values).zip(totals).map(|((category, values), total)| html! {
                    <tr>
                        <th scope="row">{ category.clone() }</th>
                        { for values.iter().map(|v| html! { <td>{ v }</td> }) }
                        if props.stacked { <td>{ total }</td> }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// The chart with its legend and its table.
#[function_component(BarChart)]
pub fn bar_chart(props: &BarChartProps) -> Html {
    let show_table = use_state(|| false);
    let totals: Vec<u32> = props.values.iter().map(|v| v.iter().sum()).collect();
    let peak = if props.stacked {
        totals.iter().copied().max().unwrap_or(0)
    } else {
        props.values.iter().flatten().copied().max().unwrap_or(0)
    };
    let (top, step) = axis(peak);
    let plot_height = HEIGHT - BOTTOM - TOP;
    let y = |v: u32| TOP + plot_height - plot_height * f(v) / f(top);
    let layout = slots(props.categories.len(), if props.stacked { 1 } else { props.series.len() });
    let ticks = (0..=top / step).map(|i| {
        let v = i * step;
        html! {
            <g class="tick">
                <line x1={LEFT.to_string()} x2={(WIDTH - 8.0).to_string()} y1={format!("{:.1}", y(v))} y2={format!("{:.1}", y(v))} />
                <text x={(LEFT - 6.0).to_string()} y={format!("{:.1}", y(v) + 4.0)} text-anchor="end">{ v }</text>
            </g>
        }
    });
    let labels = layout.iter().zip(&props.categories).map(|((centre, _), category)| {
        html! { <text class="category" x={format!("{centre:.1}")} y={(HEIGHT - BOTTOM + 18.0).to_string()} text-anchor="middle">{ category.clone() }</text> }
    });
    let id = props.id.to_string();
    let toggle = {
        let show_table = show_table.clone();
        Callback::from(move |_| show_table.set(!*show_table))
    };
    html! {
        <figure class="chart" data-testid={id.clone()}>
            <figcaption id={format!("{id}-title")}>{ props.title.clone() }</figcaption>
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img" aria-labelledby={format!("{id}-title")}
                aria-describedby={format!("{id}-table")}>
                { for ticks }
                { for bars(props, &layout, &y) }
                { for labels }
            </svg>
            <ul class="legend">
                { for props.series.iter().enumerate().map(|(s, name)| html! {
                    <li><span class={format!("swatch s{s}")} aria-hidden="true"></span>{ name.clone() }</li>
                }) }
            </ul>
            <button type="button" class="link" onclick={toggle} aria-expanded={show_table.to_string()}
                aria-controls={format!("{id}-table")}>
                { if *show_table { "Hide the numbers" } else { "Show the numbers" } }
            </button>
            // A table ignores a 1 px width, so the wrapper is what hides it.
            // Shown, it may scroll sideways on a phone: a tab stop lets the
            // keyboard scroll it (WCAG 2.1.1), named for its numbers.
            <div class={classes!("table-wrap", (!*show_table).then_some("sr-only"))}
                tabindex={(*show_table).then_some("0")} role={(*show_table).then_some("region")}
                aria-label={(*show_table).then(|| format!("{}: the numbers", props.title))}>
                { numbers(props, &totals, &id) }
            </div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers_at_or_above_the_peak() {
        assert_eq!(axis(0), (1, 1));
        assert_eq!(axis(3), (3, 1));
        assert_eq!(axis(7), (8, 2));
        assert_eq!(axis(40), (40, 10));
        assert_eq!(axis(41), (60, 20));
        assert_eq!(axis(1234), (1500, 500));
        for max in 1..2000 {
            let (top, step) = axis(max);
            assert!(top >= max && top % step == 0 && top / step <= 5, "{max}: {top} {step}");
        }
    }

    #[test]
    fn bars_stay_inside_the_plot() {
        for (categories, bars) in [(1, 1), (12, 1), (5, 2), (30, 7)] {
            for (_, xs) in slots(categories, bars) {
                for (x, width) in xs {
                    assert!(x >= LEFT && x + width <= WIDTH - 8.0 + 0.01);
                }
            }
        }
    }
}
