//! The core of a progress plan: project, partners, sub-projects, activities with
//! their planned marks per half-year, milestones, meeting series and status
//! statements.
//!
//! Actual progress, history and baselines (next issues) attach to `activity`
//! and to the (activity, year, half) cell key in their own tables, so nothing
//! here has to be rewritten for them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
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
}

/// Overall goals and sub-goals of the project or of one sub-project, ordered.
#[derive(DeriveIden)]
enum Goal {
    Table,
    Id,
    ProjectId,
    SubProjectId,
    Kind,
    Position,
    Text,
}

#[derive(DeriveIden)]
enum Partner {
    Table,
    Id,
    ProjectId,
    Key,
    Name,
    Country,
    Description,
    Position,
}

#[derive(DeriveIden)]
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
}

#[derive(DeriveIden)]
enum Activity {
    Table,
    Id,
    ProjectId,
    SubProjectId,
    Name,
    Position,
}

#[derive(DeriveIden)]
enum PlanCell {
    Table,
    ActivityId,
    Year,
    Half,
    Marks,
}

#[derive(DeriveIden)]
enum Milestone {
    Table,
    Id,
    ProjectId,
    SubProjectId,
    Name,
    Kind,
    FirstDay,
    LastDay,
    Place,
    Description,
}

#[derive(DeriveIden)]
enum MeetingSeries {
    Table,
    Id,
    ProjectId,
    SubProjectId,
    Name,
    Kind,
    Cadence,
    FirstDate,
    LastDate,
    Note,
}

#[derive(DeriveIden)]
enum StatusStatement {
    Table,
    Id,
    ProjectId,
    SubProjectId,
    Date,
    Status,
    Text,
}

fn cascade_to_project(
    table: impl IntoTableRef,
    column: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Project::Table, Project::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn cascade_to_sub_project(
    table: impl IntoTableRef,
    column: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(SubProject::Table, SubProject::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Project::Table)
                    .col(pk_auto(Project::Id))
                    .col(string_uniq(Project::Key))
                    .col(string(Project::Name))
                    .col(string(Project::FundingProgramme))
                    .col(date(Project::PeriodStart))
                    .col(date(Project::PeriodEnd))
                    .col(text(Project::Description))
                    .col(text(Project::TargetGroup))
                    .col(string(Project::Website))
                    .to_owned(),
            )
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
                    .foreign_key(&mut cascade_to_project(Partner::Table, Partner::ProjectId))
                    .index(
                        Index::create()
                            .unique()
                            .col(Partner::ProjectId)
                            .col(Partner::Key),
                    )
                    .to_owned(),
            )
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
                        string(SubProject::Kind).check(
                            Expr::col(SubProject::Kind).is_in(["development", "evaluation"]),
                        ),
                    )
                    .col(integer_null(SubProject::LeadPartnerId))
                    .col(date(SubProject::PeriodStart))
                    .col(date(SubProject::PeriodEnd))
                    .col(text(SubProject::Description))
                    .col(text(SubProject::TargetGroup))
                    .col(integer(SubProject::Position))
                    .foreign_key(&mut cascade_to_project(
                        SubProject::Table,
                        SubProject::ProjectId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SubProject::Table, SubProject::LeadPartnerId)
                            .to(Partner::Table, Partner::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .index(
                        Index::create()
                            .unique()
                            .col(SubProject::ProjectId)
                            .col(SubProject::Key),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Goal::Table)
                    .col(pk_auto(Goal::Id))
                    .col(integer(Goal::ProjectId))
                    .col(integer_null(Goal::SubProjectId))
                    .col(
                        string(Goal::Kind).check(Expr::col(Goal::Kind).is_in(["goal", "sub_goal"])),
                    )
                    .col(integer(Goal::Position))
                    .col(text(Goal::Text))
                    .foreign_key(&mut cascade_to_project(Goal::Table, Goal::ProjectId))
                    .foreign_key(&mut cascade_to_sub_project(Goal::Table, Goal::SubProjectId))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Activity::Table)
                    .col(pk_auto(Activity::Id))
                    .col(integer(Activity::ProjectId))
                    .col(integer_null(Activity::SubProjectId))
                    .col(string(Activity::Name))
                    .col(integer(Activity::Position))
                    .foreign_key(&mut cascade_to_project(
                        Activity::Table,
                        Activity::ProjectId,
                    ))
                    .foreign_key(&mut cascade_to_sub_project(
                        Activity::Table,
                        Activity::SubProjectId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_activity_plan")
                    .table(Activity::Table)
                    .col(Activity::ProjectId)
                    .col(Activity::SubProjectId)
                    .col(Activity::Position)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PlanCell::Table)
                    .col(integer(PlanCell::ActivityId))
                    .col(integer(PlanCell::Year))
                    .col(
                        small_integer(PlanCell::Half)
                            .check(Expr::col(PlanCell::Half).is_in([1, 2])),
                    )
                    .col(
                        small_integer(PlanCell::Marks)
                            .check(Expr::col(PlanCell::Marks).between(0, 6)),
                    )
                    .primary_key(
                        Index::create()
                            .col(PlanCell::ActivityId)
                            .col(PlanCell::Year)
                            .col(PlanCell::Half),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PlanCell::Table, PlanCell::ActivityId)
                            .to(Activity::Table, Activity::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Milestone::Table)
                    .col(pk_auto(Milestone::Id))
                    .col(integer(Milestone::ProjectId))
                    .col(integer_null(Milestone::SubProjectId))
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
                    .foreign_key(&mut cascade_to_project(
                        Milestone::Table,
                        Milestone::ProjectId,
                    ))
                    .foreign_key(&mut cascade_to_sub_project(
                        Milestone::Table,
                        Milestone::SubProjectId,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MeetingSeries::Table)
                    .col(pk_auto(MeetingSeries::Id))
                    .col(integer(MeetingSeries::ProjectId))
                    .col(integer_null(MeetingSeries::SubProjectId))
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
                    .foreign_key(&mut cascade_to_project(
                        MeetingSeries::Table,
                        MeetingSeries::ProjectId,
                    ))
                    .foreign_key(&mut cascade_to_sub_project(
                        MeetingSeries::Table,
                        MeetingSeries::SubProjectId,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StatusStatement::Table)
                    .col(pk_auto(StatusStatement::Id))
                    .col(integer(StatusStatement::ProjectId))
                    .col(integer_null(StatusStatement::SubProjectId))
                    .col(date(StatusStatement::Date))
                    .col(string(StatusStatement::Status).check(
                        Expr::col(StatusStatement::Status).is_in(["on_track", "at_risk", "behind"]),
                    ))
                    .col(text(StatusStatement::Text))
                    .foreign_key(&mut cascade_to_project(
                        StatusStatement::Table,
                        StatusStatement::ProjectId,
                    ))
                    .foreign_key(&mut cascade_to_sub_project(
                        StatusStatement::Table,
                        StatusStatement::SubProjectId,
                    ))
                    .to_owned(),
            )
            .await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents, so foreign keys never dangle.
        for table in [
            StatusStatement::Table.into_iden(),
            MeetingSeries::Table.into_iden(),
            Milestone::Table.into_iden(),
            PlanCell::Table.into_iden(),
            Activity::Table.into_iden(),
            Goal::Table.into_iden(),
            SubProject::Table.into_iden(),
            Partner::Table.into_iden(),
            Project::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
