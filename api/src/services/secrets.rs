//! Opaque bearer secrets (visitor tokens, refresh tokens): random, shown once,
//! stored only as a SHA-256 hash and compared in constant time.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// `N` random bytes for a value made per request (a token, a nonce), from
/// the thread's generator: rand's `ThreadRng`, a ChaCha12 CSPRNG seeded and
/// reseeded from the operating system. Asking the system for each value was
/// a system call each, three per keyed check (perf). Keys made once (the
/// vault's, the signing keys, two-step seeds) still come from the system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::Rng::fill_bytes(&mut rand::rng(), &mut bytes);
    bytes
}

/// A new secret: `prefix` + 256 random bits, URL-safe.
pub fn new_secret(prefix: &str) -> String {
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(random_bytes::<32>()))
}

/// `count` random characters a person can read out and type without mixing
/// them up (no 0/O, 1/l/I): 31 of them, about 5 bits each. Temporary
/// passwords and recovery codes group them.
pub fn readable(count: usize) -> Result<String, getrandom::Error> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut out = String::with_capacity(count);
    while out.len() < count {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)?;
        // 248 is the largest multiple of 31 under 256: no bias.
        let fair = bytes
            .iter()
            .filter(|&&b| b < 248)
            .map(|&b| char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
        out.extend(fair.take(count - out.len()));
    }
    Ok(out)
}

/// `text` in groups of `size` joined by dashes (`abcd-efgh`).
pub fn grouped(text: &str, size: usize) -> String {
    text.as_bytes()
        .chunks(size)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// The stored form of a secret (or of any canonical request body).
pub fn sha256_hex(data: impl AsRef<[u8]>) -> String {
    hex::encode(Sha256::digest(data.as_ref()))
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
        let a = new_secret("sct_");
        let b = new_secret("sct_");
        assert_ne!(a, b);
        assert!(a.starts_with("sct_") && a.len() == 4 + 43);
        let stored = sha256_hex(&a);
        assert!(matches(&a, &stored));
        assert!(!matches(&b, &stored));
        assert!(!matches("", &stored));
    }

    #[test]
    fn readable_secrets_have_no_look_alikes_and_group() {
        let a = readable(16).unwrap();
        assert_eq!(a.len(), 16);
        assert_ne!(a, readable(16).unwrap());
        assert!(a.chars().all(|c| "abcdefghjkmnpqrstuvwxyz23456789".contains(c)), "{a}");
        assert_eq!(grouped("abcdefghij", 5), "abcde-fghij");
    }
}
