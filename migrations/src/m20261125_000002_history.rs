//! Stable identity, versions, archiving, actual progress, baselines and the
//! history of every change.
//!
//! The core tables are rebuilt, because SQLite cannot add CHECK constraints or
//! foreign keys to an existing table: each is renamed to `legacy_*`, created
//! anew, filled from its legacy copy, and the legacy copy dropped. Records that
//! had no key get the key an import of a `framdrift/1` file derives
//! (`activity-3`, `nav-activity-2`, `milestone-1`, …), so the same file merges
//! onto them. The first history entry of migrated records is written by the
//! application at start (`app::history::backfill`): JSON snapshots are not
//! portable SQL.
//!
//! What the schema now refuses: periods and date spans ending before they
//! start; marks outside 0–6; a sub-project, lead partner or activity of
//! another project (composite foreign keys through `(project_id, id)`).
//! Every foreign key has an index.

use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Project {
    Table,
    Id,
    Key,
    Name,
    FundingProgramme,
    PeriodStart,
    PeriodEnd,
    Description,
    TargetGroup,
    Website,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum Goal {
    Table,
    Id,
    ProjectId,
    SubProjectId,
    Key,
    Kind,
    Position,
    Text,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Partner {
    Table,
    Id,
    ProjectId,
    Key,
    Name,
    Country,
    Description,
    Position,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SubProject {
    Table,
    Id,
    ProjectId,
    Key,
    Name,
    Kind,
    LeadPartnerId,
    PeriodStart,
    PeriodEnd,
    Description,
    TargetGroup,
    Position,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Activity {
    Table,
    Id,
    ProjectId,
    SubProjectId,
    Key,
    Name,
    Position,
    Status,
    PercentComplete,
    ActualStart,
    ActualEnd,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PlanCell {
    Table,
    ProjectId,
    ActivityId,
    Year,
    Half,
    Marks,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProgressCell {
    Table,
    ProjectId,
    ActivityId,
    Year,
    Half,
    Marks,
    Achievement,
    Comment,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum Milestone {
    Table,
    Id,
    ProjectId,
    SubProjectId,
    Key,
    Name,
    Kind,
    FirstDay,
    LastDay,
    Place,
    Description,
    Status,
    ActualFirstDay,
    ActualLastDay,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MeetingSeries {
    Table,
    Id,
    ProjectId,
    SubProjectId,
    Key,
    Name,
    Kind,
    Cadence,
    FirstDate,
    LastDate,
    Note,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MeetingOutcome {
    Table,
    ProjectId,
    SeriesId,
    PlannedDate,
    Held,
    ActualDate,
    Note,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum StatusStatement {
    Table,
    Id,
    ProjectId,
    SubProjectId,
    Key,
    Date,
    Status,
    Text,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Baseline {
    Table,
    Id,
    ProjectId,
    Key,
    Name,
    Date,
    CapturedAt,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ChangeSet {
    Table,
    Id,
    ProjectId,
    RecordedAt,
    Actor,
    Source,
    Summary,
    Illustrative,
}

#[derive(DeriveIden, Clone, Copy)]
enum RecordVersion {
    Table,
    Id,
    ProjectId,
    ChangeSetId,
    Kind,
    RecordKey,
    SubProjectId,
    ValidFrom,
    ValidTo,
    Data,
}

// The table is `change`; its column `change_set_id` starts with that name.
#[allow(clippy::enum_variant_names)]
#[derive(DeriveIden, Clone, Copy)]
enum Change {
    Table,
    Id,
    ProjectId,
    ChangeSetId,
    Kind,
    RecordKey,
    SubProjectId,
    Field,
    OldValue,
    NewValue,
}

/// The tables rebuilt by this migration, parents before children.
const REBUILT: [&str; 9] = [
    "project",
    "partner",
    "sub_project",
    "goal",
    "activity",
    "plan_cell",
    "milestone",
    "meeting_series",
    "status_statement",
];

fn fk(
    name: &str,
    from: impl IntoTableRef,
    from_cols: &[DynIden],
    to: impl IntoTableRef,
    to_cols: &[DynIden],
) -> ForeignKeyCreateStatement {
    let mut key = ForeignKey::create();
    key.name(name).from_tbl(from).to_tbl(to);
    for c in from_cols {
        key.from_col(c.clone());
    }
    for c in to_cols {
        key.to_col(c.clone());
    }
    key.on_delete(ForeignKeyAction::Cascade).to_owned()
}

fn i<T: IntoIden>(c: T) -> DynIden {
    c.into_iden()
}

fn index(name: &str, table: impl IntoIden, cols: &[DynIden]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for c in cols {
        index.col(c.clone());
    }
    index.to_owned()
}

fn unique(name: &str, table: impl IntoIden, cols: &[DynIden]) -> IndexCreateStatement {
    index(name, table, cols).unique().to_owned()
}

fn period_check(start: impl IntoIden + Copy, end: impl IntoIden + Copy) -> SimpleExpr {
    Expr::col(start).lte(Expr::col(end))
}

fn optional_span_check(start: impl IntoIden + Copy, end: impl IntoIden + Copy) -> SimpleExpr {
    Expr::col(start)
        .is_null()
        .or(Expr::col(end).is_null())
        .or(Expr::col(start).lte(Expr::col(end)))
}

/// A reference from `table.column` to a record of the same project.
fn same_project(
    name: &str,
    table: impl IntoIden + Copy,
    project_col: impl IntoIden,
    col: impl IntoIden,
    to: impl IntoIden + Copy,
    to_project: impl IntoIden,
    to_id: impl IntoIden,
) -> ForeignKeyCreateStatement {
    fk(
        name,
        table,
        &[i(project_col), i(col)],
        to,
        &[i(to_project), i(to_id)],
    )
}

async fn create_tables(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Project::Table)
                .col(pk_auto(Project::Id))
                .col(string(Project::Key))
                .col(string(Project::Name))
                .col(string(Project::FundingProgramme))
                .col(date(Project::PeriodStart))
                .col(date(Project::PeriodEnd))
                .col(text(Project::Description))
                .col(text(Project::TargetGroup))
                .col(string(Project::Website))
                .col(integer(Project::Version).default(1))
                .check(period_check(Project::PeriodStart, Project::PeriodEnd))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(unique("uq_project_key", Project::Table, &[i(Project::Key)]))
        .await?;

    manager
        .create_table(
            Table::create()
                .table(Partner::Table)
                .col(pk_auto(Partner::Id))
                .col(integer(Partner::ProjectId))
                .col(string(Partner::Key))
                .col(string(Partner::Name))
                .col(
                    string_len(Partner::Country, 2)
                        .check(Expr::col(Partner::Country).is_in(["NO", "SE"])),
                )
                .col(text(Partner::Description))
                .col(integer(Partner::Position))
                .col(integer(Partner::Version).default(1))
                .col(timestamp_with_time_zone_null(Partner::ArchivedAt))
                .foreign_key(&mut fk(
                    "fk_partner_project",
                    Partner::Table,
                    &[i(Partner::ProjectId)],
                    Project::Table,
                    &[i(Project::Id)],
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(unique(
            "uq_partner_key",
            Partner::Table,
            &[i(Partner::ProjectId), i(Partner::Key)],
        ))
        .await?;
    manager
        .create_index(unique(
            "uq_partner_project_id",
            Partner::Table,
            &[i(Partner::ProjectId), i(Partner::Id)],
        ))
        .await?;

    manager
        .create_table(
            Table::create()
                .table(SubProject::Table)
                .col(pk_auto(SubProject::Id))
                .col(integer(SubProject::ProjectId))
                .col(string(SubProject::Key))
                .col(string(SubProject::Name))
                .col(
                    string(SubProject::Kind)
                        .check(Expr::col(SubProject::Kind).is_in(["development", "evaluation"])),
                )
                .col(integer_null(SubProject::LeadPartnerId))
                .col(date(SubProject::PeriodStart))
                .col(date(SubProject::PeriodEnd))
                .col(text(SubProject::Description))
                .col(text(SubProject::TargetGroup))
                .col(integer(SubProject::Position))
                .col(integer(SubProject::Version).default(1))
                .col(timestamp_with_time_zone_null(SubProject::ArchivedAt))
                .check(period_check(SubProject::PeriodStart, SubProject::PeriodEnd))
                .foreign_key(&mut fk(
                    "fk_sub_project_project",
                    SubProject::Table,
                    &[i(SubProject::ProjectId)],
                    Project::Table,
                    &[i(Project::Id)],
                ))
                .foreign_key(&mut same_project(
                    "fk_sub_project_lead_partner",
                    SubProject::Table,
                    SubProject::ProjectId,
                    SubProject::LeadPartnerId,
                    Partner::Table,
                    Partner::ProjectId,
                    Partner::Id,
                ))
                .to_owned(),
        )
        .await?;
    for statement in [
        unique(
            "uq_sub_project_key",
            SubProject::Table,
            &[i(SubProject::ProjectId), i(SubProject::Key)],
        ),
        unique(
            "uq_sub_project_project_id",
            SubProject::Table,
            &[i(SubProject::ProjectId), i(SubProject::Id)],
        ),
        index(
            "ix_sub_project_lead_partner",
            SubProject::Table,
            &[i(SubProject::ProjectId), i(SubProject::LeadPartnerId)],
        ),
    ] {
        manager.create_index(statement).await?;
    }

    manager
        .create_table(
            Table::create()
                .table(Goal::Table)
                .col(pk_auto(Goal::Id))
                .col(integer(Goal::ProjectId))
                .col(integer_null(Goal::SubProjectId))
                .col(string(Goal::Key))
                .col(string(Goal::Kind).check(Expr::col(Goal::Kind).is_in(["goal", "sub_goal"])))
                .col(integer(Goal::Position))
                .col(text(Goal::Text))
                .col(integer(Goal::Version).default(1))
                .col(timestamp_with_time_zone_null(Goal::ArchivedAt))
                .foreign_key(&mut fk(
                    "fk_goal_project",
                    Goal::Table,
                    &[i(Goal::ProjectId)],
                    Project::Table,
                    &[i(Project::Id)],
                ))
                .foreign_key(&mut same_project(
                    "fk_goal_sub_project",
                    Goal::Table,
                    Goal::ProjectId,
                    Goal::SubProjectId,
                    SubProject::Table,
                    SubProject::ProjectId,
                    SubProject::Id,
                ))
                .to_owned(),
        )
        .await?;
    for statement in [
        unique(
            "uq_goal_key",
            Goal::Table,
            &[i(Goal::ProjectId), i(Goal::Key)],
        ),
        index(
            "ix_goal_owner",
            Goal::Table,
            &[i(Goal::ProjectId), i(Goal::SubProjectId), i(Goal::Position)],
        ),
    ] {
        manager.create_index(statement).await?;
    }

    manager
        .create_table(
            Table::create()
                .table(Activity::Table)
                .col(pk_auto(Activity::Id))
                .col(integer(Activity::ProjectId))
                .col(integer_null(Activity::SubProjectId))
                .col(string(Activity::Key))
                .col(string(Activity::Name))
                .col(integer(Activity::Position))
                .col(string(Activity::Status).default("not_started").check(
                    Expr::col(Activity::Status).is_in([
                        "not_started",
                        "in_progress",
                        "delayed",
                        "done",
                        "cancelled",
                    ]),
                ))
                .col(
                    small_integer(Activity::PercentComplete)
                        .default(0)
                        .check(Expr::col(Activity::PercentComplete).between(0, 100)),
                )
                .col(date_null(Activity::ActualStart))
                .col(date_null(Activity::ActualEnd))
                .col(integer(Activity::Version).default(1))
                .col(timestamp_with_time_zone_null(Activity::ArchivedAt))
                .check(optional_span_check(
                    Activity::ActualStart,
                    Activity::ActualEnd,
                ))
                .foreign_key(&mut fk(
                    "fk_activity_project",
                    Activity::Table,
                    &[i(Activity::ProjectId)],
                    Project::Table,
                    &[i(Project::Id)],
                ))
                .foreign_key(&mut same_project(
                    "fk_activity_sub_project",
                    Activity::Table,
                    Activity::ProjectId,
                    Activity::SubProjectId,
                    SubProject::Table,
                    SubProject::ProjectId,
                    SubProject::Id,
                ))
                .to_owned(),
        )
        .await?;
    for statement in [
        unique(
            "uq_activity_key",
            Activity::Table,
            &[i(Activity::ProjectId), i(Activity::Key)],
        ),
        unique(
            "uq_activity_project_id",
            Activity::Table,
            &[i(Activity::ProjectId), i(Activity::Id)],
        ),
        index(
            "ix_activity_plan",
            Activity::Table,
            &[
                i(Activity::ProjectId),
                i(Activity::SubProjectId),
                i(Activity::Position),
            ],
        ),
    ] {
        manager.create_index(statement).await?;
    }

    for (table, project, activity, year, half, marks, version, name) in [
        (
            i(PlanCell::Table),
            i(PlanCell::ProjectId),
            i(PlanCell::ActivityId),
            i(PlanCell::Year),
            i(PlanCell::Half),
            i(PlanCell::Marks),
            i(PlanCell::Version),
            "plan_cell",
        ),
        (
            i(ProgressCell::Table),
            i(ProgressCell::ProjectId),
            i(ProgressCell::ActivityId),
            i(ProgressCell::Year),
            i(ProgressCell::Half),
            i(ProgressCell::Marks),
            i(ProgressCell::Version),
            "progress_cell",
        ),
    ] {
        let mut create = Table::create();
        create
            .table(table.clone())
            .col(integer(project.clone()))
            .col(integer(activity.clone()))
            .col(integer(year.clone()))
            .col(small_integer(half.clone()).check(Expr::col(half.clone()).is_in([1, 2])))
            .col(small_integer(marks.clone()).check(Expr::col(marks.clone()).between(0, 6)))
            .col(integer(version).default(1))
            .primary_key(
                Index::create()
                    .col(activity.clone())
                    .col(year.clone())
                    .col(half.clone()),
            )
            .foreign_key(&mut fk(
                &format!("fk_{name}_activity"),
                table.clone(),
                &[project.clone(), activity.clone()],
                Activity::Table,
                &[i(Activity::ProjectId), i(Activity::Id)],
            ));
        if name == "progress_cell" {
            create
                .col(string(ProgressCell::Achievement).default("not_due").check(
                    Expr::col(ProgressCell::Achievement).is_in([
                        "fully",
                        "partly",
                        "not_achieved",
                        "not_due",
                    ]),
                ))
                .col(text(ProgressCell::Comment).default(""));
        }
        manager.create_table(create.to_owned()).await?;
        manager
            .create_index(index(
                &format!("ix_{name}_project"),
                table,
                &[project, activity],
            ))
            .await?;
    }

    manager
        .create_table(
            Table::create()
                .table(Milestone::Table)
                .col(pk_auto(Milestone::Id))
                .col(integer(Milestone::ProjectId))
                .col(integer_null(Milestone::SubProjectId))
                .col(string(Milestone::Key))
                .col(string(Milestone::Name))
                .col(
                    string(Milestone::Kind).check(Expr::col(Milestone::Kind).is_in([
                        "gathering",
                        "seminar",
                        "report",
                        "other",
                    ])),
                )
                .col(date(Milestone::FirstDay))
                .col(date(Milestone::LastDay))
                .col(string(Milestone::Place))
                .col(text(Milestone::Description))
                .col(string(Milestone::Status).default("planned").check(
                    Expr::col(Milestone::Status).is_in(["planned", "held", "moved", "cancelled"]),
                ))
                .col(date_null(Milestone::ActualFirstDay))
                .col(date_null(Milestone::ActualLastDay))
                .col(integer(Milestone::Version).default(1))
                .col(timestamp_with_time_zone_null(Milestone::ArchivedAt))
                .check(period_check(Milestone::FirstDay, Milestone::LastDay))
                .check(optional_span_check(
                    Milestone::ActualFirstDay,
                    Milestone::ActualLastDay,
                ))
                .foreign_key(&mut fk(
                    "fk_milestone_project",
                    Milestone::Table,
                    &[i(Milestone::ProjectId)],
                    Project::Table,
                    &[i(Project::Id)],
                ))
                .foreign_key(&mut same_project(
                    "fk_milestone_sub_project",
                    Milestone::Table,
                    Milestone::ProjectId,
                    Milestone::SubProjectId,
                    SubProject::Table,
                    SubProject::ProjectId,
                    SubProject::Id,
                ))
                .to_owned(),
        )
        .await?;
    for statement in [
        unique(
            "uq_milestone_key",
            Milestone::Table,
            &[i(Milestone::ProjectId), i(Milestone::Key)],
        ),
        index(
            "ix_milestone_sub_project",
            Milestone::Table,
            &[i(Milestone::ProjectId), i(Milestone::SubProjectId)],
        ),
    ] {
        manager.create_index(statement).await?;
    }

    manager
        .create_table(
            Table::create()
                .table(MeetingSeries::Table)
                .col(pk_auto(MeetingSeries::Id))
                .col(integer(MeetingSeries::ProjectId))
                .col(integer_null(MeetingSeries::SubProjectId))
                .col(string(MeetingSeries::Key))
                .col(string(MeetingSeries::Name))
                .col(
                    string(MeetingSeries::Kind).check(Expr::col(MeetingSeries::Kind).is_in([
                        "collaboration",
                        "network",
                        "steering",
                        "other",
                    ])),
                )
                .col(string(MeetingSeries::Cadence).check(
                    Expr::col(MeetingSeries::Cadence).is_in([
                        "monthly",
                        "quarterly",
                        "half_yearly",
                    ]),
                ))
                .col(date(MeetingSeries::FirstDate))
                .col(date(MeetingSeries::LastDate))
                .col(text(MeetingSeries::Note))
                .col(integer(MeetingSeries::Version).default(1))
                .col(timestamp_with_time_zone_null(MeetingSeries::ArchivedAt))
                .check(period_check(
                    MeetingSeries::FirstDate,
                    MeetingSeries::LastDate,
                ))
                .foreign_key(&mut fk(
                    "fk_meeting_series_project",
                    MeetingSeries::Table,
                    &[i(MeetingSeries::ProjectId)],
                    Project::Table,
                    &[i(Project::Id)],
                ))
                .foreign_key(&mut same_project(
                    "fk_meeting_series_sub_project",
                    MeetingSeries::Table,
                    MeetingSeries::ProjectId,
                    MeetingSeries::SubProjectId,
                    SubProject::Table,
                    SubProject::ProjectId,
                    SubProject::Id,
                ))
                .to_owned(),
        )
        .await?;
    for statement in [
        unique(
            "uq_meeting_series_key",
            MeetingSeries::Table,
            &[i(MeetingSeries::ProjectId), i(MeetingSeries::Key)],
        ),
        unique(
            "uq_meeting_series_project_id",
            MeetingSeries::Table,
            &[i(MeetingSeries::ProjectId), i(MeetingSeries::Id)],
        ),
        index(
            "ix_meeting_series_sub_project",
            MeetingSeries::Table,
            &[i(MeetingSeries::ProjectId), i(MeetingSeries::SubProjectId)],
        ),
    ] {
        manager.create_index(statement).await?;
    }

    manager
        .create_table(
            Table::create()
                .table(MeetingOutcome::Table)
                .col(integer(MeetingOutcome::ProjectId))
                .col(integer(MeetingOutcome::SeriesId))
                .col(date(MeetingOutcome::PlannedDate))
                .col(boolean(MeetingOutcome::Held))
                .col(date_null(MeetingOutcome::ActualDate))
                .col(text(MeetingOutcome::Note))
                .col(integer(MeetingOutcome::Version).default(1))
                .primary_key(
                    Index::create()
                        .col(MeetingOutcome::SeriesId)
                        .col(MeetingOutcome::PlannedDate),
                )
                .foreign_key(&mut same_project(
                    "fk_meeting_outcome_series",
                    MeetingOutcome::Table,
                    MeetingOutcome::ProjectId,
                    MeetingOutcome::SeriesId,
                    MeetingSeries::Table,
                    MeetingSeries::ProjectId,
                    MeetingSeries::Id,
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "ix_meeting_outcome_project",
            MeetingOutcome::Table,
            &[i(MeetingOutcome::ProjectId), i(MeetingOutcome::SeriesId)],
        ))
        .await?;

    manager
        .create_table(
            Table::create()
                .table(StatusStatement::Table)
                .col(pk_auto(StatusStatement::Id))
                .col(integer(StatusStatement::ProjectId))
                .col(integer_null(StatusStatement::SubProjectId))
                .col(string(StatusStatement::Key))
                .col(date(StatusStatement::Date))
                .col(string(StatusStatement::Status).check(
                    Expr::col(StatusStatement::Status).is_in(["on_track", "at_risk", "behind"]),
                ))
                .col(text(StatusStatement::Text))
                .col(integer(StatusStatement::Version).default(1))
                .col(timestamp_with_time_zone_null(StatusStatement::ArchivedAt))
                .foreign_key(&mut fk(
                    "fk_status_statement_project",
                    StatusStatement::Table,
                    &[i(StatusStatement::ProjectId)],
                    Project::Table,
                    &[i(Project::Id)],
                ))
                .foreign_key(&mut same_project(
                    "fk_status_statement_sub_project",
                    StatusStatement::Table,
                    StatusStatement::ProjectId,
                    StatusStatement::SubProjectId,
                    SubProject::Table,
                    SubProject::ProjectId,
                    SubProject::Id,
                ))
                .to_owned(),
        )
        .await?;
    for statement in [
        unique(
            "uq_status_statement_key",
            StatusStatement::Table,
            &[i(StatusStatement::ProjectId), i(StatusStatement::Key)],
        ),
        index(
            "ix_status_statement_sub_project",
            StatusStatement::Table,
            &[
                i(StatusStatement::ProjectId),
                i(StatusStatement::SubProjectId),
            ],
        ),
    ] {
        manager.create_index(statement).await?;
    }

    manager
        .create_table(
            Table::create()
                .table(Baseline::Table)
                .col(pk_auto(Baseline::Id))
                .col(integer(Baseline::ProjectId))
                .col(string(Baseline::Key))
                .col(string(Baseline::Name))
                .col(date(Baseline::Date))
                .col(timestamp_with_time_zone(Baseline::CapturedAt))
                .col(integer(Baseline::Version).default(1))
                .col(timestamp_with_time_zone_null(Baseline::ArchivedAt))
                .foreign_key(&mut fk(
                    "fk_baseline_project",
                    Baseline::Table,
                    &[i(Baseline::ProjectId)],
                    Project::Table,
                    &[i(Project::Id)],
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(unique(
            "uq_baseline_key",
            Baseline::Table,
            &[i(Baseline::ProjectId), i(Baseline::Key)],
        ))
        .await?;

    manager
        .create_table(
            Table::create()
                .table(ChangeSet::Table)
                .col(pk_auto(ChangeSet::Id))
                .col(integer(ChangeSet::ProjectId))
                .col(timestamp_with_time_zone(ChangeSet::RecordedAt))
                .col(string(ChangeSet::Actor))
                .col(string(ChangeSet::Source).check(
                    Expr::col(ChangeSet::Source).is_in(["page", "api", "import", "upgrade"]),
                ))
                .col(text(ChangeSet::Summary))
                // Content no source reports (the demo's later progress).
                .col(boolean(ChangeSet::Illustrative).default(false))
                .foreign_key(&mut fk(
                    "fk_change_set_project",
                    ChangeSet::Table,
                    &[i(ChangeSet::ProjectId)],
                    Project::Table,
                    &[i(Project::Id)],
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "ix_change_set_project",
            ChangeSet::Table,
            &[i(ChangeSet::ProjectId), i(ChangeSet::RecordedAt)],
        ))
        .await?;

    // One row per state of a record between two changes: the validity period
    // [valid_from, valid_to) answers "as of" with an index range, and the
    // current state is the row whose valid_to is null.
    manager
        .create_table(
            Table::create()
                .table(RecordVersion::Table)
                .col(pk_auto(RecordVersion::Id))
                .col(integer(RecordVersion::ProjectId))
                .col(integer(RecordVersion::ChangeSetId))
                .col(string(RecordVersion::Kind))
                .col(string(RecordVersion::RecordKey))
                .col(integer_null(RecordVersion::SubProjectId))
                .col(timestamp_with_time_zone(RecordVersion::ValidFrom))
                .col(timestamp_with_time_zone_null(RecordVersion::ValidTo))
                .col(text(RecordVersion::Data))
                .check(
                    Expr::col(RecordVersion::ValidTo)
                        .is_null()
                        .or(Expr::col(RecordVersion::ValidFrom)
                            .lte(Expr::col(RecordVersion::ValidTo))),
                )
                .foreign_key(&mut fk(
                    "fk_record_version_project",
                    RecordVersion::Table,
                    &[i(RecordVersion::ProjectId)],
                    Project::Table,
                    &[i(Project::Id)],
                ))
                .foreign_key(&mut fk(
                    "fk_record_version_change_set",
                    RecordVersion::Table,
                    &[i(RecordVersion::ChangeSetId)],
                    ChangeSet::Table,
                    &[i(ChangeSet::Id)],
                ))
                .to_owned(),
        )
        .await?;
    for statement in [
        index(
            "ix_record_version_current",
            RecordVersion::Table,
            &[
                i(RecordVersion::ProjectId),
                i(RecordVersion::Kind),
                i(RecordVersion::ValidTo),
                i(RecordVersion::SubProjectId),
            ],
        ),
        index(
            "ix_record_version_as_of",
            RecordVersion::Table,
            &[
                i(RecordVersion::ProjectId),
                i(RecordVersion::Kind),
                i(RecordVersion::SubProjectId),
                i(RecordVersion::ValidFrom),
            ],
        ),
        index(
            "ix_record_version_record",
            RecordVersion::Table,
            &[
                i(RecordVersion::ProjectId),
                i(RecordVersion::Kind),
                i(RecordVersion::RecordKey),
                i(RecordVersion::ValidTo),
            ],
        ),
        index(
            "ix_record_version_change_set",
            RecordVersion::Table,
            &[i(RecordVersion::ChangeSetId)],
        ),
    ] {
        manager.create_index(statement).await?;
    }

    // Field by field, what each change set changed: the history page.
    manager
        .create_table(
            Table::create()
                .table(Change::Table)
                .col(pk_auto(Change::Id))
                .col(integer(Change::ProjectId))
                .col(integer(Change::ChangeSetId))
                .col(string(Change::Kind))
                .col(string(Change::RecordKey))
                .col(integer_null(Change::SubProjectId))
                .col(string(Change::Field))
                .col(text_null(Change::OldValue))
                .col(text_null(Change::NewValue))
                .foreign_key(&mut fk(
                    "fk_change_project",
                    Change::Table,
                    &[i(Change::ProjectId)],
                    Project::Table,
                    &[i(Project::Id)],
                ))
                .foreign_key(&mut fk(
                    "fk_change_change_set",
                    Change::Table,
                    &[i(Change::ChangeSetId)],
                    ChangeSet::Table,
                    &[i(ChangeSet::Id)],
                ))
                .to_owned(),
        )
        .await?;
    for statement in [
        index(
            "ix_change_change_set",
            Change::Table,
            &[i(Change::ChangeSetId)],
        ),
        index(
            "ix_change_project",
            Change::Table,
            &[i(Change::ProjectId), i(Change::Kind), i(Change::RecordKey)],
        ),
        index(
            "ix_change_sub_project",
            Change::Table,
            &[i(Change::ProjectId), i(Change::SubProjectId)],
        ),
    ] {
        manager.create_index(statement).await?;
    }
    Ok(())
}

/// Copies the legacy rows into the rebuilt tables, deriving keys the way an
/// import of a `framdrift/1` file does.
const COPY: &[&str] = &[
    "INSERT INTO project (id, key, name, funding_programme, period_start, period_end, description, target_group, website, version)
     SELECT id, key, name, funding_programme, period_start, period_end, description, target_group, website, 1 FROM legacy_project",
    "INSERT INTO partner (id, project_id, key, name, country, description, position, version)
     SELECT id, project_id, key, name, country, description, position, 1 FROM legacy_partner",
    "INSERT INTO sub_project (id, project_id, key, name, kind, lead_partner_id, period_start, period_end, description, target_group, position, version)
     SELECT id, project_id, key, name, kind, lead_partner_id, period_start, period_end, description, target_group, position, 1 FROM legacy_sub_project",
    "INSERT INTO goal (id, project_id, sub_project_id, key, kind, position, text, version)
     SELECT g.id, g.project_id, g.sub_project_id,
            COALESCE(s.key || '/', '') || REPLACE(g.kind, '_', '-') || '-' || CAST(g.position + 1 AS TEXT),
            g.kind, g.position, g.text, 1
     FROM legacy_goal g LEFT JOIN legacy_sub_project s ON s.id = g.sub_project_id",
    "INSERT INTO activity (id, project_id, sub_project_id, key, name, position, status, percent_complete, version)
     SELECT a.id, a.project_id, a.sub_project_id,
            COALESCE(s.key || '-', '') || 'activity-' || CAST(ROW_NUMBER() OVER (PARTITION BY a.project_id, a.sub_project_id ORDER BY a.position, a.id) AS TEXT),
            a.name, a.position, 'not_started', 0, 1
     FROM legacy_activity a LEFT JOIN legacy_sub_project s ON s.id = a.sub_project_id",
    "INSERT INTO plan_cell (project_id, activity_id, year, half, marks, version)
     SELECT a.project_id, c.activity_id, c.year, c.half, c.marks, 1
     FROM legacy_plan_cell c JOIN legacy_activity a ON a.id = c.activity_id",
    "INSERT INTO milestone (id, project_id, sub_project_id, key, name, kind, first_day, last_day, place, description, status, version)
     SELECT id, project_id, sub_project_id,
            'milestone-' || CAST(ROW_NUMBER() OVER (PARTITION BY project_id ORDER BY id) AS TEXT),
            name, kind, first_day, last_day, place, description, 'planned', 1 FROM legacy_milestone",
    "INSERT INTO meeting_series (id, project_id, sub_project_id, key, name, kind, cadence, first_date, last_date, note, version)
     SELECT id, project_id, sub_project_id,
            'meeting-' || CAST(ROW_NUMBER() OVER (PARTITION BY project_id ORDER BY id) AS TEXT),
            name, kind, cadence, first_date, last_date, note, 1 FROM legacy_meeting_series",
    "INSERT INTO status_statement (id, project_id, sub_project_id, key, date, status, text, version)
     SELECT id, project_id, sub_project_id,
            'status-' || CAST(ROW_NUMBER() OVER (PARTITION BY project_id ORDER BY id) AS TEXT),
            date, status, text, 1 FROM legacy_status_statement",
];

const SERIAL_TABLES: [&str; 8] = [
    "project",
    "partner",
    "sub_project",
    "goal",
    "activity",
    "milestone",
    "meeting_series",
    "status_statement",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // The first migration's only named index would collide with nothing
        // here, but leaves the legacy copy faster to drop without it.
        manager
            .drop_index(
                Index::drop()
                    .name("idx_activity_plan")
                    .table(Alias::new("activity"))
                    .to_owned(),
            )
            .await?;
        for table in REBUILT {
            manager
                .rename_table(
                    Table::rename()
                        .table(Alias::new(table), Alias::new(format!("legacy_{table}")))
                        .to_owned(),
                )
                .await?;
        }
        create_tables(manager).await?;
        for statement in COPY {
            db.execute_unprepared(statement).await?;
        }
        if db.get_database_backend() == DatabaseBackend::Postgres {
            // Rows were copied with their ids: move each sequence past them.
            for table in SERIAL_TABLES {
                db.execute_unprepared(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                ))
                .await?;
            }
        }
        for table in REBUILT.iter().rev() {
            manager
                .drop_table(
                    Table::drop()
                        .table(Alias::new(format!("legacy_{table}")))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Going back loses history and actual progress by nature; the core
        // tables return to the first migration's shape without their data.
        for table in [
            "change",
            "record_version",
            "change_set",
            "baseline",
            "meeting_outcome",
            "progress_cell",
        ]
        .into_iter()
        .chain(REBUILT.into_iter().rev())
        {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        super::m20261122_000001_core_tables::Migration
            .up(manager)
            .await
    }
}
