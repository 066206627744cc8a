//! The authorisation matrix: every write, through the JSON API and as a
//! server function, by every kind of caller. A caller without the right is
//! refused with 401 or 403 and the data stays exactly as it was; a caller
//! with it gets past authorisation (the first of them succeeds).
//!
//! The writes come from the router itself (the OpenAPI document) and from
//! the registered server functions: a new write without a case here fails
//! `every_write_has_a_case`.

use crate::common;

use std::collections::HashSet;

use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode};
use leptos::prelude::{LeptosOptions, Owner, provide_context};
use leptos::reactive::computed::ScopedFuture;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use serde::de::DeserializeOwned;

use app::account::caller::active_user;
use app::domain::Role;
use app::edit::Writer;
use app::entities::{
    activity, baseline, change_set, meeting_outcome, meeting_series, membership, milestone,
    partner, plan_cell, progress_cell, project, share_link, sub_project, user_account,
};
use app::error::AppError;
use app::exchange;
use app::identity::{Caller, SharedProject};
use app::plan::inputs::Saved;
use app::state::AppState;
use common::{function_name, rpc_path};

const KEY: &str = "interreg-integrering";
const BASE: &str = "/api/v1/projects/interreg-integrering";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    ShareLink,
    Partner,
    OtherSubProjectLeader,
    SubProjectLeader,
    OtherProjectLeader,
    ProjectLeader,
    Administrator,
}

const EVERYONE: [Who; 8] = [
    Who::Anonymous,
    Who::ShareLink,
    Who::Partner,
    Who::OtherSubProjectLeader,
    Who::SubProjectLeader,
    Who::OtherProjectLeader,
    Who::ProjectLeader,
    Who::Administrator,
];

/// What a write touches: something of the sub-project Stjørdal (whose
/// leader may), or something only the project's leaders may change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Stjordal,
    LeadersOnly,
}

impl Target {
    fn allows(self, who: Who) -> bool {
        match who {
            Who::ProjectLeader | Who::Administrator => true,
            Who::SubProjectLeader => self == Target::Stjordal,
            _ => false,
        }
    }
}

/// One write: the server function, the API route, what it touches, and
/// its body with `{v:kind:key}` standing for the record's current version.
struct Case {
    function: &'static str,
    method: &'static str,
    /// Under `BASE`.
    path: &'static str,
    /// The record the path names (activity, partner, …), if any.
    record: Option<&'static str>,
    /// For archive and restore: which.
    archived: Option<bool>,
    target: Target,
    body: &'static str,
}

const STJ_ACTIVITY: &str = "stjordal-kartlegging";
const STJ_MILESTONE: &str = "samling-i-stjordal";

