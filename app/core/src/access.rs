//! Who may do what: the one place every read and write asks.
//!
//! - An administrator may do everything, in every project.
//! - A project leader may do everything in the project.
//! - A sub-project leader may change the records of their own sub-projects
//!   (plan, progress, milestones, meetings, status) and nothing project-wide.
//! - A partner, a share link of the project, and anyone for a public project,
//!   may read it.
//!
//! Writes name an [`Action`]; the records they touch are checked against the
//! caller's [`Scope`] as they are recorded (`edit::Edit::record`), so a
//! sub-project leader cannot reach another sub-project through any command.

use std::collections::HashSet;
use std::sync::Arc;

use sea_orm::sea_query::{Condition, Expr, ExprTrait, LockType};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, FromQueryResult,
    JoinType, QueryFilter, QueryResult, QuerySelect, QueryTrait, RelationDef,
};

use crate::domain::ProjectAccess;
use crate::domain::Role;
use crate::entities::{membership, project, sub_project};
use crate::error::AppError;
use crate::history::revision;
use crate::history::watch::ProjectWatch;
use crate::identity::Caller;

/// What a write does, for deciding whether the caller may.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    EditPlan,
    RecordProgress,
    EditSchedule,
    EditFacts,
    ManageBaselines,
    ManageMembers,
    ManageShareLinks,
    /// Merging an exchange file onto the project: it may change anything.
    MergeFiles,
    /// Making the project public or private.
    SetVisibility,
    /// Archiving or restoring the whole project (administrators: they are
    /// asked first, `must_administer`).
    ArchiveProject,
}

impl Action {
    /// Actions only a project leader (or an administrator) may take.
    fn leaders_only(self) -> bool {
        matches!(
            self,
            Action::ManageBaselines
                | Action::ManageMembers
                | Action::ManageShareLinks
                | Action::MergeFiles
                | Action::SetVisibility
                | Action::ArchiveProject
        )
    }
}

/// Which records of a project a write may touch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Everything,
    /// Records of these sub-projects (by id) only.
    SubProjects(HashSet<i32>),
}

impl Scope {
    /// Whether a record of sub-project `scope` (none: project-wide) is in it.
    pub fn covers(&self, scope: Option<i32>) -> bool {
        match self {
            Scope::Everything => true,
            Scope::SubProjects(ids) => scope.is_some_and(|id| ids.contains(&id)),
        }
    }
}

/// What the caller may do in one project.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grant {
    pub read: bool,
    /// Holds a role in the project (or is an administrator): not only a
    /// reader of a public project or a share link.
    pub member: bool,
    pub lead: bool,
    /// Sub-projects the caller leads (ids).
    pub sub_projects: HashSet<i32>,
}

/// The caller's rights in `project`, from their memberships, a share link
/// or the project being public.
pub async fn grant(
    db: &impl ConnectionTrait,
    caller: &Caller,
    project: &project::Model,
) -> Result<Grant, AppError> {
    let Some(user_id) = roles_count_for(caller) else {
        return Ok(grant_before_roles(caller, project));
    };
    let roles = membership::Entity::find()
        .filter(membership::Column::ProjectId.eq(project.id))
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::ArchivedAt.is_null())
        .all(db)
        .await?;
    Ok(grant_with_roles(
        caller,
        project,
        roles.iter().map(|r| (r.role.as_str(), r.sub_project_id)),
    ))
}

/// The caller's rights in `project` given their active roles there (role
/// code, sub-project id), however those were read.
fn grant_with_roles<'a>(
    caller: &Caller,
    project: &project::Model,
    roles: impl IntoIterator<Item = (&'a str, Option<i32>)>,
) -> Grant {
    let mut grant = grant_before_roles(caller, project);
    if roles_count_for(caller).is_some() {
        for (role, sub_project_id) in roles {
            add_role(&mut grant, role, sub_project_id);
        }
    }
    grant
}

/// The person whose roles in a project decide what they may do there: a
/// signed-in account that is no administrator (the operator and
/// administrators may do everything; others have no roles).
fn roles_count_for(caller: &Caller) -> Option<i32> {
    if caller.operator {
        return None;
    }
    caller
        .user
        .as_ref()
        .filter(|user| !user.is_admin)
        .map(|user| user.id)
}

