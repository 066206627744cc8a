//! The plan as files, on SQLite and PostgreSQL: the XLSX opens with
//! calamine and holds the demo's grid, the CSV parses with the `csv` crate
//! into the same grid and keeps æøå, a name that looks like a formula stays
//! text in both, and the text export reads back to the same plan.

use crate::common;

use std::collections::BTreeMap;
use std::io::Cursor;

use axum::Router;
use axum::body::Body;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use http::{Request, StatusCode};

use app::plan_io::parse::{parse_text, parse_workbook};

const KEY: &str = "interreg-integrering";
const FORMULA: &str = "=HYPERLINK(\"http://x\")";

type Grid = Vec<(Option<String>, String, BTreeMap<String, u8>)>;

/// Each plan of the project as the API answers it (the project's, then
/// each sub-project's that has one): (sub-project name, activity name,
/// marks by half-year).
async fn api_grid(app: &Router, query: &str) -> Grid {
    let read = |path: String| async move {
        let (status, _, body) = common::fetch(app, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        serde_json::from_slice::<serde_json::Value>(&body).expect("JSON")
    };
    let rows = |sub: Option<String>, plan: &serde_json::Value| {
        let columns = plan["columns"].as_array().expect("columns").clone();
        plan["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|row| {
                let marks = columns
                    .iter()
                    .zip(row["marks"].as_array().expect("marks"))
                    .filter(|(_, m)| m.as_u64() != Some(0))
                    .map(|(h, m)| {
                        let mark = u8::try_from(m.as_u64().expect("a mark")).expect("small");
                        (h.as_str().expect("a half-year").to_owned(), mark)
                    })
                    .collect();
                (
                    sub.clone(),
                    row["name"].as_str().expect("a name").to_owned(),
                    marks,
                )
            })
            .collect::<Grid>()
    };
    let whole = read(format!("/api/v1/projects/{KEY}/plan?{query}")).await;
    let mut grid = rows(None, &whole);
    for sub in whole["sub_projects_with_plans"].as_array().expect("subs") {
        let key = sub["key"].as_str().expect("a key");
        let plan = read(format!(
            "/api/v1/projects/{KEY}/sub-projects/{key}/plan?{query}"
        ))
        .await;
        grid.extend(rows(
            Some(sub["name"].as_str().expect("a name").to_owned()),
            &plan,
        ));
    }
    grid
}