fn cases() -> Vec<Case> {
    use Target::*;
    let case = |function, method, path, record, archived, target, body| Case {
        function,
        method,
        path,
        record,
        archived,
        target,
        body,
    };
    vec![
        case(
            "add_activity",
            "POST",
            "/activities",
            None,
            None,
            Stjordal,
            r#"{"sub_project": "stjordal", "name": "Ny aktivitet"}"#,
        ),
        case(
            "add_activity",
            "POST",
            "/activities",
            None,
            None,
            LeadersOnly,
            r#"{"name": "Ny felles aktivitet"}"#,
        ),
        case(
            "rename_activity",
            "PUT",
            "/activities/stjordal-kartlegging/name",
            Some(STJ_ACTIVITY),
            None,
            Stjordal,
            r#"{"name": "Kartlegging av tiltak", "version": {v:activity:stjordal-kartlegging}}"#,
        ),
        case(
            "rename_activity",
            "PUT",
            "/activities/oppstart-og-organisering/name",
            Some("oppstart-og-organisering"),
            None,
            LeadersOnly,
            r#"{"name": "Oppstart", "version": {v:activity:oppstart-og-organisering}}"#,
        ),
        case(
            "move_activity",
            "POST",
            "/activities/stjordal-kartlegging/move",
            Some(STJ_ACTIVITY),
            None,
            Stjordal,
            r#"{"direction": "down", "version": {v:activity:stjordal-kartlegging}}"#,
        ),
        case(
            "archive_activity",
            "POST",
            "/activities/stjordal-kartlegging/archive",
            Some(STJ_ACTIVITY),
            Some(true),
            Stjordal,
            r#"{"version": {v:activity:stjordal-kartlegging}}"#,
        ),
        case(
            "archive_activity",
            "POST",
            "/activities/stjordal-kartlegging/restore",
            Some(STJ_ACTIVITY),
            Some(false),
            Stjordal,
            r#"{"version": {v:activity:stjordal-kartlegging}}"#,
        ),
        case(
            "set_planned_marks",
            "PUT",
            "/activities/stjordal-kartlegging/planned",
            Some(STJ_ACTIVITY),
            None,
            Stjordal,
            r#"{"half_year": "2010-H1", "marks": 3, "version": {v:plan_cell:stjordal-kartlegging@2010-1}}"#,
        ),
        case(
            "set_planned_marks",
            "PUT",
            "/activities/oppstart-og-organisering/planned",
            Some("oppstart-og-organisering"),
            None,
            LeadersOnly,
            r#"{"half_year": "2011-H1", "marks": 2, "version": {v:plan_cell:oppstart-og-organisering@2011-1}}"#,
        ),
        case(
            "set_actual",
            "PUT",
            "/activities/stjordal-kartlegging/actual",
            Some(STJ_ACTIVITY),
            None,
            Stjordal,
            r#"{"half_year": "2009-H1", "marks": 2, "achievement": "partly", "comment": "", "version": {v:progress_cell:stjordal-kartlegging@2009-1}}"#,
        ),
        case(
            "set_activity_progress",
            "PUT",
            "/activities/stjordal-kartlegging/progress",
            Some(STJ_ACTIVITY),
            None,
            Stjordal,
            r#"{"status": "in_progress", "percent_complete": 40, "version": {v:activity:stjordal-kartlegging}}"#,
        ),
        case(
            "save_project_facts",
            "PUT",
            "/facts",
            None,
            None,
            LeadersOnly,
            r#"{"name": "Integrering", "funding_programme": "Interreg IV A", "period": {"start": "2008-12-01", "end": "2011-11-30"}, "version": {v:project:interreg-integrering}}"#,
        ),
        // Kept public: the other cases read the project as it is.
        case(
            "set_visibility",
            "PUT",
            "/visibility",
            None,
            None,
            LeadersOnly,
            r#"{"public": true, "version": {v:project:interreg-integrering}}"#,
        ),
        case(
            "save_sub_project_facts",
            "PUT",
            "/sub-projects/stjordal/facts",
            Some("stjordal"),
            None,
            Stjordal,
            r#"{"name": "Tiltak i Stjørdal", "kind": "development", "lead_partner": "stjordal-kommune", "period": {"start": "2008-12-01", "end": "2011-11-30"}, "version": {v:sub_project:stjordal}}"#,
        ),
        case(
            "save_partner",
            "POST",
            "/partners",
            None,
            None,
            LeadersOnly,
            r#"{"name": "Ny partner", "country": "NO", "version": 0}"#,
        ),
        case(
            "save_partner",
            "PUT",
            "/partners/kbt-senteret",
            Some("kbt-senteret"),
            None,
            LeadersOnly,
            r#"{"name": "KBT-senteret", "country": "NO", "version": {v:partner:kbt-senteret}}"#,
        ),
        case(
            "archive_partner",
            "POST",
            "/partners/rsmh/archive",
            Some("rsmh"),
            Some(true),
            LeadersOnly,
            r#"{"version": {v:partner:rsmh}}"#,
        ),
        case(
            "archive_partner",
            "POST",
            "/partners/rsmh/restore",
            Some("rsmh"),
            Some(false),
            LeadersOnly,
            r#"{"version": {v:partner:rsmh}}"#,
        ),
        case(
            "add_status_statement",
            "POST",
            "/status-statements",
            None,
            None,
            Stjordal,
            r#"{"sub_project": "stjordal", "date": "2009-09-01", "status": "on_track", "text": "I rute."}"#,
        ),
        case(
            "add_status_statement",
            "POST",
            "/status-statements",
            None,
            None,
            LeadersOnly,
            r#"{"date": "2009-09-01", "status": "on_track", "text": "Prosjektet går etter planen."}"#,
        ),
        case(
            "save_milestone",
            "POST",
            "/milestones",
            None,
            None,
            Stjordal,
            r#"{"sub_project": "stjordal", "name": "Ny samling", "kind": "gathering", "first_day": "2010-05-05", "status": "planned", "version": 0}"#,
        ),
        case(
            "save_milestone",
            "PUT",
            "/milestones/samling-i-stjordal",
            Some(STJ_MILESTONE),
            None,
            Stjordal,
            r#"{"sub_project": "stjordal", "name": "Samling i Stjørdal", "kind": "gathering", "first_day": "2010-06-01", "status": "moved", "version": {v:milestone:samling-i-stjordal}}"#,
        ),
        // Pulling a project-wide milestone into one's own sub-project is not
        // one's own to do.
        case(
            "save_milestone",
            "PUT",
            "/milestones/sluttkonferanse",
            Some("sluttkonferanse"),
            None,
            LeadersOnly,
            r#"{"sub_project": "stjordal", "name": "Sluttkonferanse", "kind": "seminar", "first_day": "2011-11-01", "status": "planned", "version": {v:milestone:sluttkonferanse}}"#,
        ),
        case(
            "archive_milestone",
            "POST",
            "/milestones/samling-i-stjordal/archive",
            Some(STJ_MILESTONE),
            Some(true),
            Stjordal,
            r#"{"version": {v:milestone:samling-i-stjordal}}"#,
        ),
        case(
            "archive_milestone",
            "POST",
            "/milestones/samling-i-stjordal/restore",
            Some(STJ_MILESTONE),
            Some(false),
            Stjordal,
            r#"{"version": {v:milestone:samling-i-stjordal}}"#,
        ),
        case(
            "save_series",
            "POST",
            "/meeting-series",
            None,
            None,
            Stjordal,
            r#"{"sub_project": "stjordal", "name": "Styringsmøte i Stjørdal", "kind": "steering", "cadence": "half_yearly", "first_date": "2009-06-01", "last_date": "2011-06-01", "version": 0}"#,
        ),
        case(
            "save_series",
            "PUT",
            "/meeting-series/nettverksmote-stjordal",
            Some("nettverksmote-stjordal"),
            None,
            Stjordal,
            r#"{"sub_project": "stjordal", "name": "Nettverksmøte", "kind": "network", "cadence": "half_yearly", "first_date": "2009-03-15", "last_date": "2011-11-30", "version": {v:meeting_series:nettverksmote-stjordal}}"#,
        ),
        case(
            "archive_series",
            "POST",
            "/meeting-series/nettverksmote-stjordal/archive",
            Some("nettverksmote-stjordal"),
            Some(true),
            Stjordal,
            r#"{"version": {v:meeting_series:nettverksmote-stjordal}}"#,
        ),
        case(
            "archive_series",
            "POST",
            "/meeting-series/nettverksmote-stjordal/restore",
            Some("nettverksmote-stjordal"),
            Some(false),
            Stjordal,
            r#"{"version": {v:meeting_series:nettverksmote-stjordal}}"#,
        ),
        case(
            "set_meeting_outcome",
            "PUT",
            "/meeting-series/samarbeidsmote-stjordal/meetings",
            Some("samarbeidsmote-stjordal"),
            None,
            Stjordal,
            r#"{"date": "2009-04-15", "held": true, "note": "", "version": {v:meeting_outcome:samarbeidsmote-stjordal@2009-04-15}}"#,
        ),
        case(
            "save_baseline",
            "POST",
            "/baselines",
            None,
            None,
            LeadersOnly,
            r#"{"name": "Revidert plan", "date": "2010-01-01"}"#,
        ),
        case(
            "rename_baseline",
            "PUT",
            "/baselines/godkjent-plan/name",
            Some("godkjent-plan"),
            None,
            LeadersOnly,
            r#"{"name": "Godkjent plan", "version": {v:baseline:godkjent-plan}}"#,
        ),
        case(
            "archive_baseline",
            "POST",
            "/baselines/godkjent-plan/archive",
            Some("godkjent-plan"),
            Some(true),
            LeadersOnly,
            r#"{"version": {v:baseline:godkjent-plan}}"#,
        ),
        case(
            "archive_baseline",
            "POST",
            "/baselines/godkjent-plan/restore",
            Some("godkjent-plan"),
            Some(false),
            LeadersOnly,
            r#"{"version": {v:baseline:godkjent-plan}}"#,
        ),
        case(
            "add_member",
            "POST",
            "/members",
            None,
            None,
            LeadersOnly,
            r#"{"email": "ny@demo.no", "role": "partner"}"#,
        ),
        case(
            "add_member",
            "POST",
            "/members",
            None,
            None,
            LeadersOnly,
            r#"{"email": "reisverket@demo.no", "role": "sub_project_leader", "sub_project": "stjordal"}"#,
        ),
        case(
            "remove_member",
            "POST",
            "/members/{m:fjernes@demo.no}/archive",
            Some("{m:fjernes@demo.no}"),
            None,
            LeadersOnly,
            r#"{"version": {v:member:fjernes@demo.no}}"#,
        ),
        case(
            "create_share_link",
            "POST",
            "/share-links",
            None,
            None,
            LeadersOnly,
            r#"{"label": "Revisor", "last_day": "2099-12-31"}"#,
        ),
        case(
            "revoke_share_link",
            "POST",
            "/share-links/{s:Til revoking}/revoke",
            Some("{s:Til revoking}"),
            None,
            LeadersOnly,
            r#"{"version": {v:share_link:Til revoking}}"#,
        ),
    ]
}

/// Server functions that write nothing a project holds: reads, and the
/// caller's own sign-in, sign-out and password.
const NOT_PROJECT_WRITES: [&str; 29] = [
    "get_administration",
    "may_create_projects",
    "project_key_free",
    "list_my_sessions",
    "end_my_session",
    "get_plan",
    "get_plan_rows",
    "get_gantt",
    "get_gantt_lines",
    "get_baselines",
    "get_comparison",
    "list_projects",
    "get_project_overview",
    "get_schedule",
    "get_timeline",
    "get_slide",
    "get_report",
    "get_history",
    "get_me",
    "get_project_access",
    "sign_in",
    "sign_out",
    "change_password",
    "get_access_overview",
    "get_welcome",
    "accept_welcome",
    "list_api_tokens",
    "new_api_token",
    "revoke_api_token",
];

/// Writes for administrators only: creating a project
/// (`installation_writes_are_for_administrators_only`,
/// `exchange_files_are_for_leaders_and_administrators`) and archiving one
/// (`archiving_a_project_is_for_administrators_only`).
const INSTALLATION_WRITES: [&str; 8] = [
    "set_project_creators",
    "create_project",
    "create_project_from_file",
    "archive_project",
    "invite_account",
    "set_administrator",
    "set_account_disabled",
    "create_reset_link",
];

/// Exchange files merged onto the project, for its leaders only:
/// `exchange_files_are_for_leaders_and_administrators`.
const FILE_WRITES: [&str; 2] = ["preview_merge", "merge_file"];

#[test]
fn every_write_has_a_case() {
    let project_writes: HashSet<&str> = cases().iter().map(|c| c.function).collect();
    let covered: HashSet<&str> = project_writes
        .iter()
        .copied()
        .chain(INSTALLATION_WRITES)
        .chain(FILE_WRITES)
        .collect();
    let mut missing = Vec::new();
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        let name = function_name(path);
        if !covered.contains(name.as_str()) && !NOT_PROJECT_WRITES.contains(&name.as_str()) {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "server functions without a row in the matrix: {missing:?}"
    );
    for name in NOT_PROJECT_WRITES {
        assert!(
            leptos::server_fn::axum::server_fn_paths().any(|(p, _)| function_name(p) == name),
            "{name} is listed but not registered"
        );
    }
    // The server runs the writes on a lane of their own, found by path.
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        let write = covered.contains(function_name(path).as_str());
        assert_eq!(
            path.starts_with(app::edit::WRITE_PREFIX),
            write,
            "{path}: writes, and only they, are served under {}",
            app::edit::WRITE_PREFIX
        );
    }
}

