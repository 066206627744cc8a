//! Long lists of equal-height rows of which the page holds only those in view,
//! with a margin: the plan grid, and the Gantt chart. The server renders the
//! first rows; the browser measures its viewport, follows the scrolling and
//! asks for rows it has not got yet. Rows are known by their index among all
//! rows, so focus and selection outlive scrolling a row out of the page.
//!
//! The window also follows horizontal scrolling, for a page that keeps only
//! the columns in view as well (the Gantt chart zoomed in).
//!
//! The container is an element that scrolls (`overflow: auto`), holding a
//! header marked `data-window-header` and rows marked `data-window-row`, all
//! of one height; spacers above and below stand in for the rows not there.

use std::collections::HashSet;
use std::ops::Range;

use leptos::prelude::*;

/// Rows the server renders, and a page holds until it has measured itself:
/// a 1080-pixel screen shows about 15 rows of the plan, and every row more
/// costs hydration time (about 5 ms a row of 20 cells on a slow machine).
pub const FIRST_ROWS: usize = 32;
/// Rows kept beyond each edge of the viewport, so that scrolling a little
/// never shows a gap.
pub const MARGIN: usize = 12;
/// Rows fetched in one request when they come near the viewport.
pub const BLOCK: usize = 100;
/// The container's width until measured, the same on server and browser:
/// a projector's 1,920 pixels.
pub const FIRST_WIDTH: f64 = 1_920.0;
/// The longest list printed whole: printing fetches and lays out every row
/// (a thousand rows print on about 25 pages). A longer list prints the rows
/// in the page; the Gantt chart's PDF holds any length.
pub const PRINT_MOST: usize = 2_000;

/// The rows to hold for a viewport of `height` pixels scrolled `top` pixels
/// down a list of `total` rows of `row_height` pixels, margins included.
pub fn rows_in_view(total: usize, row_height: f64, top: f64, height: f64) -> Range<usize> {
    let row_height = row_height.max(1.0);
    let first = (top.max(0.0) / row_height).floor() as usize;
    let last = ((top.max(0.0) + height.max(0.0)) / row_height).ceil() as usize;
    let start = first.saturating_sub(MARGIN).min(total);
    let end = last.saturating_add(MARGIN).min(total);
    start..end.max(start)
}

/// Which part of a long list is in the page.
#[derive(Clone, Copy)]
pub struct RowWindow {
    total: RwSignal<usize>,
    row_height: RwSignal<f64>,
    header: RwSignal<f64>,
    scroll_top: RwSignal<f64>,
    viewport: RwSignal<f64>,
    scroll_left: RwSignal<f64>,
    width: RwSignal<f64>,
    /// Printing: the page holds every row, not only those in view.
    printing: RwSignal<bool>,
    /// Printing was asked for (keyboard or button): the page prints once
    /// every row is here.
    print_wanted: RwSignal<bool>,
    range: Memo<Range<usize>>,
    pub container: NodeRef<leptos::html::Div>,
}

impl RowWindow {
    /// A window over `total` rows, of `row_height` pixels until measured,
    /// showing the first [`FIRST_ROWS`] (the same on server and browser, so
    /// that hydration finds what the server rendered).
    pub fn new(total: usize, row_height: f64) -> Self {
        let total = RwSignal::new(total);
        let row_height = RwSignal::new(row_height);
        let scroll_top = RwSignal::new(0.0);
        let viewport = RwSignal::new((FIRST_ROWS - MARGIN) as f64 * row_height.get_untracked());
        let header = RwSignal::new(0.0);
        let printing = RwSignal::new(false);
        let range = Memo::new(move |_| {
            if printing.get() {
                return 0..total.get();
            }
            rows_in_view(
                total.get(),
                row_height.get(),
                scroll_top.get(),
                viewport.get() - header.get(),
            )
        });
        RowWindow {
            total,
            row_height,
            header,
            scroll_top,
            viewport,
            scroll_left: RwSignal::new(0.0),
            width: RwSignal::new(FIRST_WIDTH),
            printing,
            print_wanted: RwSignal::new(false),
            range,
            container: NodeRef::new(),
        }
    }

