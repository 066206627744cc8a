//! How the data of a page's resources travels from the server's render to
//! the browser's hydration.
//!
//! Leptos' default resource codec reads that JSON from a `&str`, while a
//! server function's answer is read from bytes: every type that comes both
//! ways was compiled twice into the wasm bundle, once per JSON reader (a
//! `deserialize_struct` of 3–9 KB per type and reader). [`Json`] reads the
//! hydration data from bytes too, so the bundle holds one reader per type.
//! The data is the same JSON either way.

use leptos::prelude::Resource;
use serde::{Serialize, de::DeserializeOwned};

/// JSON written as text and read as bytes, as server functions read theirs.
pub struct Json;

impl<T: Serialize> codee::Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> codee::Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// A resource (`Resource::new`) whose data is hydrated with [`Json`].
#[track_caller]
pub fn resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, Json>
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
        let text = Json::encode(&rows).expect("encoded");
        assert_eq!(text, serde_json::to_string(&rows).expect("json"));
        let back: Vec<Row> = Json::decode(&text).expect("decoded");
        assert_eq!(back, rows);
        assert!(<Json as Decoder<Vec<Row>>>::decode("[{\"name\": 1}]").is_err());
    }
}
