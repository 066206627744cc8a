//! The demo project matches the seed documents, loads once, and a bad
//! exchange file is refused without touching what is stored.

use crate::common;

use app::domain::{AsOf, Cadence, MilestoneKind, ProjectStatus};
use app::entities::{activity, milestone, partner, plan_cell, project, sub_project};
use app::exchange::{self, ExistingProject, ImportError, ImportOutcome};
use app::{plan, project as project_feature, schedule};
use chrono::NaiveDate;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

const KEY: &str = "interreg-integrering";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

#[derive(Debug, PartialEq, Eq)]
struct Counts {
    projects: u64,
    partners: u64,
    sub_projects: u64,
    activities: u64,
    cells: u64,
    milestones: u64,
}

async fn counts(db: &DatabaseConnection) -> Counts {
    Counts {
        projects: project::Entity::find().count(db).await.expect("count"),
        partners: partner::Entity::find().count(db).await.expect("count"),
        sub_projects: sub_project::Entity::find().count(db).await.expect("count"),
        activities: activity::Entity::find().count(db).await.expect("count"),
        cells: plan_cell::Entity::find().count(db).await.expect("count"),
        milestones: milestone::Entity::find().count(db).await.expect("count"),
    }
}

fn marks_of<'a>(plan: &'a app::domain::Plan, activity: &str) -> &'a [u8] {
    &plan
        .rows
        .iter()
        .find(|row| row.name == activity)
        .unwrap_or_else(|| panic!("the plan has the row '{activity}'"))
        .marks
}

async fn demo_matches_the_seeds(db: &DatabaseConnection, backend: &str) {
    let outcome = exchange::load_demo(db, ExistingProject::Keep)
        .await
        .expect("demo loads");
    assert!(
        matches!(outcome, ImportOutcome::Created { .. }),
        "{backend}: {outcome:?}"
    );

    let overview = project_feature::queries::load_overview(db, KEY, AsOf::NOW)
        .await
        .expect("overview");
    assert_eq!(
        overview.name,
        "Integrering av mennesker med psykiske problemer"
    );
    assert_eq!(
        (overview.period.start, overview.period.end),
        (day(2008, 12, 1), day(2011, 11, 30))
    );
    assert_eq!(overview.goals.len(), 5, "{backend}: five overall goals");
    assert_eq!(overview.sub_goals.len(), 4, "{backend}: four sub-goals");
    assert!(overview.target_group.contains("unge voksne"));
    let norwegian = overview.partners_in(app::domain::Country::Norway).count();
    let swedish = overview.partners_in(app::domain::Country::Sweden).count();
    assert_eq!(
        (norwegian, swedish),
        (7, 4),
        "{backend}: partners on each side"
    );
    assert_eq!(
        overview.sub_projects.len(),
        9,
        "{backend}: five development + four evaluation sub-projects"
    );
    // The seeds' own statement; later ones are the demo's illustrations.
    let seeds_time =
        project_feature::queries::load_overview(db, KEY, "2009-03-23".parse().expect("date"))
            .await
            .expect("overview as of 23.03.2009");
    let statuses = &seeds_time.status_statements;
    assert_eq!(statuses.len(), 1);
    assert_eq!(statuses[0].date, day(2009, 3, 23));
    assert_eq!(statuses[0].status, ProjectStatus::OnTrack);
    assert!(
        statuses[0]
            .text
            .starts_with("Prosjektet utvikler seg i samsvar med framdriftsplan")
    );

    // Seed 000: the whole project's plan.
    let whole = plan::queries::load_plan(db, KEY, None, AsOf::NOW, plan::queries::Rows::All)
        .await
        .expect("project plan");
    assert_eq!(whole.columns.len(), 7, "{backend}: 2008 H2 … 2011 H2");
    assert_eq!(whole.columns[0].to_string(), "2008-H2");
    assert_eq!(whole.rows.len(), 8);
    assert_eq!(whole.rows[0].name, "Oppstart og organisering");
    assert_eq!(
        marks_of(&whole, "Oppstart og organisering"),
        [1, 3, 0, 0, 0, 0, 0]
    );
    assert_eq!(marks_of(&whole, "Rapportering"), [0, 2, 2, 2, 2, 2, 4]);
    assert_eq!(
        whole
            .sub_projects_with_plans
            .iter()
            .map(|s| s.key.as_str())
            .collect::<Vec<_>>(),
        ["nav-sor-trondelag", "kbt-senteret"]
    );

    // Seed 001: NAV Sør-Trøndelag.
    let nav = plan::queries::load_plan(
        db,
        KEY,
        Some("nav-sor-trondelag"),
        AsOf::NOW,
        plan::queries::Rows::All,
    )
    .await
    .expect("NAV plan");
    assert_eq!(nav.rows.len(), 8);
    assert_eq!(
        marks_of(&nav, "Informasjonsspredning"),
        [0, 0, 3, 5, 4, 4, 4]
    );
    assert_eq!(
        marks_of(&nav, "Oppstart og organisering"),
        [2, 4, 0, 0, 0, 0, 0]
    );

    // Seed 002: KBT-senteret, whose plan starts in 2009.
    let kbt = plan::queries::load_plan(
        db,
        KEY,
        Some("kbt-senteret"),
        AsOf::NOW,
        plan::queries::Rows::All,
    )
    .await
    .expect("KBT plan");
    assert_eq!(kbt.columns.len(), 6, "{backend}: 2009 H1 … 2011 H2");
    assert_eq!(kbt.rows.len(), 6);
    let dissemination = marks_of(&kbt, "Informasjonsspredning");
    assert_eq!(
        dissemination.iter().filter(|m| **m > 0).count(),
        5,
        "{backend}: five half-years"
    );
    assert_eq!(dissemination, [0, 3, 6, 5, 4, 6]);
    assert_eq!(
        marks_of(&kbt, "Oppstart og organisering"),
        [6, 0, 0, 0, 0, 0]
    );

    // Seed 003: Stjørdal's milestones and meetings.
    let schedule = schedule::queries::load_schedule(db, KEY, AsOf::NOW)
        .await
        .expect("schedule");
    let names: Vec<_> = schedule
        .milestones
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Oppstartsamling", "Nettverkssamling", "Interregseminar"]
    );
    let seminar = &schedule.milestones[2];
    assert_eq!(
        (seminar.first_day, seminar.last_day),
        (day(2009, 11, 19), day(2009, 11, 20))
    );
    assert_eq!(seminar.kind, MilestoneKind::Seminar);
    let kick_off = &schedule.milestones[0];
    assert_eq!(
        (kick_off.first_day, kick_off.last_day),
        (day(2009, 3, 23), day(2009, 3, 24))
    );
    let quarterly = schedule
        .meeting_series
        .iter()
        .find(|s| s.name == "Samarbeidsmøte i Stjørdal")
        .expect("quarterly collaboration meetings");
    assert_eq!(quarterly.cadence, Cadence::Quarterly);
    assert_eq!(
        quarterly.occurrences.len(),
        12,
        "{backend}: 2009 Q1 … 2011 Q4"
    );
    let network = schedule
        .meeting_series
        .iter()
        .find(|s| s.cadence == Cadence::HalfYearly)
        .expect("half-yearly network meetings");
    assert_eq!(network.occurrences.len(), 6);
}

