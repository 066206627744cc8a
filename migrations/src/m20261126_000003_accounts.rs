//! Accounts, roles and sharing: people, their roles per project, sessions,
//! read-only share links, personal API tokens, one-time links (first
//! administrator, password reset, invitations) and login attempts (for
//! throttling). Everything that decides who may do what lives in the database,
//! so several server processes on one PostgreSQL agree.
//!
//! Tokens are never stored: only their SHA-256, so a copy of the database
//! opens no door. Memberships and share links are records of their project
//! with a version and an archive date, like the plan: who had which role
//! when stays in the history.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Project {
    Table,
    Id,
    Public,
}

#[derive(DeriveIden, Clone, Copy)]
enum SubProject {
    Table,
    Id,
    ProjectId,
}

#[derive(DeriveIden, Clone, Copy)]
enum ChangeSet {
    Table,
    UserId,
}

#[derive(DeriveIden, Clone, Copy)]
enum UserAccount {
    Table,
    Id,
    Email,
    DisplayName,
    PasswordHash,
    IsAdmin,
    CreatedAt,
    DisabledAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Membership {
    Table,
    Id,
    ProjectId,
    Key,
    UserId,
    Role,
    SubProjectId,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Session {
    Table,
    Id,
    UserId,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ShareLink {
    Table,
    Id,
    ProjectId,
    Key,
    Label,
    TokenHash,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ApiToken {
    Table,
    Id,
    UserId,
    Label,
    TokenHash,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OneTimeLink {
    Table,
    Id,
    TokenHash,
    Purpose,
    UserId,
    ProjectId,
    Email,
    Role,
    SubProjectId,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LoginAttempt {
    Table,
    Id,
    Email,
    Address,
    At,
    Succeeded,
}

const ROLES: [&str; 3] = ["leader", "sub_project_leader", "partner"];

fn i(iden: impl IntoIden) -> DynIden {
    iden.into_iden()
}

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
    key.to_owned()
}

fn index(name: &str, table: impl IntoIden, cols: &[DynIden]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for c in cols {
        index.col(c.clone());
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Published plans are readable by anyone; the rest need a membership
        // or a share link.
        manager
            .alter_table(
                Table::alter()
                    .table(Project::Table)
                    .add_column(boolean(Project::Public).default(false))
                    .to_owned(),
            )
            .await?;
        // Who made a change, when it was a person with an account. SQLite
        // cannot add a foreign key to a table: the account is looked up, and
        // accounts are disabled, never deleted.
        manager
            .alter_table(
                Table::alter()
                    .table(ChangeSet::Table)
                    .add_column(integer_null(ChangeSet::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_change_set_user",
                ChangeSet::Table,
                &[i(ChangeSet::UserId)],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UserAccount::Table)
                    .col(pk_auto(UserAccount::Id))
                    // Stored trimmed and in lower case: one account per address.
                    .col(string(UserAccount::Email).unique_key())
                    .col(string(UserAccount::DisplayName))
                    // None until the person sets one through an invitation.
                    .col(string_null(UserAccount::PasswordHash))
                    .col(boolean(UserAccount::IsAdmin).default(false))
                    .col(timestamp_with_time_zone(UserAccount::CreatedAt))
                    .col(timestamp_with_time_zone_null(UserAccount::DisabledAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Membership::Table)
                    .col(pk_auto(Membership::Id))
                    .col(integer(Membership::ProjectId))
                    .col(string(Membership::Key))
                    .col(integer(Membership::UserId))
                    .col(string(Membership::Role).check(Expr::col(Membership::Role).is_in(ROLES)))
                    .col(integer_null(Membership::SubProjectId))
                    .col(integer(Membership::Version).default(1))
                    .col(timestamp_with_time_zone_null(Membership::ArchivedAt))
                    // A sub-project leader leads one named sub-project; the
                    // other roles hold for the whole project.
                    .check(
                        Expr::col(Membership::Role)
                            .eq("sub_project_leader")
                            .eq(Expr::col(Membership::SubProjectId).is_not_null()),
                    )
                    .foreign_key(&mut fk(
                        "fk_membership_project",
                        Membership::Table,
                        &[i(Membership::ProjectId)],
                        Project::Table,
                        &[i(Project::Id)],
                    ))
                    .foreign_key(&mut fk(
                        "fk_membership_user",
                        Membership::Table,
                        &[i(Membership::UserId)],
                        UserAccount::Table,
                        &[i(UserAccount::Id)],
                    ))
                    .foreign_key(&mut fk(
                        "fk_membership_sub_project",
                        Membership::Table,
                        &[i(Membership::ProjectId), i(Membership::SubProjectId)],
                        SubProject::Table,
                        &[i(SubProject::ProjectId), i(SubProject::Id)],
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    // The SHA-256 of the id in the cookie.
                    .col(string(Session::Id).primary_key())
                    .col(integer_null(Session::UserId))
                    .col(text(Session::Data))
                    .col(timestamp_with_time_zone(Session::ExpiresAt))
                    .foreign_key(
                        &mut fk(
                            "fk_session_user",
                            Session::Table,
                            &[i(Session::UserId)],
                            UserAccount::Table,
                            &[i(UserAccount::Id)],
                        )
                        .on_delete(ForeignKeyAction::Cascade)
                        .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ShareLink::Table)
                    .col(pk_auto(ShareLink::Id))
                    .col(integer(ShareLink::ProjectId))
                    .col(string(ShareLink::Key))
                    .col(string(ShareLink::Label))
                    .col(string(ShareLink::TokenHash).unique_key())
                    .col(integer_null(ShareLink::CreatedBy))
                    .col(timestamp_with_time_zone(ShareLink::CreatedAt))
                    .col(timestamp_with_time_zone_null(ShareLink::ExpiresAt))
                    .col(integer(ShareLink::Version).default(1))
                    // Revoked links are archived: the history keeps them.
                    .col(timestamp_with_time_zone_null(ShareLink::ArchivedAt))
                    .foreign_key(&mut fk(
                        "fk_share_link_project",
                        ShareLink::Table,
                        &[i(ShareLink::ProjectId)],
                        Project::Table,
                        &[i(Project::Id)],
                    ))
                    .foreign_key(&mut fk(
                        "fk_share_link_creator",
                        ShareLink::Table,
                        &[i(ShareLink::CreatedBy)],
                        UserAccount::Table,
                        &[i(UserAccount::Id)],
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiToken::Table)
                    .col(pk_auto(ApiToken::Id))
                    .col(integer(ApiToken::UserId))
                    .col(string(ApiToken::Label))
                    .col(string(ApiToken::TokenHash).unique_key())
                    .col(timestamp_with_time_zone(ApiToken::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiToken::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiToken::RevokedAt))
                    .foreign_key(&mut fk(
                        "fk_api_token_user",
                        ApiToken::Table,
                        &[i(ApiToken::UserId)],
                        UserAccount::Table,
                        &[i(UserAccount::Id)],
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OneTimeLink::Table)
                    .col(pk_auto(OneTimeLink::Id))
                    .col(string(OneTimeLink::TokenHash).unique_key())
                    .col(
                        string(OneTimeLink::Purpose).check(
                            Expr::col(OneTimeLink::Purpose).is_in(["setup", "reset", "invite"]),
                        ),
                    )
                    .col(integer_null(OneTimeLink::UserId))
                    .col(integer_null(OneTimeLink::ProjectId))
                    .col(string_null(OneTimeLink::Email))
                    .col(string_null(OneTimeLink::Role))
                    .col(integer_null(OneTimeLink::SubProjectId))
                    .col(integer_null(OneTimeLink::CreatedBy))
                    .col(timestamp_with_time_zone(OneTimeLink::CreatedAt))
                    .col(timestamp_with_time_zone(OneTimeLink::ExpiresAt))
                    .col(timestamp_with_time_zone_null(OneTimeLink::UsedAt))
                    .foreign_key(&mut fk(
                        "fk_one_time_link_user",
                        OneTimeLink::Table,
                        &[i(OneTimeLink::UserId)],
                        UserAccount::Table,
                        &[i(UserAccount::Id)],
                    ))
                    .foreign_key(&mut fk(
                        "fk_one_time_link_project",
                        OneTimeLink::Table,
                        &[i(OneTimeLink::ProjectId)],
                        Project::Table,
                        &[i(Project::Id)],
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginAttempt::Table)
                    .col(pk_auto(LoginAttempt::Id))
                    .col(string(LoginAttempt::Email))
                    .col(string(LoginAttempt::Address))
                    .col(timestamp_with_time_zone(LoginAttempt::At))
                    .col(boolean(LoginAttempt::Succeeded))
                    .to_owned(),
            )
            .await?;

        for statement in [
            index(
                "idx_membership_key",
                Membership::Table,
                &[i(Membership::ProjectId), i(Membership::Key)],
            )
            .unique()
            .to_owned(),
            index(
                "idx_membership_user",
                Membership::Table,
                &[i(Membership::UserId)],
            ),
            index(
                "idx_membership_sub_project",
                Membership::Table,
                &[i(Membership::ProjectId), i(Membership::SubProjectId)],
            ),
            index("idx_session_user", Session::Table, &[i(Session::UserId)]),
            index(
                "idx_session_expires",
                Session::Table,
                &[i(Session::ExpiresAt)],
            ),
            index(
                "idx_share_link_key",
                ShareLink::Table,
                &[i(ShareLink::ProjectId), i(ShareLink::Key)],
            )
            .unique()
            .to_owned(),
            index(
                "idx_share_link_creator",
                ShareLink::Table,
                &[i(ShareLink::CreatedBy)],
            ),
            index(
                "idx_api_token_user",
                ApiToken::Table,
                &[i(ApiToken::UserId)],
            ),
            index(
                "idx_one_time_link_user",
                OneTimeLink::Table,
                &[i(OneTimeLink::UserId)],
            ),
            index(
                "idx_one_time_link_project",
                OneTimeLink::Table,
                &[i(OneTimeLink::ProjectId)],
            ),
            index(
                "idx_login_attempt_email",
                LoginAttempt::Table,
                &[i(LoginAttempt::Email), i(LoginAttempt::At)],
            ),
            index(
                "idx_login_attempt_address",
                LoginAttempt::Table,
                &[i(LoginAttempt::Address), i(LoginAttempt::At)],
            ),
        ] {
            manager.create_index(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "login_attempt",
            "one_time_link",
            "api_token",
            "share_link",
            "session",
            "membership",
            "user_account",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_change_set_user")
                    .table(ChangeSet::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ChangeSet::Table)
                    .drop_column(ChangeSet::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Project::Table)
                    .drop_column(Project::Public)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
