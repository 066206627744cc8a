//! The browser half: hydrates the server-rendered page into the live app.

// Hydrating the overview page nested deeper than the default limit when
// release builds kept the full view types; they are erased now (Cargo.toml),
// and the limit stays for builds that turn erasure off.
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Waits for the code of a lazy route (`app::rare_pages`) before taking
    // over a page that shows one.
    leptos::mount::hydrate_lazy(app::App);
}
