//! The API's reads, kept and answered again while their project's revision
//! (`history::revision`) is the one they were read at: a plan is read
//! through the history tables, serialized and compressed once per revision,
//! not once per request. Who may read is still asked on every request
//! (`require_read`, before this); only answers that are the same for every
//! reader are kept — the routes this layer is put on.
//!
//! Each answer also carries an ETag of the revision, so a client that holds
//! it is answered `304 Not Modified` without a body.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use tokio::sync::OnceCell;

use crate::compress::{self, Encoding};

/// Answers kept, across projects and queries.
const MAX_ENTRIES: usize = 64;
/// Bytes kept (uncompressed), across answers: a plan of 10,000 activities
/// is a few megabytes.
const MAX_BYTES: usize = 64 << 20;
/// Fast settings: an answer is compressed once per revision, while a reader
/// waits for it.
const BROTLI_QUALITY: i32 = 5;
/// Brotli from quality 2 on allocates and zeroes a hash table of a quarter
/// to one megabyte whatever the input's size; quality 1 sizes its table by
/// the input. For the few kilobytes of a plan, read afresh after every edit
/// of it, quality 5 was a quarter of the server's time under a mixed load of
/// plan edits (docs/performance.md), for 240 bytes less than quality 1
/// on the demo's 4.3 KB.
const BROTLI_QUALITY_SMALL: i32 = 1;
const GZIP_LEVEL: u32 = 6;
/// Larger answers are compressed off the async workers.
const COMPRESS_INLINE_BYTES: usize = 64 << 10;

/// The project a read is about and the revision it was found at, left in the
/// request by `require_read` for this layer.
#[derive(Clone, Copy, Debug)]
pub struct ReadAt {
    pub project_id: i32,
    pub revision: i64,
    /// The revision at which what its plans show last changed
    /// (`history::revision`).
    pub plan_revision: i64,
}

/// What an answer shows of its project, and so which revision it is kept
/// under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Aspect {
    /// Anything: the project's revision.
    Whole,
    /// A plan, its baselines or a comparison: the plan revision.
    Plan,
}