/// The caller's rights in `project` before their roles there are counted.
fn grant_before_roles(caller: &Caller, project: &project::Model) -> Grant {
    let everything = caller.operator || caller.user.as_ref().is_some_and(|u| u.is_admin);
    Grant {
        read: everything
            || project.public
            || caller
                .share
                .as_ref()
                .is_some_and(|s| s.project_id == project.id),
        member: everything,
        lead: everything,
        sub_projects: HashSet::new(),
    }
}

fn add_role(grant: &mut Grant, role: &str, sub_project_id: Option<i32>) {
    grant.read = true;
    grant.member = true;
    match Role::from_code(role) {
        Some(Role::Leader) => grant.lead = true,
        Some(Role::SubProjectLeader) => grant.sub_projects.extend(sub_project_id),
        Some(Role::Partner) | None => {}
    }
}

/// The project a request's path names and the caller's rights there, read
/// with the caller's session in one statement (`caller::identify`), so that
/// a signed-in read asks the database once. On the `Caller` only for GET
/// and HEAD: within a request that writes, what was read before the write
/// is not what a read after it must see — there it is a [`WriteGate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prefetched {
    pub key: String,
    pub found: revision::Stamped,
    pub grant: Grant,
}

/// A request that writes: the project and rights read with its session,
/// for the one check before the write (`api::require_read` takes it out of
/// the request) and for nothing after it. The write decides again inside
/// its transaction (`for_edit`). Without it a write's session and its read
/// check were two statements, each waiting for a connection of the readers'
/// pool behind the reads (docs/performance.md).
#[derive(Clone, Debug)]
pub struct WriteGate(pub Arc<Prefetched>);

/// The aliases under which a join selects the caller's role in the project.
pub const MEMBER_ROLE: &str = "member_role";
pub const MEMBER_SUB_PROJECT: &str = "member_sub_project";

/// A row of the project joined with one of the caller's roles in it (none
/// when they hold none).
pub struct WithRole {
    found: revision::Stamped,
    role: Option<String>,
    sub_project_id: Option<i32>,
}

impl FromQueryResult for WithRole {
    fn from_query_result(row: &QueryResult, prefix: &str) -> Result<Self, DbErr> {
        Ok(Self {
            found: revision::Stamped::from_query_result(row, prefix)?,
            role: row.try_get(prefix, MEMBER_ROLE)?,
            sub_project_id: row.try_get(prefix, MEMBER_SUB_PROJECT)?,
        })
    }
}

/// The project the rows hold and the caller's rights there from the roles
/// they carry; none without rows (no such project).
pub fn grant_of_rows(caller: &Caller, rows: Vec<WithRole>) -> Option<(revision::Stamped, Grant)> {
    let first = rows.first()?;
    let grant = grant_with_roles(
        caller,
        &first.found.project,
        rows.iter()
            .filter_map(|row| Some((row.role.as_deref()?, row.sub_project_id))),
    );
    rows.into_iter().next().map(|row| (row.found, grant))
}

/// The project `key` with its revision, and the caller's rights there: for
/// a signed-in member one read of the project joined with their roles
/// (every signed-in request pays for this).
///
/// Without roles to read, the project may come from `watch`; an edit's
/// read ([`Lock::Project`]) always asks the database.
async fn find_with_grant(
    db: &impl ConnectionTrait,
    watch: Option<&ProjectWatch>,
    caller: &Caller,
    key: &str,
    lock: Lock,
) -> Result<Option<(revision::Stamped, Grant)>, AppError> {
    let Some(user_id) = roles_count_for(caller) else {
        let found = match (lock, watch) {
            (Lock::None, Some(watch)) => find_watched(db, watch, key).await?,
            (Lock::None, None) => revision::find(db, key).await?,
            (Lock::Project, _) => {
                revision::select(key)
                    .lock_exclusive()
                    .into_model::<revision::Stamped>()
                    .one(db)
                    .await?
            }
        };
        let Some(found) = found else {
            return Ok(None);
        };
        let grant = grant_before_roles(caller, &found.project);
        return Ok(Some((found, grant)));
    };
    let roles = membership::Entity::belongs_to(project::Entity)
        .from(membership::Column::ProjectId)
        .to(project::Column::Id)
        .on_condition(move |_, roles| {
            Condition::all()
                .add(Expr::col((roles.clone(), membership::Column::UserId)).eq(user_id))
                .add(Expr::col((roles, membership::Column::ArchivedAt)).is_null())
        });
    let mut select = revision::select(key)
        .join(JoinType::LeftJoin, RelationDef::from(roles).rev())
        .column_as(membership::Column::Role, MEMBER_ROLE)
        .column_as(membership::Column::SubProjectId, MEMBER_SUB_PROJECT);
    if lock == Lock::Project {
        // Of the project row only: PostgreSQL locks no row of the outer
        // join's nullable side (SQLite ignores the clause; its writer is
        // alone anyway).
        QueryTrait::query(&mut select).lock_with_tables(LockType::Update, [project::Entity]);
    }
    let rows = select.into_model::<WithRole>().all(db).await?;
    Ok(grant_of_rows(caller, rows))
}

