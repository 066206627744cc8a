//! The period report, on SQLite and PostgreSQL: the demo's report of the
//! first half of 2009 holds what the seeds' status of 23.03.2009 says, per
//! activity the planned and actual marks, the milestones and meetings of
//! the period; its text pastes without markup; its PDF is A4 upright.

use crate::common;

use http::StatusCode;
use leptos::prelude::LeptosOptions;

use app::exchange::{self, ExistingProject};

const KEY: &str = "interreg-integrering";

/// The page's HTML, unescaped enough to search its words.
async fn page(app: &axum::Router, query: &str) -> (StatusCode, String) {
    let (status, _, body) = common::fetch(app, &format!("/p/{KEY}/report?{query}")).await;
    let html = String::from_utf8(body).expect("UTF-8");
    (status, html.replace("&amp;", "&").replace("&#x27;", "'"))
}

/// The report's plain text, from the page's text area.
fn text_of(html: &str) -> &str {
    let start = html.find("id=\"report-text\"").expect("the text area");
    let start = start + html[start..].find('>').expect("its tag ends") + 1;
    let end = start + html[start..].find("</textarea>").expect("closed");
    &html[start..end]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_report_of_a_half_year_tells_plan_against_actual_and_what_happened() {
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

        let (status, html) = page(&app, "period=2009-H1").await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("data-period=\"2009-H1\""));
        assert!(html.contains("Rapport for 2009 1. halvår"), "{backend}");
        assert!(
            html.contains("01.01.–30.06.2009"),
            "{backend}: the period's days"
        );
        // The seeds' status of 23.03.2009.
        let status_line = "23.03.2009 · I samsvar med framdriftsplan: Prosjektet utvikler \
                           seg i samsvar med framdriftsplan.";
        assert!(html.contains(status_line), "{backend}: {html}");
        // The gathering held in the period.
        let milestones = &html[html.find("Milepæler i perioden").expect("milestones")..];
        assert!(
            milestones.contains("Oppstartsamling 23.–24.03.2009: Holdt"),
            "{backend}: {}",
            milestones.chars().take(600).collect::<String>()
        );
        // Per activity: planned against actual, achievement and comment.
        let text = text_of(&html);
        assert!(!text.contains('<'), "{backend}: plain text: {text}");
        assert!(text.starts_with("Integrering av mennesker med psykiske problemer\n"));
        assert!(text.contains(status_line), "{backend}");
        assert!(
            text.contains("- Oppstart og organisering: planlagt xxx, faktisk xxx, Fullt oppnådd"),
            "{backend}: {text}"
        );
        // A sub-project whose plan starts later than the project's (KBT's
        // columns begin in 2009 1. halvår): its own column of the period.
        assert!(
            text.contains("- Oppstart og organisering (KBT-senteret – dokumentasjon og formidling av aktivitet, organisering og metodisk arbeid): planlagt xxxxxx"),
            "{backend}: {text}"
        );
        assert!(
            text.contains("- Videreutvikle prosjektplan og evalueringsdesign: planlagt xxx, faktisk xx, Delvis oppnådd. Evalueringsdesignet ble ikke ferdig før sommeren."),
            "{backend}: {text}"
        );
        for heading in [
            "Aktiviteter: planlagt og faktisk",
            "Milepæler i perioden",
            "Møter holdt",
            "Møter ikke holdt",
            "Statusmeldinger",
            "Endringer i planen i perioden",
        ] {
            assert!(
                text.contains(&format!("\n{heading}\n")),
                "{backend}: {heading}"
            );
        }

        // Against a baseline: its marks beside the plan's, named in the lead,
        // a column in the table and a word in the text; kept by the form and
        // the PDF link.
        let (status, html) = page(&app, "period=2009-H1&baseline=godkjent-plan").await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            html.contains("basisplan «Godkjent plan»"),
            "{backend}: the lead names the baseline"
        );
        assert!(
            html.contains("<th scope=\"col\">Basisplan</th>"),
            "{backend}"
        );
        assert!(
            html.contains("<option value=\"godkjent-plan\" selected"),
            "{backend}: the form keeps the baseline"
        );
        assert!(
            html.contains("baseline=godkjent-plan&lang=nb"),
            "{backend}: PDF"
        );
        let text = text_of(&html);
        assert!(
            text.contains("- Oppstart og organisering: planlagt xxx, basisplan xxx, faktisk xxx"),
            "{backend}: {text}"
        );
        let (_, plain) = page(&app, "period=2009-H1").await;
        assert!(!text_of(&plain).contains("basisplan"), "{backend}");
        // An unknown baseline is refused, not ignored.
        let (status, _) = page(&app, "period=2009-H1&baseline=ingen-slik").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");

        // The next half-year: its gatherings, in Swedish.
        let (_, html) = page(&app, "period=2009-H2&lang=sv").await;
        for milestone in ["Nettverkssamling", "Interregseminar"] {
            assert!(html.contains(milestone), "{backend}: {milestone}");
        }

        // A half-year outside the project, or none, is refused by name.
        for bad in ["period=2012-H1", "period=2009-H3", "period=soon"] {
            let (status, html) = page(&app, bad).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {bad}");
            assert!(html.contains("period"), "{backend}: {bad}");
        }

        // On A4, upright, with the same words.
        let (status, content_type, body) =
            common::fetch(&app, &format!("/p/{KEY}/report.pdf?period=2009-H1")).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_eq!(content_type, "application/pdf");
        assert!(
            common::poppler("pdfinfo", &[], &body).contains("595.28 x 841.89 pts (A4)"),
            "{backend}"
        );
        let words = common::poppler("pdftotext", &[], &body);
        assert!(
            words.contains("Rapport for 2009 1. halvår"),
            "{backend}: {words}"
        );
        assert!(words.contains("23.03.2009"), "{backend}");
        assert!(words.contains("Oppstart og organisering"), "{backend}");
        assert!(words.contains("Side 1 av"), "{backend}");
        test.finish().await;
    }
}