    /// Prints the whole list from the browser: Ctrl+P (⌘P) and the page's
    /// print button widen the window to every row, wait for the rows the
    /// page has not got (fetched as for scrolling), then open the print
    /// dialog. Printing from the browser's menu gives no time to fetch: it
    /// prints the rows here, every row of a list the page holds whole.
    /// `all_here` says whether every row has arrived (reactive).
    pub fn print_whole(&self, all_here: impl Fn() -> bool + Send + Sync + 'static) {
        let window = *self;
        let keys = window_event_listener(leptos::ev::keydown, move |event| {
            let print = (event.ctrl_key() || event.meta_key())
                && !event.alt_key()
                && event.key().eq_ignore_ascii_case("p");
            if print && window.total() <= PRINT_MOST {
                event.prevent_default();
                window.print();
            }
        });
        let before = window_event_listener_untyped("beforeprint", move |_| {
            window.printing.set(true);
        });
        let after = window_event_listener_untyped("afterprint", move |_| {
            window.printing.set(false);
            window.print_wanted.set(false);
        });
        on_cleanup(move || {
            keys.remove();
            before.remove();
            after.remove();
        });
        Effect::new(move |_| {
            if window.print_wanted.get() && all_here() {
                // Once the rows are laid out.
                request_animation_frame(move || {
                    if window.print_wanted.try_get_untracked() == Some(true) {
                        window.print_wanted.set(false);
                        #[cfg(feature = "hydrate")]
                        let _ = leptos::prelude::window().print();
                    }
                });
            }
        });
    }

    /// Asks for the whole list to be printed (see [`Self::print_whole`]); a
    /// list longer than [`PRINT_MOST`] prints the rows in the page.
    pub fn print(&self) {
        if self.total() <= PRINT_MOST {
            self.printing.set(true);
            self.print_wanted.set(true);
        } else {
            #[cfg(feature = "hydrate")]
            let _ = leptos::prelude::window().print();
        }
    }

    /// Whether the page is being printed, holding every row; reactive.
    pub fn printing(&self) -> bool {
        self.printing.get()
    }

    /// The rows to hold in the page.
    pub fn range(&self) -> Memo<Range<usize>> {
        self.range
    }

    pub fn total(&self) -> usize {
        self.total.get_untracked()
    }

    /// The height standing in for the rows above those held.
    pub fn space_before(&self) -> f64 {
        self.range.get().start as f64 * self.row_height.get()
    }

    /// The height standing in for the rows below those held.
    pub fn space_after(&self) -> f64 {
        (self.total.get() - self.range.get().end.min(self.total.get())) as f64
            * self.row_height.get()
    }

    /// Whole rows that fit in the viewport: the step of Page Up and Page Down.
    pub fn rows_per_page(&self) -> usize {
        let free = self.viewport.get_untracked() - self.header.get_untracked();
        ((free / self.row_height.get_untracked().max(1.0)).floor() as usize).max(1)
    }

    /// Reads the container's size, its header's and a row's; call once it is
    /// mounted and whenever the window is resized.
    pub fn measure(&self) {
        #[cfg(feature = "hydrate")]
        if let Some(container) = self.container.get_untracked() {
            use leptos::wasm_bindgen::JsCast;
            let height_of = |selector: &str| {
                container
                    .query_selector(selector)
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
                    .map(|e| f64::from(e.offset_height()))
                    .filter(|h| *h > 0.0)
            };
            if let Some(row) = height_of("[data-window-row]") {
                self.row_height.set(row);
            }
            self.header
                .set(height_of("[data-window-header]").unwrap_or(0.0));
            self.viewport.set(f64::from(container.client_height()));
            self.scroll_top.set(f64::from(container.scroll_top()));
            self.width.set(f64::from(container.client_width()));
            self.scroll_left.set(f64::from(container.scroll_left()));
        }
    }

