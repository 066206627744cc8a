//! The browser half: hydrates the server-rendered page into the live app.

// Release builds keep the full view types (debug builds erase them), and
// hydrating the overview page nests deeper than the default limit.
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
