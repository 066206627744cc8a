//! Every write of the plan, on SQLite and PostgreSQL: what it changes, what it
//! refuses (leaving everything as it was), stale versions, the history it
//! leaves, and views as of a moment before it.

use crate::common;

use app::domain::{Achievement, ActivityStatus, AsOf, Plan};
use app::edit::Writer;
use app::entities::{change, change_set, record_version};
use app::error::AppError;
use app::exchange::{self, ExistingProject, ImportOutcome};
use app::plan::commands;
use app::plan::inputs::*;
use app::plan::queries::{Rows, load_plan};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

const KEY: &str = "interreg-integrering";

fn writer() -> Writer {
    Writer::page(app::identity::Caller::operator())
}

async fn plan(db: &DatabaseConnection, sub: Option<&str>) -> Plan {
    load_plan(db, KEY, sub, AsOf::NOW, Rows::All)
        .await
        .expect("plan")
}

fn row<'a>(plan: &'a Plan, key: &str) -> &'a app::domain::PlanRow {
    plan.rows
        .iter()
        .find(|r| r.key == key)
        .unwrap_or_else(|| panic!("the plan has the row '{key}'"))
}

/// Everything stored about the project, and how many history entries: a
/// refused write must leave both as they were.
async fn snapshot(db: &DatabaseConnection) -> (String, u64, u64, u64) {
    let file = exchange::export(db, KEY).await.expect("export");
    (
        exchange::to_toml(&file).expect("TOML"),
        change_set::Entity::find().count(db).await.expect("count"),
        change::Entity::find().count(db).await.expect("count"),
        record_version::Entity::find()
            .count(db)
            .await
            .expect("count"),
    )
}

/// A project-wide status statement "on track" of day `(y, m, d)`.
fn on_track((y, m, d): (i32, u32, u32), text: String) -> app::schedule::inputs::NewStatusStatement {
    app::schedule::inputs::NewStatusStatement {
        sub_project: None,
        date: chrono::NaiveDate::from_ymd_opt(y, m, d).expect("day"),
        status: app::domain::ProjectStatus::OnTrack,
        text,
    }
}

async fn demo(db: &DatabaseConnection) {
    exchange::load_demo(db, ExistingProject::Keep)
        .await
        .expect("demo");
}

#[tokio::test]
async fn the_leader_edits_the_plan() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        demo(db).await;
        let w = writer();

        // A plan for a sub-project that had none (seven of nine).
        let first = commands::add_activity(
            db,
            &w,
            KEY,
            NewActivity {
                sub_project: Some("stjordal".into()),
                name: "  Kartlegging av tiltak  ".into(),
            },
        )
        .await
        .expect("add");
        assert_eq!(first.key, "stjordal-kartlegging-av-tiltak", "{backend}");
        let second = commands::add_activity(
            db,
            &w,
            KEY,
            NewActivity {
                sub_project: Some("stjordal".into()),
                name: "Brukerundersøkelse".into(),
            },
        )
        .await
        .expect("add another");
        let stjordal = plan(db, Some("stjordal")).await;
        let names: Vec<_> = stjordal.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["Kartlegging av tiltak", "Brukerundersøkelse"],
            "{backend}"
        );
        assert!(
            plan(db, None)
                .await
                .sub_projects_with_plans
                .iter()
                .any(|s| s.key == "stjordal"),
            "{backend}: Stjørdal now has a plan"
        );

        // Rename, move, set marks, record actual progress.
        let renamed = commands::rename_activity(
            db,
            &w,
            KEY,
            &second.key,
            NewName {
                name: "Brukerundersøkelse blant unge".into(),
                version: second.version,
            },
        )
        .await
        .expect("rename");
        assert_eq!(renamed.version, second.version + 1);
        commands::move_activity(
            db,
            &w,
            KEY,
            &second.key,
            Movement {
                direction: Direction::Up,
                version: renamed.version,
            },
        )
        .await
        .expect("move up");
        let cell = commands::set_planned_marks(
            db,
            &w,
            KEY,
            &first.key,
            PlannedMarks {
                half_year: "2009-H2".into(),
                marks: 4,
                version: 0,
            },
        )
        .await
        .expect("set marks");
        assert_eq!(cell.version, 1);
        commands::set_actual(
            db,
            &w,
            KEY,
            &first.key,
            ActualProgress {
                half_year: "2009-H2".into(),
                marks: 2,
                achievement: Achievement::Partly,
                comment: "Halvparten av tiltakene kartlagt.".into(),
                version: 0,
            },
        )
        .await
        .expect("record actual");
        let first_now = row(&plan(db, Some("stjordal")).await, &first.key).clone();
        commands::set_activity_progress(
            db,
            &w,
            KEY,
            &first.key,
            ActivityProgress {
                status: ActivityStatus::Delayed,
                percent_complete: 40,
                actual_start: "2009-08-01".parse().ok(),
                actual_end: None,
                version: first_now.version,
            },
        )
        .await
        .expect("progress");

        let stjordal = plan(db, Some("stjordal")).await;
        let names: Vec<_> = stjordal.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["Brukerundersøkelse blant unge", "Kartlegging av tiltak"],
            "{backend}"
        );
        let mapped = row(&stjordal, &first.key);
        let h2 = stjordal
            .columns
            .iter()
            .position(|h| h.to_string() == "2009-H2")
            .expect("2009-H2 column");
        assert_eq!(mapped.marks[h2], 4);
        let actual = mapped.actual[h2].as_ref().expect("actual recorded");
        assert_eq!((actual.marks, actual.achievement), (2, Achievement::Partly));
        assert_eq!(actual.comment, "Halvparten av tiltakene kartlagt.");
        assert_eq!(
            (mapped.status, mapped.percent_complete),
            (ActivityStatus::Delayed, 40)
        );

        // Archive hides, restore brings back; nothing is deleted.
        let archived = commands::set_archived(
            db,
            &w,
            KEY,
            &first.key,
            true,
            VersionOnly {
                version: mapped.version,
            },
        )
        .await
        .expect("archive");
        let stjordal = plan(db, Some("stjordal")).await;
        assert!(
            stjordal.rows.iter().all(|r| r.key != first.key),
            "{backend}: hidden"
        );
        assert_eq!(stjordal.archived.len(), 1);
        commands::set_archived(
            db,
            &w,
            KEY,
            &first.key,
            false,
            VersionOnly {
                version: archived.version,
            },
        )
        .await
        .expect("restore");
        let restored = plan(db, Some("stjordal")).await;
        let back = row(&restored, &first.key);
        assert_eq!(back.marks[h2], 4, "{backend}: restored with its cells");
        assert!(back.actual[h2].is_some());
        test.finish().await;
    }
}

