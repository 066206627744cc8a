//! The history page's data on SQLite and PostgreSQL: change sets newest
//! first, filters by sub-project, activity and kind, pages, and links to the
//! moments just before and after each change.

mod common;

use app::changelog::queries::{PAGE_SIZE, load_history};
use app::domain::{AsOf, HistoryFilter, RecordKind};
use app::edit::Writer;
use app::error::AppError;
use app::exchange::{self, ExistingProject};
use app::history::Actor;
use app::plan::commands;
use app::plan::inputs::PlannedMarks;
use app::plan::queries::load_plan;

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
        )
        .await
        .expect("plan before");
        let after = load_plan(db, KEY, None, revised.after.parse::<AsOf>().expect("after"))
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
        let writer = Writer::page(Actor::local());
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