/// The callers, each as API credentials and as a server function's caller.
struct World {
    app: Router,
    state: AppState,
    callers: Vec<(Who, Option<String>, Caller)>,
}

async fn user_id(db: &DatabaseConnection, email: &str) -> i32 {
    user_account::Entity::find()
        .filter(user_account::Column::Email.eq(email))
        .one(db)
        .await
        .expect("query")
        .expect("user")
        .id
}

async fn signed_in(db: &DatabaseConnection, email: &str) -> Caller {
    Caller::user(
        active_user(db, user_id(db, email).await)
            .await
            .expect("query")
            .expect("active"),
    )
}

/// The demo with its people, served as the server serves it: writes from a
/// pool of their own (one connection on SQLite) on the write lane, so that
/// a write asking that pool again inside its transaction would hang here.
async fn world(test: &common::TestDb) -> World {
    let db = &test.db;
    common::demo_with_accounts(db).await;
    let operator = Writer::page(Caller::operator());
    // A second project with its own leader, and a leader of another
    // sub-project of this one.
    common::import_small_project(db, "annet", 5).await;
    for (email, project_key, role, sub) in [
        ("leder@annet.no", "annet", Role::Leader, None),
        ("fjernes@demo.no", KEY, Role::Partner, None),
        (
            "reisverket@demo.no",
            KEY,
            Role::SubProjectLeader,
            Some("reisverket"),
        ),
    ] {
        app::account::users::create_user(db, email, email, None, false)
            .await
            .expect("user");
        app::members::commands::grant_role(db, &operator, project_key, email, role, sub)
            .await
            .expect("role");
    }
    // Records of Stjørdal to work on.
    app::plan::commands::add_activity(
        db,
        &operator,
        KEY,
        app::plan::inputs::NewActivity {
            sub_project: Some("stjordal".into()),
            name: "Kartlegging".into(),
        },
    )
    .await
    .expect("activity");
    app::schedule::commands::save_milestone(
        db,
        &operator,
        KEY,
        None,
        serde_json::from_str(
            r#"{"sub_project": "stjordal", "name": "Samling i Stjørdal", "kind": "gathering", "first_day": "2010-05-05", "status": "planned", "version": 0}"#,
        )
        .expect("milestone input"),
    )
    .await
    .expect("milestone");
    app::schedule::commands::save_milestone(
        db,
        &operator,
        KEY,
        None,
        serde_json::from_str(
            r#"{"name": "Sluttkonferanse", "kind": "seminar", "first_day": "2011-11-01", "status": "planned", "version": 0}"#,
        )
        .expect("milestone input"),
    )
    .await
    .expect("project-wide milestone");
    let link = app::sharing::commands::create_share_link(
        db,
        &operator,
        KEY,
        app::sharing::NewShareLink {
            label: "Styringsgruppen".into(),
            last_day: None,
        },
    )
    .await
    .expect("share link");

    app::sharing::commands::create_share_link(
        db,
        &operator,
        KEY,
        app::sharing::NewShareLink {
            label: "Til revoking".into(),
            last_day: None,
        },
    )
    .await
    .expect("a link to revoke");

    let writes = server::write_lane::connect(test.connect_options())
        .await
        .expect("the writes' pool");
    let options = LeptosOptions::builder().output_name("framdrift").build();
    let app = server::router_with_pools(
        db.clone(),
        writes.clone(),
        options,
        axum_client_ip::ClientIpSource::ConnectInfo,
    );
    let state = AppState::new(db.clone()).with_db(writes);

    let mut callers = Vec::new();
    for who in EVERYONE {
        let email = match who {
            Who::Anonymous | Who::ShareLink => None,
            Who::Partner => Some("partner@demo.framdrift.no"),
            Who::OtherSubProjectLeader => Some("reisverket@demo.no"),
            Who::SubProjectLeader => Some("delprosjekt@demo.framdrift.no"),
            Who::OtherProjectLeader => Some("leder@annet.no"),
            Who::ProjectLeader => Some("leder@demo.framdrift.no"),
            Who::Administrator => Some("admin@demo.framdrift.no"),
        };
        let (header, caller) = match (who, email) {
            (Who::ShareLink, _) => {
                let cookie = share_cookie(&app, &link.path).await;
                let found = share_link::Entity::find()
                    .one(db)
                    .await
                    .expect("query")
                    .expect("link");
                let caller = Caller {
                    share: Some(SharedProject {
                        link_id: found.id,
                        project_id: found.project_id,
                    }),
                    ..Caller::default()
                };
                (Some(format!("cookie:{cookie}")), caller)
            }
            (_, Some(email)) => {
                let token =
                    app::account::users::create_api_token(db, user_id(db, email).await, "matrix")
                        .await
                        .expect("token");
                (Some(format!("bearer:{token}")), signed_in(db, email).await)
            }
            _ => (None, Caller::anonymous()),
        };
        callers.push((who, header, caller));
    }
    World {
        app,
        state,
        callers,
    }
}