/// The project `key` as `watch` keeps it, or read (and kept if it may be).
async fn find_watched(
    db: &impl ConnectionTrait,
    watch: &ProjectWatch,
    key: &str,
) -> Result<Option<revision::Stamped>, DbErr> {
    if let Some(found) = watch.find(key) {
        return Ok(Some(found));
    }
    // Taken before the read: a change noticed during it is not missed.
    let ticket = watch.ticket();
    let found = revision::find(db, key).await?;
    if let (Some(ticket), Some(found)) = (ticket, &found) {
        watch.keep(ticket, key, found);
    }
    Ok(found)
}

/// Whether [`find_with_grant`] locks the project row for the transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lock {
    None,
    Project,
}

/// The project `key` and the caller's rights there, in one read that locks
/// the project row until `txn` ends: how an edit begins (one edit of a
/// project at a time).
pub async fn for_edit(
    txn: &DatabaseTransaction,
    caller: &Caller,
    key: &str,
) -> Result<(project::Model, Grant), AppError> {
    let (found, grant) = find_with_grant(txn, None, caller, key, Lock::Project)
        .await?
        .ok_or_else(|| AppError::not_found("project", key))?;
    Ok((found.project, grant))
}

/// The rights of a person with roles in project `key`, read without a lock
/// (an edit's early refusal, `edit::refuse_early`); None for those whose
/// roles do not count (administrators, the operator) and for an unknown
/// project.
pub async fn rights_of(
    db: &impl ConnectionTrait,
    caller: &Caller,
    key: &str,
) -> Result<Option<Grant>, AppError> {
    if roles_count_for(caller).is_none() {
        return Ok(None);
    }
    Ok(find_with_grant(db, None, caller, key, Lock::None)
        .await?
        .map(|(_, grant)| grant))
}

/// May the caller create a project: administrators (and the command line)
/// may; whoever else is signed in is refused (403), the anonymous asked to
/// sign in (401). The creator becomes the new project's leader.
pub async fn may_create_projects(
    db: &impl ConnectionTrait,
    caller: &Caller,
) -> Result<(), AppError> {
    if must_administer(caller).is_ok() {
        return Ok(());
    }
    if caller.user.is_some() && ProjectCreators::read(db).await? == ProjectCreators::SignedIn {
        return Ok(());
    }
    Err(caller.refusal())
}

/// Who may create projects: an installation setting its administrators
/// choose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ProjectCreators {
    /// Administrators only (the default).
    #[default]
    Administrators,
    /// Every signed-in account.
    SignedIn,
}

impl ProjectCreators {
    /// The setting's name in `installation_setting`.
    pub const NAME: &str = "project_creators";

    pub fn code(self) -> &'static str {
        match self {
            ProjectCreators::Administrators => "administrators",
            ProjectCreators::SignedIn => "signed_in",
        }
    }

    /// The installation's setting; the default without one.
    pub async fn read(db: &impl ConnectionTrait) -> Result<Self, AppError> {
        use crate::entities::installation_setting;
        let stored = installation_setting::Entity::find_by_id(Self::NAME.to_owned())
            .one(db)
            .await?;
        Ok(match stored.as_ref().map(|s| s.value.as_str()) {
            Some("signed_in") => ProjectCreators::SignedIn,
            _ => ProjectCreators::Administrators,
        })
    }
}

