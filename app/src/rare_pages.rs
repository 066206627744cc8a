//! The pages few people open (or open a few times a year), as lazy routes: with `cargo leptos --split`
//! their code leaves the main wasm bundle and the browser fetches it when
//! one of them is first shown (docs/performance.md, "The wasm budget").
//! The plan, the Gantt chart and the pages around them stay in the main
//! bundle: splitting those slowed them down.

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// A route whose view is loaded lazily and whose data the page reads itself.
macro_rules! rare_page {
    ($(#[$doc:meta])* $route:ident => $page:path) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    };
}

rare_page!(
    /// `/admin`: administrators only.
    AdminRoute => crate::admin::AdminPage
);
rare_page!(
    /// `/account`: one's own password and sessions.
    AccountRoute => crate::account::AccountPage
);
rare_page!(
    /// `/welcome/:token`: once per person.
    WelcomeRoute => crate::account::WelcomePage
);
rare_page!(
    /// `/projects/new`: once per project.
    NewProjectRoute => crate::project::NewProjectPage
);
rare_page!(
    /// `/p/:project/access`: members and share links.
    AccessRoute => crate::members::AccessPage
);
rare_page!(
    /// `/p/:project/present`: the steering meeting's slides.
    PresentRoute => crate::present::PresentPage
);
rare_page!(
    /// `/p/:project/timeline`: drawn on the server; a form and a list.
    TimelineRoute => crate::timeline::TimelinePage
);
rare_page!(
    /// `/p/:project/report`: drawn on the server; a form, a list and a copy button.
    ReportRoute => crate::report::ReportPage
);