/// Opens a share link like a browser and returns its session cookie.
async fn share_cookie(app: &Router, path: &str) -> String {
    let (status, headers, _) = common::fetch_with(app, path, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the link opens");
    let cookie = headers
        .get(http::header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .expect("a session cookie");
    cookie.split(';').next().unwrap_or_default().to_owned()
}

/// The current version of a record, 0 when it does not exist yet.
async fn version(db: &DatabaseConnection, kind: &str, key: &str) -> i32 {
    let project_id = project::Entity::find()
        .filter(project::Column::Key.eq(KEY))
        .one(db)
        .await
        .expect("query")
        .expect("project")
        .id;
    macro_rules! by_key {
        ($m:ident) => {
            $m::Entity::find()
                .filter($m::Column::ProjectId.eq(project_id))
                .filter($m::Column::Key.eq(key))
                .one(db)
                .await
                .expect("query")
                .map_or(0, |r| r.version)
        };
    }
    let activity_id = |key: String| async move {
        activity::Entity::find()
            .filter(activity::Column::ProjectId.eq(project_id))
            .filter(activity::Column::Key.eq(key))
            .one(db)
            .await
            .expect("query")
            .expect("activity")
            .id
    };
    match kind {
        "project" => project::Entity::find_by_id(project_id)
            .one(db)
            .await
            .expect("query")
            .map_or(0, |p| p.version),
        "activity" => by_key!(activity),
        "sub_project" => by_key!(sub_project),
        "partner" => by_key!(partner),
        "milestone" => by_key!(milestone),
        "meeting_series" => by_key!(meeting_series),
        "baseline" => by_key!(baseline),
        "plan_cell" | "progress_cell" => {
            let (activity, half) = key.split_once('@').expect("activity@year-half");
            let (year, half) = half.split_once('-').expect("year-half");
            let id = activity_id(activity.to_owned()).await;
            let (year, half): (i32, i16) =
                (year.parse().expect("year"), half.parse().expect("half"));
            if kind == "plan_cell" {
                plan_cell::Entity::find()
                    .filter(plan_cell::Column::ActivityId.eq(id))
                    .filter(plan_cell::Column::Year.eq(year))
                    .filter(plan_cell::Column::Half.eq(half))
                    .one(db)
                    .await
                    .expect("query")
                    .map_or(0, |c| c.version)
            } else {
                progress_cell::Entity::find()
                    .filter(progress_cell::Column::ActivityId.eq(id))
                    .filter(progress_cell::Column::Year.eq(year))
                    .filter(progress_cell::Column::Half.eq(half))
                    .one(db)
                    .await
                    .expect("query")
                    .map_or(0, |c| c.version)
            }
        }
        "meeting_outcome" => {
            let (series, date) = key.split_once('@').expect("series@date");
            let series_id = meeting_series::Entity::find()
                .filter(meeting_series::Column::ProjectId.eq(project_id))
                .filter(meeting_series::Column::Key.eq(series))
                .one(db)
                .await
                .expect("query")
                .expect("series")
                .id;
            let date: chrono::NaiveDate = date.parse().expect("date");
            meeting_outcome::Entity::find()
                .filter(meeting_outcome::Column::SeriesId.eq(series_id))
                .filter(meeting_outcome::Column::PlannedDate.eq(date))
                .one(db)
                .await
                .expect("query")
                .map_or(0, |o| o.version)
        }
        "member" => membership::Entity::find()
            .filter(membership::Column::Key.eq(member_key(db, key).await))
            .filter(membership::Column::ProjectId.eq(project_id))
            .one(db)
            .await
            .expect("query")
            .map_or(0, |m| m.version),
        "share_link" => share_link::Entity::find()
            .filter(share_link::Column::Label.eq(key))
            .filter(share_link::Column::ProjectId.eq(project_id))
            .one(db)
            .await
            .expect("query")
            .map_or(0, |l| l.version),
        other => panic!("no version lookup for {other}"),
    }
}

/// The key of the membership of the person with `email` in the project.
async fn member_key(db: &DatabaseConnection, email: &str) -> String {
    app::members::commands::membership_key(user_id(db, email).await, None)
}

/// The template with every `{v:kind:key}` replaced by the current version,
/// `{m:email}` by the person's membership key and `{s:label}` by the key of
/// the share link so labelled.
async fn body(db: &DatabaseConnection, template: &str) -> String {
    let mut text = template.to_owned();
    while let Some(start) = text.find("{v:") {
        let end = start + text[start..].find('}').expect("closing brace");
        let (kind, key) = text[start + 3..end].split_once(':').expect("kind:key");
        let version = version(db, kind, key).await;
        text.replace_range(start..=end, &version.to_string());
    }
    while let Some(start) = text.find("{m:") {
        let end = start + text[start..].find('}').expect("closing brace");
        let key = member_key(db, &text[start + 3..end]).await;
        text.replace_range(start..=end, &key);
    }
    while let Some(start) = text.find("{s:") {
        let end = start + text[start..].find('}').expect("closing brace");
        let key = share_link::Entity::find()
            .filter(share_link::Column::Label.eq(&text[start + 3..end]))
            .one(db)
            .await
            .expect("query")
            .expect("the link")
            .key;
        text.replace_range(start..=end, &key);
    }
    text
}

/// Everything stored of the project and how many change sets exist.
async fn fingerprint(db: &DatabaseConnection) -> (String, u64) {
    let file = exchange::export(db, KEY).await.expect("export");
    (
        exchange::to_toml(&file).expect("TOML"),
        change_set::Entity::find().count(db).await.expect("count"),
    )
}

/// A write through the API to `uri`, with the caller's credential.
async fn send_api(
    world: &World,
    credential: Option<&str>,
    method: &str,
    uri: &str,
    body: &str,
) -> StatusCode {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(http::header::CONTENT_TYPE, "application/json");
    match credential.and_then(|c| c.split_once(':')) {
        Some(("bearer", token)) => {
            request = request.header(http::header::AUTHORIZATION, format!("Bearer {token}"));
        }
        Some(("cookie", cookie)) => {
            request = request.header(http::header::COOKIE, cookie);
        }
        _ => {}
    }
    let request = request.body(Body::from(body.to_owned())).expect("request");
    common::respond(&world.app, request).await.status
}

fn input<T: DeserializeOwned>(body: &str) -> T {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{body}: {e}"))
}

/// Runs `call` (a server function) as the pages do, as `caller`.
async fn call_function_as<T>(
    world: &World,
    caller: &Caller,
    call: impl Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let owner = Owner::new();
    let (mut parts, ()) = Request::new(()).into_parts();
    parts.extensions.insert(caller.clone());
    owner.with(|| {
        provide_context(world.state.clone());
        provide_context(parts);
    });
    owner.with(|| ScopedFuture::new(call)).await
}

/// Calls the case's server function as the pages do, as `caller`.
async fn call_function(
    world: &World,
    caller: &Caller,
    case: &Case,
    record: Option<String>,
    body: &str,
) -> Result<Saved, AppError> {
    let project = KEY.to_owned();
    let archived = case.archived.unwrap_or(true);
    let body = body.to_owned();
    let name = case.function;
    let call = async move {
        let key = || record.clone().expect("the case names its record");
        match name {
            "add_activity" => app::plan::add_activity(project, input(&body)).await,
            "rename_activity" => app::plan::rename_activity(project, key(), input(&body)).await,
            "move_activity" => app::plan::move_activity(project, key(), input(&body)).await,
            "archive_activity" => {
                app::plan::archive_activity(project, key(), archived, input(&body)).await
            }
            "set_planned_marks" => app::plan::set_planned_marks(project, key(), input(&body)).await,
            "set_actual" => app::plan::set_actual(project, key(), input(&body)).await,
            "set_activity_progress" => {
                app::plan::set_activity_progress(project, key(), input(&body)).await
            }
            "save_project_facts" => app::project::save_project_facts(project, input(&body)).await,
            "set_visibility" => app::project::set_visibility(project, input(&body)).await,
            "save_sub_project_facts" => {
                app::project::save_sub_project_facts(project, key(), input(&body)).await
            }
            "save_partner" => {
                app::project::save_partner(project, record.clone(), input(&body)).await
            }
            "archive_partner" => {
                app::project::archive_partner(project, key(), archived, input(&body)).await
            }
            "add_status_statement" => {
                app::schedule::add_status_statement(project, input(&body)).await
            }
            "save_milestone" => {
                app::schedule::save_milestone(project, record.clone(), input(&body)).await
            }
            "archive_milestone" => {
                app::schedule::archive_milestone(project, key(), archived, input(&body)).await
            }
            "save_series" => {
                app::schedule::save_series(project, record.clone(), input(&body)).await
            }
            "archive_series" => {
                app::schedule::archive_series(project, key(), archived, input(&body)).await
            }
            "set_meeting_outcome" => {
                app::schedule::set_meeting_outcome(project, key(), input(&body)).await
            }
            "save_baseline" => app::baseline::save_baseline(project, input(&body)).await,
            "rename_baseline" => app::baseline::rename_baseline(project, key(), input(&body)).await,
            "archive_baseline" => {
                app::baseline::archive_baseline(project, key(), archived, input(&body)).await
            }
            "add_member" => app::members::add_member(project, input(&body))
                .await
                .map(|added| added.saved),
            "remove_member" => app::members::remove_member(project, key(), input(&body)).await,
            "create_share_link" => app::sharing::create_share_link(project, input(&body))
                .await
                .map(|created| created.saved),
            "revoke_share_link" => {
                app::sharing::revoke_share_link(project, key(), input(&body)).await
            }
            other => panic!("no call for the server function {other}"),
        }
    };
    call_function_as(world, caller, call).await
}

fn is_refusal(status: StatusCode) -> bool {
    status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_write_is_refused_to_whoever_may_not_and_changes_nothing() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        let world = world(&test).await;
        for case in cases() {
            // The refused first, so the first allowed caller writes on the
            // data as it was.
            let (refused, allowed): (Vec<_>, Vec<_>) = world
                .callers
                .iter()
                .partition(|(who, _, _)| !case.target.allows(*who));
            let what = format!(
                "{backend}: {} {} ({})",
                case.method, case.path, case.function
            );
            let path = body(db, case.path).await;
            let record = match case.record {
                Some(record) => Some(body(db, record).await),
                None => None,
            };
            for (who, credential, caller) in &refused {
                let before = fingerprint(db).await;
                let request = body(db, case.body).await;
                let status = send_api(
                    &world,
                    credential.as_deref(),
                    case.method,
                    &format!("{BASE}{path}"),
                    &request,
                )
                .await;
                assert!(
                    is_refusal(status),
                    "{what}: {who:?} got {status} through the API"
                );
                let result = call_function(&world, caller, &case, record.clone(), &request).await;
                assert!(
                    matches!(result, Err(AppError::Unauthorised | AppError::Forbidden)),
                    "{what}: {who:?} got {result:?} from the server function"
                );
                // Without an account, the answer is "sign in".
                let expected = if matches!(who, Who::Anonymous | Who::ShareLink) {
                    StatusCode::UNAUTHORIZED
                } else {
                    StatusCode::FORBIDDEN
                };
                assert_eq!(status, expected, "{what}: {who:?}");
                assert_eq!(
                    fingerprint(db).await,
                    before,
                    "{what}: {who:?} changed data"
                );
            }
            for (i, (who, credential, caller)) in allowed.iter().enumerate() {
                let request = body(db, case.body).await;
                let status = send_api(
                    &world,
                    credential.as_deref(),
                    case.method,
                    &format!("{BASE}{path}"),
                    &request,
                )
                .await;
                if i == 0 {
                    assert!(status.is_success(), "{what}: {who:?} got {status}");
                } else {
                    assert!(
                        !is_refusal(status),
                        "{what}: {who:?} was refused ({status})"
                    );
                }
                let request = body(db, case.body).await;
                let result = call_function(&world, caller, &case, record.clone(), &request).await;
                assert!(
                    !matches!(result, Err(AppError::Unauthorised | AppError::Forbidden)),
                    "{what}: {who:?} was refused by the server function: {result:?}"
                );
            }
        }
        test.finish().await;
    }
}

/// Creating a project: only administrators may, through the API and the
/// server function alike; everyone else is refused (401 without an account,
/// 403 with one) and nothing is stored. The creator becomes the new
/// project's leader, and the project's history begins with its creation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn installation_writes_are_for_administrators_only() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        let world = world(&test).await;
        let new_project = |key: &str| {
            format!(
                r#"{{"key": "{key}", "name": "Nytt prosjekt", "funding_programme": "Interreg IV A", "period": {{"start": "2012-01-01", "end": "2014-12-31"}}, "public": false}}"#
            )
        };
        let counts = || async {
            (
                project::Entity::find().count(db).await.expect("count"),
                change_set::Entity::find().count(db).await.expect("count"),
                membership::Entity::find().count(db).await.expect("count"),
            )
        };
        for (who, credential, caller) in &world.callers {
            let what = format!("{backend}: {who:?}");
            let before = counts().await;
            let api_key = format!("ny-{}", format!("{who:?}").to_lowercase());
            let status = send_api(
                &world,
                credential.as_deref(),
                "POST",
                "/api/v1/projects",
                &new_project(&api_key),
            )
            .await;
            let function_key = format!("{api_key}-2");
            let result = call_function_as(&world, caller, async move {
                app::project::create_project(input(&new_project(&function_key))).await
            })
            .await;
            if *who == Who::Administrator {
                assert_eq!(status, StatusCode::CREATED, "{what}");
                assert!(result.is_ok(), "{what}: {result:?}");
                for key in [api_key.clone(), format!("{api_key}-2")] {
                    let created = project::Entity::find()
                        .filter(project::Column::Key.eq(&key))
                        .one(db)
                        .await
                        .expect("query")
                        .expect("created");
                    assert!(!created.public, "{what}");
                    let leaders = membership::Entity::find()
                        .filter(membership::Column::ProjectId.eq(created.id))
                        .filter(membership::Column::Role.eq("leader"))
                        .count(db)
                        .await
                        .expect("count");
                    assert_eq!(leaders, 1, "{what}: the creator leads {key}");
                    let history = change_set::Entity::find()
                        .filter(change_set::Column::ProjectId.eq(created.id))
                        .count(db)
                        .await
                        .expect("count");
                    assert_eq!(history, 1, "{what}: one change set created {key}");
                }
                continue;
            }
            let expected = if matches!(who, Who::Anonymous | Who::ShareLink) {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(status, expected, "{what}");
            assert!(
                matches!(result, Err(AppError::Unauthorised | AppError::Forbidden)),
                "{what}: {result:?}"
            );
            assert_eq!(counts().await, before, "{what}: nothing stored");
        }
        test.finish().await;
    }
}

