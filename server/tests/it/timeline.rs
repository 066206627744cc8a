//! The timeline for partners and its calendar feed, on SQLite and
//! PostgreSQL: the demo's feed parses as iCalendar and holds the seed's three
//! Stjørdal gatherings on their days; a moved milestone keeps its UID; a
//! private project's feed opens through a share link and ends with it; the
//! page lists what is coming up before what happened, filtered.

use crate::common;

use chrono::NaiveDate;
use http::StatusCode;
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
use leptos::prelude::LeptosOptions;

use app::domain::{AsOf, MilestoneStatus};
use app::edit::Writer;
use app::exchange::{self, ExistingProject};
use app::identity::Caller;

const KEY: &str = "interreg-integrering";

fn router(db: &sea_orm::DatabaseConnection) -> axum::Router {
    server::router(
        db.clone(),
        LeptosOptions::builder().output_name("framdrift").build(),
    )
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// A feed's events: UID, first day, day after the last (DTEND), SEQUENCE,
/// STATUS, SUMMARY.
#[derive(Debug)]
struct FeedEvent {
    uid: String,
    starts: NaiveDate,
    ends: NaiveDate,
    sequence: u32,
    status: Option<String>,
    summary: String,
    description: String,
}

/// Reads a feed with the iCalendar parser; its name and events.
fn parse_feed(body: &[u8]) -> (Option<String>, Vec<FeedEvent>) {
    let text = std::str::from_utf8(body).expect("UTF-8");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(
        text.contains("REFRESH-INTERVAL;VALUE=DURATION:PT3600S"),
        "{text}"
    );
    assert!(text.contains("PRODID:-//Framdrift//"), "{text}");
    let calendar: Calendar = text.parse().expect("the feed parses as iCalendar");
    let date = |value: Option<DatePerhapsTime>| match value {
        Some(DatePerhapsTime::Date(date)) => date,
        other => panic!("an all-day date, not {other:?}"),
    };
    let events = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(event) => Some(event),
            _ => None,
        })
        .map(|event| FeedEvent {
            uid: event.get_uid().expect("UID").to_owned(),
            starts: date(event.get_start()),
            ends: date(event.get_end()),
            sequence: event.get_sequence().expect("SEQUENCE"),
            status: event.property_value("STATUS").map(str::to_owned),
            summary: event.get_summary().expect("SUMMARY").to_owned(),
            description: event.get_description().unwrap_or_default().to_owned(),
        })
        .collect();
    (calendar.get_name().map(str::to_owned), events)
}

