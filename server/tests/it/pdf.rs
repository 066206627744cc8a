//! The chart on paper, on SQLite and PostgreSQL: the PDFs are read back with
//! poppler's `pdfinfo`, `pdffonts` and `pdftotext` (Debian's poppler-utils,
//! installed by scripts/install-tools.sh) for their page size, page count,
//! embedded font and text.

use crate::common;

use http::StatusCode;
use leptos::prelude::LeptosOptions;

use app::exchange::{self, ExistingProject};

const KEY: &str = "interreg-integrering";

/// `pdfinfo`'s value for `field` ("Pages", "Page size", "Title").
fn info(body: &[u8], field: &str) -> String {
    common::poppler("pdfinfo", &[], body)
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{field}:")))
        .map(|value| value.trim().to_owned())
        .unwrap_or_else(|| panic!("pdfinfo names no {field}"))
}

/// The text of page `page`, as `pdftotext` reads it (layout kept).
fn page_text(body: &[u8], page: usize) -> String {
    let page = page.to_string();
    common::poppler("pdftotext", &["-layout", "-f", &page, "-l", &page], body)
}

async fn pdf(app: &axum::Router, uri: &str) -> Vec<u8> {
    let (status, content_type, body) = common::fetch(app, uri).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{uri}: {}",
        String::from_utf8_lossy(&body)
    );
    assert_eq!(content_type, "application/pdf", "{uri}");
    assert!(body.starts_with(b"%PDF-"), "{uri}: a PDF");
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chart_on_paper_has_its_pages_size_font_and_text() {
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

        // The demo on A4, as of a day, against its baseline: one page.
        let body = pdf(
            &app,
            &format!("/p/{KEY}/gantt.pdf?as_of=2009-03-23&baseline=godkjent-plan"),
        )
        .await;
        assert_eq!(
            info(&body, "Page size"),
            "841.89 x 595.28 pts (A4)",
            "{backend}"
        );
        assert_eq!(
            info(&body, "Title"),
            "Integrering av mennesker med psykiske problemer"
        );
        let pages: usize = info(&body, "Pages").parse().expect("a count");
        let fonts = common::poppler("pdffonts", &[], &body);
        assert!(fonts.contains("DejaVuSans"), "{backend}: {fonts}");
        let embedded = fonts
            .lines()
            .skip(2)
            .all(|line| line.split_whitespace().rev().nth(4) == Some("yes"));
        assert!(embedded, "{backend}: every font embedded: {fonts}");
        let text = page_text(&body, 1);
        for expected in [
            "Integrering av mennesker med psykiske problemer",
            "per 23.03.2009",
            "Basisplan: Godkjent plan",
            "Planlagt",
            "Oppstart og organisering",
            "Beskrive utgangspunktet",
            "2009",
            "Oppstartsamling",
            &format!("Side 1 av {pages}"),
        ] {
            assert!(
                text.contains(expected),
                "{backend}: {expected:?} in\n{text}"
            );
        }

        // In Swedish, on A3, one sub-project.
        let body = pdf(
            &app,
            &format!("/p/{KEY}/gantt.pdf?paper=a3&lang=sv&sub=kbt-senteret"),
        )
        .await;
        assert_eq!(info(&body, "Page size"), "1190.55 x 841.89 pts (A3)");
        let text = page_text(&body, 1);
        assert!(text.contains("Informasjonsspredning"), "{text}");
        assert!(text.contains("Sida 1 av 1"), "{text}");

        // A plan longer than a page continues on the next, with the title,
        // the time axis and the names column on every page, and each
        // activity once.
        exchange::import(db, &generated("lang", 120), ExistingProject::Keep)
            .await
            .expect("import");
        let a4 = pdf(&app, "/p/lang/gantt.pdf").await;
        let a4_pages: usize = info(&a4, "Pages").parse().expect("a count");
        let a3 = pdf(&app, "/p/lang/gantt.pdf?paper=a3").await;
        let a3_pages: usize = info(&a3, "Pages").parse().expect("a count");
        assert!(
            a4_pages > a3_pages && a3_pages > 1,
            "{backend}: 120 activities on {a4_pages} A4 and {a3_pages} A3 pages"
        );
        let mut names = Vec::new();
        for page in 1..=a4_pages {
            let text = page_text(&a4, page);
            assert!(
                text.contains("Generated project of 120 activities"),
                "page {page}: {text}"
            );
            assert!(text.contains("1. halvår"), "page {page}: the time axis");
            assert!(
                text.contains(&format!("Side {page} av {a4_pages}")),
                "page {page}"
            );
            names.extend(
                text.split_whitespace()
                    .collect::<Vec<_>>()
                    .windows(2)
                    .filter(|w| w[0] == "Aktivitet")
                    .map(|w| w[1].to_owned()),
            );
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 120, "{backend}: every activity, once");

        // Bad parameters are refused by name, and nothing is drawn.
        let (status, _, body) = common::fetch(&app, &format!("/p/{KEY}/gantt.pdf?paper=a5")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(String::from_utf8_lossy(&body).contains("paper"));
        let (status, _, _) = common::fetch(&app, &format!("/p/{KEY}/gantt.pdf?lang=de")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _, _) = common::fetch(&app, "/p/nobody/gantt.pdf").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        test.finish().await;
    }
}