/// Exchange files: merging one onto the project (tried out or applied) and
/// downloading its export are for its leaders and administrators; creating
/// a project from one is for administrators. Everyone else is refused (401
/// without an account, 403 with one), through the API and the server
/// functions alike, and nothing changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exchange_files_are_for_leaders_and_administrators() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        let world = world(&test).await;
        let own_file = fingerprint(db).await.0;
        for (who, credential, caller) in &world.callers {
            let what = format!("{backend}: {who:?}");
            let leads = Target::LeadersOnly.allows(*who);
            let refusal = if matches!(who, Who::Anonymous | Who::ShareLink) {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::FORBIDDEN
            };
            let before = fingerprint(db).await;
            let projects_before = project::Entity::find().count(db).await.expect("count");

            for uri in [
                format!("{BASE}/merge?dry_run=true"),
                format!("{BASE}/merge"),
            ] {
                let status = send_api(&world, credential.as_deref(), "POST", &uri, &own_file).await;
                let expected = if leads { StatusCode::OK } else { refusal };
                assert_eq!(status, expected, "{what}: POST {uri}");
            }
            let status = send_api(
                &world,
                credential.as_deref(),
                "GET",
                &format!("{BASE}/export"),
                "",
            )
            .await;
            let expected = if leads { StatusCode::OK } else { refusal };
            assert_eq!(status, expected, "{what}: GET export");
            let text = own_file.clone();
            let preview = call_function_as(&world, caller, async move {
                app::project::files::preview_merge(KEY.to_owned(), text).await
            })
            .await;
            let text = own_file.clone();
            let based_on = preview.as_ref().map_or(0, |p| p.based_on);
            let merged = call_function_as(&world, caller, async move {
                app::project::files::merge_file(KEY.to_owned(), text, based_on).await
            })
            .await;
            for result in [preview.map(|_| ()), merged.map(|_| ())] {
                if leads {
                    assert!(result.is_ok(), "{what}: {result:?}");
                } else {
                    assert!(
                        matches!(result, Err(AppError::Unauthorised | AppError::Forbidden)),
                        "{what}: {result:?}"
                    );
                }
            }
            // The project's own file changes nothing, merged or not.
            assert_eq!(fingerprint(db).await, before, "{what}: changed data");

            let key = format!("fra-fil-{}", format!("{who:?}").to_lowercase());
            let file = exchange::to_toml(&exchange::generate::generate(
                &key,
                exchange::generate::Size::with_activities(2),
            ))
            .expect("toml");
            let status = send_api(
                &world,
                credential.as_deref(),
                "POST",
                "/api/v1/imports",
                &file,
            )
            .await;
            let other = exchange::to_toml(&exchange::generate::generate(
                &format!("{key}-2"),
                exchange::generate::Size::with_activities(2),
            ))
            .expect("toml");
            let result = call_function_as(&world, caller, async move {
                app::project::files::create_project_from_file(other).await
            })
            .await;
            let projects = project::Entity::find().count(db).await.expect("count");
            if *who == Who::Administrator {
                assert_eq!(status, StatusCode::CREATED, "{what}");
                assert!(result.is_ok(), "{what}: {result:?}");
                assert_eq!(projects, projects_before + 2, "{what}");
            } else {
                assert_eq!(status, refusal, "{what}: POST /api/v1/imports");
                assert!(
                    matches!(result, Err(AppError::Unauthorised | AppError::Forbidden)),
                    "{what}: {result:?}"
                );
                assert_eq!(projects, projects_before, "{what}: nothing stored");
            }
        }
        test.finish().await;
    }
}