#[tokio::test]
async fn refused_writes_change_nothing_and_name_the_field() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        demo(db).await;
        let w = writer();
        let before = snapshot(db).await;
        let activity = "oppstart-og-organisering";
        let version = row(&plan(db, None).await, activity).version;

        let field_of = |result: Result<Saved, AppError>| match result {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("{backend}: expected a field error, got {other:?}"),
        };
        let marks = |marks, half_year: &str| PlannedMarks {
            half_year: half_year.into(),
            marks,
            version: 1,
        };
        assert_eq!(
            field_of(commands::set_planned_marks(db, &w, KEY, activity, marks(7, "2009-H1")).await),
            "marks"
        );
        assert_eq!(
            field_of(
                commands::set_planned_marks(db, &w, KEY, activity, marks(-1, "2009-H1")).await
            ),
            "marks"
        );
        assert_eq!(
            field_of(commands::set_planned_marks(db, &w, KEY, activity, marks(2, "2012-H1")).await),
            "half_year",
            "outside the period"
        );
        assert_eq!(
            field_of(commands::set_planned_marks(db, &w, KEY, activity, marks(2, "2009-H3")).await),
            "half_year"
        );
        // KBT's plan starts in 2009 H1: 2008 H2 is outside it.
        assert_eq!(
            field_of(
                commands::set_planned_marks(db, &w, KEY, "kbt-oppstart", marks(2, "2008-H2")).await
            ),
            "half_year"
        );
        let rename = |name: &str| NewName {
            name: name.into(),
            version,
        };
        assert_eq!(
            field_of(commands::rename_activity(db, &w, KEY, activity, rename("   ")).await),
            "name"
        );
        assert_eq!(
            field_of(
                commands::rename_activity(db, &w, KEY, activity, rename(&"x".repeat(201))).await
            ),
            "name"
        );
        let progress = |percent, start: &str, end: &str| ActivityProgress {
            status: ActivityStatus::InProgress,
            percent_complete: percent,
            actual_start: start.parse().ok(),
            actual_end: end.parse().ok(),
            version,
        };
        assert_eq!(
            field_of(
                commands::set_activity_progress(db, &w, KEY, activity, progress(101, "", "")).await
            ),
            "percent_complete"
        );
        assert_eq!(
            field_of(
                commands::set_activity_progress(
                    db,
                    &w,
                    KEY,
                    activity,
                    progress(50, "2009-05-01", "2009-04-01")
                )
                .await
            ),
            "actual_end",
            "last day before first day"
        );
        assert_eq!(
            field_of(
                commands::set_actual(
                    db,
                    &w,
                    KEY,
                    activity,
                    ActualProgress {
                        half_year: "2009-H1".into(),
                        marks: 1,
                        achievement: Achievement::Fully,
                        comment: "x".repeat(5000),
                        version: 0,
                    },
                )
                .await
            ),
            "comment"
        );
        assert_eq!(
            field_of(
                commands::add_activity(
                    db,
                    &w,
                    KEY,
                    NewActivity {
                        sub_project: Some("a-sub-project-of-another-project".into()),
                        name: "X".into(),
                    },
                )
                .await
            ),
            "sub_project"
        );
        // Keys that are not this project's are not found.
        let unknown = commands::rename_activity(db, &w, KEY, "no-such-activity", rename("Y")).await;
        assert!(
            matches!(unknown, Err(AppError::NotFound { .. })),
            "{backend}: {unknown:?}"
        );
        let unknown =
            commands::rename_activity(db, &w, "no-such-project", activity, rename("Y")).await;
        assert!(
            matches!(unknown, Err(AppError::NotFound { .. })),
            "{backend}: {unknown:?}"
        );

        assert!(
            snapshot(db).await == before,
            "{backend}: nothing was saved or recorded"
        );
        test.finish().await;
    }
}