fn generated(key: &str, activities: usize) -> app::exchange::ExchangeFile {
    let size = app::exchange::generate::Size {
        activities,
        half_years: 6,
        milestones: 2,
        history: 0,
        sub_projects: 0,
    };
    app::exchange::generate::generate(key, size)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_presentation_on_paper_holds_every_slide_one_a_page() {
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
        let body = pdf(
            &app,
            &format!("/p/{KEY}/present.pdf?as_of=2009-07-31&baseline=godkjent-plan"),
        )
        .await;
        // 16:9, a page a slide (and more where a slide's list or chart is long).
        assert_eq!(info(&body, "Page size"), "960 x 540 pts", "{backend}");
        let pages: usize = info(&body, "Pages").parse().expect("a count");
        let texts: Vec<String> = (1..=pages).map(|page| page_text(&body, page)).collect();
        for (number, text) in texts.iter().enumerate() {
            assert!(
                text.contains(&format!("Side {} av {pages}", number + 1)),
                "{backend}: page {}: {text}",
                number + 1
            );
        }
        // The slides in the page's order: title, since, the whole project,
        // each sub-project, the deviations, what is coming up.
        let first_with = |needle: &str| {
            texts
                .iter()
                .position(|t| t.contains(needle))
                .unwrap_or_else(|| panic!("{backend}: no page says {needle:?}"))
        };
        let title = first_with("Dataene gjelder");
        assert!(texts[title].contains("Integrering av mennesker med psykiske problemer"));
        assert!(texts[title].contains("31.07.2009"));
        assert!(texts[title].contains("Godkjent plan"));
        let since = first_with("Siden sist");
        let overview = first_with("Oppstart og organisering");
        // A sub-project's page: its chart and its summary at the foot.
        let kbt = texts
            .iter()
            .position(|t| t.contains("KBT-senteret – dokumentasjon") && t.contains("i rute"))
            .unwrap_or_else(|| panic!("{backend}: no page of KBT-senteret with its summary"));
        assert!(texts[kbt].contains("Metaevaluering"), "{}", texts[kbt]);
        let deviations = first_with("Avvik: halvår bak plan");
        let coming = first_with("Det som kommer");
        assert!(
            title < since
                && since < overview
                && overview < kbt
                && kbt < deviations
                && deviations < coming,
            "{backend}: {title} {since} {overview} {kbt} {deviations} {coming}"
        );
        assert_eq!(coming, pages - 1, "{backend}: what is coming up is last");

        // In Swedish, one sub-project; a bad `lang` is refused.
        let body = pdf(
            &app,
            &format!("/p/{KEY}/present.pdf?lang=sv&sub=kbt-senteret"),
        )
        .await;
        let text = page_text(&body, 1);
        assert!(text.contains("Sida 1 av"), "{text}");
        let (status, _, _) = common::fetch(&app, &format!("/p/{KEY}/present.pdf?lang=de")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _, _) = common::fetch(&app, "/p/nobody/present.pdf").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        test.finish().await;
    }
}