#[tokio::test]
async fn the_demo_holds_the_seed_project() {
    for test in common::databases().await {
        demo_matches_the_seeds(&test.db, test.backend).await;
        test.finish().await;
    }
}

#[tokio::test]
async fn loading_the_demo_twice_duplicates_nothing() {
    for test in common::databases().await {
        let db = &test.db;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("first load");
        let once = counts(db).await;
        assert_eq!(once.projects, 1);

        let again = exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("second load");
        assert!(
            matches!(again, ImportOutcome::AlreadyPresent { .. }),
            "{}: {again:?}",
            test.backend
        );
        assert_eq!(counts(db).await, once, "{}: nothing added", test.backend);

        let merged = exchange::load_demo(db, ExistingProject::Merge)
            .await
            .expect("merge");
        assert!(
            matches!(merged, ImportOutcome::Merged { changed: 0, .. }),
            "{}: the same file merged again changes nothing: {merged:?}",
            test.backend
        );
        assert_eq!(
            counts(db).await,
            once,
            "{}: merged, not added",
            test.backend
        );
        test.finish().await;
    }
}

/// The demo file with one line changed.
fn demo_with(find: &str, replace: &str) -> String {
    assert!(
        exchange::DEMO_PROJECT.contains(find),
        "the demo contains {find:?}"
    );
    exchange::DEMO_PROJECT.replacen(find, replace, 1)
}