fn grid_of(plan: &app::plan_io::parse::ParsedPlan) -> Grid {
    plan.sections
        .iter()
        .flat_map(|section| {
            section.activities.iter().map(|a| {
                (
                    section.sub_project.clone(),
                    a.name.clone(),
                    a.marks.iter().map(|(h, m)| (h.to_string(), *m)).collect(),
                )
            })
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plan_as_xlsx_csv_and_text_holds_the_demo_grid() {
    for test in common::databases().await {
        let backend = test.backend;
        let app = common::demo_app_as_leader(&test.db).await;
        let demo = api_grid(&app, "").await;
        assert!(demo.len() > 20, "{backend}: three plans");

        // XLSX: the demo's grid, planned marks as numbers shown as x's.
        let (status, content_type, body) =
            common::fetch(&app, &format!("/p/{KEY}/plan.xlsx")).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_eq!(
            content_type,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(body.clone())).expect("XLSX");
        let sheet = book.worksheet_range("Framdriftsplan").expect("the sheet");
        assert_eq!(
            sheet.get_value((0, 0)),
            Some(&Data::String(
                "Integrering av mennesker med psykiske problemer".into()
            ))
        );
        let Some(Data::String(subtitle)) = sheet.get_value((1, 0)) else {
            panic!("{backend}: a subtitle");
        };
        assert!(
            subtitle.contains("Per "),
            "{backend}: the day of the data: {subtitle}"
        );
        assert_eq!(
            sheet.get_value((3, 1)),
            Some(&Data::String("2008 2. halvår".into()))
        );
        assert_eq!(
            sheet.get_value((4, 1)),
            Some(&Data::String("Planlagt".into()))
        );
        assert_eq!(
            sheet.get_value((5, 0)),
            Some(&Data::String("Oppstart og organisering".into()))
        );
        assert_eq!(
            sheet.get_value((5, 1)),
            Some(&Data::Float(1.0)),
            "{backend}"
        );
        assert_eq!(
            sheet.get_value((5, 5)),
            Some(&Data::Float(3.0)),
            "{backend}"
        );
        // Read back as an import reads a spreadsheet: the demo's grid.
        let read = parse_workbook(&body).expect("readable");
        assert_eq!(read.problems, vec![], "{backend}");
        assert_eq!(grid_of(&read), demo, "{backend}: XLSX");

        // CSV: UTF-8 with a BOM, `;` in Norwegian, æøå kept.
        let (status, content_type, body) = common::fetch(&app, &format!("/p/{KEY}/plan.csv")).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_eq!(content_type, "text/csv; charset=utf-8");
        assert!(body.starts_with("\u{feff}".as_bytes()), "{backend}: BOM");
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(&body[3..]);
        let header = reader.headers().expect("a header").clone();
        assert_eq!(&header[0], "Delprosjekt");
        assert_eq!(&header[2], "2008 2. halvår – planlagt");
        let records: Vec<csv::StringRecord> =
            reader.records().map(|r| r.expect("a record")).collect();
        assert_eq!(records.len(), demo.len(), "{backend}");
        assert!(
            records
                .iter()
                .any(|r| &r[0] == "Evaluering av tiltaksarrangører i Sør-Trøndelag"),
            "{backend}: æøå"
        );
        let read = parse_text(std::str::from_utf8(&body).expect("UTF-8")).expect("read");
        assert_eq!(grid_of(&read), demo, "{backend}: CSV");
        // In English, `,`.
        let (_, _, english) = common::fetch(&app, &format!("/p/{KEY}/plan.csv?lang=en")).await;
        assert!(String::from_utf8_lossy(&english).contains("Sub-project,Activity,"));

        // Text: what applications write, read back to the same plan.
        let (status, content_type, body) = common::fetch(&app, &format!("/p/{KEY}/plan.txt")).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_eq!(content_type, "text/plain; charset=utf-8");
        let text = String::from_utf8(body).expect("UTF-8");
        assert!(text.starts_with("Aktiviteter\t2008 2. halvår\t2009 1. halvår"));
        assert!(text.contains("\nOppstart og organisering\tx\txxx\t"));
        let read = parse_text(&text).expect("read");
        assert_eq!(read.problems, vec![], "{backend}");
        assert_eq!(grid_of(&read), demo, "{backend}: text round trip");

        // One sub-project, as it stood on a day, and through the API.
        let (status, _, body) = common::fetch(
            &app,
            &format!("/api/v1/projects/{KEY}/plan.txt?sub=kbt-senteret&as_of=2009-06-30&lang=sv"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let text = String::from_utf8(body).expect("UTF-8");
        assert!(text.starts_with("Aktiviteter\t"), "{backend}: {text}");
        assert!(text.contains("Metaevaluering"), "{backend}");
        assert!(
            !text.contains("Beskrive utgangspunktet"),
            "{backend}: one sub-project"
        );
        // A baseline's grid; unknown names are refused by name.
        let (status, _, _) =
            common::fetch(&app, &format!("/p/{KEY}/plan.csv?baseline=godkjent-plan")).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        for bad in ["sub=ingen", "baseline=ingen", "as_of=igår", "lang=de"] {
            let (status, _, _) = common::fetch(&app, &format!("/p/{KEY}/plan.xlsx?{bad}")).await;
            assert!(
                status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST,
                "{backend}: {bad}: {status}"
            );
        }
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_like_a_formula_stays_text_in_xlsx_and_csv() {
    for test in common::databases().await {
        let backend = test.backend;
        let app = common::demo_app_as_leader(&test.db).await;
        let answer = common::respond(
            &app,
            Request::post(format!("/api/v1/projects/{KEY}/activities"))
                .header(http::header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    serde_json::json!({ "name": FORMULA }).to_string(),
                ))
                .expect("request"),
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::CREATED,
            "{backend}: {}",
            answer.text()
        );

        let (_, _, body) = common::fetch(&app, &format!("/p/{KEY}/plan.xlsx")).await;
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(body)).expect("XLSX");
        let sheet = book.worksheet_range("Framdriftsplan").expect("the sheet");
        let found = sheet
            .rows()
            .any(|row| row.first() == Some(&Data::String(FORMULA.into())));
        assert!(found, "{backend}: the name is a string cell");
        let formulas = book.worksheet_formula("Framdriftsplan").expect("formulas");
        assert!(
            formulas.rows().flatten().all(String::is_empty),
            "{backend}: no formula in the sheet"
        );

        let (_, _, body) = common::fetch(&app, &format!("/p/{KEY}/plan.csv")).await;
        let text = String::from_utf8(body).expect("UTF-8");
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let names: Vec<String> = reader
            .records()
            .map(|r| r.expect("a record")[1].to_owned())
            .collect();
        assert!(
            names.contains(&format!("'{FORMULA}")),
            "{backend}: an apostrophe before it: {names:?}"
        );
        // Read back by the import, the name is the name.
        let read = parse_text(&text).expect("read");
        assert!(
            read.sections[0]
                .activities
                .iter()
                .any(|a| a.name == FORMULA),
            "{backend}"
        );
        test.finish().await;
    }
}
