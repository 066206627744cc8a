//! The calendar feed: a project's milestones (all-day events over their
//! days) and meetings (on their dates) as iCalendar, for partners'
//! calendars. `/p/{key}/calendar.ics` for whoever may read the project;
//! `/s/{token}/calendar.ics` under a share link, which a calendar without an
//! account can subscribe to until the link is revoked.
//!
//! Every event's UID is the record's (a milestone's key, a meeting's
//! series and planned date), and its SEQUENCE rises with each change, so
//! a moved milestone moves in the calendar instead of appearing twice.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Days, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

use crate::dates::format_date_range;
use crate::domain::{AsOf, ProjectAccess};
use crate::error::AppError;
use crate::i18n::*;
use crate::state::AppState;

use super::TimelineFilter;
use super::queries::{MeetingState, MilestoneState, Timeline, What, load_timeline};
use super::render::{details_of, state_of};

/// How often a subscribed calendar should ask again.
const REFRESH_HOURS: i64 = 1;

pub fn router(state: AppState) -> Router {
    let readers = crate::api::for_readers(
        &state,
        Router::new().route("/p/{key}/calendar.ics", get(project_feed)),
    );
    Router::new()
        .merge(readers)
        .route("/s/{token}/calendar.ics", get(shared_feed))
        .with_state(state)
}

async fn project_feed(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    feed_response(&state, &key, &params, &headers).await
}

/// The feed of the project a live share link opens; 404 once it is
/// revoked or expired, which ends every subscription made with it.
async fn shared_feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (_, project) = crate::sharing::commands::live_link(&state.db, &token).await?;
    feed_response(&state, &project.key, &params, &headers).await
}

async fn feed_response(
    state: &AppState,
    key: &str,
    params: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    let locale =
        crate::gantt::files::requested_locale(params.get("lang").map(String::as_str), headers)?;
    let as_of = AsOf::parse_param(params.get("as_of").map(String::as_str))?;
    let mut filter = TimelineFilter::from_params(|name| params.get(name).cloned());
    // A calendar has no account to be "mine" for: all, unless asked.
    filter.sub.get_or_insert_with(|| "all".to_owned());
    let today = Utc::now().date_naive();
    let timeline = load_timeline(
        &state.db,
        key,
        as_of,
        &filter,
        &ProjectAccess::default(),
        today,
    )
    .await?;
    let body = calendar(locale, &timeline, Utc::now()).to_string();
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}.ics\"",
        timeline.project_key
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// The day after `day`: an all-day event's DTEND is exclusive.
fn day_after(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap_or(day)
}

/// A UID that stays the same for the same record in every feed.
fn uid(project: &str, what: &str, key: &str) -> String {
    format!("{what}-{key}.{project}@framdrift")
}

/// The calendar of `timeline`'s milestones and meetings, stamped `now`.
pub fn calendar(locale: Locale, timeline: &Timeline, now: DateTime<Utc>) -> Calendar {
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//Framdrift//Framdrift//NB"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        calendar.append_property(icalendar::Property::new(key, value));
    }
    let name = match timeline.filter.sub.as_str() {
        "all" | "mine" => timeline.project_name.clone(),
        key => match timeline.sub_projects.iter().find(|s| s.key == key) {
            Some(sub) => format!("{} – {}", timeline.project_name, sub.name),
            None => timeline.project_name.clone(),
        },
    };
    calendar
        .name(&name)
        .description(
            &td_string!(
                locale,
                timeline_feed_description,
                period = format_date_range(locale, timeline.period.start, timeline.period.end)
            )
            .to_string(),
        )
        .ttl(&chrono::Duration::hours(REFRESH_HOURS));
    let project = &timeline.project_key;
    for entry in &timeline.entries {
        let (record, sequence, summary, cancelled) = match &entry.what {
            What::Milestone {
                milestone, state, ..
            } => (
                uid(project, "milestone", &milestone.key),
                milestone.version,
                &milestone.name,
                *state == MilestoneState::Cancelled,
            ),
            What::Meeting {
                series_key,
                series_name,
                planned,
                state,
                sequence,
                ..
            } => (
                uid(
                    project,
                    &format!("meeting-{series_key}"),
                    &planned.to_string(),
                ),
                *sequence,
                series_name,
                *state == MeetingState::NotHeld,
            ),
            _ => continue,
        };
        // Whose it is and what became of it, then the lines the timeline
        // shows under it.
        let owner = match &entry.sub_project {
            Some(sub) => sub.name.clone(),
            None => td_string!(locale, whole_project).to_owned(),
        };
        let mut lines = vec![match state_of(locale, &entry.what) {
            Some((word, _)) => format!("{owner} · {word}"),
            None => owner,
        }];
        lines.extend(details_of(locale, entry));
        let mut event = Event::new();
        if let What::Milestone { milestone, .. } = &entry.what {
            if !milestone.description.is_empty() {
                lines.push(milestone.description.clone());
            }
            if !milestone.place.is_empty() {
                event.location(&milestone.place);
            }
        }
        event
            .uid(&record)
            .sequence(u32::try_from(sequence).unwrap_or(0))
            .summary(summary)
            .description(&lines.join("\n"))
            .status(if cancelled {
                EventStatus::Cancelled
            } else {
                EventStatus::Confirmed
            });
        event
            .timestamp(now)
            .starts(entry.day)
            .ends(day_after(entry.last_day));
        calendar.push(event.done());
    }
    calendar.done()
}
