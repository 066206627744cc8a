//! The Gantt chart as files, on SQLite and PostgreSQL: the demo's SVG parses
//! as XML and PNG decodes at the expected size; both name the seed
//! activities and the day of the data; names are text, never markup.

use crate::common;

use http::StatusCode;
use leptos::prelude::LeptosOptions;

use app::edit::Writer;
use app::exchange::{self, ExistingProject};
use app::plan::commands;
use app::plan::inputs::NewName;

const KEY: &str = "interreg-integrering";

/// Renames the demo plan's first activity, as its operator; its key.
async fn rename_first_activity(db: &sea_orm::DatabaseConnection, name: &str) -> String {
    let plan = app::plan::queries::load_plan(
        db,
        KEY,
        None,
        app::domain::AsOf::NOW,
        app::plan::queries::Rows::All,
    )
    .await
    .expect("plan");
    let row = &plan.rows[0];
    commands::rename_activity(
        db,
        &Writer::page(app::identity::Caller::operator()),
        KEY,
        &row.key,
        NewName {
            name: name.to_owned(),
            version: row.version,
        },
    )
    .await
    .expect("rename");
    row.key.clone()
}

/// Every text of an SVG document, as a reader of the XML sees it.
fn svg_texts(body: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(body).expect("UTF-8");
    let document = roxmltree::Document::parse(text).expect("the SVG parses as XML");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_chart_is_a_valid_svg_and_png_naming_its_activities() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        // The demo is public; the generated project below is read by an administrator.
        let app = common::with_token(
            server::router(
                db.clone(),
                LeptosOptions::builder().output_name("framdrift").build(),
            ),
            &common::demo_token(db, "admin@demo.framdrift.no").await,
        );

        let (status, content_type, body) =
            common::fetch(&app, &format!("/p/{KEY}/gantt.svg?as_of=2009-03-23")).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(content_type.starts_with("image/svg+xml"), "{content_type}");
        let texts = svg_texts(&body);
        for expected in [
            "Integrering av mennesker med psykiske problemer",
            "Oppstart og organisering",
            "Rapportering",
            "Oppstartsamling",
            "2009 1. halvår",
            "Prosjektperiode 01.12.2008–30.11.2011 · per 23.03.2009",
        ] {
            assert!(
                texts.iter().any(|t| t.starts_with(expected)),
                "{backend}: no text '{expected}' in {texts:?}"
            );
        }
        // Sub-projects' plans are groups of their own.
        assert!(texts.iter().any(|t| t.starts_with("KBT")), "{texts:?}");

        // In Swedish, and for one sub-project.
        let (_, _, body) = common::fetch(
            &app,
            &format!("/p/{KEY}/gantt.svg?as_of=2009-03-23&lang=sv&sub=kbt-senteret"),
        )
        .await;
        let texts = svg_texts(&body);
        assert!(texts.iter().any(|t| t == "2009 halvår 1"), "{texts:?}");
        assert!(
            !texts.iter().any(|t| t == "Evaluering av tiltak"),
            "{texts:?}"
        );
        assert!(texts.iter().any(|t| t == "Metaevaluering"), "{texts:?}");

        let (status, content_type, body) =
            common::fetch(&app, &format!("/p/{KEY}/gantt.png")).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_eq!(content_type, "image/png");
        let decoder = png::Decoder::new(std::io::Cursor::new(body));
        let reader = decoder.read_info().expect("the PNG decodes");
        let info = reader.info();
        assert_eq!(info.width, 1920, "{backend}");
        // Every row is drawn: the project's plan and the sub-projects' plans.
        assert!(info.height > 1500, "{backend}: {}", info.height);

        // A name holding markup is text in the SVG, and the PNG still draws.
        let hostile = r#"Plan <script>alert(1)</script> & "quotes" 'too'"#;
        rename_first_activity(db, hostile).await;
        let (_, _, body) = common::fetch(&app, &format!("/p/{KEY}/gantt.svg")).await;
        let raw = String::from_utf8_lossy(&body);
        assert!(!raw.contains("<script>"), "{backend}: markup got through");
        let texts = svg_texts(&body);
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Plan <script>alert(1)</script> & \"quo")),
            "{backend}: {texts:?}"
        );
        let (status, _, _) = common::fetch(&app, &format!("/p/{KEY}/gantt.png")).await;
        assert_eq!(status, StatusCode::OK);

        // Bad parameters are named.
        let (status, _, body) =
            common::fetch(&app, &format!("/p/{KEY}/gantt.svg?as_of=soon")).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{}",
            String::from_utf8_lossy(&body)
        );
        let (status, _, _) = common::fetch(&app, "/p/nobody/gantt.png").await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // A plan too tall for one PNG (its pixels would pass the bound) is
        // refused with the way out named; the SVG of it is drawn.
        let generated = |key: &str, activities: usize| {
            let size = app::exchange::generate::Size {
                activities,
                half_years: 4,
                milestones: 0,
                history: 0,
                sub_projects: 0,
            };
            app::exchange::generate::generate(key, size)
        };
        exchange::import(db, &generated("tall", 250), ExistingProject::Keep)
            .await
            .expect("import");
        let (status, _, body) = common::fetch(&app, "/p/tall/gantt.png").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert!(String::from_utf8_lossy(&body).contains("choose a sub-project"));
        let (status, _, body) = common::fetch(&app, "/p/tall/gantt.svg").await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_eq!(
            svg_texts(&body)
                .iter()
                .filter(|t| t.starts_with("Aktivitet "))
                .count(),
            250
        );
        // The tallest PNG drawn holds its pixels in less than 64 MB.
        exchange::import(db, &generated("high", 190), ExistingProject::Keep)
            .await
            .expect("import");
        let (status, _, body) = common::fetch(&app, "/p/high/gantt.png").await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let reader = png::Decoder::new(std::io::Cursor::new(body))
            .read_info()
            .expect("the PNG decodes");
        let (width, height) = (reader.info().width, reader.info().height);
        assert!(height > 9_000, "{backend}: {height} pixels for 190 rows");
        assert!(
            width as usize * height as usize * 3 < 64_000_000,
            "{backend}: {width} × {height}"
        );
        test.finish().await;
    }
}