/// Archiving a project and restoring it: administrators only, through the
/// API and the server function alike; everyone else is refused (401
/// without an account, 403 with one) and nothing changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn archiving_a_project_is_for_administrators_only() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        let world = world(&test).await;
        for (who, credential, caller) in &world.callers {
            let what = format!("{backend}: {who:?}");
            let before = fingerprint(db).await;
            let body = format!(r#"{{"version": {}}}"#, version(db, "project", KEY).await);
            let status = send_api(
                &world,
                credential.as_deref(),
                "POST",
                &format!("{BASE}/archive"),
                &body,
            )
            .await;
            let archived = project_archived(db).await;
            // Restored by the server function (for an administrator, who
            // archived it just now).
            let current = version(db, "project", KEY).await;
            let result = call_function_as(&world, caller, async move {
                app::project::archive_project(
                    KEY.to_owned(),
                    false,
                    app::domain::VersionOnly { version: current },
                )
                .await
            })
            .await;
            if *who == Who::Administrator {
                assert_eq!(status, StatusCode::OK, "{what}");
                assert!(archived, "{what}: archived");
                assert!(result.is_ok(), "{what}: {result:?}");
                assert!(!project_archived(db).await, "{what}: restored");
                continue;
            }
            let expected = if matches!(who, Who::Anonymous | Who::ShareLink) {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(status, expected, "{what}");
            assert!(
                matches!(result, Err(AppError::Unauthorised | AppError::Forbidden)),
                "{what}: {result:?}"
            );
            assert_eq!(fingerprint(db).await, before, "{what}: changed data");
        }
        test.finish().await;
    }
}

async fn project_archived(db: &DatabaseConnection) -> bool {
    project::Entity::find()
        .filter(project::Column::Key.eq(KEY))
        .one(db)
        .await
        .expect("query")
        .expect("the project")
        .archived_at
        .is_some()
}

/// The administration of accounts: administrators only; everyone else is
/// refused (401 without an account, 403 with one) and no account changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_administration_is_for_administrators_only() {
    use app::admin;
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        let world = world(&test).await;
        let partner = user_id(db, "partner@demo.framdrift.no").await;
        let accounts = || async {
            let all = user_account::Entity::find()
                .all(db)
                .await
                .expect("accounts");
            let rows: Vec<(String, bool, bool)> = all
                .into_iter()
                .map(|a| (a.email, a.is_admin, a.disabled_at.is_some()))
                .collect();
            (rows, fingerprint(db).await)
        };
        for (who, _, caller) in &world.callers {
            let what = format!("{backend}: {who:?}");
            if *who == Who::Administrator {
                continue;
            }
            let before = accounts().await;
            let email = format!("{who:?}@example.no").to_lowercase();
            let results = [
                call_function_as(&world, caller, admin::get_administration())
                    .await
                    .map(|_| ()),
                call_function_as(&world, caller, app::project::project_key_free(KEY.into()))
                    .await
                    .map(|_| ()),
                call_function_as(&world, caller, admin::invite_account(email, "X".into()))
                    .await
                    .map(|_| ()),
                call_function_as(&world, caller, admin::set_administrator(partner, true)).await,
                call_function_as(&world, caller, admin::set_account_disabled(partner, true)).await,
                call_function_as(&world, caller, admin::create_reset_link(partner))
                    .await
                    .map(|_| ()),
                call_function_as(&world, caller, admin::set_project_creators(true)).await,
            ];
            for result in results {
                assert!(
                    matches!(result, Err(AppError::Unauthorised | AppError::Forbidden)),
                    "{what}: {result:?}"
                );
            }
            assert_eq!(accounts().await, before, "{what}: nothing changed");
        }
        let (_, _, administrator) = world
            .callers
            .iter()
            .find(|(who, _, _)| *who == Who::Administrator)
            .expect("an administrator");
        for (key, free) in [(KEY, false), ("ingen-har-denne", true)] {
            let answer = call_function_as(
                &world,
                administrator,
                app::project::project_key_free(key.to_owned()),
            )
            .await;
            assert_eq!(answer, Ok(free), "{backend}: {key}");
        }
        let page = call_function_as(&world, administrator, admin::get_administration()).await;
        assert!(page.is_ok(), "{backend}: {page:?}");
        let made = call_function_as(
            &world,
            administrator,
            admin::set_administrator(partner, true),
        )
        .await;
        assert!(made.is_ok(), "{backend}: {made:?}");
        test.finish().await;
    }
}

/// Set to let every signed-in account create projects, the installation
/// lets anyone with an account create one (and lead it), through the API
/// and the server function; without an account still nobody may. Set back,
/// administrators only again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_signed_in_account_creates_projects_when_the_administrator_says_so() {
    use app::admin;
    for test in common::databases().await {
        let backend = test.backend;
        let world = world(&test).await;
        let (_, _, administrator) = world
            .callers
            .iter()
            .find(|(who, _, _)| *who == Who::Administrator)
            .expect("an administrator");
        let set = call_function_as(&world, administrator, admin::set_project_creators(true)).await;
        assert!(set.is_ok(), "{backend}: {set:?}");
        let new_project = |key: &str| {
            format!(
                r#"{{"key": "{key}", "name": "Eget prosjekt", "period": {{"start": "2012-01-01", "end": "2012-12-31"}}}}"#
            )
        };
        for (who, credential, caller) in &world.callers {
            let what = format!("{backend}: {who:?}");
            let key = format!("eget-{}", format!("{who:?}").to_lowercase());
            let status = send_api(
                &world,
                credential.as_deref(),
                "POST",
                "/api/v1/projects",
                &new_project(&key),
            )
            .await;
            let body = new_project(&format!("{key}-2"));
            let result = call_function_as(&world, caller, async move {
                app::project::create_project(input(&body)).await
            })
            .await;
            if matches!(who, Who::Anonymous | Who::ShareLink) {
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}");
                assert!(
                    matches!(result, Err(AppError::Unauthorised)),
                    "{what}: {result:?}"
                );
            } else {
                assert_eq!(status, StatusCode::CREATED, "{what}");
                assert!(result.is_ok(), "{what}: {result:?}");
            }
        }
        let set = call_function_as(&world, administrator, admin::set_project_creators(false)).await;
        assert!(set.is_ok(), "{backend}: {set:?}");
        let (_, credential, _) = world
            .callers
            .iter()
            .find(|(who, _, _)| *who == Who::Partner)
            .expect("a partner");
        let status = send_api(
            &world,
            credential.as_deref(),
            "POST",
            "/api/v1/projects",
            &new_project("eget-igjen"),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{backend}: administrators only again"
        );
        test.finish().await;
    }
}

/// One request with the leader's token: the status and the body.
async fn send(
    app: &Router,
    method: &str,
    uri: &str,
    token: &str,
    content_type: &str,
    body: String,
) -> (StatusCode, String) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(http::header::AUTHORIZATION, format!("Bearer {token}"))
        .header(http::header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("request");
    let answer = common::respond(app, request).await;
    (answer.status, answer.text())
}

/// How a property case spoils a valid write.
#[derive(Clone, Debug)]
enum Spoil {
    /// The body cut short at this fraction of its length: not JSON.
    Truncated(f64),
    /// The n-th field (of the body's fields, in order) given a value of
    /// another JSON type.
    WrongType(usize, u8),
    /// A field the write does not have.
    UnknownField(String),
    /// Every date in the body made impossible (`2009-02-30`, month 13, …).
    ImpossibleDate(u8),
    /// The record in the path swapped for one of another project.
    OtherProjectsRecord,
    /// A body past the server's limit.
    Huge,
}

fn spoils() -> impl proptest::strategy::Strategy<Value = Spoil> {
    use proptest::prelude::*;
    prop_oneof![
        (0.0..0.95f64).prop_map(Spoil::Truncated),
        (0..8usize, any::<u8>()).prop_map(|(n, t)| Spoil::WrongType(n, t)),
        "[a-z]{1,12}".prop_map(|f| Spoil::UnknownField(format!("x_{f}"))),
        any::<u8>().prop_map(Spoil::ImpossibleDate),
        Just(Spoil::OtherProjectsRecord),
        Just(Spoil::Huge),
    ]
}

/// A value of another JSON type than `value` (never null: optional fields
/// take null).
fn other_type(value: &serde_json::Value, pick: u8) -> serde_json::Value {
    use serde_json::{Value, json};
    let choices = [
        json!(17),
        json!("sjutton"),
        json!(true),
        json!([1, 2]),
        json!({"a": 1}),
    ];
    let same = |v: &Value| std::mem::discriminant(v) == std::mem::discriminant(value);
    let others: Vec<&Value> = choices.iter().filter(|v| !same(v)).collect();
    others[usize::from(pick) % others.len()].clone()
}

