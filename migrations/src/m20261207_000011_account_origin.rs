//! The project whose invitation or import created an account. A leader may
//! be handed an invitation link only for an account of their own project
//! that nobody has set a password for: without knowing where an account
//! came from, a leader of one project could "invite" (and so take over) a
//! person invited to another.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum UserAccount {
    Table,
    Id,
    PasswordHash,
    CreatedForProjectId,
}

#[derive(DeriveIden, Clone, Copy)]
enum OneTimeLink {
    Table,
    Id,
    UserId,
    ProjectId,
    Purpose,
}

#[derive(DeriveIden, Clone, Copy)]
enum Membership {
    Table,
    UserId,
    ProjectId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(UserAccount::Table)
                    .add_column(integer_null(UserAccount::CreatedForProjectId))
                    .to_owned(),
            )
            .await?;
        // Accounts still without a password: the project of their first
        // invitation, else the one project they hold roles in (an import's).
        // Anything else stays unknown, which only means no new link.
        let first_invitation = Query::select()
            .column((OneTimeLink::Table, OneTimeLink::ProjectId))
            .from(OneTimeLink::Table)
            .and_where(
                Expr::col((OneTimeLink::Table, OneTimeLink::UserId))
                    .equals((UserAccount::Table, UserAccount::Id)),
            )
            .and_where(Expr::col((OneTimeLink::Table, OneTimeLink::Purpose)).eq("invite"))
            .order_by((OneTimeLink::Table, OneTimeLink::Id), Order::Asc)
            .limit(1)
            .to_owned();
        manager
            .exec_stmt(
                Query::update()
                    .table(UserAccount::Table)
                    .value(
                        UserAccount::CreatedForProjectId,
                        SimpleExpr::SubQuery(
                            None,
                            Box::new(first_invitation.into_sub_query_statement()),
                        ),
                    )
                    .and_where(Expr::col(UserAccount::PasswordHash).is_null())
                    .to_owned(),
            )
            .await?;
        let projects_of = |count: bool| {
            let mut select = Query::select();
            if count {
                select.expr(Expr::col((Membership::Table, Membership::ProjectId)).count_distinct());
            } else {
                select.expr(Expr::col((Membership::Table, Membership::ProjectId)).min());
            }
            select
                .from(Membership::Table)
                .and_where(
                    Expr::col((Membership::Table, Membership::UserId))
                        .equals((UserAccount::Table, UserAccount::Id)),
                )
                .to_owned()
        };
        manager
            .exec_stmt(
                Query::update()
                    .table(UserAccount::Table)
                    .value(
                        UserAccount::CreatedForProjectId,
                        SimpleExpr::SubQuery(
                            None,
                            Box::new(projects_of(false).into_sub_query_statement()),
                        ),
                    )
                    .and_where(Expr::col(UserAccount::PasswordHash).is_null())
                    .and_where(Expr::col(UserAccount::CreatedForProjectId).is_null())
                    .and_where(
                        SimpleExpr::SubQuery(
                            None,
                            Box::new(projects_of(true).into_sub_query_statement()),
                        )
                        .eq(1),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(UserAccount::Table)
                    .drop_column(UserAccount::CreatedForProjectId)
                    .to_owned(),
            )
            .await
    }
}