#[tokio::test]
async fn a_write_based_on_an_older_version_is_refused() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        demo(db).await;
        let activity = "rapportering";
        // Two clients read the same activity.
        let seen_by_a = row(&plan(db, None).await, activity).clone();
        let seen_by_b = seen_by_a.clone();

        commands::rename_activity(
            db,
            &writer(),
            KEY,
            activity,
            NewName {
                name: "Rapportering til Interreg".into(),
                version: seen_by_a.version,
            },
        )
        .await
        .expect("A saves first");
        let refused = commands::rename_activity(
            db,
            &writer(),
            KEY,
            activity,
            NewName {
                name: "Rapportering og regnskap".into(),
                version: seen_by_b.version,
            },
        )
        .await;
        let Err(AppError::Conflict { changed_at, .. }) = &refused else {
            panic!("{backend}: expected a conflict, got {refused:?}");
        };
        assert!(!changed_at.is_empty(), "{backend}: says when it changed");
        assert_eq!(
            row(&plan(db, None).await, activity).name,
            "Rapportering til Interreg"
        );

        // The same for a cell: both saw version 1 of 2009 H1 (2 marks).
        let h1 = 1;
        let cell_version = seen_by_a.mark_versions[h1];
        let set = |marks, version| PlannedMarks {
            half_year: "2009-H1".into(),
            marks,
            version,
        };
        commands::set_planned_marks(db, &writer(), KEY, activity, set(3, cell_version))
            .await
            .expect("A sets 3");
        let refused =
            commands::set_planned_marks(db, &writer(), KEY, activity, set(5, cell_version)).await;
        assert!(
            matches!(refused, Err(AppError::Conflict { .. })),
            "{backend}: {refused:?}"
        );
        assert_eq!(
            row(&plan(db, None).await, activity).marks[h1],
            3,
            "{backend}: the newer data stays"
        );
        // A first write of a cell nobody set must say version 0.
        let refused = commands::set_planned_marks(
            db,
            &writer(),
            KEY,
            "beskrive-utgangspunktet",
            PlannedMarks {
                half_year: "2010-H1".into(),
                marks: 1,
                version: 3,
            },
        )
        .await;
        assert!(
            matches!(refused, Err(AppError::Conflict { .. })),
            "{backend}: {refused:?}"
        );
        test.finish().await;
    }
}

#[tokio::test]
async fn views_as_of_an_earlier_time_show_the_earlier_state() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        demo(db).await;
        let before_edit = AsOf::at(app::history::now());
        let activity = "informasjonsspredning";
        let version = row(&plan(db, None).await, activity).mark_versions[2];
        commands::set_planned_marks(
            db,
            &writer(),
            KEY,
            activity,
            PlannedMarks {
                half_year: "2009-H2".into(),
                marks: 6,
                version,
            },
        )
        .await
        .expect("edit");
        assert_eq!(row(&plan(db, None).await, activity).marks[2], 6);
        let earlier = load_plan(db, KEY, None, before_edit, Rows::All)
            .await
            .expect("earlier");
        assert_eq!(row(&earlier, activity).marks[2], 3, "{backend}: as it was");
        assert_eq!(earlier.view.as_of, before_edit);

        // The change is in the history: which record and field, from what to what.
        let changes = change::Entity::find().all(db).await.expect("changes");
        let last = changes.last().expect("a change");
        assert_eq!(last.kind, "plan_cell");
        assert_eq!(last.field, "marks");
        assert_eq!(
            (last.old_value.as_deref(), last.new_value.as_deref()),
            (Some("3"), Some("6"))
        );
        let set = change_set::Entity::find_by_id(last.change_set_id)
            .one(db)
            .await
            .expect("query")
            .expect("its change set");
        assert_eq!((set.actor.as_str(), set.source.as_str()), ("local", "page"));
        test.finish().await;
    }
}