fn impossible_date(pick: u8) -> &'static str {
    [
        "2009-02-30",
        "2009-13-01",
        "2010-00-10",
        "2011-04-31",
        "30.02.2009",
        "2009-02-29",
    ][usize::from(pick) % 6]
}

fn looks_like_a_date(text: &str) -> bool {
    text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-'
}

/// The spoilt request (path and body), or none when the spoil does not
/// apply to this write (no field, no date, no record in the path).
fn spoilt(case: &Case, path: &str, body: &str, spoil: &Spoil) -> Option<(String, String)> {
    use serde_json::Value;
    let fields = |body: &str| -> Option<serde_json::Map<String, Value>> {
        match serde_json::from_str(body) {
            Ok(Value::Object(map)) => Some(map),
            _ => None,
        }
    };
    match spoil {
        Spoil::Truncated(fraction) => {
            let mut end = (body.len() as f64 * fraction) as usize;
            while !body.is_char_boundary(end) {
                end -= 1;
            }
            Some((path.to_owned(), body[..end].to_owned()))
        }
        Spoil::WrongType(n, pick) => {
            let mut map = fields(body)?;
            let name = map.keys().nth(n % map.len().max(1))?.clone();
            let value = other_type(&map[&name], *pick);
            map.insert(name, value);
            Some((path.to_owned(), Value::Object(map).to_string()))
        }
        Spoil::UnknownField(name) => {
            let mut map = fields(body)?;
            map.insert(name.clone(), Value::from(1));
            Some((path.to_owned(), Value::Object(map).to_string()))
        }
        Spoil::ImpossibleDate(pick) => {
            let mut map = fields(body)?;
            let dates: Vec<String> = map
                .iter()
                .filter(|(_, v)| v.as_str().is_some_and(looks_like_a_date))
                .map(|(k, _)| k.clone())
                .collect();
            if dates.is_empty() {
                return None;
            }
            for name in dates {
                map.insert(name, Value::from(impossible_date(*pick)));
            }
            Some((path.to_owned(), Value::Object(map).to_string()))
        }
        Spoil::OtherProjectsRecord => {
            // Records of "annet" are `activity-1`…; the path names ours.
            let record = case.record?;
            let key = record.rsplit(':').next().unwrap_or(record);
            path.contains(key)
                .then(|| (path.replacen(key, "activity-1", 1), body.to_owned()))
        }
        Spoil::Huge => {
            let padding = "x".repeat(app::api::writes::MAX_BODY_BYTES + 1);
            Some((path.to_owned(), format!(r#"{{"name": "{padding}"}}"#)))
        }
    }
}

/// Bad input at every write door of the API — malformed JSON, wrong types,
/// unknown fields, impossible dates, records of another project, bodies past
/// the limit — is answered with a 4xx that says what is wrong (a JSON error
/// with a code and a message), never a 5xx, and writes nothing. Random
/// requests from `proptest`, sent by the project leader (who may make every
/// write), on SQLite and PostgreSQL.
#[test]
fn bad_input_at_every_write_door_is_refused_clearly_and_writes_nothing() {
    use proptest::test_runner::{Config, TestCaseError, TestRunner};
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let cases = cases();
    for test in runtime.block_on(common::databases()) {
        let db = &test.db;
        let world = runtime.block_on(world(&test));
        let leader = world
            .callers
            .iter()
            .find(|(who, _, _)| *who == Who::ProjectLeader)
            .and_then(|(_, credential, _)| credential.clone())
            .expect("the leader's token");
        let token = leader.trim_start_matches("bearer:").to_owned();
        let mut runner = TestRunner::new(Config {
            cases: 96,
            failure_persistence: None,
            ..Config::default()
        });
        let strategy = (0..cases.len(), spoils(), "[ -~]{0,80}");
        let result = runner.run(&strategy, |(index, spoil, garbage)| {
            let case = &cases[index];
            runtime.block_on(async {
                // The server function's door: arguments it cannot read.
                let before = fingerprint(db).await;
                let (status, answer) = send(
                    &world.app,
                    "POST",
                    &rpc_path(case.function),
                    &token,
                    "application/x-www-form-urlencoded",
                    garbage.clone(),
                )
                .await;
                let what = format!("{} {garbage:?}: {status} {answer}", case.function);
                if !status.is_client_error() {
                    return Err(TestCaseError::fail(format!("not a 4xx: {what}")));
                }
                if fingerprint(db).await != before {
                    return Err(TestCaseError::fail(format!("data changed: {what}")));
                }

                let path = body(db, case.path).await;
                let valid = body(db, case.body).await;
                let Some((path, request)) = spoilt(case, &path, &valid, &spoil) else {
                    return Ok(());
                };
                let before = fingerprint(db).await;
                let (status, answer) = send(
                    &world.app,
                    case.method,
                    &format!("{BASE}{path}"),
                    &token,
                    "application/json",
                    request,
                )
                .await;
                let what = format!(
                    "{} {} {path} ({spoil:?}): {status} {answer}",
                    test.backend, case.method
                );
                if !status.is_client_error() {
                    return Err(TestCaseError::fail(format!("not a 4xx: {what}")));
                }
                let error: serde_json::Value = serde_json::from_str(&answer)
                    .map_err(|_| TestCaseError::fail(format!("not a JSON error: {what}")))?;
                let message = error["error"]["message"].as_str().unwrap_or_default();
                if error["error"]["code"].as_str().is_none() || message.is_empty() {
                    return Err(TestCaseError::fail(format!("no code and message: {what}")));
                }
                if fingerprint(db).await != before {
                    return Err(TestCaseError::fail(format!("data changed: {what}")));
                }
                Ok(())
            })
        });
        if let Err(failure) = result {
            panic!("{failure}");
        }
        runtime.block_on(test.finish());
    }
}

/// The rights read with the project in one join (every read pays for it)
/// are the rights read on their own (every write), for every kind of
/// caller, in a public and a private project — including a person with
/// several roles and one taken away.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rights_read_with_the_project_are_the_rights_read_alone() {
    use app::plan::inputs::VersionOnly;
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        common::demo_with_accounts(db).await;
        common::import_small_project(db, "annet", 2).await;
        let operator = Writer::page(Caller::operator());
        let demo = project::Entity::find()
            .filter(project::Column::Key.eq(KEY))
            .one(db)
            .await
            .expect("query")
            .expect("demo");
        let leader_of_one = "delprosjekt@demo.framdrift.no";
        let led = user_grant(db, leader_of_one, &demo).await.sub_projects;
        let unled: Vec<String> = sub_project::Entity::find()
            .filter(sub_project::Column::ProjectId.eq(demo.id))
            .all(db)
            .await
            .expect("sub-projects")
            .into_iter()
            .filter(|s| !led.contains(&s.id))
            .map(|s| s.key)
            .collect();
        let mut given = Vec::new();
        for sub in &unled[..2] {
            let saved = app::members::commands::grant_role(
                db,
                &operator,
                KEY,
                leader_of_one,
                Role::SubProjectLeader,
                Some(sub),
            )
            .await
            .expect("a sub-project leader's role");
            given.push(saved);
        }
        let taken = &given[1];
        app::members::commands::remove_member(
            db,
            &operator,
            KEY,
            &taken.key,
            VersionOnly {
                version: taken.version,
            },
        )
        .await
        .expect("taken away");
        assert_eq!(
            user_grant(db, leader_of_one, &demo)
                .await
                .sub_projects
                .len(),
            led.len() + 1,
            "{backend}"
        );

        let mut callers = vec![
            Caller::anonymous(),
            Caller::operator(),
            Caller {
                share: Some(SharedProject {
                    link_id: 0,
                    project_id: demo.id,
                }),
                ..Caller::default()
            },
        ];
        for account in user_account::Entity::find()
            .all(db)
            .await
            .expect("accounts")
        {
            callers.push(Caller::user(account.into()));
        }
        for key in [KEY, "annet"] {
            let project = project::Entity::find()
                .filter(project::Column::Key.eq(key))
                .one(db)
                .await
                .expect("query")
                .expect("project");
            for caller in &callers {
                let alone = app::access::grant(db, caller, &project)
                    .await
                    .expect("grant");
                match app::access::readable_at_revision(db, None, caller, key).await {
                    Ok((found, joined)) => {
                        assert_eq!(joined, alone, "{backend} {key} {caller:?}");
                        assert_eq!(found.project, project);
                        assert!(found.revision > 0, "the import raised it");
                    }
                    Err(refusal) => {
                        assert!(!alone.read, "{backend} {key} {caller:?}");
                        assert_eq!(refusal, caller.refusal());
                    }
                }
            }
        }
        test.finish().await;
    }
}

async fn user_grant(
    db: &DatabaseConnection,
    email: &str,
    project: &project::Model,
) -> app::access::Grant {
    let account = user_account::Entity::find()
        .filter(user_account::Column::Email.eq(email))
        .one(db)
        .await
        .expect("query")
        .expect("account");
    app::access::grant(db, &Caller::user(account.into()), project)
        .await
        .expect("grant")
}

/// A signed-in read finds its caller and their rights in one statement with
/// the session (`caller::of_session_id` given the project); it must find
/// what the session and the rights read apart find, for every account, a
/// disabled one, an expired session, a share link's session and a project
/// that does not exist.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rights_read_with_the_session_are_the_rights_read_apart() {
    use app::account::caller::{SESSION_SHARE, SESSION_USER, of_session_id};
    use app::account::store::DbSessionStore;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    use tower_sessions::SessionStore;
    use tower_sessions::cookie::time::{Duration, OffsetDateTime};
    use tower_sessions::session::{Id, Record};

    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        common::demo_with_accounts(db).await;
        common::import_small_project(db, "annet", 2).await;
        let accounts = user_account::Entity::find()
            .all(db)
            .await
            .expect("accounts");
        // One account disabled: its session reads as nobody's.
        let disabled = accounts
            .iter()
            .find(|a| !a.is_admin)
            .expect("an account")
            .clone();
        let mut active: user_account::ActiveModel = disabled.clone().into();
        active.disabled_at = Set(Some(chrono::Utc::now()));
        active.update(db).await.expect("disabled");
        let link = app::sharing::commands::create_share_link(
            db,
            &Writer::page(Caller::operator()),
            "annet",
            app::sharing::NewShareLink {
                label: "Styringsgruppen".into(),
                last_day: None,
            },
        )
        .await
        .expect("link");
        let link_id = share_link::Entity::find()
            .filter(share_link::Column::Key.eq(&link.saved.key))
            .one(db)
            .await
            .expect("query")
            .expect("the link")
            .id;

        let store = DbSessionStore::new(db.clone());
        let mut sessions = Vec::new();
        let mut stored = |data: serde_json::Value, expires_in: Duration| {
            let data = data
                .as_object()
                .expect("an object")
                .clone()
                .into_iter()
                .collect();
            let record = Record {
                id: Id::default(),
                data,
                expiry_date: OffsetDateTime::now_utc() + expires_in,
            };
            sessions.push(record);
        };
        for account in &accounts {
            stored(
                serde_json::json!({ SESSION_USER: account.id }),
                Duration::hours(1),
            );
        }
        stored(
            serde_json::json!({ SESSION_USER: accounts[0].id }),
            Duration::hours(-1),
        );
        stored(
            serde_json::json!({ SESSION_SHARE: link_id }),
            Duration::hours(1),
        );
        stored(serde_json::json!({}), Duration::hours(1));
        for record in &mut sessions {
            store.create(record).await.expect("a session");
        }

        for record in &sessions {
            let apart = of_session_id(db, &record.id, None).await.expect("caller");
            assert_eq!(apart.prefetched, None);
            let unknown = of_session_id(db, &record.id, Some("finnes-ikke"))
                .await
                .expect("caller");
            assert_eq!(unknown, apart, "{backend}: an unknown project");
            for key in [KEY, "annet"] {
                let project = project::Entity::find()
                    .filter(project::Column::Key.eq(key))
                    .one(db)
                    .await
                    .expect("query")
                    .expect("project");
                let joined = of_session_id(db, &record.id, Some(key))
                    .await
                    .expect("caller");
                let read = joined.prefetched.clone().expect("the project read");
                assert_eq!(read.key, key);
                assert_eq!(read.found.project, project, "{backend}");
                assert!(read.found.revision > 0);
                let caller = Caller {
                    prefetched: None,
                    ..joined.clone()
                };
                assert_eq!(caller, apart, "{backend} {key}: the same caller");
                let alone = app::access::grant(db, &caller, &project)
                    .await
                    .expect("grant");
                assert_eq!(read.grant, alone, "{backend} {key} {caller:?}");
                // And the read check answers from it as it would alone.
                let (found, grant) = app::access::readable_at_revision(db, None, &joined, key)
                    .await
                    .map_or((None, None), |(f, g)| (Some(f), Some(g)));
                let (found_alone, grant_alone) =
                    app::access::readable_at_revision(db, None, &caller, key)
                        .await
                        .map_or((None, None), |(f, g)| (Some(f), Some(g)));
                assert_eq!(
                    (found, grant),
                    (found_alone, grant_alone),
                    "{backend} {key}"
                );
            }
        }
        let disabled_session = &sessions[accounts
            .iter()
            .position(|a| a.id == disabled.id)
            .expect("its session")];
        let caller = of_session_id(db, &disabled_session.id, Some(KEY))
            .await
            .expect("caller");
        assert_eq!(caller.user, None, "{backend}: a disabled account");
        let expired = &sessions[accounts.len()];
        let caller = of_session_id(db, &expired.id, Some(KEY))
            .await
            .expect("caller");
        assert_eq!(caller.user, None, "{backend}: an expired session");
        let shared = &sessions[accounts.len() + 1];
        let caller = of_session_id(db, &shared.id, Some("annet"))
            .await
            .expect("caller");
        assert!(
            caller.prefetched.expect("read").grant.read,
            "{backend}: the link opens its project"
        );
        test.finish().await;
    }
}