/// Refuses anyone but an administrator (or the server's operator): for
/// what concerns the installation, not one project (archiving a project).
pub fn must_administer(caller: &Caller) -> Result<(), AppError> {
    let administrator = caller.operator || caller.user.as_ref().is_some_and(|u| u.is_admin);
    if administrator {
        Ok(())
    } else {
        Err(caller.refusal())
    }
}

/// May the caller take `action`, and on which records.
pub fn authorise(caller: &Caller, grant: &Grant, action: Action) -> Result<Scope, AppError> {
    if grant.lead {
        return Ok(Scope::Everything);
    }
    if !action.leaders_only() && !grant.sub_projects.is_empty() {
        return Ok(Scope::SubProjects(grant.sub_projects.clone()));
    }
    Err(caller.refusal())
}

/// The project known as `key`, if the caller may read it; otherwise the
/// anonymous are asked to sign in (401) and others refused (403). Project
/// keys are names, not secrets: an unknown one answers 404.
pub async fn readable(
    db: &impl ConnectionTrait,
    caller: &Caller,
    key: &str,
) -> Result<(project::Model, Grant), AppError> {
    readable_at_revision(db, None, caller, key)
        .await
        .map(|(found, grant)| (found.project, grant))
}

/// As [`readable`], with the revision the project was read at (for caching
/// what is read from it), taken from `watch` when it keeps the project.
pub async fn readable_at_revision(
    db: &impl ConnectionTrait,
    watch: Option<&ProjectWatch>,
    caller: &Caller,
    key: &str,
) -> Result<(revision::Stamped, Grant), AppError> {
    let (found, grant) = match caller.prefetched.as_deref().filter(|p| p.key == key) {
        Some(read) => (read.found.clone(), read.grant.clone()),
        None => find_with_grant(db, watch, caller, key, Lock::None)
            .await?
            .ok_or_else(|| AppError::not_found("project", key))?,
    };
    if !grant.read {
        return Err(caller.refusal());
    }
    Ok((found, grant))
}

/// What the pages need to know to offer edit controls (the server decides
/// again on every write).
pub async fn project_access(
    db: &impl ConnectionTrait,
    caller: &Caller,
    project: &project::Model,
    grant: &Grant,
) -> Result<ProjectAccess, AppError> {
    // A leader may edit every sub-project; the list names only a
    // sub-project leader's own.
    let sub_projects = if grant.lead || grant.sub_projects.is_empty() {
        Vec::new()
    } else {
        sub_project::Entity::find()
            .filter(sub_project::Column::ProjectId.eq(project.id))
            .filter(sub_project::Column::Id.is_in(grant.sub_projects.iter().copied()))
            .all(db)
            .await?
            .into_iter()
            .map(|s| s.key)
            .collect()
    };
    Ok(ProjectAccess {
        signed_in: caller.user.is_some(),
        lead: grant.lead,
        sub_projects,
        shared: caller.user.is_none() && caller.share.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::SignedIn;

    fn person() -> Caller {
        Caller::user(SignedIn {
            id: 7,
            email: "a@b.no".into(),
            display_name: "A".into(),
            is_admin: false,
        })
    }

    #[test]
    fn leaders_may_do_everything_and_sub_project_leaders_their_own() {
        let leader = Grant {
            read: true,
            lead: true,
            ..Grant::default()
        };
        assert_eq!(
            authorise(&person(), &leader, Action::ManageMembers),
            Ok(Scope::Everything)
        );
        let sub = Grant {
            read: true,
            member: true,
            lead: false,
            sub_projects: [3].into(),
        };
        let scope = authorise(&person(), &sub, Action::EditPlan).expect("allowed");
        assert!(scope.covers(Some(3)));
        assert!(!scope.covers(Some(4)));
        assert!(!scope.covers(None));
        assert_eq!(
            authorise(&person(), &sub, Action::ManageBaselines),
            Err(AppError::Forbidden)
        );
    }

    #[test]
    fn readers_are_refused_writes_and_the_anonymous_asked_to_sign_in() {
        let reader = Grant {
            read: true,
            ..Grant::default()
        };
        assert_eq!(
            authorise(&person(), &reader, Action::RecordProgress),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            authorise(&Caller::anonymous(), &reader, Action::RecordProgress),
            Err(AppError::Unauthorised)
        );
    }
}