#[tokio::test]
async fn a_malformed_file_is_refused_and_changes_nothing() {
    for test in common::databases().await {
        let db = &test.db;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        let before = counts(db).await;

        // Not TOML: the error names the line.
        let broken = demo_with(
            "name = \"Beskrive utgangspunktet\"",
            "name = \"Beskrive utgangspunktet",
        );
        let error = exchange::import_str(db, &broken, ExistingProject::Merge)
            .await
            .unwrap_err();
        assert!(matches!(error, ImportError::Syntax(_)), "{error}");
        assert!(
            error.to_string().contains("line "),
            "names the line: {error}"
        );

        // A value outside its set: the error names the field and the choices.
        let bad_country = demo_with("country = \"SE\"", "country = \"DK\"");
        let error = exchange::import_str(db, &bad_country, ExistingProject::Merge)
            .await
            .unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("DK") && message.contains("line "),
            "{message}"
        );

        // Shape is fine, content is not: every problem names its field.
        let too_many = demo_with(
            "marks = { \"2009-H1\" = 6 }",
            "marks = { \"2009-H1\" = 7, \"2013-H1\" = 1 }",
        );
        let with_unknown_lead =
            too_many.replacen("lead_partner = \"rsmh\"", "lead_partner = \"nobody\"", 1);
        let error = exchange::import_str(db, &with_unknown_lead, ExistingProject::Merge)
            .await
            .unwrap_err();
        let ImportError::Invalid(problems) = &error else {
            panic!("expected validation problems, got {error}");
        };
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
        assert!(fields.contains(&"sub_projects[2].lead_partner"), "{error}");
        assert!(
            fields.contains(&"sub_projects[8].activities[0].marks.\"2009-H1\""),
            "{error}"
        );
        assert!(
            fields.contains(&"sub_projects[8].activities[0].marks.\"2013-H1\""),
            "{error}"
        );
        assert!(error.to_string().contains("0 to 6"), "{error}");

        // Even with --merge, the stored project is untouched.
        assert_eq!(
            counts(db).await,
            before,
            "{}: nothing changed",
            test.backend
        );
        let kbt = plan::queries::load_plan(
            db,
            KEY,
            Some("kbt-senteret"),
            AsOf::NOW,
            plan::queries::Rows::All,
        )
        .await
        .expect("KBT plan");
        assert_eq!(
            marks_of(&kbt, "Oppstart og organisering"),
            [6, 0, 0, 0, 0, 0]
        );
        test.finish().await;
    }
}

/// A file's content as JSON with every text trimmed, as import stores it.
fn normalised(file: &exchange::ExchangeFile) -> serde_json::Value {
    fn trim(value: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::String(s) => Value::String(s.trim().to_owned()),
            Value::Array(items) => Value::Array(items.into_iter().map(trim).collect()),
            Value::Object(map) => {
                Value::Object(map.into_iter().map(|(k, v)| (k, trim(v))).collect())
            }
            other => other,
        }
    }
    trim(serde_json::to_value(file).expect("JSON"))
}

/// The first place two JSON values differ, as a path.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: String) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x.keys().chain(y.keys()).find_map(|k| {
            first_difference(
                x.get(k).unwrap_or(&Value::Null),
                y.get(k).unwrap_or(&Value::Null),
                format!("{at}.{k}"),
            )
        }),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, format!("{at}[{i}]"))),
        _ if a == b => None,
        _ => Some(format!("{at}: {a} ≠ {b}")),
    }
}

#[tokio::test]
async fn an_exported_project_equals_its_source_file_field_by_field() {
    for test in common::databases().await {
        let db = &test.db;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        let exported = exchange::export(db, KEY).await.expect("export");
        let source = exchange::parse(exchange::DEMO_PROJECT).expect("demo parses");
        assert_eq!(
            first_difference(&normalised(&source), &normalised(&exported), String::new()),
            None,
            "{}: export of the imported demo = the demo file",
            test.backend
        );

        // Written as TOML and imported into an empty database, the project
        // and its history come back the same: keys, progress, baselines.
        let text = exchange::to_toml(&exported).expect("TOML");
        let (other, _dir) = common::empty_sqlite().await;
        common::migration_up(&other).await;
        let outcome = exchange::import_str(&other, &text, ExistingProject::Keep)
            .await
            .expect("import the export");
        assert!(matches!(outcome, ImportOutcome::Created { .. }));
        let again = exchange::export(&other, KEY).await.expect("export again");
        assert_eq!(
            first_difference(&normalised(&source), &normalised(&again), String::new()),
            None,
            "{}: a round trip changes nothing",
            test.backend
        );
        test.finish().await;
    }
}

#[tokio::test]
async fn exporting_an_unknown_project_is_not_found() {
    let (db, _dir) = common::empty_sqlite().await;
    common::migration_up(&db).await;
    let error = exchange::export(&db, "nobody").await.unwrap_err();
    assert_eq!(error, app::error::AppError::not_found("project", "nobody"));
}