/// Issue 28, 4: a caller who may write nothing in the project (no account,
/// a share link, a partner, a leader of another project) is refused before
/// the writer's turn, through every write door, API and server function:
/// while an edit of the project is under way, none of their writes waits
/// for it. (The leaders of sub-projects may write some records, so theirs
/// are decided in the transaction, record by record.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_of_those_who_may_write_nothing_are_refused_while_an_edit_holds_the_project() {
    use std::time::Duration;
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        let world = world(&test).await;
        let before = fingerprint(db).await;
        let held = app::edit::Edit::begin(
            &world.state.db,
            &Writer::page(Caller::operator()),
            KEY,
            app::access::Action::EditFacts,
            "An edit under way",
        )
        .await
        .expect("an edit");
        // Without the early refusal a write would wait for the edit for
        // ever: the bound only turns that into a failure.
        let bound = Duration::from_secs(30);
        for case in cases() {
            let path = body(db, case.path).await;
            let record = match case.record {
                Some(record) => Some(body(db, record).await),
                None => None,
            };
            let request = body(db, case.body).await;
            for (who, credential, caller) in world.callers.iter().filter(|(who, _, _)| {
                matches!(
                    who,
                    Who::Anonymous | Who::ShareLink | Who::Partner | Who::OtherProjectLeader
                )
            }) {
                let what = format!("{backend}: {} ({who:?})", case.function);
                let status = tokio::time::timeout(
                    bound,
                    send_api(
                        &world,
                        credential.as_deref(),
                        case.method,
                        &format!("{BASE}{path}"),
                        &request,
                    ),
                )
                .await
                .unwrap_or_else(|_| panic!("{what}: the API write waited for the edit"));
                assert!(is_refusal(status), "{what}: {status}");
                let result = tokio::time::timeout(
                    bound,
                    call_function(&world, caller, &case, record.clone(), &request),
                )
                .await
                .unwrap_or_else(|_| panic!("{what}: the server function waited for the edit"));
                assert!(
                    matches!(result, Err(AppError::Unauthorised | AppError::Forbidden)),
                    "{what}: {result:?}"
                );
            }
        }
        drop(held);
        assert_eq!(fingerprint(db).await, before, "{backend}");
        test.finish().await;
    }
}
