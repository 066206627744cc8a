//! Secrets handed out once (share links, API tokens, one-time links) and
//! the digests kept of them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new secret: 256 random bits, URL-safe, with a prefix that says what
/// it is (`fds_` share link, `fdt_` API token, `fdl_` one-time link), so a
/// leaked one is recognised by secret scanners and people alike.
pub fn new_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// What the database keeps of a secret: its SHA-256, hex. Secrets are
/// random and long, so a fast hash suffices (unlike passwords).
pub fn digest(secret: &str) -> String {
    let hash = Sha256::digest(secret.as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_new_each_time_and_only_their_digest_is_kept() {
        let a = new_secret("fds_");
        let b = new_secret("fds_");
        assert_ne!(a, b);
        assert!(a.starts_with("fds_") && a.len() > 40);
        assert_eq!(digest(&a).len(), 64);
        assert_eq!(digest(&a), digest(&a));
        assert!(!digest(&a).contains(&a[4..]));
    }
}
