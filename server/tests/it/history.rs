//! The history page's data on SQLite and PostgreSQL: change sets newest
//! first, filters by sub-project, activity and kind, pages, and links to the
//! moments just before and after each change.

use crate::common;

use app::changelog::queries::{PAGE_SIZE, load_history};
use app::domain::{AsOf, HistoryFilter, RecordKind};
use app::edit::Writer;
use app::error::AppError;
use app::exchange::{self, ExistingProject};
use app::plan::commands;
use app::plan::inputs::PlannedMarks;
use app::plan::queries::{Rows, load_plan};

const KEY: &str = "interreg-integrering";

#[tokio::test]
async fn the_history_lists_filters_and_pages_every_change() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");

        // The demo's own history: the approved plan, 23.03.2009, and three
        // illustrative change sets, newest first.
        let all = load_history(db, KEY, HistoryFilter::default())
            .await
            .expect("history");
        assert_eq!(all.total, 5, "{backend}");
        let summaries: Vec<_> = all.entries.iter().map(|e| e.summary.as_str()).collect();
        assert!(
            summaries[0].starts_with("Revidert plan"),
            "{backend}: {summaries:?}"
        );
        assert!(summaries[4].starts_with("Godkjent plan"));
        assert!(all.entries[0].illustrative);
        assert!(
            !all.entries[3].illustrative,
            "{backend}: 23.03.2009 is the seeds'"
        );
        assert_eq!(all.entries[3].actor, "prosjektleder");

        // By kind, by sub-project, by activity.
        let milestones = load_history(
            db,
            KEY,
            HistoryFilter {
                kind: Some("milestone".into()),
                ..Default::default()
            },
        )
        .await
        .expect("by kind");
        // Created in the body, held on 23.03.2009, held on 28.10.2009.
        assert_eq!(milestones.total, 3, "{backend}");
        assert!(
            milestones
                .entries
                .iter()
                .all(|e| e.changes.iter().all(|c| c.kind == RecordKind::Milestone))
        );
        let kbt = load_history(
            db,
            KEY,
            HistoryFilter {
                sub: Some("kbt-senteret".into()),
                ..Default::default()
            },
        )
        .await
        .expect("by sub-project");
        assert_eq!(
            kbt.total, 2,
            "{backend}: the plan, and the progress of 2009 H1"
        );
        let evaluation = load_history(
            db,
            KEY,
            HistoryFilter {
                activity: Some("evaluering-av-tiltak".into()),
                ..Default::default()
            },
        )
        .await
        .expect("by activity");
        let labels: Vec<_> = evaluation
            .entries
            .iter()
            .flat_map(|e| e.changes.iter().map(|c| c.label.clone()))
            .collect();
        assert!(
            labels.iter().any(|l| l == "Evaluering av tiltak · 2011-H2"),
            "{backend}: {labels:?}"
        );
        // By person: everyone who changed the project is offered, and the
        // filter keeps only their change sets.
        assert!(
            all.people.contains(&"prosjektleder".to_owned()),
            "{backend}: {:?}",
            all.people
        );
        let by_leader = load_history(
            db,
            KEY,
            HistoryFilter {
                person: Some("prosjektleder".into()),
                ..Default::default()
            },
        )
        .await
        .expect("by person");
        let expected = all
            .entries
            .iter()
            .filter(|e| e.actor == "prosjektleder")
            .count();
        assert_eq!(by_leader.total as usize, expected, "{backend}");
        assert!(
            by_leader.entries.iter().all(|e| e.actor == "prosjektleder"),
            "{backend}"
        );
        let unknown = load_history(
            db,
            KEY,
            HistoryFilter {
                kind: Some("colour".into()),
                ..Default::default()
            },
        )
        .await;
        assert!(
            matches!(unknown, Err(AppError::BadParameter { .. })),
            "{backend}"
        );

        // Each entry links to the moment just before and just after it.
        let revised = &all.entries[0];
        let before = load_plan(
            db,
            KEY,
            None,
            revised.before.parse::<AsOf>().expect("before"),
            Rows::All,
        )
        .await
        .expect("plan before");
        let after = load_plan(
            db,
            KEY,
            None,
            revised.after.parse::<AsOf>().expect("after"),
            Rows::All,
        )
        .await
        .expect("plan after");
        let marks = |plan: &app::domain::Plan| {
            plan.rows
                .iter()
                .find(|r| r.key == "evaluering-av-tiltak")
                .map(|r| r.marks[6])
        };
        assert_eq!(
            (marks(&before), marks(&after)),
            (Some(3), Some(4)),
            "{backend}"
        );

        // Pages of 20, newest first.
        let writer = Writer::page(app::identity::Caller::operator());
        let mut version = 0;
        for marks in 1..=25 {
            version = commands::set_planned_marks(
                db,
                &writer,
                KEY,
                "rapportering",
                PlannedMarks {
                    half_year: "2008-H2".into(),
                    marks: marks % 7,
                    version,
                },
            )
            .await
            .expect("edit")
            .version;
        }
        let first = load_history(db, KEY, HistoryFilter::default())
            .await
            .expect("page 1");
        assert_eq!(
            (first.total, first.pages, first.entries.len()),
            (30, 2, PAGE_SIZE as usize)
        );
        assert_eq!(
            first.entries[0].changes[0].new.as_deref(),
            Some("4"),
            "{backend}: the newest edit first"
        );
        let second = load_history(
            db,
            KEY,
            HistoryFilter {
                page: Some(2),
                ..Default::default()
            },
        )
        .await
        .expect("page 2");
        assert_eq!(second.entries.len(), 10);
        assert!(
            second
                .entries
                .last()
                .is_some_and(|e| e.summary.starts_with("Godkjent plan"))
        );
        test.finish().await;
    }
}

