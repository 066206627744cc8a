//! The Gantt chart as files, on SQLite and PostgreSQL: the demo's SVG parses
//! as XML and PNG decodes at the expected size; both name the seed
//! activities and the day of the data; names are text, never markup.

mod common;

use http::StatusCode;
use leptos::prelude::LeptosOptions;

use app::edit::Writer;
use app::exchange::{self, ExistingProject};
use app::history::Actor;
use app::plan::commands;
use app::plan::inputs::NewName;

const KEY: &str = "interreg-integrering";

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
        let app = server::router(
            db.clone(),
            LeptosOptions::builder().output_name("framdrift").build(),
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
        let hostile = r#"Plan <script>alert(1)</script> & "quotes" 'too'"#;
        commands::rename_activity(
            db,
            &Writer::page(Actor::local()),
            KEY,
            &row.key,
            NewName {
                name: hostile.to_owned(),
                version: row.version,
            },
        )
        .await
        .expect("rename");
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

        // A plan too tall for one PNG is refused with the way out named; the
        // SVG of it is drawn.
        let size = app::exchange::generate::Size {
            activities: 1_250,
            half_years: 4,
            milestones: 0,
            history: 0,
            sub_projects: 0,
        };
        let file = app::exchange::generate::generate("tall", size);
        exchange::import(db, &file, ExistingProject::Keep)
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
            1_250
        );
        test.finish().await;
    }
}