#[tokio::test]
async fn reimporting_merges_by_key_and_keeps_progress_and_history() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        demo(db).await;
        let w = writer();
        // Progress recorded in the application, not in the file.
        commands::set_actual(
            db,
            &w,
            KEY,
            "rapportering",
            ActualProgress {
                half_year: "2009-H2".into(),
                marks: 1,
                achievement: Achievement::Partly,
                comment: "Delrapport levert sent.".into(),
                version: 0,
            },
        )
        .await
        .expect("record progress");
        let before_merge = AsOf::at(app::history::now());

        // The file renames one activity, drops another, changes a cell.
        let file = exchange::DEMO_PROJECT
            .replacen(
                "name = \"Implementering av resultater\"",
                "name = \"Implementering og bruk av resultater\"",
                1,
            )
            .replacen(
                "[[activities]]\nkey = \"informasjonsspredning\"\nname = \"Informasjonsspredning\"\nmarks = { \"2009-H2\" = 3, \"2010-H1\" = 2, \"2010-H2\" = 2, \"2011-H1\" = 2, \"2011-H2\" = 3 }\n",
                "",
                1,
            )
            .replacen(
                "marks = { \"2009-H1\" = 2, \"2009-H2\" = 2, \"2010-H1\" = 2, \"2010-H2\" = 2, \"2011-H1\" = 2, \"2011-H2\" = 4 }",
                "marks = { \"2009-H1\" = 2, \"2009-H2\" = 2, \"2010-H1\" = 2, \"2010-H2\" = 2, \"2011-H1\" = 3, \"2011-H2\" = 4 }",
                1,
            );
        assert_ne!(file, exchange::DEMO_PROJECT, "the test file differs");
        let outcome = exchange::import_str(db, &file, ExistingProject::Merge)
            .await
            .expect("merge");
        let ImportOutcome::Merged { changed, .. } = outcome else {
            panic!("{backend}: {outcome:?}");
        };
        assert!(changed >= 3, "{backend}: {changed} records changed");

        let now = plan(db, None).await;
        assert_eq!(
            row(&now, "implementering-av-resultater").name,
            "Implementering og bruk av resultater"
        );
        assert!(
            now.rows.iter().all(|r| r.key != "informasjonsspredning"),
            "{backend}: archived"
        );
        assert!(
            now.archived
                .iter()
                .any(|a| a.key == "informasjonsspredning")
        );
        let reporting = row(&now, "rapportering");
        assert_eq!(reporting.marks[5], 3);
        let kept = reporting.actual[2]
            .as_ref()
            .expect("{backend}: progress survives the import");
        assert_eq!(kept.comment, "Delrapport levert sent.");
        let h1 = now
            .rows
            .iter()
            .find(|r| r.key == "oppstart-og-organisering")
            .expect("row");
        assert!(
            h1.actual[1].is_some(),
            "{backend}: the history's progress survives too"
        );

        // As of a moment before the import, the old plan.
        let earlier = load_plan(db, KEY, None, before_merge, Rows::All)
            .await
            .expect("earlier");
        assert_eq!(
            row(&earlier, "implementering-av-resultater").name,
            "Implementering av resultater"
        );
        assert!(
            earlier
                .rows
                .iter()
                .any(|r| r.key == "informasjonsspredning")
        );
        assert_eq!(row(&earlier, "rapportering").marks[5], 2);

        // Baselines survive; the archived activity can be restored.
        let exported = exchange::export(db, KEY).await.expect("export");
        assert!(exported.baselines.iter().any(|b| b.key == "godkjent-plan"));
        let archived = now
            .archived
            .iter()
            .find(|a| a.key == "informasjonsspredning")
            .expect("archived");
        commands::set_archived(
            db,
            &w,
            KEY,
            "informasjonsspredning",
            false,
            VersionOnly {
                version: archived.version,
            },
        )
        .await
        .expect("restore");
        let restored = plan(db, None).await;
        assert_eq!(
            row(&restored, "informasjonsspredning").marks,
            [0, 0, 3, 2, 2, 2, 3],
            "{backend}: with its cells"
        );
        test.finish().await;
    }
}

