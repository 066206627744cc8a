//! How data travels from the server to the browser's code: the answers of
//! server functions and the data a page's resources hydrate with.
//!
//! Both are postcard (server functions: `output = Postcard`; resources:
//! [`Postcard`], base64 in the page), not JSON. A JSON reader matches field
//! names and keeps a `deserialize_struct` of 3–9 KB per type in the wasm
//! bundle; postcard reads the fields in order, with much less code, and the
//! bundle holds one reader per type because both paths use the same one.
//! Errors stay JSON (`AppError`'s encoder), and the HTTP API stays JSON.

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use leptos::prelude::Resource;
use serde::{Serialize, de::DeserializeOwned};

/// Postcard, as text (base64) in the page's hydration data.
pub struct Postcard;

/// Why hydration data could not be read.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("not base64: {0}")]
    Base64(#[from] base64::DecodeError),
    #[error("not postcard: {0}")]
    Postcard(#[from] postcard::Error),
}

impl<T: Serialize> codee::Encoder<T> for Postcard {
    type Error = WireError;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, WireError> {
        Ok(STANDARD_NO_PAD.encode(postcard::to_allocvec(value)?))
    }
}

impl<T: DeserializeOwned> codee::Decoder<T> for Postcard {
    type Error = WireError;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, WireError> {
        Ok(postcard::from_bytes(&STANDARD_NO_PAD.decode(text)?)?)
    }
}

/// A resource (`Resource::new`) whose data is hydrated with [`Postcard`].
#[track_caller]
pub fn resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, Postcard>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: PartialEq + Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use codee::{Decoder, Encoder};

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Row {
        name: String,
        marks: Option<u8>,
    }

    #[test]
    fn what_is_written_is_read_back_alike() {
        let rows = vec![
            Row {
                name: "Informasjonsspredning <&\"'> æøå".to_owned(),
                marks: Some(3),
            },
            Row {
                name: String::new(),
                marks: None,
            },
        ];
        let text = Postcard::encode(&rows).expect("encoded");
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/'),
            "plain base64, safe in the page: {text}"
        );
        let back: Vec<Row> = Postcard::decode(&text).expect("decoded");
        assert_eq!(back, rows);
        assert!(<Postcard as Decoder<Vec<Row>>>::decode("not base64!").is_err());
        assert!(
            <Postcard as Decoder<Vec<Row>>>::decode("AQ").is_err(),
            "one row, cut off"
        );
    }
}
