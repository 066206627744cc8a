//! Keyboard moves between the bars and markers of the chart (in the browser).

use super::*;

#[derive(Clone, Copy)]
pub(super) enum ItemAt {
    First,
    Last,
    Index(usize),
}

/// Focuses a bar (or a group's button) of line `line`; false when that
/// line is not in the page or has none there.
pub(super) fn focus_item(chart: &Chart, line: usize, at: ItemAt) -> bool {
    use leptos::wasm_bindgen::JsCast;
    let Some(container) = chart.window.container.get_untracked() else {
        return false;
    };
    let selector = match at {
        ItemAt::First => format!("[data-line=\"{line}\"] [data-i]"),
        ItemAt::Last => format!("[data-line=\"{line}\"] [data-last]"),
        ItemAt::Index(i) => format!("[data-line=\"{line}\"] [data-i=\"{i}\"]"),
    };
    container
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|e| e.focus().is_ok())
}

/// Scrolls bar `item` of line `line`, left out of the page beyond the
/// columns in view, into view, and focuses it once it is drawn.
pub(super) fn reveal_and_focus(chart: &Chart, line: usize, item: usize) {
    let Some(Line::Activity(activity)) = chart.store.get(line) else {
        return;
    };
    let Some(cell) = activity.cells.get(item) else {
        return;
    };
    let scale = chart.scale.get_untracked();
    let Ok(column) = usize::try_from(scale.column(cell.half_year)) else {
        return;
    };
    let view = chart.window.width_untracked() - chart.names.get_untracked();
    if let Some(left) = scale.reveal(column, chart.window.scroll_left_untracked(), view) {
        chart.window.scroll_left_to(left);
    }
    // The page redraws the bars in view before the next frame.
    let chart = *chart;
    request_animation_frame(move || {
        focus_item(&chart, line, ItemAt::Index(item));
    });
}

/// The arrow keys between bars: left and right along a line, up and down to
/// the first bar of the line above or below; Home and End to a line's ends.
pub(super) fn on_chart_key(chart: &Chart, event: &leptos::ev::KeyboardEvent) {
    use leptos::wasm_bindgen::JsCast;
    let Some(target) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Some(item) = target
        .get_attribute("data-i")
        .and_then(|i| i.parse::<usize>().ok())
    else {
        return;
    };
    let Some(line) = target
        .closest("[data-line]")
        .ok()
        .flatten()
        .and_then(|l| l.get_attribute("data-line"))
        .and_then(|l| l.parse::<usize>().ok())
    else {
        return;
    };
    let total = chart.window.total();
    let handled = match event.key().as_str() {
        "ArrowRight" => {
            if !focus_item(chart, line, ItemAt::Index(item + 1)) {
                reveal_and_focus(chart, line, item + 1);
            }
            true
        }
        "ArrowLeft" => {
            if item > 0 && !focus_item(chart, line, ItemAt::Index(item - 1)) {
                reveal_and_focus(chart, line, item - 1);
            }
            true
        }
        "Home" => focus_item(chart, line, ItemAt::First),
        "End" => focus_item(chart, line, ItemAt::Last),
        "ArrowDown" if line + 1 < total => {
            chart.window.reveal(line + 1);
            chart.focus_wanted.set(Some(line + 1));
            true
        }
        "ArrowUp" if line > 0 => {
            chart.window.reveal(line - 1);
            if !focus_item(chart, line - 1, ItemAt::First) {
                chart.focus_wanted.set(Some(line - 1));
            }
            true
        }
        _ => false,
    };
    if handled {
        event.prevent_default();
    }
}