#[tokio::test]
async fn facts_goals_and_partners_are_edited_and_periods_guard_the_marks() {
    use app::domain::{Country, Period};
    use app::project::commands as facts;
    use app::project::inputs::{PartnerInput, ProjectFacts};
    use app::project::queries::load_overview;
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        demo(db).await;
        let w = writer();
        let overview = load_overview(db, KEY, AsOf::NOW).await.expect("overview");
        let day = |text: &str| text.parse::<chrono::NaiveDate>().expect("date");
        let facts_with = |start: &str, end: &str| ProjectFacts {
            name: overview.name.clone(),
            funding_programme: overview.funding_programme.clone(),
            period: Period {
                start: day(start),
                end: day(end),
            },
            description: overview.description.clone(),
            target_group: overview.target_group.clone(),
            website: overview.website.clone(),
            goals: overview.goals[..3].to_vec(),
            sub_goals: [
                overview.sub_goals.clone(),
                vec!["Dele erfaringer over grensen.".to_owned()],
            ]
            .concat(),
            version: overview.version,
        };
        let before = snapshot(db).await;
        // Shortening the period would strand marks of 2011 H2: refused, listed.
        let refused =
            facts::save_project_facts(db, &w, KEY, facts_with("2008-12-01", "2011-06-30")).await;
        let Err(AppError::Invalid { field, problem }) = &refused else {
            panic!("{backend}: {refused:?}");
        };
        assert_eq!(field, "period");
        assert!(
            problem.contains("rapportering@2011-H2"),
            "{backend}: {problem}"
        );
        assert!(snapshot(db).await == before, "{backend}: nothing saved");
        // Ending before it starts: refused too.
        let refused =
            facts::save_project_facts(db, &w, KEY, facts_with("2011-12-01", "2008-11-30")).await;
        assert!(matches!(refused, Err(AppError::Invalid { ref field, .. }) if field == "period"));

        // A longer period, three goals instead of five, one sub-goal more.
        facts::save_project_facts(db, &w, KEY, facts_with("2008-12-01", "2012-06-30"))
            .await
            .expect("save facts");
        let now = load_overview(db, KEY, AsOf::NOW).await.expect("overview");
        assert_eq!(now.goals.len(), 3, "{backend}");
        assert_eq!(
            now.sub_goals.last().map(String::as_str),
            Some("Dele erfaringer over grensen.")
        );
        assert_eq!(now.period.end, day("2012-06-30"));
        let plan = plan(db, None).await;
        assert_eq!(plan.columns.len(), 8, "{backend}: 2012 H1 is a column now");
        // As of before, five goals.
        let earlier = load_overview(db, KEY, "2009-03-23".parse().expect("as-of"))
            .await
            .expect("earlier");
        assert_eq!(earlier.goals.len(), 5);

        // Partners: added, renamed, archived.
        let added = facts::save_partner(
            db,
            &w,
            KEY,
            None,
            PartnerInput {
                name: "Jämtlands läns landsting".into(),
                country: Country::Sweden,
                description: String::new(),
                version: 0,
            },
        )
        .await
        .expect("add partner");
        assert_eq!(added.key, "jaemtlands-laens-landsting");
        facts::set_partner_archived(
            db,
            &w,
            KEY,
            &added.key,
            true,
            VersionOnly {
                version: added.version,
            },
        )
        .await
        .expect("archive partner");
        let now = load_overview(db, KEY, AsOf::NOW).await.expect("overview");
        assert!(
            now.partners.iter().all(|p| p.key != added.key),
            "{backend}: archived partners are hidden"
        );
        test.finish().await;
    }
}

/// Saving what is already stored changes nothing: no new version, no change
/// set, and the version the page reads stays the one the next save needs.
/// (A version bumped without a recorded change once left a cell that no page
/// could save again.)
#[tokio::test]
async fn saving_the_same_values_again_changes_nothing() {
    for test in common::databases().await {
        let db = &test.db;
        demo(db).await;
        let w = writer();
        let progress = |version: i32| ActualProgress {
            half_year: "2010-H2".into(),
            marks: 3,
            achievement: Achievement::NotDue,
            comment: String::new(),
            version,
        };
        let first = commands::set_actual(db, &w, KEY, "kbt-dokumentasjon", progress(0))
            .await
            .expect("record actual");
        assert_eq!(first.version, 1);
        let before = snapshot(db).await;
        let again = commands::set_actual(db, &w, KEY, "kbt-dokumentasjon", progress(1))
            .await
            .expect("the same again");
        assert_eq!(again.version, 1, "{}", test.backend);
        assert_eq!(
            snapshot(db).await,
            before,
            "{}: nothing written",
            test.backend
        );
        let read = row(&plan(db, Some("kbt-senteret")).await, "kbt-dokumentasjon").clone();
        let column = plan(db, Some("kbt-senteret"))
            .await
            .columns
            .iter()
            .position(|h| h.to_string() == "2010-H2")
            .expect("column");
        let cell = read.actual[column].clone().expect("recorded");
        assert_eq!(
            cell.version, 1,
            "{}: the version read is the stored one",
            test.backend
        );
        // And the next real change, based on what was read, is taken.
        let changed = commands::set_actual(
            db,
            &w,
            KEY,
            "kbt-dokumentasjon",
            ActualProgress {
                marks: 4,
                ..progress(cell.version)
            },
        )
        .await
        .expect("a real change");
        assert_eq!(changed.version, 2);
        test.finish().await;
    }
}

/// Leaders adding records at the same moment each get their own: the keys
/// of new records are chosen one edit at a time (on PostgreSQL the edit
/// holds its project's row; SQLite has one writer), never a clash.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn records_added_at_the_same_moment_all_get_their_own_keys() {
    for test in common::databases().await {
        let db = &test.db;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        let writes = (0..16).map(|i| {
            let db = db.clone();
            tokio::spawn(async move {
                app::schedule::commands::add_status_statement(
                    &db,
                    &writer(),
                    KEY,
                    on_track((2010, 1, 1), format!("Samtidig {i}")),
                )
                .await
            })
        });
        let mut keys = std::collections::HashSet::new();
        for write in writes.collect::<Vec<_>>() {
            let saved = write
                .await
                .expect("task")
                .unwrap_or_else(|e| panic!("{}: {e}", test.backend));
            assert!(keys.insert(saved.key), "{}: a key twice", test.backend);
        }
        assert_eq!(keys.len(), 16);
        test.finish().await;
    }
}

