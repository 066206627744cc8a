//! Passwords: Argon2id with the crate's recommended parameters, computed on
//! a blocking thread (about 19 MiB and tens of milliseconds each), so a
//! sign-in never stalls the requests around it.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};

use crate::error::AppError;

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longer inputs are refused before hashing: hashing is costly by design.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Refuses a password too short or too long, naming `field`.
pub fn check_new(field: &str, password: &str) -> Result<(), AppError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid(
            field,
            format!("must be at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(AppError::invalid(
            field,
            format!("must be at most {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    Ok(())
}

/// The PHC string of a new hash of `password`, with a fresh salt.
pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "password hashing did not finish");
        AppError::Database
    })?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Database
    })
}

/// Password checks run so far in this process (for the tests that count
/// how many guesses reached the hash).
static VERIFICATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub fn verifications() -> u64 {
    VERIFICATIONS.load(std::sync::atomic::Ordering::Relaxed)
}

/// The places for password checks running at once in one server: one per
/// core (at least two). Each check takes about 19 MiB and a core for tens
/// of milliseconds, so a burst of sign-ins past that is refused at once
/// (`Busy`, 429 with `Retry-After`) instead of queueing hashes on the
/// blocking pool. Kept in `AppState`.
#[derive(Clone, Debug)]
pub struct Checks(std::sync::Arc<tokio::sync::Semaphore>);

impl Default for Checks {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self(std::sync::Arc::new(tokio::sync::Semaphore::new(
            cores.max(2),
        )))
    }
}

impl Checks {
    /// A place, held while the check runs; none free: `Busy`.
    pub fn permit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, AppError> {
        std::sync::Arc::clone(&self.0)
            .try_acquire_owned()
            .map_err(|_| AppError::Busy { seconds: 1 })
    }
}

/// Whether `password` matches `stored`. Without a stored hash a dummy one
/// is checked, so the answer takes as long for unknown accounts and never
/// tells whether one exists.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    VERIFICATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    tokio::task::spawn_blocking(move || {
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        PasswordVerifier::<str>::verify_password(&Argon2::default(), password.as_bytes(), &stored)
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

/// The hash of a password nobody knows, with the default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Qx2DvNvHszTMmYbf3bAHEvLoE0ERuZlwchZjVMe7TeE";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let stored = hash("riktig hest batteri".to_owned()).await.expect("hash");
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("riktig hest batteri".to_owned(), Some(stored.clone())).await);
        assert!(!verify("feil passord".to_owned(), Some(stored)).await);
        assert!(!verify("anything".to_owned(), None).await);
    }

    #[test]
    fn new_passwords_are_bounded() {
        assert!(check_new("password", "kort").is_err());
        assert!(check_new("password", &"x".repeat(MAX_PASSWORD_CHARS + 1)).is_err());
        assert!(check_new("password", "lang nok setning").is_ok());
    }
}