/// The history the seeds support: the approved plan from 01.12.2008, and on
/// 23.03.2009 the kick-off held, the work of 2008 H2 done as planned and the
/// status "according to plan".
#[tokio::test]
async fn the_demo_history_follows_the_seeds() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        let at = |text: &str| text.parse::<AsOf>().expect("as-of");

        // Before the project was recorded there is nothing to show.
        let error =
            plan::queries::load_plan(db, KEY, None, at("2008-11-30"), plan::queries::Rows::All)
                .await
                .unwrap_err();
        assert!(
            matches!(error, app::error::AppError::NotFound { .. }),
            "{backend}: {error}"
        );

        // The approved plan, before anything happened.
        let approved =
            plan::queries::load_plan(db, KEY, None, at("2009-03-22"), plan::queries::Rows::All)
                .await
                .expect("plan as of 22.03.2009");
        assert_eq!(
            marks_of(&approved, "Oppstart og organisering"),
            [1, 3, 0, 0, 0, 0, 0]
        );
        assert!(
            approved
                .rows
                .iter()
                .all(|r| r.actual.iter().all(Option::is_none)),
            "{backend}: no progress yet"
        );
        assert!(!approved.view.illustrative);
        let schedule = schedule::queries::load_schedule(db, KEY, at("2009-03-22"))
            .await
            .expect("schedule");
        assert_eq!(
            schedule.milestones[0].status,
            app::domain::MilestoneStatus::Planned
        );
        assert!(schedule.status_statements.is_empty());

        // 23.03.2009: what the seeds report.
        let reported =
            plan::queries::load_plan(db, KEY, None, at("2009-03-23"), plan::queries::Rows::All)
                .await
                .expect("plan as of 23.03.2009");
        for row in &reported.rows {
            let planned = row.marks[0];
            let actual = row.actual[0].as_ref().map(|a| (a.marks, a.achievement));
            if planned > 0 {
                assert_eq!(
                    actual,
                    Some((planned, app::domain::Achievement::Fully)),
                    "{backend}: {} 2008 H2 done as planned",
                    row.name
                );
            } else {
                assert_eq!(actual, None, "{backend}: {}", row.name);
            }
        }
        assert!(
            !reported.view.illustrative,
            "{backend}: the seeds' own report"
        );
        let schedule = schedule::queries::load_schedule(db, KEY, at("2009-03-23"))
            .await
            .expect("schedule");
        let kick_off = &schedule.milestones[0];
        assert_eq!(kick_off.status, app::domain::MilestoneStatus::Held);
        assert_eq!(
            (kick_off.actual_first_day, kick_off.actual_last_day),
            (Some(day(2009, 3, 23)), Some(day(2009, 3, 24)))
        );
        assert_eq!(schedule.status_statements.len(), 1);

        // Later entries are marked illustrative, on every view that holds them.
        let now = plan::queries::load_plan(db, KEY, None, AsOf::NOW, plan::queries::Rows::All)
            .await
            .expect("plan now");
        assert!(now.view.illustrative, "{backend}");
        assert_eq!(
            marks_of(&now, "Evaluering av tiltak"),
            [1, 2, 3, 3, 3, 3, 4],
            "{backend}: the revised plan"
        );
        test.finish().await;
    }
}

/// Members and share links in the body of a file: the people get accounts
/// without passwords, the links no secret, and an export writes them back
/// as the file has them.
#[tokio::test]
async fn members_and_share_links_in_a_file_come_back_in_its_export() {
    const PEOPLE: &str = r#"
[[members]]
email = "Kari.Leder@Example.no"
name = "Kari Leder"
role = "leader"

[[members]]
email = "ola@example.no"
name = "Ola Delprosjekt"
role = "sub_project_leader"
sub_project = "stjordal"

[[share_links]]
key = "link-styringsgruppen"
label = "Styringsgruppen"
created_by = "kari.leder@example.no"
created_at = "2008-12-01T09:00:00Z"
expires_at = "2011-12-01T00:00:00Z"
"#;
    for test in common::databases().await {
        let db = &test.db;
        let text = format!("{}\n{PEOPLE}", exchange::DEMO_PROJECT);
        exchange::import_str(db, &text, ExistingProject::Keep)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", test.backend));
        let people = app::entities::user_account::Entity::find()
            .all(db)
            .await
            .expect("accounts");
        let mut names: Vec<(String, String, bool)> = people
            .into_iter()
            .map(|p| (p.email, p.display_name, p.password_hash.is_some()))
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                ("kari.leder@example.no".into(), "Kari Leder".into(), false),
                ("ola@example.no".into(), "Ola Delprosjekt".into(), false),
            ]
        );
        let exported = exchange::export(db, KEY).await.expect("export");
        let source = exchange::parse(&text).expect("parses");
        let mut expected = normalised(&source);
        expected["members"][0]["email"] = "kari.leder@example.no".into();
        // Exports name each person once, in `people`.
        for member in expected["members"].as_array_mut().expect("members") {
            member.as_object_mut().expect("member").remove("name");
        }
        expected["people"] = serde_json::json!([
            { "email": "kari.leder@example.no", "name": "Kari Leder" },
            { "email": "ola@example.no", "name": "Ola Delprosjekt" },
        ]);
        assert_eq!(
            first_difference(&expected, &normalised(&exported), String::new()),
            None,
            "{}",
            test.backend
        );
        test.finish().await;
    }
}
