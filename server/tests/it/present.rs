//! The presentation for the steering meeting, on SQLite and PostgreSQL: the
//! demo's slides in their order, paged by the rows a screen holds, telling
//! what changed since the last meeting, the deviations worst first and what
//! is coming up.

use crate::common;

use chrono::Datelike;
use http::StatusCode;
use leptos::prelude::LeptosOptions;

use app::exchange::{self, ExistingProject};
use app::present::PresentQuery;
use app::present::deck::{Deck, SlideKind};

const KEY: &str = "interreg-integrering";

fn router(db: &sea_orm::DatabaseConnection) -> axum::Router {
    server::router(
        db.clone(),
        LeptosOptions::builder().output_name("framdrift").build(),
    )
}

/// The page of slide `number` as the server renders it.
async fn slide(app: &axum::Router, query: &str, number: usize) -> String {
    let (status, _, body) =
        common::fetch(app, &format!("/p/{KEY}/present?{query}&slide={number}")).await;
    assert_eq!(status, StatusCode::OK, "slide {number} of ?{query}");
    String::from_utf8(body).expect("UTF-8")
}

/// The `data-slide` of a rendered slide.
fn kind_of(page: &str) -> &str {
    let start = page.find("data-slide=\"").expect("a slide") + "data-slide=\"".len();
    let rest = &page[start..];
    &rest[..rest.find('"').expect("closed")]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_presentation_runs_from_title_to_what_is_coming_up() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        let app = router(db);
        let query = "as_of=2009-07-31&baseline=godkjent-plan";

        let first = slide(&app, query, 1).await;
        assert_eq!(kind_of(&first), "title");
        assert!(first.contains("Integrering av mennesker med psykiske problemer"));
        assert!(
            first.contains("31.07.2009"),
            "{backend}: the day of the data"
        );
        assert!(first.contains("Godkjent plan"), "the baseline compared");
        // The latest statement by the day of the data.
        assert!(
            first.contains("Evalueringsdesignet og evalueringen av tiltak"),
            "{first}"
        );
        let counter = first
            .split("class=\"present-counter\"")
            .nth(1)
            .expect("a counter");
        let count: usize = counter
            .split(" / ")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .and_then(|n| n.trim().parse().ok())
            .expect("1 / N");
        assert!(counter.contains("1 / "), "{counter}");

        let mut kinds = Vec::new();
        for number in 1..=count {
            let page = slide(&app, query, number).await;
            let kind = kind_of(&page).to_owned();
            if kind == "overview" || kind == "sub-project" {
                let rows = page.matches("data-line=").count();
                assert!(
                    (1..=app::present::DEFAULT_ROWS as usize).contains(&rows),
                    "{backend}: slide {number} holds {rows} rows"
                );
            }
            if kind == "since" {
                // No steering meeting in the demo: three months back.
                assert!(page.contains("de siste tre månedene"), "{page}");
                assert!(page.contains("30.04.–31.07.2009"), "{page}");
                assert!(page.contains("Halvår avsluttet bak plan"), "{page}");
                assert!(
                    page.contains("Evaluering av tiltak/tiltaksarrangører — 2009 1. halvår: planlagt x, faktisk –"),
                    "{page}"
                );
                assert!(page.contains("Statusmeldinger"), "{page}");
            }
            if kind == "deviations" {
                assert!(
                    page.contains("Venter på avtale med tiltaksarrangørene."),
                    "{page}"
                );
            }
            kinds.push(kind);
        }
        // In their order: title, since, the whole project, each
        // sub-project with a plan, deviations, coming up.
        let order = |kind: &str| match kind {
            "title" => 0,
            "since" => 1,
            "overview" => 2,
            "sub-project" => 3,
            "deviations" => 4,
            "coming-up" => 5,
            other => panic!("unknown slide {other}"),
        };
        let ranks: Vec<u8> = kinds.iter().map(|k| order(k)).collect();
        assert!(ranks.is_sorted(), "{backend}: {kinds:?}");
        for kind in [
            "title",
            "since",
            "overview",
            "sub-project",
            "deviations",
            "coming-up",
        ] {
            assert!(
                kinds.iter().any(|k| k == kind),
                "{backend}: {kind} in {kinds:?}"
            );
        }
        // Past the end is the last slide.
        assert_eq!(kind_of(&slide(&app, query, count + 5).await), "coming-up");

        // A bad start of "since" is refused, by name.
        let (status, _, body) = common::fetch(&app, &format!("/p/{KEY}/present?since=igår")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert!(String::from_utf8_lossy(&body).contains("since"));
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_smaller_screen_pages_the_charts_into_more_slides() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        let state = app::state::AppState::new(db.clone());
        let query = PresentQuery {
            as_of: Some("2009-12-31".to_owned()),
            ..PresentQuery::default()
        };
        let today = chrono::Utc::now().date_naive();
        let chart_pages = |deck: &Deck| {
            deck.slides
                .iter()
                .filter(|s| matches!(s, SlideKind::Overview { .. } | SlideKind::SubProject { .. }))
                .count()
        };
        let roomy = Deck::read(&state, KEY, &query, 40, today)
            .await
            .expect("deck");
        let tight = Deck::read(&state, KEY, &query, 3, today)
            .await
            .expect("deck");
        assert!(
            chart_pages(&tight) > chart_pages(&roomy),
            "{backend}: {} against {}",
            chart_pages(&tight),
            chart_pages(&roomy)
        );
        // One sub-project's presentation: its slides only.
        let one = Deck::read(
            &state,
            KEY,
            &PresentQuery {
                sub: Some("stjordal".to_owned()),
                ..query.clone()
            },
            12,
            today,
        )
        .await
        .expect("deck");
        assert!(one.slides.iter().all(|s| match s {
            SlideKind::SubProject { group, .. } => group == "stjordal",
            SlideKind::Overview { .. } => false,
            _ => true,
        }));
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_project_shows_eight_half_years_around_the_day_of_the_data() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        // Ten years: twenty half-years from 2020.
        let size = app::exchange::generate::Size {
            activities: 6,
            half_years: 20,
            milestones: 0,
            history: 0,
            sub_projects: 0,
        };
        exchange::import(
            db,
            &app::exchange::generate::generate("lang", size),
            ExistingProject::Keep,
        )
        .await
        .expect("import");
        let app = common::with_token(
            router(db),
            &common::demo_token(db, "admin@demo.framdrift.no").await,
        );
        let (status, _, body) = common::fetch(&app, "/p/lang/present?slide=3").await;
        assert_eq!(status, StatusCode::OK);
        let page = String::from_utf8(body).expect("UTF-8");
        assert_eq!(kind_of(&page), "overview");
        // The activity, its completion, and eight half-years: the current
        // one, six before it and one after (today's, as the project was
        // imported today).
        assert_eq!(
            page.matches("<th scope=\"col\"").count(),
            2 + 8,
            "{backend}"
        );
        let today = chrono::Utc::now().date_naive();
        let halves: Vec<(i32, u32)> = (2020..2030).flat_map(|y| [(y, 1), (y, 2)]).collect();
        let now = (today.year(), if today.month() <= 6 { 1 } else { 2 });
        let current = halves.iter().position(|h| *h >= now).unwrap_or(19);
        let first = (current + 2).saturating_sub(8).min(12);
        let label = |(year, half): (i32, u32)| format!("{year} {half}. halvår");
        for shown in [first, current, first + 7] {
            assert!(page.contains(&label(halves[shown])), "{backend}: {shown}");
        }
        if first > 0 {
            assert!(!page.contains(&label(halves[first - 1])), "{backend}");
        }
        let lead = format!(
            "viser {} – {}",
            label(halves[first]),
            label(halves[first + 7])
        );
        assert!(page.contains(&lead), "{backend}: {lead}");
        test.finish().await;
    }
}