/// The plan page reads only the rows in view: every window of rows must be
/// exactly that slice of the whole plan, now and as of a past moment.
#[tokio::test]
async fn a_window_of_rows_is_that_slice_of_the_whole_plan() {
    use app::exchange::generate::{Size, generate};
    use app::plan::queries::load_plan_rows;

    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        let file = generate("windows", Size::with_activities(260));
        exchange::import(db, &file, ExistingProject::Keep)
            .await
            .expect("import");
        let middle = file.history[file.history.len() / 2].recorded_at;
        for as_of in [AsOf::NOW, AsOf::at(middle)] {
            let whole = load_plan(db, "windows", None, as_of, Rows::All)
                .await
                .expect("whole plan");
            assert_eq!(whole.row_count, 260, "{backend}");
            assert_eq!(whole.rows.len(), 260);
            for (first, count) in [(0, 60), (100, 100), (200, 100), (255, 10), (400, 10)] {
                let window = load_plan_rows(db, "windows", None, as_of, first, count)
                    .await
                    .expect("window");
                let end = (first + count).min(260);
                let expected = &whole.rows[first.min(260)..end];
                assert_eq!(window.row_count, 260, "{backend}");
                assert_eq!(window.first_row, first.min(260));
                assert_eq!(
                    window.rows.as_slice(),
                    expected,
                    "{backend}: rows {first}+{count}"
                );
            }
            // The page's first rows come with the plan itself.
            let first_rows = load_plan(
                db,
                "windows",
                None,
                as_of,
                Rows::Window {
                    first: 0,
                    count: 60,
                },
            )
            .await
            .expect("first rows");
            assert_eq!(first_rows.row_count, 260);
            assert_eq!(first_rows.rows.as_slice(), &whole.rows[..60]);
        }
        // The past differs from now, so the comparison above meant something.
        let then = load_plan(db, "windows", None, AsOf::at(middle), Rows::All)
            .await
            .expect("then");
        let now = load_plan(db, "windows", None, AsOf::NOW, Rows::All)
            .await
            .expect("now");
        assert_ne!(then.rows, now.rows, "{backend}");

        let too_many = load_plan_rows(db, "windows", None, AsOf::NOW, 0, 501).await;
        assert!(
            matches!(&too_many, Err(AppError::BadParameter { parameter, .. }) if parameter == "count"),
            "{backend}: {too_many:?}"
        );
        test.finish().await;
    }
}

/// How the database finds the versions a read of today's plan shows, one
/// line per search of `record_version`, under PostgreSQL's generic plans
/// (what a prepared statement gets after five runs).
async fn searches_of_versions(db: &sea_orm::DatabaseConnection, backend: &str) -> Vec<String> {
    use sea_orm::{ConnectionTrait, Statement, TransactionTrait, Value};
    let statement = app::plan::queries::plan_batch(KEY, None, AsOf::NOW, true)
        .statement()
        .expect("a batch");
    let built = db.get_database_backend().build(&statement);
    let (sql, values) = (built.sql, built.values.map(|v| v.0).unwrap_or_default());
    if backend == "sqlite" {
        let plan = db
            .query_all_raw(Statement::from_sql_and_values(
                db.get_database_backend(),
                format!("EXPLAIN QUERY PLAN {sql}"),
                values.clone(),
            ))
            .await
            .expect("explain");
        return plan
            .iter()
            .filter_map(|row| row.try_get_by_index::<String>(3).ok())
            .filter(|detail| detail.contains("record_version"))
            .collect();
    }
    let literal = |value: &Value| match value {
        Value::String(Some(s)) => format!("'{}'", s.replace('\'', "''")),
        Value::Bool(Some(b)) => b.to_string(),
        Value::Int(Some(i)) => i.to_string(),
        other => panic!("no literal for {other:?}"),
    };
    let arguments: Vec<String> = values.iter().map(literal).collect();
    let txn = db.begin().await.expect("begin");
    for setting in [
        "SET LOCAL plan_cache_mode = force_generic_plan",
        // The test's tables are small enough to read whole: ask which index.
        "SET LOCAL enable_seqscan = off",
        "ANALYZE record_version",
    ] {
        txn.execute_unprepared(setting).await.expect(setting);
    }
    txn.execute_unprepared(&format!("PREPARE plan_batch AS {sql}"))
        .await
        .expect("prepare");
    let plan: String = txn
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!(
                "EXPLAIN (FORMAT JSON) EXECUTE plan_batch({})",
                arguments.join(", ")
            ),
        ))
        .await
        .expect("explain")
        .and_then(|row| row.try_get_by_index::<serde_json::Value>(0).ok())
        .map(|plan| plan.to_string())
        .expect("a plan");
    txn.rollback().await.expect("rollback");
    let plan: serde_json::Value = serde_json::from_str(&plan).expect("JSON");
    let mut searches = Vec::new();
    search_nodes(&plan[0]["Plan"], false, &mut searches);
    assert!(!searches.is_empty(), "{plan}");
    searches
}

