//! Sign-ins sent all at once. A test binary of its own: it counts the
//! password checks of the whole process, which other tests would add to.

mod common;

use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode, header};
use leptos::prelude::LeptosOptions;

use common::rpc_path;

const LEADER: &str = "leder@demo.framdrift.no";

/// A sign-in from `client` (behind a balancer that appends the address it
/// saw): the status and the `Retry-After` header.
async fn sign_in(
    app: Router,
    client: &str,
    email: &str,
    password: &str,
) -> (StatusCode, Option<u64>) {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([("email", email), ("password", password)])
        .finish();
    let request = Request::post(rpc_path("sign_in"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header("x-forwarded-for", client)
        .body(Body::from(body))
        .expect("request");
    let answer = common::respond(&app, request).await;
    let retry_after = answer
        .header(header::RETRY_AFTER)
        .and_then(|v| v.parse().ok());
    (answer.status, retry_after)
}

/// Issue 28, 3: fifty wrong passwords for one account sent at once check
/// at most the limit against the hash, the rest are answered 429 with
/// `Retry-After`, and the owner still signs in from another address.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_sign_ins_checks_no_more_guesses_than_the_limit() {
    use app::account::{password, users};
    for test in common::databases().await {
        let backend = test.backend;
        common::demo_with_accounts(&test.db).await;
        let app = server::router_with_client_ip(
            test.db.clone(),
            LeptosOptions::builder().output_name("framdrift").build(),
            axum_client_ip::ClientIpSource::RightmostXForwardedFor,
        );
        let checked_before = password::verifications();
        let mut burst = tokio::task::JoinSet::new();
        for _ in 0..50 {
            burst.spawn(sign_in(app.clone(), "1.1.1.1", LEADER, "feil passord"));
        }
        let answers = burst.join_all().await;
        let checked = password::verifications() - checked_before;
        let refused: Vec<_> = answers
            .iter()
            .filter(|(status, _)| *status == StatusCode::TOO_MANY_REQUESTS)
            .collect();
        let wrong = answers
            .iter()
            .filter(|(status, _)| *status == StatusCode::UNAUTHORIZED)
            .count();
        assert_eq!(refused.len() + wrong, 50, "{backend}: {answers:?}");
        assert!(
            checked <= users::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
            "{backend}: {checked} guesses reached the hash"
        );
        assert_eq!(
            checked as usize, wrong,
            "{backend}: each checked guess answered 401"
        );
        assert!(
            refused
                .iter()
                .all(|(_, retry)| retry.is_some_and(|s| s > 0)),
            "{backend}: every 429 says when to come back: {refused:?}"
        );

        // Spent from that address, not from the owner's.
        let (status, _) =
            sign_in(app.clone(), "1.1.1.1", LEADER, app::exchange::DEMO_PASSWORD).await;
        if wrong as u64 == users::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS {
            assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{backend}");
        }
        let (status, _) =
            sign_in(app.clone(), "2.2.2.2", LEADER, app::exchange::DEMO_PASSWORD).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "{backend}: the owner from another address"
        );
        test.finish().await;
    }
}