impl Aspect {
    fn revision(self, read_at: ReadAt) -> i64 {
        match self {
            Aspect::Whole => read_at.revision,
            Aspect::Plan => read_at.plan_revision,
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Aspect::Whole => "",
            Aspect::Plan => "p",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Key {
    project_id: i32,
    aspect: Aspect,
    revision: i64,
    /// "Now" views may depend on the date (what is overdue).
    today: NaiveDate,
    /// Path and query: which read, of what, as of when.
    uri: String,
}

/// One kept answer, with its compressed forms made when first asked for.
struct Answer {
    content_type: Option<HeaderValue>,
    identity: Bytes,
    gzip: OnceCell<Bytes>,
    brotli: OnceCell<Bytes>,
}

/// Where one answer is kept: filled by the first request that misses, which
/// the others asking for it at the same time wait for (a write makes every
/// reader of the project miss at once).
#[derive(Default)]
struct Slot {
    answer: OnceCell<Answer>,
}

impl Slot {
    fn bytes(&self) -> usize {
        self.answer.get().map_or(0, |a| a.identity.len())
    }
}

#[derive(Default)]
pub struct AnswerCache {
    slots: Mutex<VecDeque<(Key, Arc<Slot>)>>,
}

impl AnswerCache {
    /// The slot of `key`, made (and the oldest dropped) if there is none.
    fn slot(&self, key: &Key) -> Arc<Slot> {
        let Ok(mut slots) = self.slots.lock() else {
            return Arc::default();
        };
        if let Some((_, slot)) = slots.iter().find(|(k, _)| k == key) {
            return slot.clone();
        }
        // Older revisions of the project will not be asked for again.
        slots.retain(|(k, _)| {
            k.project_id != key.project_id || k.aspect != key.aspect || k.revision >= key.revision
        });
        let slot = Arc::<Slot>::default();
        slots.push_front((key.clone(), slot.clone()));
        crate::kept::trim(&mut slots, MAX_ENTRIES, MAX_BYTES, |(_, slot)| slot.bytes());
        slot
    }

    /// How many answers are kept (for tests).
    pub fn len(&self) -> usize {
        self.slots.lock().map_or(0, |s| s.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The layer: answers a GET from the cache when its project is unchanged,
/// otherwise lets the route answer and keeps a successful answer.
pub async fn cached(
    State(answers): State<Arc<AnswerCache>>,
    request: Request,
    next: Next,
) -> Response {
    cached_as(Aspect::Whole, &answers, request, next).await
}

/// The layer for reads that show only a plan: answers from the cache while
/// the project's plan is unchanged, whatever else was written.
pub async fn cached_plan(
    State(answers): State<Arc<AnswerCache>>,
    request: Request,
    next: Next,
) -> Response {
    cached_as(Aspect::Plan, &answers, request, next).await
}

async fn cached_as(
    aspect: Aspect,
    answers: &AnswerCache,
    request: Request,
    next: Next,
) -> Response {
    let Some(read_at) = request.extensions().get::<ReadAt>().copied() else {
        return next.run(request).await;
    };
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let today = Utc::now().date_naive();
    let revision = aspect.revision(read_at);
    let etag = etag(read_at.project_id, aspect, revision, today);
    if not_modified(request.headers(), &etag) {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        set_cache_headers(response.headers_mut(), &etag);
        return response;
    }
    let encoding = Encoding::preferred(
        request
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok()),
    );
    let key = Key {
        project_id: read_at.project_id,
        aspect,
        revision,
        today,
        uri: request.uri().path_and_query().map_or_else(
            || request.uri().path().to_owned(),
            |p| p.as_str().to_owned(),
        ),
    };
    let slot = answers.slot(&key);
    let answer = slot
        .answer
        .get_or_try_init(|| async move { keepable(next.run(request).await).await })
        .await;
    match answer {
        Ok(answer) => respond(answer, encoding, &etag).await,
        Err(response) => response,
    }
}

/// A weak tag (the body's coding varies) of the project's revision and the
/// day.
fn etag(project_id: i32, aspect: Aspect, revision: i64, today: NaiveDate) -> HeaderValue {
    let tag = format!(
        "W/\"{project_id}-{}{revision}-{}\"",
        aspect.tag(),
        today.format("%Y%m%d")
    );
    HeaderValue::from_str(&tag).unwrap_or_else(|_| HeaderValue::from_static("W/\"none\""))
}

fn not_modified(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let ours = etag
        .as_bytes()
        .strip_prefix(b"W/")
        .unwrap_or(etag.as_bytes());
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| {
            let tag = tag.strip_prefix("W/").unwrap_or(tag);
            tag == "*" || tag.as_bytes() == ours
        })
}

fn set_cache_headers(headers: &mut HeaderMap, etag: &HeaderValue) {
    headers.insert(header::ETAG, etag.clone());
    // Readers differ (a share link, a member): never shared caches; and ask
    // again every time, cheaply, with the tag.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
}

/// A successful, uncompressed answer to keep; anything else goes back to
/// the client as it is and is not kept.
async fn keepable(response: Response) -> Result<Answer, Response> {
    if response.status() != StatusCode::OK
        || response.headers().contains_key(header::CONTENT_ENCODING)
    {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    // The routes kept here build their answer in memory: reading it whole
    // holds nothing they did not already hold.
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(identity) => Ok(Answer {
            content_type: parts.headers.get(header::CONTENT_TYPE).cloned(),
            identity,
            gzip: OnceCell::new(),
            brotli: OnceCell::new(),
        }),
        Err(error) => {
            tracing::error!(%error, "an API answer could not be read");
            Err(crate::error::AppError::Database.into_response())
        }
    }
}

async fn respond(answer: &Answer, encoding: Encoding, etag: &HeaderValue) -> Response {
    let body = match encoding {
        Encoding::Identity => None,
        Encoding::Gzip => {
            compressed(&answer.gzip, &answer.identity, |b| {
                compress::gzip(b, GZIP_LEVEL)
            })
            .await
        }
        Encoding::Brotli => {
            compressed(&answer.brotli, &answer.identity, |b| {
                compress::brotli(b, brotli_quality(b.len()))
            })
            .await
        }
    };
    let (body, coding) = match body {
        Some(body) => (body, encoding.header()),
        None => (answer.identity.clone(), None),
    };
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    if let Some(content_type) = &answer.content_type {
        headers.insert(header::CONTENT_TYPE, content_type.clone());
    }
    if let Some(coding) = coding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    set_cache_headers(headers, etag);
    response
}

/// Answers compressed inline, while a reader waits, quickly; larger ones
/// better, off the async workers.
fn brotli_quality(len: usize) -> i32 {
    if len <= COMPRESS_INLINE_BYTES {
        BROTLI_QUALITY_SMALL
    } else {
        BROTLI_QUALITY
    }
}

/// The answer in one coding, made once; none if it cannot be made (the
/// answer then goes out uncompressed).
async fn compressed(
    kept: &OnceCell<Bytes>,
    identity: &Bytes,
    compress: fn(&[u8]) -> std::io::Result<Vec<u8>>,
) -> Option<Bytes> {
    kept.get_or_try_init(|| async {
        let result = if identity.len() <= COMPRESS_INLINE_BYTES {
            compress(identity)
        } else {
            let identity = identity.clone();
            tokio::task::spawn_blocking(move || compress(&identity))
                .await
                .map_err(std::io::Error::other)
                .and_then(|r| r)
        };
        result.map(Bytes::from).map_err(|error| {
            tracing::warn!(%error, "an API answer could not be compressed");
        })
    })
    .await
    .ok()
    .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(project_id: i32, revision: i64, uri: &str) -> Key {
        aspect_key(project_id, Aspect::Whole, revision, uri)
    }

    fn aspect_key(project_id: i32, aspect: Aspect, revision: i64, uri: &str) -> Key {
        Key {
            project_id,
            aspect,
            revision,
            today: NaiveDate::from_ymd_opt(2009, 3, 23).expect("date"),
            uri: uri.to_owned(),
        }
    }

    #[tokio::test]
    async fn small_and_large_answers_are_compressed_to_what_they_were() {
        let row = br#"{"key":"a-1","name":"Informasjonsspredning <&>","marks":[1,2,3]},"#;
        for rows in [40, 4_000] {
            let identity = Bytes::from(row.repeat(rows));
            let quality = brotli_quality(identity.len());
            assert_eq!(quality, if rows == 40 { 1 } else { 5 });
            let answer = Answer {
                content_type: None,
                identity: identity.clone(),
                gzip: OnceCell::new(),
                brotli: OnceCell::new(),
            };
            let etag = HeaderValue::from_static("W/\"1\"");
            let response = respond(&answer, Encoding::Brotli, &etag).await;
            assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("body");
            assert!(
                body.len() < identity.len() / 4,
                "{rows} rows: {} bytes",
                body.len()
            );
            let mut decoded = Vec::new();
            ::brotli::BrotliDecompress(&mut std::io::Cursor::new(&body[..]), &mut decoded)
                .expect("brotli");
            assert_eq!(decoded, identity.to_vec(), "{rows} rows");
        }
    }

    #[test]
    fn a_new_revision_drops_the_older_answers_of_its_project_only() {
        let cache = AnswerCache::default();
        let first = cache.slot(&key(1, 1, "/plan"));
        cache.slot(&key(1, 1, "/schedule"));
        cache.slot(&key(2, 7, "/plan"));
        assert!(Arc::ptr_eq(&first, &cache.slot(&key(1, 1, "/plan"))));
        assert_eq!(cache.len(), 3);
        cache.slot(&key(1, 2, "/plan"));
        assert_eq!(cache.len(), 2, "project 1 at revision 2, project 2");
        assert!(!Arc::ptr_eq(&first, &cache.slot(&key(1, 2, "/plan"))));
    }

    #[test]
    fn a_plan_answer_outlives_project_revisions_that_left_the_plan_as_it_was() {
        let cache = AnswerCache::default();
        // Plan revision 5, written at project revision 5; statements follow.
        let plan = cache.slot(&aspect_key(1, Aspect::Plan, 5, "/plan"));
        cache.slot(&key(1, 6, "/schedule"));
        cache.slot(&key(1, 9, "/schedule"));
        assert!(Arc::ptr_eq(
            &plan,
            &cache.slot(&aspect_key(1, Aspect::Plan, 5, "/plan"))
        ));
        assert_eq!(cache.len(), 2, "the plan at 5 and the schedule at 9");
        cache.slot(&aspect_key(1, Aspect::Plan, 10, "/plan"));
        assert_eq!(cache.len(), 2, "the plan at 10 and the schedule at 9");
        assert!(!Arc::ptr_eq(
            &plan,
            &cache.slot(&aspect_key(1, Aspect::Plan, 10, "/plan"))
        ));
    }

    #[test]
    fn the_number_of_answers_kept_is_bounded() {
        let cache = AnswerCache::default();
        for n in 0..(MAX_ENTRIES as i32 + 10) {
            cache.slot(&key(n, 1, "/plan"));
        }
        assert_eq!(cache.len(), MAX_ENTRIES);
    }

    #[test]
    fn a_client_holding_the_current_tag_is_not_sent_the_body_again() {
        let today = NaiveDate::from_ymd_opt(2010, 1, 1).expect("date");
        let tag = etag(3, Aspect::Whole, 41, today);
        assert_eq!(tag, "W/\"3-41-20100101\"");
        assert_eq!(
            etag(3, Aspect::Plan, 41, today),
            "W/\"3-p41-20100101\"",
            "a plan's tag is not a whole project's"
        );
        let asking = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::IF_NONE_MATCH,
                HeaderValue::from_str(value).expect("header"),
            );
            not_modified(&headers, &tag)
        };
        assert!(asking("W/\"3-41-20100101\""));
        assert!(asking("\"3-41-20100101\""));
        assert!(asking("\"x\", W/\"3-41-20100101\""));
        assert!(asking("*"));
        assert!(!asking("W/\"3-40-20100101\""));
        assert!(!asking("W/\"3-41-20100102\""));
        assert!(!not_modified(&HeaderMap::new(), &tag));
    }
}