    /// Measures now and once more when the browser has laid the page out,
    /// then runs `then`: a view rendered in the browser (after navigating
    /// within the app) runs its effects before it is in the document, where
    /// the first measure finds no height.
    pub fn measure_after_layout(&self, then: impl FnOnce() + 'static) {
        self.measure();
        let window = *self;
        request_animation_frame(move || {
            // The page may have gone within that frame.
            if window.total.try_get_untracked().is_some() {
                window.measure();
                then();
            }
        });
    }

    /// Follows the container's scrolling; its `scroll` handler.
    pub fn on_scroll(&self) {
        #[cfg(feature = "hydrate")]
        if let Some(container) = self.container.get_untracked() {
            self.scroll_top.set(f64::from(container.scroll_top()));
            self.scroll_left.set(f64::from(container.scroll_left()));
        }
    }

    /// Scrolls the container as little as needed to show row `index` whole
    /// below the header.
    pub fn reveal(&self, index: usize) {
        let height = self.row_height.get_untracked();
        let top = self.scroll_top.get_untracked();
        let free = self.viewport.get_untracked() - self.header.get_untracked();
        let row_top = index as f64 * height;
        let target = if row_top < top {
            row_top
        } else if row_top + height > top + free {
            row_top + height - free
        } else {
            return;
        };
        self.scroll_to(target.max(0.0));
    }

    /// Scrolls the container to `top` pixels.
    pub fn scroll_to(&self, top: f64) {
        self.scroll_top.set(top);
        #[cfg(feature = "hydrate")]
        if let Some(container) = self.container.get_untracked() {
            container.set_scroll_top(top.round() as i32);
        }
    }

    pub fn scroll_top(&self) -> f64 {
        self.scroll_top.get_untracked()
    }

    /// How far the container is scrolled to the right; reactive.
    pub fn scroll_left(&self) -> f64 {
        self.scroll_left.get()
    }

    /// The container's visible width; reactive.
    pub fn width(&self) -> f64 {
        self.width.get()
    }

    pub fn scroll_left_untracked(&self) -> f64 {
        self.scroll_left.get_untracked()
    }

    pub fn width_untracked(&self) -> f64 {
        self.width.get_untracked()
    }

    /// Scrolls the container to `left` pixels from its left edge.
    pub fn scroll_left_to(&self, left: f64) {
        self.scroll_left.set(left);
        #[cfg(feature = "hydrate")]
        if let Some(container) = self.container.get_untracked() {
            container.set_scroll_left(left.round() as i32);
        }
    }
}

/// The rows a page has got so far, by index; the others are fetched in
/// blocks of [`BLOCK`] as they come near the viewport.
pub struct RowStore<T: Send + Sync + 'static> {
    rows: StoredValue<Vec<Option<T>>>,
    requested: StoredValue<HashSet<usize>>,
    revision: RwSignal<u64>,
}

impl<T: Send + Sync + 'static> Clone for RowStore<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for RowStore<T> {}

