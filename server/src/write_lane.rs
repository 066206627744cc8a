//! Writes run on a thread of their own, from a database pool of their own.
//!
//! Edits of a project are serialised (SQLite has one writer; PostgreSQL
//! edits take the project's row lock), so the edit holding that turn decides
//! how long every edit behind it waits. In the one pool of the server, that
//! edit first waited for a connection behind the readers' queries, holding
//! the turn meanwhile, and each of its round trips to the database woke it
//! on a runtime busy with reading requests: under the mixed load a status
//! statement held the turn about 8 ms against 1 ms alone, and the p99 of
//! the load was that queue (docs/performance.md). Here the writes are the
//! only tasks of a runtime, and their pool (`app::db::connect_for_writes`)
//! is theirs alone, its PostgreSQL connections opened on this runtime so
//! that their answers wake the writes here.

use std::future::Future;
use std::sync::LazyLock;

use axum::extract::Request;
use axum::http::Method;
use sea_orm::{ConnectOptions, DatabaseConnection, DbErr};
use tokio::runtime::{Builder, Handle};

/// The lane's runtime, started on first use; it lives as long as the process.
static LANE: LazyLock<Handle> = LazyLock::new(|| {
    let runtime = match Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        // Without a runtime of its own the lane is the caller's: writes
        // still work, only without the head start.
        Err(error) => {
            tracing::error!(%error, "no write lane: writes run with the reads");
            return Handle::current();
        }
    };
    let handle = runtime.handle().clone();
    let started = std::thread::Builder::new()
        .name("write-lane".into())
        .spawn(move || runtime.block_on(std::future::pending::<()>()));
    if let Err(error) = started {
        tracing::error!(%error, "no write lane: writes run with the reads");
        return Handle::current();
    }
    handle
});

/// Runs `work` on the write lane and answers what it answers. A panic in it
/// goes on in the caller, as if it had run there.
pub async fn run<F>(work: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    match LANE.spawn(work).await {
        Ok(output) => output,
        Err(error) => match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            // The lane's runtime is never shut down while the process runs.
            Err(error) => unreachable!("the write lane stopped: {error}"),
        },
    }
}

/// Whether a request writes: the API's requests other than reads, and the
/// server functions declared as writes (under [`app::edit::WRITE_PREFIX`]),
/// sent by someone who could be allowed to. A request without a cookie or
/// an `Authorization` header is nobody's who may write: it is refused with
/// the reads (`app::edit`), and a flood of them never takes the lane's time.
pub fn is_write(request: &Request) -> bool {
    let headers = request.headers();
    if !headers.contains_key(axum::http::header::COOKIE)
        && !headers.contains_key(axum::http::header::AUTHORIZATION)
    {
        return false;
    }
    let path = request.uri().path();
    let reads = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    (!reads && path.starts_with("/api/")) || path.starts_with(app::edit::WRITE_PREFIX)
}

/// Whether the lane is in use: `FRAMDRIFT_WRITE_LANE=off` serves writes
/// with the reads, from one pool, to measure what the lane gains
/// (docs/performance.md).
pub fn in_use() -> bool {
    static IN_USE: LazyLock<bool> =
        LazyLock::new(|| !std::env::var("FRAMDRIFT_WRITE_LANE").is_ok_and(|v| v == "off"));
    *IN_USE
}

/// The writes' own pool ([`app::db::connect_for_writes`]), opened on the
/// lane: a PostgreSQL connection wakes the task that waits for it through
/// the runtime it was opened on, and the server's is busy with the reads.
pub async fn connect(options: ConnectOptions) -> Result<DatabaseConnection, DbErr> {
    run(app::db::connect_for_writes(options)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    /// A request of a signed-in browser.
    fn request(method: Method, path: &str) -> Request {
        Request::builder()
            .method(method)
            .uri(path)
            .header(axum::http::header::COOKIE, "framdrift_session=x")
            .body(Body::empty())
            .expect("request")
    }

    #[test]
    fn writes_are_told_from_reads_by_method_and_path() {
        let project = "/api/v1/projects/demo";
        assert!(is_write(&request(
            Method::POST,
            &format!("{project}/activities")
        )));
        assert!(is_write(&request(
            Method::PUT,
            &format!("{project}/activities/a/progress")
        )));
        assert!(is_write(&request(
            Method::DELETE,
            &format!("{project}/members/m")
        )));
        assert!(is_write(&request(
            Method::POST,
            "/rpc/write/add_activity123"
        )));
        assert!(!is_write(&request(Method::GET, &format!("{project}/plan"))));
        assert!(!is_write(&request(
            Method::HEAD,
            &format!("{project}/plan")
        )));
        // Server functions that read are POSTs too.
        assert!(!is_write(&request(Method::POST, "/rpc/get_plan123")));
        assert!(!is_write(&request(Method::POST, "/rpc/sign_in45")));
        assert!(!is_write(&request(Method::GET, "/p/demo/gantt")));
    }

    #[test]
    fn writes_without_credentials_stay_off_the_lane() {
        let write = |headers: &[(axum::http::HeaderName, &str)]| {
            let mut request = Request::builder()
                .method(Method::POST)
                .uri("/api/v1/projects/demo/activities");
            for (name, value) in headers {
                request = request.header(name, *value);
            }
            is_write(&request.body(Body::empty()).expect("request"))
        };
        assert!(!write(&[]));
        assert!(!write(&[(
            axum::http::header::CONTENT_TYPE,
            "application/json"
        )]));
        assert!(write(&[(axum::http::header::AUTHORIZATION, "Bearer t")]));
        assert!(write(&[(
            axum::http::header::COOKIE,
            "framdrift_session=x"
        )]));
    }

    #[tokio::test]
    async fn work_runs_on_the_lane_and_its_answer_comes_back() {
        let here = std::thread::current().id();
        let (thread, name) = run(async {
            let current = std::thread::current();
            (current.id(), current.name().map(str::to_owned))
        })
        .await;
        assert_ne!(thread, here);
        assert_eq!(name.as_deref(), Some("write-lane"));
    }

    #[tokio::test]
    #[should_panic(expected = "the write failed")]
    async fn a_panic_on_the_lane_goes_on_in_the_caller() {
        run(async { panic!("the write failed") }).await
    }
}