/// Edits beside writes outside the edit path (here API tokens; also
/// sessions and sign-in attempts), each on a connection of the pool: every
/// one lands. On SQLite an edit that read before it wrote could not wait
/// for the lock another connection took meanwhile — SQLite refuses such a
/// write outright (`SQLITE_BUSY_SNAPSHOT`) — so edits take it as they begin.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn edits_beside_other_writes_all_land() {
    const EACH: usize = 24;
    for test in common::databases().await {
        let db = &test.db;
        common::demo_with_accounts(db).await;
        let leader = app::entities::user_account::Entity::find()
            .filter(app::entities::user_account::Column::Email.eq("leder@demo.framdrift.no"))
            .one(db)
            .await
            .expect("accounts")
            .expect("the demo leader");
        let mut writes = tokio::task::JoinSet::new();
        for i in 0..EACH {
            let edit_db = db.clone();
            writes.spawn(async move {
                app::schedule::commands::add_status_statement(
                    &edit_db,
                    &writer(),
                    KEY,
                    on_track((2010, 3, 1), format!("Side om side {i}")),
                )
                .await
                .map(|_| ())
            });
            let token_db = db.clone();
            writes.spawn(async move {
                app::account::users::create_api_token(&token_db, leader.id, &format!("token {i}"))
                    .await
                    .map(|_| ())
            });
        }
        while let Some(write) = writes.join_next().await {
            write
                .expect("task")
                .unwrap_or_else(|e| panic!("{}: {e}", test.backend));
        }
        let statements = app::entities::status_statement::Entity::find()
            .all(db)
            .await
            .expect("statements")
            .into_iter()
            .filter(|s| s.text.starts_with("Side om side"))
            .count();
        assert_eq!(statements, EACH, "{}", test.backend);
        let tokens = app::account::users::api_tokens_of(db, leader.id)
            .await
            .expect("tokens");
        assert_eq!(tokens.len(), EACH, "{}", test.backend);
        test.finish().await;
    }
}

/// A status statement's key is chosen from the keys of its date only, read
/// through the key index — on PostgreSQL also in the generic plan a
/// prepared statement gets after five runs, where `LIKE` with a parameter
/// read every statement of the project (each write slower than the last;
/// docs/performance.md). And the keys found are those of the date.
#[tokio::test]
async fn the_keys_of_a_date_are_read_through_the_index() {
    use sea_orm::{ConnectionTrait, QueryTrait, Statement, TransactionTrait};
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        demo(db).await;
        for (day, text) in [(1, "a"), (1, "b"), (2, "c"), (11, "d")] {
            app::schedule::commands::add_status_statement(
                db,
                &writer(),
                KEY,
                on_track((2010, 4, day), text.into()),
            )
            .await
            .expect("statement");
        }
        let project_id = app::history::revision::find(db, KEY)
            .await
            .expect("query")
            .expect("project")
            .project
            .id;
        let select = app::edit::taken_keys::<app::entities::status_statement::Entity>(
            db.get_database_backend(),
            project_id,
            "status-2010-04-01",
        );
        let mut keys: Vec<String> = select.clone().into_tuple().all(db).await.expect("keys");
        keys.sort();
        assert_eq!(
            keys,
            ["status-2010-04-01", "status-2010-04-01-2"],
            "{backend}"
        );

        if backend == "postgres" {
            let statement = select.build(db.get_database_backend());
            let txn = db.begin().await.expect("begin");
            txn.execute_unprepared("SET LOCAL plan_cache_mode = force_generic_plan")
                .await
                .expect("generic plans");
            txn.execute_unprepared("SET LOCAL enable_seqscan = off")
                .await
                .expect("no table scans for a small table");
            txn.execute_unprepared(&format!("PREPARE taken AS {}", statement.sql))
                .await
                .expect("prepare");
            let plan = txn
                .query_all_raw(Statement::from_string(
                    db.get_database_backend(),
                    format!("EXPLAIN EXECUTE taken({project_id}, 'status-2010-04-01', 'status-2010-04-01.')"),
                ))
                .await
                .expect("explain")
                .iter()
                .filter_map(|row| row.try_get_by_index::<String>(0).ok())
                .collect::<Vec<_>>()
                .join("\n");
            let condition = plan
                .lines()
                .find(|line| line.contains("Index Cond"))
                .unwrap_or_default();
            assert!(
                condition.contains("key"),
                "the generic plan searches the key in the index:\n{plan}"
            );
            txn.rollback().await.expect("rollback");
        }
        test.finish().await;
    }
}

