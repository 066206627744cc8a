//! The parser on the seeds' plans as applications hold them, on other
//! spellings and layouts, and on noise (property tests).

use std::collections::BTreeMap;

use proptest::prelude::*;

use crate::domain::HalfYear;
use crate::exchange::{self, ActivityDoc, DEMO_PROJECT};

use super::parse::{MOST_BYTES, ParsedPlan, parse_rows, parse_text};

/// The seeds' three plans as the demo project holds them: each activity's
/// name and marks.
fn demo_grid(sub_project: Option<&str>) -> Vec<(String, BTreeMap<String, u8>)> {
    let file = exchange::parse(DEMO_PROJECT).expect("the demo parses");
    let activities: &[ActivityDoc] = match sub_project {
        None => &file.activities,
        Some(key) => {
            &file
                .sub_projects
                .iter()
                .find(|s| s.key == key)
                .expect("the sub-project")
                .activities
        }
    };
    activities
        .iter()
        .map(|a| {
            let marks = a
                .marks
                .iter()
                .map(|(h, m)| (h.clone(), u8::try_from(*m).expect("a mark")))
                .collect();
            (a.name.clone(), marks)
        })
        .collect()
}

fn grid_of(plan: &ParsedPlan, section: usize) -> Vec<(String, BTreeMap<String, u8>)> {
    plan.sections[section]
        .activities
        .iter()
        .map(|a| {
            let marks = a.marks.iter().map(|(h, m)| (h.to_string(), *m)).collect();
            (a.name.clone(), marks)
        })
        .collect()
}

fn h(year: i32, half: u8) -> HalfYear {
    HalfYear::new(year, half).expect("a half-year")
}

#[test]
fn seed_000_as_word_copies_it_is_the_demo_plan() {
    let plan = parse_text(include_str!("fixtures/seed-000-word.txt")).expect("read");
    assert_eq!(plan.sections.len(), 1);
    assert_eq!(plan.sections[0].sub_project, None);
    assert_eq!(grid_of(&plan, 0), demo_grid(None));
    assert_eq!(plan.half_years.first(), Some(&h(2008, 2)));
    assert_eq!(plan.half_years.len(), 7);
    // The status line after the table is not a row: it is named.
    assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);
    assert_eq!(plan.problems[0].line, 13);
    assert_eq!(plan.problems[0].found, "Status 23.03.09");
}

#[test]
fn seed_001_as_a_pdf_viewer_copies_it_is_the_demo_plan() {
    let plan = parse_text(include_str!("fixtures/seed-001-pdf.txt")).expect("read");
    assert_eq!(plan.problems, vec![]);
    assert_eq!(plan.sections.len(), 1);
    assert_eq!(
        plan.sections[0].sub_project.as_deref(),
        Some("Evaluering av tiltaksarrangører i Sør-Trøndelag")
    );
    // The name wrapped over two lines is one name.
    assert_eq!(grid_of(&plan, 0), demo_grid(Some("nav-sor-trondelag")));
}

#[test]
fn seed_002_as_a_markdown_table_is_the_demo_plan() {
    let plan = parse_text(include_str!("fixtures/seed-002.md")).expect("read");
    assert_eq!(plan.problems, vec![]);
    assert_eq!(
        plan.sections[0].sub_project.as_deref(),
        Some(
            "KBT-senteret – dokumentasjon og formidling av aktivitet, organisering og metodisk arbeid"
        )
    );
    assert_eq!(grid_of(&plan, 0), demo_grid(Some("kbt-senteret")));
    assert_eq!(plan.half_years.first(), Some(&h(2009, 1)));
}

#[test]
fn swedish_terms_aligned_with_spaces_and_sub_projects_by_heading() {
    let text = "\
Tidsplan

Aktiviteter            VT 2009   HT 2009   VT 2010
Uppstart                 xx
Kartläggning             x         xxx
Delprojekt B – Återhämtning i Östersund
Aktiviteter            VT 2009   HT 2009   VT 2010
Intervjuer                         X X       ××
Rapport                                      3
";
    let plan = parse_text(text).expect("read");
    assert_eq!(plan.problems, vec![]);
    assert_eq!(plan.half_years, vec![h(2009, 1), h(2009, 2), h(2010, 1)]);
    assert_eq!(plan.sections.len(), 2);
    let first = &plan.sections[0];
    assert_eq!(first.sub_project, None);
    assert_eq!(first.activities[1].name, "Kartläggning");
    assert_eq!(
        first.activities[1].marks,
        BTreeMap::from([(h(2009, 1), 1), (h(2009, 2), 3)])
    );
    let second = &plan.sections[1];
    assert_eq!(
        second.sub_project.as_deref(),
        Some("B – Återhämtning i Östersund")
    );
    assert_eq!(second.line, 6);
    assert_eq!(
        second.activities[0].marks,
        BTreeMap::from([(h(2009, 2), 2), (h(2010, 1), 2)])
    );
    assert_eq!(
        second.activities[1].marks,
        BTreeMap::from([(h(2010, 1), 3)])
    );
}

