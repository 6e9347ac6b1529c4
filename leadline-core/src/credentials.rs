//! Secrets: password hashes (argon2) and API tokens (random, stored as SHA-256).

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::distributions::{Alphanumeric, DistString};
use sha2::{Digest, Sha256};

use crate::domain::FieldError;

/// The prefix that makes a Leadline token recognisable in logs and secret scanners.
pub const TOKEN_PREFIX: &str = "ll_";

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash password: {e}"))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A random password that is easy to copy from a terminal.
pub fn generate_password() -> String {
    Alphanumeric.sample_string(&mut rand::thread_rng(), 20)
}

/// A new API token: the secret to show once, and the hash to store.
pub fn new_api_token() -> (String, Vec<u8>) {
    let secret = format!(
        "{TOKEN_PREFIX}{}",
        Alphanumeric.sample_string(&mut rand::thread_rng(), 40)
    );
    let hash = token_hash(&secret);
    (secret, hash)
}

/// A new webhook signing secret. Unlike a token it is stored as it is: every delivery is
/// signed with it.
pub fn new_webhook_secret() -> String {
    format!(
        "whsec_{}",
        Alphanumeric.sample_string(&mut rand::thread_rng(), 40)
    )
}

pub fn token_hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// The fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// The most bytes a password may have.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// A minimum bar for passwords people choose; an error names `field`.
pub fn check_password_strength(field: &str, password: &str) -> Result<(), FieldError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(
            FieldError::new(field, "error-password-too-short").arg("min", MIN_PASSWORD_CHARS)
        );
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(
            FieldError::new(field, "error-password-too-long").arg("max", MAX_PASSWORD_BYTES)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_only() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse battery!", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn weak_passwords_are_refused_in_english_for_the_api() {
        let short = check_password_strength("password", "123456789").unwrap_err();
        assert_eq!(short.field, "password");
        assert_eq!(short.message(), "must be at least 10 characters");
        let long = check_password_strength("password", &"x".repeat(1025)).unwrap_err();
        assert_eq!(long.message(), "must be at most 1024 bytes");
        assert!(check_password_strength("password", "correct horse").is_ok());
    }

    #[test]
    fn tokens_are_prefixed_and_hashed() {
        let (secret, hash) = new_api_token();
        assert!(secret.starts_with(TOKEN_PREFIX));
        assert_eq!(secret.len(), TOKEN_PREFIX.len() + 40);
        assert_eq!(hash, token_hash(&secret));
        assert_ne!(new_api_token().0, secret);
    }
}