/// An edit's history — the end of the record's version, its new version,
/// the changed fields and the plan's revision — goes to PostgreSQL as one
/// statement (one round trip inside the project's lock, which every edit
/// of the project waits for), and lands as it did one by one.
#[tokio::test]
async fn an_edits_history_is_written_in_one_statement_on_postgresql() {
    use std::sync::{Arc, Mutex};
    for test in common::databases().await {
        let backend = test.backend;
        demo(&test.db).await;
        let seen = Arc::new(Mutex::new(Vec::<String>::new()));
        let mut db = test.db.clone();
        {
            let seen = seen.clone();
            db.set_metric_callback(move |info| {
                if let Ok(mut seen) = seen.lock() {
                    seen.push(info.statement.sql.clone());
                }
            });
        }
        let before = row(&plan(&db, None).await, "rapportering").clone();
        let plan_revision = |db: DatabaseConnection| async move {
            app::history::revision::find(&db, KEY)
                .await
                .expect("query")
                .expect("project")
                .plan_revision
        };
        let revision_before = plan_revision(db.clone()).await;
        seen.lock().expect("lock").clear();
        let saved = commands::set_activity_progress(
            &db,
            &writer(),
            KEY,
            "rapportering",
            ActivityProgress {
                status: ActivityStatus::InProgress,
                percent_complete: 55,
                actual_start: None,
                actual_end: None,
                version: before.version,
            },
        )
        .await
        .expect("progress");
        let statements = std::mem::take(&mut *seen.lock().expect("lock"));
        let writing_history: Vec<&String> = statements
            .iter()
            .filter(|sql| {
                sql.contains("INSERT INTO \"record_version\"")
                    || sql.contains("UPDATE \"record_version\"")
            })
            .collect();
        if backend == "postgres" {
            assert_eq!(writing_history.len(), 1, "{statements:#?}");
            let one = writing_history[0];
            for part in [
                "UPDATE \"record_version\"",
                "INSERT INTO \"record_version\"",
                "INSERT INTO \"change\"",
                "\"plan_revision\"",
            ] {
                assert!(one.contains(part), "{part} in {one}");
            }
        }

        // What landed: the new progress, one open version, the one before
        // it ended at the change, the changed field, the plan's revision.
        let after = row(&plan(&db, None).await, "rapportering").clone();
        assert_eq!(
            (after.percent_complete, after.version),
            (55, saved.version),
            "{backend}"
        );
        let versions = record_version::Entity::find()
            .filter(record_version::Column::Kind.eq("activity"))
            .filter(record_version::Column::RecordKey.eq("rapportering"))
            .all(&db)
            .await
            .expect("versions");
        let open: Vec<_> = versions.iter().filter(|v| v.valid_to.is_none()).collect();
        assert_eq!(open.len(), 1, "{backend}");
        assert_eq!(open[0].valid_from, saved.changed_at, "{backend}");
        assert!(
            versions
                .iter()
                .any(|v| v.valid_to == Some(saved.changed_at)),
            "{backend}: the version before ends at the change"
        );
        let changes = change::Entity::find()
            .filter(change::Column::ChangeSetId.eq(open[0].change_set_id))
            .all(&db)
            .await
            .expect("changes");
        assert!(
            changes
                .iter()
                .any(|c| c.field == "percent_complete" && c.new_value.as_deref() == Some("55")),
            "{backend}: {changes:?}"
        );
        assert!(
            plan_revision(db.clone()).await > revision_before,
            "{backend}"
        );
        test.finish().await;
    }
}

