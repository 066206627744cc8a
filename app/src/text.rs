//! Texts of the interface that follow a switch of language in place.
//!
//! leptos_i18n's `t!(i18n, key)` makes a closure of its own type at every use, and every
//! such type brings its own copy of the rendering and effect code into the
//! wasm bundle. `tr!(i18n, key)` hands the key to one function as a plain
//! `fn(Locale) -> &'static str`, so every text shares one closure type and
//! one copy of that code (docs/performance.md).

use leptos_i18n::I18nContext;

use crate::i18n::Locale;

/// The text a key gives in the reader's language, read again when the
/// language changes. For view children and attribute values alike.
pub fn text(
    i18n: I18nContext<Locale>,
    key: fn(Locale) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || key(i18n.get_locale())
}

/// `tr!(i18n, key)`: the text of `key`, following the language (see `text`).
macro_rules! tr {
    ($i18n:expr, $key:ident) => {
        $crate::text::text($i18n, |locale| $crate::i18n::td_string!(locale, $key))
    };
}

/// The code of a language in URLs (`lang=`) and files.
pub fn locale_code(locale: Locale) -> &'static str {
    match locale {
        Locale::nb => "nb",
        Locale::sv => "sv",
        Locale::en => "en",
    }
}

/// The language a code or language tag names (`nb`, `no-NO`, `sv-SE`, `en`):
/// none for a language we do not speak. Read by the server.
#[cfg(feature = "ssr")]
pub fn locale_of_code(tag: &str) -> Option<Locale> {
    match tag.split(['-', '_']).next().unwrap_or_default().trim() {
        "nb" | "no" | "nn" => Some(Locale::nb),
        "sv" => Some(Locale::sv),
        "en" => Some(Locale::en),
        _ => None,
    }
}