/// The lines a query gives: (group key or "", activity key) in order; a
/// group heading is ("group", key).
fn keys(lines: &[app::gantt::view::Line]) -> Vec<(String, String)> {
    use app::gantt::view::Line;
    lines
        .iter()
        .map(|line| match line {
            Line::Group(g) => ("group".to_owned(), g.key.clone()),
            Line::Activity(a) => (a.plan.clone().unwrap_or_default(), a.key.clone()),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chart_follows_its_query_on_the_page_and_in_the_files() {
    use app::gantt::chart::{lines, load_chart};
    use app::gantt::layout::Deviation;
    use app::gantt::view::{GanttQuery, Line};

    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("day");
        let chart = |query: GanttQuery| async move {
            load_chart(db, KEY, &query, today).await.map(|c| lines(&c))
        };

        // The project-wide activities, then each sub-project with a plan as
        // a group.
        let all = chart(GanttQuery::default()).await.expect("chart");
        let all_keys = keys(&all);
        assert_eq!(
            all_keys[0],
            (String::new(), "oppstart-og-organisering".into())
        );
        let groups: Vec<&str> = all_keys
            .iter()
            .filter(|(kind, _)| kind == "group")
            .map(|(_, key)| key.as_str())
            .collect();
        assert_eq!(groups, ["nav-sor-trondelag", "kbt-senteret"], "{backend}");
        assert_eq!(all.len(), 8 + 2 + 14, "{backend}: {all_keys:?}");
        let Line::Activity(first) = &all[0] else {
            panic!("an activity first")
        };
        let started = first
            .cells
            .iter()
            .find(|c| c.half_year.to_string() == "2008-H2")
            .expect("2008 H2 planned");
        assert_eq!((started.planned, started.actual), (1, Some(1)), "{backend}");
        assert_eq!(started.deviation, None, "done as planned");
        // Planned for 2009 H1 and long past: behind unless done.
        assert!(
            all.iter().any(|l| matches!(l, Line::Activity(a)
                if a.cells.iter().any(|c| c.deviation == Some(Deviation::Behind)))),
            "{backend}"
        );

        // A partner: the sub-projects it leads, nothing else.
        let kbt = chart(GanttQuery {
            partner: Some("kbt-senteret".into()),
            ..Default::default()
        })
        .await
        .expect("partner");
        let kbt_keys = keys(&kbt);
        assert_eq!(kbt_keys[0], ("group".into(), "kbt-senteret".into()));
        assert!(kbt_keys[1..].iter().all(|(plan, _)| plan == "kbt-senteret"));
        assert_eq!(kbt.len(), 7, "{backend}: {kbt_keys:?}");

        // A status: only its activities, and only groups holding some.
        let delayed = chart(GanttQuery {
            status: Some("delayed".into()),
            ..Default::default()
        })
        .await
        .expect("status");
        let delayed_activities: Vec<String> = keys(&delayed)
            .into_iter()
            .filter(|(kind, _)| kind != "group")
            .map(|(_, key)| key)
            .collect();
        assert_eq!(
            delayed_activities,
            ["videreutvikle-prosjektplan", "nav-evaluering"],
            "{backend}"
        );
        assert!(!keys(&delayed).contains(&("group".into(), "kbt-senteret".into())));

        // Deviations only: every activity shown deviates.
        let deviating = chart(GanttQuery {
            deviations: true,
            ..Default::default()
        })
        .await
        .expect("deviations");
        assert!(!deviating.is_empty());
        assert!(deviating.iter().all(|l| match l {
            Line::Activity(a) => a.deviates(),
            Line::Group(g) => g.deviating > 0,
        }));
        assert!(deviating.len() < all.len(), "{backend}");

        // A closed group keeps its heading, with the span and progress of
        // its activities, and hides them.
        let closed = chart(GanttQuery {
            closed: vec!["nav-sor-trondelag".into()],
            ..Default::default()
        })
        .await
        .expect("closed");
        let Some(Line::Group(nav)) = closed
            .iter()
            .find(|l| matches!(l, Line::Group(g) if g.key == "nav-sor-trondelag"))
        else {
            panic!("the closed group's heading")
        };
        assert!(!nav.open);
        assert_eq!(nav.activities, 8, "{backend}");
        assert!(nav.first.is_some() && nav.last.is_some());
        assert_eq!(closed.len(), all.len() - 8, "{backend}");

        // A baseline: its marks beside the plan's; the as-of date.
        let compared = load_chart(
            db,
            KEY,
            &GanttQuery {
                baseline: Some("godkjent-plan".into()),
                as_of: Some("2009-03-23".into()),
                ..Default::default()
            },
            today,
        )
        .await
        .expect("baseline");
        assert_eq!(
            compared.baseline.as_ref().map(|b| b.name.as_str()),
            Some("Godkjent plan")
        );
        assert_eq!(compared.day.to_string(), "2009-03-23");
        let Line::Activity(first) = &lines(&compared)[0] else {
            panic!("an activity first")
        };
        assert!(first.cells.iter().all(|c| c.baseline.is_some()));
        assert!(
            first
                .cells
                .iter()
                .any(|c| c.baseline == Some(c.planned) && c.planned > 0),
            "the approved plan is the plan of the first activity"
        );

        // Bad values are named.
        for (query, expected) in [
            (
                GanttQuery {
                    status: Some("sleeping".into()),
                    ..Default::default()
                },
                "status",
            ),
            (
                GanttQuery {
                    partner: Some("nobody".into()),
                    ..Default::default()
                },
                "partner",
            ),
            (
                GanttQuery {
                    baseline: Some("nothing".into()),
                    ..Default::default()
                },
                "baseline",
            ),
        ] {
            let error = chart(query).await.expect_err("refused");
            assert!(error.to_string().contains(expected), "{error}");
        }

        // The files take the page's parameters.
        let app = server::router(
            db.clone(),
            LeptosOptions::builder().output_name("framdrift").build(),
        );
        let (status, _, body) = common::fetch(
            &app,
            &format!("/p/{KEY}/gantt.svg?partner=kbt-senteret&baseline=godkjent-plan&zoom=months"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let texts = svg_texts(&body);
        assert!(
            texts.iter().any(|t| t.contains("Basisplan: Godkjent plan")),
            "{texts:?}"
        );
        assert!(texts.iter().any(|t| t == "Metaevaluering"), "{texts:?}");
        assert!(
            !texts
                .iter()
                .any(|t| t.starts_with("Beskrive utgangspunktet")),
            "{backend}: the project-wide plan is not the partner's"
        );
        let (status, _, body) =
            common::fetch(&app, &format!("/p/{KEY}/gantt.svg?status=sleeping")).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{}",
            String::from_utf8_lossy(&body)
        );

        // The page: rendered on the server with the lines first on screen,
        // planned and actual bars marked for tests and assistive technology.
        let (status, _, body) =
            common::fetch(&app, &format!("/p/{KEY}/gantt?as_of=2009-07-01")).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let html = String::from_utf8_lossy(&body);
        for expected in [
            "data-bar=\"planned\"",
            "data-bar=\"actual\"",
            "Oppstart og organisering, 2008 2. halvår: planlagt x, faktisk x",
            "Oppstartsamling",
            "data-lines=\"24\"",
        ] {
            assert!(html.contains(expected), "{backend}: no {expected}");
        }
        let (status, _, _) = common::fetch(&app, &format!("/p/{KEY}/gantt?status=sleeping")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        test.finish().await;
    }
}

/// The page reads a chart block by block: the chart is read once while the
/// project does not change, and a change is seen at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chart_is_read_once_until_its_project_changes() {
    use app::gantt::cache::ChartCache;
    use app::gantt::view::{GanttQuery, Line};

    for test in common::databases().await {
        let db = &test.db;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("day");
        let cache = ChartCache::default();
        let query = GanttQuery::default();
        let first = cache.chart(db, KEY, &query, today).await.expect("chart");
        let again = cache.chart(db, KEY, &query, today).await.expect("chart");
        assert!(std::sync::Arc::ptr_eq(&first, &again), "{}", test.backend);
        let closed = GanttQuery {
            closed: vec!["kbt-senteret".into()],
            ..Default::default()
        };
        let other = cache.chart(db, KEY, &closed, today).await.expect("chart");
        assert!(
            other.lines.len() < first.lines.len(),
            "another view, read anew"
        );

        let Line::Activity(row) = &first.lines[0] else {
            panic!("an activity first")
        };
        assert_eq!(
            rename_first_activity(db, "Oppstart, nytt navn").await,
            row.key
        );
        let after = cache.chart(db, KEY, &query, today).await.expect("chart");
        let Line::Activity(renamed) = &after.lines[0] else {
            panic!("an activity first")
        };
        assert_eq!(renamed.name, "Oppstart, nytt navn", "{}", test.backend);
        assert!(cache.chart(db, "nobody", &query, today).await.is_err());
        test.finish().await;
    }
}

/// Edits of one project take their turn (on PostgreSQL the edit holds the
/// project's row; SQLite has one writer): one that begins while another is
/// open waits for it, so change sets are numbered in the order they commit
/// and a chart cached before the first commit does not outlive either.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_of_a_project_take_turns_and_a_cached_chart_sees_both() {
    use app::entities::{activity, project};
    use app::gantt::cache::ChartCache;
    use app::gantt::view::{GanttQuery, Line};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    for test in common::databases().await {
        // SQLite has one writer at a time: ids are drawn in commit order.
        if test.backend != "postgres" {
            test.finish().await;
            continue;
        }
        let db = &test.db;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("day");
        let cache = ChartCache::default();
        let query = GanttQuery::default();
        let first = cache.chart(db, KEY, &query, today).await.expect("chart");
        let Line::Activity(row) = &first.lines[0] else {
            panic!("an activity first")
        };
        let project_id = project::Entity::find()
            .filter(project::Column::Key.eq(KEY))
            .one(db)
            .await
            .expect("query")
            .expect("project")
            .id;

        // The slow edit: its change set is drawn first, committed last.
        let writer = Writer::page(app::identity::Caller::operator());
        let mut slow =
            app::edit::Edit::begin(db, &writer, KEY, app::access::Action::EditPlan, "Slow")
                .await
                .expect("begin");
        let old = activity::Entity::find()
            .filter(activity::Column::ProjectId.eq(project_id))
            .filter(activity::Column::Key.eq(&row.key))
            .one(&slow.txn)
            .await
            .expect("query")
            .expect("activity");
        let new = activity::Model {
            name: "Omdøpt av den langsomme".into(),
            ..old.clone()
        };
        slow.update::<activity::Entity>("activity", old.sub_project_id, &old, old.version, new)
            .await
            .expect("rename");

        // A second edit of another activity begins meanwhile: it waits.
        let plan = app::plan::queries::load_plan(
            db,
            KEY,
            None,
            app::domain::AsOf::NOW,
            app::plan::queries::Rows::All,
        )
        .await
        .expect("plan");
        let second = {
            let db = db.clone();
            let key = plan.rows[1].key.clone();
            let version = plan.rows[1].version;
            tokio::spawn(async move {
                commands::rename_activity(
                    &db,
                    &Writer::page(app::identity::Caller::operator()),
                    KEY,
                    &key,
                    NewName {
                        name: "Omdøpt av den raske".into(),
                        version,
                    },
                )
                .await
            })
        };
        let between = cache.chart(db, KEY, &query, today).await.expect("chart");
        let Line::Activity(before) = &between.lines[0] else {
            panic!("an activity first")
        };
        assert_ne!(before.name, "Omdøpt av den langsomme");

        slow.commit().await.expect("commit");
        second
            .await
            .expect("task")
            .expect("the second edit, after the first");
        let after = cache.chart(db, KEY, &query, today).await.expect("chart");
        let Line::Activity(seen) = &after.lines[0] else {
            panic!("an activity first")
        };
        assert_eq!(seen.name, "Omdøpt av den langsomme");
        assert!(
            after
                .lines
                .iter()
                .any(|l| matches!(l, Line::Activity(r) if r.name == "Omdøpt av den raske")),
            "the second edit too"
        );
        test.finish().await;
    }
}

/// Chart files are drawn once per project revision and view, and no more
/// at once than there are places: past them the answer is 503 with
/// `Retry-After`, without drawing; a kept file needs no place.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chart_files_are_kept_per_revision_and_drawn_a_few_at_a_time() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        let state = app::state::AppState::new(db.clone());
        let drawn = state.drawn_charts.clone();
        let app = server::router_with_state(
            state,
            db.clone(),
            LeptosOptions::builder().output_name("framdrift").build(),
            axum_client_ip::ClientIpSource::ConnectInfo,
        );
        let svg = format!("/p/{KEY}/gantt.svg?as_of=2009-03-23");
        let (status, _, first) = common::fetch(&app, &svg).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_eq!(drawn.len(), 1, "{backend}");

        // Every place taken: the same file comes from what was kept; any
        // other is refused at once.
        let places = drawn.places();
        let taken = places
            .clone()
            .try_acquire_many_owned(2)
            .expect("the two places are free");
        let (status, _, again) = common::fetch(&app, &svg).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_eq!(again, first, "{backend}");
        for other in [
            format!("/p/{KEY}/gantt.svg?as_of=2009-06-01"),
            format!("/p/{KEY}/gantt.png"),
            format!("/p/{KEY}/gantt.svg?as_of=2009-03-23&lang=en"),
        ] {
            let (status, headers, body) = common::fetch_with(&app, &other, &[]).await;
            assert_eq!(
                status,
                StatusCode::SERVICE_UNAVAILABLE,
                "{backend}: {other}"
            );
            assert_eq!(
                headers.get(http::header::RETRY_AFTER).map(|v| v.as_bytes()),
                Some(&b"2"[..]),
                "{backend}"
            );
            assert!(
                String::from_utf8_lossy(&body).contains("overloaded"),
                "{backend}"
            );
        }
        assert_eq!(drawn.len(), 1, "{backend}: nothing was drawn");
        drop(taken);

        // A change to the project: the next file is drawn anew, showing it.
        rename_first_activity(db, "Omdøpt aktivitet").await;
        let (status, _, body) = common::fetch(&app, &format!("/p/{KEY}/gantt.svg")).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            svg_texts(&body).iter().any(|t| t == "Omdøpt aktivitet"),
            "{backend}"
        );
        assert_eq!(
            drawn.len(),
            1,
            "{backend}: the older revision's file is dropped"
        );
        test.finish().await;
    }
}