/// The searches of `record_version` in a PostgreSQL plan: node type, index
/// and index condition (a bitmap scan's from the index scans under it).
fn search_nodes(node: &serde_json::Value, of_versions: bool, searches: &mut Vec<String>) {
    let node_type = node["Node Type"].as_str().unwrap_or_default();
    let on_versions = node["Relation Name"] == "record_version";
    let text = |key: &str| node[key].as_str().unwrap_or_default().to_owned();
    match node_type {
        "Seq Scan" if on_versions => searches.push("Seq Scan".to_owned()),
        "Index Scan" | "Index Only Scan" if on_versions => searches.push(format!(
            "{node_type} using {} {}",
            text("Index Name"),
            text("Index Cond")
        )),
        "Bitmap Index Scan" if of_versions => searches.push(format!(
            "{node_type} using {} {}",
            text("Index Name"),
            text("Index Cond")
        )),
        _ => {}
    }
    let children_of_versions = of_versions || (node_type == "Bitmap Heap Scan" && on_versions);
    for child in node["Plans"].as_array().into_iter().flatten() {
        search_nodes(child, children_of_versions, searches);
    }
}

#[tokio::test]
async fn todays_plan_reads_the_open_versions_only_however_long_the_history() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        // A history longer than the plan: many versions of one activity.
        let writer = Writer::page(app::identity::Caller::operator());
        let mut version = load_plan(db, KEY, None, AsOf::NOW, Rows::All)
            .await
            .expect("plan")
            .rows
            .iter()
            .find(|r| r.key == "rapportering")
            .expect("row")
            .version;
        for percent in 1..=40 {
            let saved = commands::set_activity_progress(
                db,
                &writer,
                KEY,
                "rapportering",
                app::plan::inputs::ActivityProgress {
                    status: app::domain::ActivityStatus::InProgress,
                    percent_complete: percent,
                    actual_start: None,
                    actual_end: None,
                    version,
                },
            )
            .await
            .expect("progress");
            version = saved.version;
        }
        // And a long one: each record's version twenty times over, closed
        // (valid for no moment, so no view changes), as a project's history
        // grows by thousands of versions a day under load; and a hundred
        // times as many status statements as the demo has, current records
        // of the project that no plan shows.
        {
            use sea_orm::ConnectionTrait;
            let copies = "WITH RECURSIVE copy(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM copy WHERE n < 100) \
                 INSERT INTO record_version \
                 (project_id, change_set_id, kind, record_key, sub_project_id, valid_from, valid_to, data)";
            db.execute_unprepared(&format!(
                "{copies} SELECT project_id, change_set_id, kind, record_key, sub_project_id, \
                 valid_from, valid_from, data FROM record_version, copy \
                 WHERE valid_to IS NULL AND n <= 20"
            ))
            .await
            .expect("a long history");
            db.execute_unprepared(&format!(
                "{copies} SELECT project_id, change_set_id, kind, record_key || '-' || n, sub_project_id, \
                 valid_from, NULL, data FROM record_version, copy \
                 WHERE valid_to IS NULL AND kind = 'status_statement'"
            ))
            .await
            .expect("many statements");
        }
        // Every search goes straight to the open versions of one kind:
        // through their own index, or by a record's key (one record, its
        // versions).
        for search in searches_of_versions(db, backend).await {
            assert!(
                search.contains("kind")
                    && (search.contains("ix_record_version_open") || search.contains("record_key")),
                "{backend}: {search}"
            );
        }
        test.finish().await;
    }
}
