//! Compression for what is kept compressed: the built assets (once, at their
//! best) and cached API answers (once per revision, quickly).

use std::io::Write;

/// A content coding the server sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The best coding a client's `Accept-Encoding` allows: brotli, then
    /// gzip, else none. A coding with `q=0` is refused.
    pub fn preferred(accept_encoding: Option<&str>) -> Self {
        let Some(accepted) = accept_encoding else {
            return Self::Identity;
        };
        let allows = |wanted: &str| {
            accepted.split(',').any(|item| {
                let mut parts = item.split(';').map(str::trim);
                let name = parts.next().unwrap_or_default();
                let refused = parts.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                (name.eq_ignore_ascii_case(wanted) || name == "*") && !refused
            })
        };
        if allows("br") {
            Self::Brotli
        } else if allows("gzip") {
            Self::Gzip
        } else {
            Self::Identity
        }
    }

    /// The `Content-Encoding` value; none for identity.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Self::Brotli => Some("br"),
            Self::Gzip => Some("gzip"),
            Self::Identity => None,
        }
    }
}

/// gzip at `level` (0–9).
pub fn gzip(content: &[u8], level: u32) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    encoder.write_all(content)?;
    encoder.finish()
}

/// Brotli at `quality` (0–11).
pub fn brotli(content: &[u8], quality: i32) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    // A window no larger than the content: the encoder allocates (and
    // zeroes) buffers by the window, 4 MB at 22 for an answer of 4 KB.
    let fits = usize::BITS - content.len().max(1).leading_zeros();
    let params = ::brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: fits.clamp(10, 22) as i32,
        ..Default::default()
    };
    ::brotli::BrotliCompress(&mut std::io::Cursor::new(content), &mut out, &params)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::Encoding::{self, *};

    #[test]
    fn the_best_accepted_coding_is_chosen() {
        let cases = [
            (None, Identity),
            (Some(""), Identity),
            (Some("gzip, deflate, br, zstd"), Brotli),
            (Some("gzip"), Gzip),
            (Some("br;q=0, gzip;q=0.5"), Gzip),
            (Some("BR"), Brotli),
            (Some("gzip;q=0"), Identity),
            (Some("identity"), Identity),
            (Some("*"), Brotli),
            (Some("deflate"), Identity),
        ];
        for (accept, expected) in cases {
            assert_eq!(Encoding::preferred(accept), expected, "{accept:?}");
        }
    }

    #[test]
    fn both_codings_give_back_the_content() {
        let text = "Framdriftsplan æøå <&> ".repeat(200);
        let gz = super::gzip(text.as_bytes(), 6).expect("gzip");
        let mut unpacked = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unpacked)
            .expect("gunzip");
        assert_eq!(unpacked, text);
        let br = super::brotli(text.as_bytes(), 5).expect("brotli");
        let mut unpacked = Vec::new();
        ::brotli::BrotliDecompress(&mut &br[..], &mut unpacked).expect("unbrotli");
        assert_eq!(unpacked, text.as_bytes());
        assert!(br.len() < text.len() / 10 && gz.len() < text.len() / 10);
    }
}