/// Issue 28, 4: a schedule's dates lie within the project's period and a
/// project's period is at most 15 years — on writes and imports. A series
/// over centuries is refused by field, nothing changes; dates stored before
/// the rule still load.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dates_without_a_bound_are_refused_and_old_ones_still_load() {
    use app::domain::{Cadence, MeetingKind, MilestoneKind, MilestoneStatus, Period};
    use app::schedule::commands::{save_milestone, save_series};
    use app::schedule::inputs::{MilestoneInput, SeriesInput};
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("day");
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        demo(db).await;
        let before = snapshot(db).await;

        let centuries = SeriesInput {
            sub_project: None,
            name: "Møte for alltid".into(),
            kind: MeetingKind::Collaboration,
            cadence: Cadence::Monthly,
            first_date: day(1, 1, 1),
            last_date: day(9999, 12, 31),
            note: String::new(),
            version: 0,
        };
        let refused = save_series(db, &writer(), KEY, None, centuries.clone())
            .await
            .expect_err("refused");
        assert_eq!(refused.field(), Some("first_date"), "{backend}: {refused}");
        let late = SeriesInput {
            first_date: day(2011, 1, 15),
            last_date: day(2030, 12, 31),
            ..centuries
        };
        let refused = save_series(db, &writer(), KEY, None, late)
            .await
            .expect_err("refused");
        assert_eq!(refused.field(), Some("last_date"), "{backend}: {refused}");

        let milestone = MilestoneInput {
            sub_project: None,
            name: "Etter prosjektet".into(),
            kind: MilestoneKind::Seminar,
            first_day: day(2011, 11, 29),
            last_day: Some(day(2011, 12, 2)),
            place: String::new(),
            description: String::new(),
            status: MilestoneStatus::Planned,
            actual_first_day: None,
            actual_last_day: None,
            version: 0,
        };
        let refused = save_milestone(db, &writer(), KEY, None, milestone)
            .await
            .expect_err("refused");
        assert_eq!(refused.field(), Some("last_day"), "{backend}: {refused}");

        let overview = app::project::queries::load_overview(db, KEY, AsOf::NOW)
            .await
            .expect("overview");
        let facts = app::project::inputs::ProjectFacts {
            name: overview.name.clone(),
            funding_programme: overview.funding_programme.clone(),
            period: Period {
                start: day(2008, 12, 1),
                end: day(2023, 12, 1),
            },
            description: overview.description.clone(),
            target_group: overview.target_group.clone(),
            website: overview.website.clone(),
            goals: overview.goals.clone(),
            sub_goals: overview.sub_goals.clone(),
            version: overview.version,
        };
        let refused = app::project::commands::save_project_facts(db, &writer(), KEY, facts)
            .await
            .expect_err("refused");
        assert_eq!(refused.field(), Some("period"), "{backend}: {refused}");
        assert_eq!(snapshot(db).await, before, "{backend}: nothing changed");

        // The same in a file: refused by line of field, nothing imported.
        let mut file = exchange::parse(exchange::DEMO_PROJECT).expect("demo file");
        file.project.key = "uten-grenser".into();
        file.meeting_series[0].last_date = day(9999, 12, 31);
        file.milestones[0].first_day = day(1, 1, 1);
        let problems = match exchange::import(db, &file, ExistingProject::Keep).await {
            Err(exchange::ImportError::Invalid(problems)) => problems,
            other => panic!("{backend}: refused, not {other:?}"),
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert!(
            fields.contains(&"meeting_series[0].last_date"),
            "{backend}: {fields:?}"
        );
        assert!(
            fields.contains(&"milestones[0].first_day"),
            "{backend}: {fields:?}"
        );
        assert!(
            app::project::queries::load_overview(db, "uten-grenser", AsOf::NOW)
                .await
                .is_err(),
            "{backend}: not imported"
        );

        // A series stored before the rule, reaching past the period (the
        // row and its open version in the history), still loads.
        use sea_orm::sea_query::Expr;
        use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
        app::entities::meeting_series::Entity::update_many()
            .col_expr(
                app::entities::meeting_series::Column::LastDate,
                Expr::value(day(2012, 6, 30)),
            )
            .exec(db)
            .await
            .expect("an old row");
        let versions = record_version::Entity::find()
            .filter(record_version::Column::Kind.eq("meeting_series"))
            .filter(record_version::Column::ValidTo.is_null())
            .all(db)
            .await
            .expect("versions");
        assert!(!versions.is_empty(), "{backend}");
        for version in versions {
            let mut data: serde_json::Value =
                serde_json::from_str(&version.data).expect("a version's data");
            data["last_date"] = serde_json::json!("2012-06-30");
            let mut active = version.into_active_model();
            active.data = Set(data.to_string());
            active.update(db).await.expect("an old version");
        }
        let schedule = app::schedule::queries::load_schedule(db, KEY, AsOf::NOW)
            .await
            .expect("the schedule loads");
        assert!(
            schedule
                .meeting_series
                .iter()
                .all(|s| s.last_date == day(2012, 6, 30)),
            "{backend}"
        );
        test.finish().await;
    }
}

/// Issue 28, 5: a project's website is a link on its page, so only an
/// http(s) address is taken — on writes and imports; nothing changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_website_that_is_no_web_address_is_refused() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        demo(db).await;
        let before = snapshot(db).await;
        let overview = app::project::queries::load_overview(db, KEY, AsOf::NOW)
            .await
            .expect("overview");
        let facts = app::project::inputs::ProjectFacts {
            name: overview.name.clone(),
            funding_programme: overview.funding_programme.clone(),
            period: overview.period,
            description: overview.description.clone(),
            target_group: overview.target_group.clone(),
            website: "javascript:alert(document.cookie)".into(),
            goals: overview.goals.clone(),
            sub_goals: overview.sub_goals.clone(),
            version: overview.version,
        };
        let refused = app::project::commands::save_project_facts(db, &writer(), KEY, facts)
            .await
            .expect_err("refused");
        assert_eq!(refused.field(), Some("website"), "{backend}: {refused}");
        assert_eq!(snapshot(db).await, before, "{backend}: nothing changed");

        let mut file = exchange::parse(exchange::DEMO_PROJECT).expect("demo file");
        file.project.key = "skript".into();
        file.project.website = "javascript:alert(1)".into();
        match exchange::import(db, &file, ExistingProject::Keep).await {
            Err(exchange::ImportError::Invalid(problems)) => {
                assert!(
                    problems.iter().any(|p| p.field == "project.website"),
                    "{backend}: {problems:?}"
                );
            }
            other => panic!("{backend}: refused, not {other:?}"),
        }
        test.finish().await;
    }
}