impl<T: Clone + Send + Sync + 'static> RowStore<T> {
    /// `total` rows, of which `rows` from index `first` on are known.
    pub fn new(total: usize, first: usize, rows: Vec<T>) -> Self {
        let store = RowStore {
            rows: StoredValue::new((0..total).map(|_| None).collect()),
            requested: StoredValue::new(HashSet::new()),
            revision: RwSignal::new(0),
        };
        store.put(first, rows);
        store
    }

    /// Row `index`, if the page has it.
    pub fn get(&self, index: usize) -> Option<T> {
        self.rows
            .with_value(|rows| rows.get(index).cloned().flatten())
    }

    /// Whether row `index` is here; reactive, so a view can wait for it.
    pub fn has(&self, index: usize) -> bool {
        self.revision.track();
        self.rows
            .with_value(|rows| rows.get(index).is_some_and(Option::is_some))
    }

    /// Whether every row is here; reactive.
    pub fn all_here(&self) -> bool {
        self.revision.track();
        self.rows
            .with_value(|rows| rows.iter().all(Option::is_some))
    }

    /// Stores rows that arrived, from index `first` on. Rows already here
    /// stay as they are: the page may be editing them.
    pub fn put(&self, first: usize, rows: Vec<T>) {
        self.rows.update_value(|stored| {
            for (offset, row) in rows.into_iter().enumerate() {
                if let Some(slot @ None) = stored.get_mut(first + offset) {
                    *slot = Some(row);
                }
            }
        });
        self.revision.update(|r| *r += 1);
    }

    /// The blocks covering `range` that are neither here nor asked for,
    /// noted as asked for: the caller fetches them.
    pub fn claim_missing(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let total = self.rows.with_value(Vec::len);
        if range.is_empty() {
            return Vec::new();
        }
        let blocks = range.start / BLOCK..=(range.end - 1) / BLOCK;
        blocks
            .filter_map(|block| {
                let rows = block * BLOCK..((block + 1) * BLOCK).min(total);
                let missing = self
                    .rows
                    .with_value(|stored| rows.clone().any(|i| stored[i].is_none()));
                let claimed =
                    missing && self.requested.try_update_value(|r| r.insert(block)) == Some(true);
                claimed.then_some(rows)
            })
            .collect()
    }

    /// Forgets that a block was asked for, after the request failed, so that
    /// the next scroll asks again.
    pub fn release(&self, rows: &Range<usize>) {
        self.requested.update_value(|r| {
            r.remove(&(rows.start / BLOCK));
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_rows_fill_the_initial_viewport() {
        let range = rows_in_view(10_000, 40.0, 0.0, (FIRST_ROWS - MARGIN) as f64 * 40.0);
        assert_eq!(range, 0..FIRST_ROWS);
    }

    #[test]
    fn a_scrolled_viewport_holds_its_rows_and_a_margin() {
        // 800 px at 40 px a row, scrolled to row 5,000.
        let range = rows_in_view(10_000, 40.0, 5_000.0 * 40.0, 800.0);
        assert_eq!(range, 5_000 - MARGIN..5_020 + MARGIN);
    }

    #[test]
    fn the_window_stops_at_the_ends() {
        assert_eq!(rows_in_view(30, 40.0, 0.0, 2_000.0), 0..30);
        assert_eq!(rows_in_view(10_000, 40.0, 1e9, 800.0), 10_000..10_000);
        assert_eq!(rows_in_view(0, 40.0, 0.0, 800.0), 0..0);
        // A row height not yet known does not divide by zero.
        assert_eq!(rows_in_view(5, 0.0, 0.0, 10.0).end, 5);
    }

    #[test]
    fn missing_blocks_are_claimed_once() {
        let owner = Owner::new();
        owner.with(|| {
            let store = RowStore::new(250, 0, vec![0u8; 60]);
            // Rows 0–59 are here; 60–99 complete block 0, which is partly missing.
            assert_eq!(store.claim_missing(50..130), vec![0..100, 100..200]);
            assert!(store.claim_missing(50..130).is_empty());
            store.put(0, vec![2; 100]);
            assert_eq!(store.get(10), Some(0), "rows already here stay");
            assert_eq!(store.get(80), Some(2));
            store.put(100, vec![1; 100]);
            assert_eq!(store.get(150), Some(1));
            assert_eq!(store.get(220), None);
            assert_eq!(store.claim_missing(200..250), vec![200..250]);
            store.release(&(200..250));
            assert_eq!(store.claim_missing(240..250), vec![200..250]);
            assert!(!store.all_here());
            store.put(200, vec![3; 50]);
            assert!(store.all_here());
        });
    }
}
