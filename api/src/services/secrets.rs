//! Opaque bearer secrets (visitor tokens, refresh tokens): random, shown once,
//! stored only as a SHA-256 hash and compared in constant time.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A new secret: `prefix` + 256 random bits, URL-safe.
pub fn new_secret(prefix: &str) -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// The stored form of a secret (or of any canonical request body).
pub fn sha256_hex(data: impl AsRef<[u8]>) -> String {
    Sha256::digest(data.as_ref()).iter().map(|b| format!("{b:02x}")).collect()
}

/// True when `secret` hashes to `stored_hash`, without timing leaks.
pub fn matches(secret: &str, stored_hash: &str) -> bool {
    sha256_hex(secret).as_bytes().ct_eq(stored_hash.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_prefixed_and_verify_only_themselves() {
        let a = new_secret("sct_").unwrap();
        let b = new_secret("sct_").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("sct_") && a.len() == 4 + 43);
        let stored = sha256_hex(&a);
        assert!(matches(&a, &stored));
        assert!(!matches(&b, &stored));
        assert!(!matches("", &stored));
    }
}