fn event<'a>(events: &'a [FeedEvent], uid: &str) -> &'a FeedEvent {
    events
        .iter()
        .find(|e| e.uid == uid)
        .unwrap_or_else(|| panic!("{uid} in {events:#?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_feed_holds_the_stjordal_gatherings_on_their_seed_days() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        let app = router(db);

        let (status, headers, body) =
            common::fetch_with(&app, &format!("/p/{KEY}/calendar.ics?lang=nb"), &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_eq!(
            headers
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("text/calendar; charset=utf-8")
        );
        let (name, events) = parse_feed(&body);
        assert_eq!(
            name.as_deref(),
            Some("Integrering av mennesker med psykiske problemer"),
            "{backend}: the calendar is named after the project"
        );
        // All-day events over their days: DTEND is the day after the last.
        for (key, summary, first, after) in [
            (
                "oppstartsamling",
                "Oppstartsamling",
                day(2009, 3, 23),
                day(2009, 3, 25),
            ),
            (
                "nettverkssamling-2009",
                "Nettverkssamling",
                day(2009, 10, 26),
                day(2009, 10, 28),
            ),
            (
                "interregseminar-2009",
                "Interregseminar",
                day(2009, 11, 19),
                day(2009, 11, 21),
            ),
        ] {
            let found = event(&events, &format!("milestone-{key}.{KEY}@framdrift"));
            assert_eq!(found.summary, summary);
            assert_eq!(
                (found.starts, found.ends),
                (first, after),
                "{backend}: {key}"
            );
            assert_eq!(found.status.as_deref(), Some("CONFIRMED"));
        }
        // Each meeting of each series, one day long: on the day it was
        // held (April's, planned for the 15th, was held on the 21st) or its
        // planned date.
        let meeting = event(
            &events,
            &format!("meeting-samarbeidsmote-stjordal-2009-04-15.{KEY}@framdrift"),
        );
        assert_eq!(
            (meeting.starts, meeting.ends),
            (day(2009, 4, 21), day(2009, 4, 22))
        );
        assert_eq!(meeting.summary, "Samarbeidsmøte i Stjørdal");
        assert!(
            meeting.description.contains("holdt")
                && meeting.description.contains("planlagt 15.04.2009"),
            "{meeting:?}"
        );
        let later = event(
            &events,
            &format!("meeting-samarbeidsmote-stjordal-2011-10-15.{KEY}@framdrift"),
        );
        assert_eq!(
            (later.starts, later.ends),
            (day(2011, 10, 15), day(2011, 10, 16))
        );
        // UIDs are unique: a calendar would merge two events with one.
        let mut uids: Vec<&str> = events.iter().map(|e| e.uid.as_str()).collect();
        uids.sort_unstable();
        uids.dedup();
        assert_eq!(uids.len(), events.len(), "{backend}: unique UIDs");

        // Asked again, the same events: nothing random in the feed.
        let (_, _, again) =
            common::fetch_with(&app, &format!("/p/{KEY}/calendar.ics?lang=nb"), &[]).await;
        let (_, again) = parse_feed(&again);
        assert_eq!(
            again.iter().map(|e| &e.uid).collect::<Vec<_>>(),
            events.iter().map(|e| &e.uid).collect::<Vec<_>>()
        );

        // A sub-project's feed: its own and the whole project's things, not
        // another sub-project's.
        let overview = app::project::queries::load_overview(db, KEY, AsOf::NOW)
            .await
            .expect("overview");
        let other = overview
            .sub_projects
            .iter()
            .find(|s| s.key != "stjordal")
            .expect("another sub-project");
        let (_, _, body) = common::fetch_with(
            &app,
            &format!("/p/{KEY}/calendar.ics?sub={}", other.key),
            &[],
        )
        .await;
        let (name, others) = parse_feed(&body);
        assert!(
            name.is_some_and(|n| n.ends_with(&other.name)),
            "named after the sub-project"
        );
        assert!(
            others
                .iter()
                .all(|e| !e.uid.contains("stjordal") && !e.uid.contains("oppstartsamling")),
            "{backend}: {others:#?}"
        );

        // A parameter that names nothing is refused, by name.
        let (status, _, body) =
            common::fetch_with(&app, &format!("/p/{KEY}/calendar.ics?sub=finnes-ikke"), &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        assert!(String::from_utf8_lossy(&body).contains("finnes-ikke"));
        let (status, _, _) =
            common::fetch_with(&app, &format!("/p/{KEY}/calendar.ics?lang=de"), &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moved_milestone_keeps_its_uid_and_a_cancelled_one_shows_cancelled() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        let app = router(db);
        let uid = format!("milestone-interregseminar-2009.{KEY}@framdrift");
        let feed = |app: axum::Router| async move {
            let (status, _, body) =
                common::fetch_with(&app, &format!("/p/{KEY}/calendar.ics"), &[]).await;
            assert_eq!(status, StatusCode::OK);
            parse_feed(&body).1
        };
        let before = feed(app.clone()).await;
        let seminar = event(&before, &uid);

        let schedule = app::schedule::queries::load_schedule(db, KEY, AsOf::NOW)
            .await
            .expect("schedule");
        let current = schedule
            .milestones
            .iter()
            .find(|m| m.key == "interregseminar-2009")
            .expect("the seminar");
        let mut input = app::schedule::MilestoneInput {
            sub_project: Some("stjordal".to_owned()),
            name: current.name.clone(),
            kind: current.kind,
            first_day: day(2009, 12, 3),
            last_day: Some(day(2009, 12, 4)),
            place: "Stjørdal".to_owned(),
            description: String::new(),
            status: MilestoneStatus::Moved,
            actual_first_day: None,
            actual_last_day: None,
            version: current.version,
        };
        let saved = app::schedule::commands::save_milestone(
            db,
            &Writer::page(Caller::operator()),
            KEY,
            Some("interregseminar-2009"),
            input.clone(),
        )
        .await
        .expect("moved");

        let after = feed(app.clone()).await;
        let moved = event(&after, &uid);
        assert_eq!(
            (moved.starts, moved.ends),
            (day(2009, 12, 3), day(2009, 12, 5)),
            "{backend}: the same event, on its new days"
        );
        assert!(
            moved.sequence > seminar.sequence,
            "{backend}: SEQUENCE rises"
        );
        assert_eq!(before.len(), after.len(), "no second event");

        // The timeline says where it was moved from.
        let (status, _, page) =
            common::fetch(&app, &format!("/p/{KEY}/timeline?kind=milestone")).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let page = String::from_utf8_lossy(&page);
        assert!(
            page.contains("flyttet fra 19.–20.11.2009"),
            "{backend}: {page}"
        );

        input.status = MilestoneStatus::Cancelled;
        input.version = saved.version;
        app::schedule::commands::save_milestone(
            db,
            &Writer::page(Caller::operator()),
            KEY,
            Some("interregseminar-2009"),
            input,
        )
        .await
        .expect("cancelled");
        let cancelled = feed(app.clone()).await;
        let cancelled = event(&cancelled, &uid);
        assert_eq!(cancelled.status.as_deref(), Some("CANCELLED"), "{backend}");
        assert!(cancelled.sequence > moved.sequence);
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_projects_feed_opens_through_a_share_link_and_ends_with_it() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        common::import_small_project(db, "annet", 2).await;
        let app = router(db);
        let (status, _, _) = common::fetch_with(&app, "/p/annet/calendar.ics", &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{backend}");

        let writer = Writer::page(Caller::operator());
        let link = app::sharing::commands::create_share_link(
            db,
            &writer,
            "annet",
            app::sharing::NewShareLink {
                label: "Styringsgruppen".into(),
                last_day: None,
            },
        )
        .await
        .expect("link");
        let feed = format!("{}/calendar.ics", link.path);
        let (status, _, body) = common::fetch_with(&app, &feed, &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let (name, _) = parse_feed(&body);
        assert!(name.is_some(), "named");
        let (status, _, _) = common::fetch_with(&app, "/s/not-a-link/calendar.ics", &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");

        app::sharing::commands::revoke_share_link(
            db,
            &writer,
            "annet",
            &link.saved.key,
            app::plan::inputs::VersionOnly {
                version: link.saved.version,
            },
        )
        .await
        .expect("revoke");
        let (status, _, body) = common::fetch_with(&app, &feed, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}: the feed ends");
        assert!(!String::from_utf8_lossy(&body).contains("BEGIN:VCALENDAR"));
        test.finish().await;
    }
}

/// The text of a page between two markers.
fn between<'a>(page: &'a str, from: &str, to: &str) -> &'a str {
    let start = page
        .find(from)
        .unwrap_or_else(|| panic!("{from} in {page}"));
    let rest = &page[start..];
    let end = rest.find(to).unwrap_or(rest.len());
    &rest[..end]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_timeline_lists_what_is_coming_up_first_then_what_happened() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        common::demo_with_accounts(db).await;
        let app = router(db);

        // The day of the start gathering: it and the meetings of the
        // next 90 days are coming up; the project's start has happened.
        let (status, _, page) =
            common::fetch(&app, &format!("/p/{KEY}/timeline?as_of=2009-03-20&sub=all")).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let page = String::from_utf8_lossy(&page).into_owned();
        let coming = between(&page, "id=\"timeline-coming\"", "id=\"timeline-past\"");
        let past = between(&page, "id=\"timeline-past\"", "id=\"timeline-later\"");
        assert!(coming.contains("Oppstartsamling"), "{backend}: {coming}");
        assert!(coming.contains("23.–24.03.2009"), "{coming}");
        assert!(coming.contains("Samarbeidsmøte i Stjørdal"), "{coming}");
        assert!(
            !coming.contains("Nettverkssamling"),
            "more than 90 days ahead"
        );
        assert!(past.contains("Prosjektet starter"), "{past}");
        assert!(!past.contains("Oppstartsamling"), "{past}");
        // Coming up soonest first; what happened newest first.
        let first_meeting = coming.find("15.04.2009").expect("the April meeting");
        let gathering = coming.find("23.–24.03.2009").expect("the gathering");
        assert!(gathering < first_meeting, "soonest first");
        let start = past.find("01.12.2008").expect("the start");
        let january = past.find("15.01.2009").expect("January's meeting");
        assert!(january < start, "newest first");

        // One kind only.
        let (_, _, page) = common::fetch(
            &app,
            &format!("/p/{KEY}/timeline?as_of=2009-03-20&kind=milestone"),
        )
        .await;
        let page = String::from_utf8_lossy(&page);
        assert!(page.contains("Oppstartsamling"));
        assert!(!page.contains("Samarbeidsmøte i Stjørdal"), "{backend}");

        // Bad filters are refused by name.
        let (status, _, body) = common::fetch(&app, &format!("/p/{KEY}/timeline?kind=fest")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert!(String::from_utf8_lossy(&body).contains("kind"));
        let (status, _, _) = common::fetch(&app, &format!("/p/{KEY}/timeline?partner=ingen")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");

        // A sub-project's leader sees their own sub-project ("mine")
        // chosen, without another sub-project's meetings.
        let token = common::demo_token(db, "delprosjekt@demo.framdrift.no").await;
        let theirs = common::with_token(router(db), &token);
        let (status, _, page) = common::fetch(&theirs, &format!("/p/{KEY}/timeline")).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let page = String::from_utf8_lossy(&page);
        assert!(
            page.contains("<option value=\"mine\" selected"),
            "{backend}: mine preselected"
        );
        assert!(page.contains("Samarbeidsmøte i Stjørdal"));
        assert!(!page.contains("Samarbeidsmøte med NAV"), "{backend}");
        test.finish().await;
    }
}