#[test]
fn csv_with_english_spellings_and_a_formula_guard() {
    let text = "\
Activity,H1 2015,second half 2015,first half of 2016
\"'=HYPERLINK(\"\"http://x\"\")\",x,,xx
\"Reporting, final\",,1,6
";
    let plan = parse_text(text).expect("read");
    assert_eq!(plan.problems, vec![]);
    let rows = &plan.sections[0].activities;
    assert_eq!(rows[0].name, "=HYPERLINK(\"http://x\")");
    assert_eq!(rows[1].name, "Reporting, final");
    assert_eq!(
        rows[1].marks,
        BTreeMap::from([(h(2015, 2), 1), (h(2016, 1), 6)])
    );
}

#[test]
fn semicolon_csv_with_a_sub_project_column_and_other_columns() {
    // As the CSV export writes it: planned, actual and more per half-year.
    let text = "\u{feff}Delprosjekt;Aktivitet;2009 1. halvår – planlagt;2009 1. halvår – faktisk;2009 2. halvår – planlagt;2009 2. halvår – kommentar
;Oppstart;3;2;;
Stjørdal;Kartlegging;;;2;Godt i gang
Stjørdal;Tiltak;1;;1;
";
    let plan = parse_text(text).expect("read");
    assert_eq!(plan.problems, vec![]);
    assert_eq!(plan.sections.len(), 2);
    assert_eq!(
        plan.sections[0].activities[0].marks,
        BTreeMap::from([(h(2009, 1), 3)])
    );
    assert_eq!(plan.sections[1].sub_project.as_deref(), Some("Stjørdal"));
    assert_eq!(plan.sections[1].activities.len(), 2);
}

#[test]
fn spreadsheet_rows_with_a_row_of_qualifiers_under_merged_half_years() {
    // As the XLSX export writes it: the half-year over its columns.
    let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    let plan = parse_rows(vec![
        row(&["Integrering"]),
        row(&[]),
        row(&["Aktiviteter", "vår 2009", "", "", "høst 2009", "", ""]),
        row(&[
            "",
            "Faktisk",
            "Planlagt",
            "Kommentar",
            "Faktisk",
            "Planlagt",
            "Kommentar",
        ]),
        row(&["Oppstart", "1", "3", "Sent", "", "2", ""]),
    ]);
    assert_eq!(plan.problems, vec![]);
    assert_eq!(
        plan.sections[0].activities[0].marks,
        BTreeMap::from([(h(2009, 1), 3), (h(2009, 2), 2)])
    );
}

#[test]
fn what_is_not_understood_is_named_by_line_and_column() {
    let text = "Aktivitet\t2009 1. halvår\t2009 2. halvår\nOppstart\txxx\tmye\nRapport\txxxxxxx\t\n\txx\t\n";
    let plan = parse_text(text).expect("read");
    let found: Vec<(usize, usize, &str)> = plan
        .problems
        .iter()
        .map(|p| (p.line, p.column, p.found.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![(2, 14, "mye"), (3, 9, "xxxxxxx"), (4, 1, "")],
        "{:?}",
        plan.problems
    );
    assert!(plan.problems[0].expected.contains("digit 1–6"));
    // Rows with problems are not read.
    assert!(plan.sections.iter().all(|s| s.activities.is_empty()));

    let nothing = parse_text("Dette er bare tekst.\nIngen plan her.").expect("read");
    assert!(nothing.sections.is_empty());
    assert!(
        nothing.problems[0]
            .expected
            .contains("header row of half-years")
    );
}

#[test]
fn a_text_over_the_limit_is_refused() {
    let big = "x".repeat(MOST_BYTES + 1);
    assert!(parse_text(&big).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Nothing panics, whatever the text: noise, or plan-like lines.
    #[test]
    fn no_input_makes_the_parser_panic(text in "\\PC*") {
        let _ = parse_text(&text);
    }

    #[test]
    fn no_plan_like_input_makes_the_parser_panic(
        lines in proptest::collection::vec(
            "(Delprosjekt|Aktiviteter|2009 [12]\\. halvår|H[12] 20[0-9]{2}|VT 09|x{0,8}|[0-9]|\\||;|,|\\t| {1,6}|[a-zæøå]{1,9}|-{3}){0,12}",
            0..40,
        )
    ) {
        let _ = parse_text(&lines.join("\n"));
    }
}

#[test]
fn a_megabyte_of_noise_is_read_in_linear_time() {
    // Deterministic noise with the parser's hard cases: long lines of
    // half-years and marks, tabs, bars, separators.
    let pieces = [
        "2009 1. halvår ",
        "x ",
        "xx\t",
        "|",
        ";",
        "Delprosjekt ",
        "H2 2010 ",
        "  ",
        "abc ",
        "\n",
        "VT09 ",
        "*** ",
        "6 ",
        "—",
        "'=",
        "\"",
    ];
    let mut state: u32 = 7;
    let mut text = String::with_capacity(MOST_BYTES);
    while text.len() < MOST_BYTES - 32 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        text.push_str(pieces[(state >> 16) as usize % pieces.len()]);
    }
    // Runs in the unit tests' time; `cargo bench` has the figure.
    let plan = parse_text(&text).expect("under the limit");
    assert!(plan.problems.len() <= super::parse::MOST_PROBLEMS);
}
