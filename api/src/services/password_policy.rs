//! What a staff password must be, after NIST SP 800-63B §3.1.1.2: long
//! enough, not absurdly long, not a password everyone tries first, not the
//! account's own name, and no composition rules (no "one digit, one symbol").
//!
//! The list of common passwords is Django's (`django/contrib/auth/
//! common-passwords.txt.gz`, BSD licence, 19,640 passwords from leaked sets,
//! lower case), taken from its PyPI wheel and built into the binary as it is.

use std::{collections::HashSet, io::Read, sync::LazyLock};

use solecheck_shared::fields::{PASSWORD_MAX, PASSWORD_MIN};

/// Why a new password is refused; each message says what would be accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Weakness {
    #[error("a password needs at least {PASSWORD_MIN} characters; a few words in a row make a good one.")]
    TooShort,
    #[error("a password can have at most {PASSWORD_MAX} characters.")]
    TooLong,
    #[error("this is one of the passwords tried first when guessing; choose one nobody else would.")]
    Common,
    #[error("this password is built from the account's own name; choose one that is not.")]
    OwnName,
    #[error("this password repeats a few characters; choose one with more variety.")]
    Repetitive,
}

const COMMON_GZ: &[u8] = include_bytes!("../../data/common-passwords.txt.gz");

/// Fewest different characters in a password ("aaaaaaaaaaaa", "abababababab").
const MIN_DISTINCT: usize = 5;

fn common() -> &'static HashSet<String> {
    static LIST: LazyLock<HashSet<String>> = LazyLock::new(|| {
        let mut text = String::new();
        // The list is part of the binary: a failure here is a broken build,
        // which the unit test below catches; an empty list would refuse nothing.
        let _ = flate2::read::GzDecoder::new(COMMON_GZ).read_to_string(&mut text);
        text.lines().map(|line| line.trim().to_owned()).filter(|line| !line.is_empty()).collect()
    });
    &LIST
}

/// Checks a new password for the account `email`.
pub fn check(password: &str, email: &str) -> Result<(), Weakness> {
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        return Err(Weakness::TooShort);
    }
    if length > PASSWORD_MAX {
        return Err(Weakness::TooLong);
    }
    let folded = password.trim().to_lowercase();
    if common().contains(&folded) {
        return Err(Weakness::Common);
    }
    let email = email.trim().to_lowercase();
    let name = email.split('@').next().unwrap_or_default();
    if folded == email || (name.chars().count() >= 4 && folded.contains(name)) {
        return Err(Weakness::OwnName);
    }
    if folded.chars().collect::<HashSet<_>>().len() < MIN_DISTINCT {
        return Err(Weakness::Repetitive);
    }
    Ok(())
}

/// A temporary password an admin hands over: 16 characters from an alphabet
/// with no look-alikes (no 0/O, 1/l/I), in groups of four, about 80 bits.
pub fn temporary() -> Result<String, getrandom::Error> {
    loop {
        let password = super::secrets::grouped(&super::secrets::readable(16)?, 4);
        if check(&password, "").is_ok() {
            return Ok(password);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_list_is_read_whole() {
        assert!(common().len() >= 19_000, "{}", common().len());
        assert!(common().contains("password"));
        assert!(common().contains("qwerty123456"));
    }

    #[test]
    fn length_limits_are_counted_in_characters_and_named_in_the_message() {
        assert_eq!(check("ab cd ef gh", ""), Err(Weakness::TooShort));
        assert_eq!(check("river otter 7", ""), Ok(()));
        // Twelve characters of four bytes each are twelve, not forty-eight.
        assert_eq!(check("🦶🦵👟🏃🚲🧘🦶🦵👟🏃🚲🧘", ""), Ok(()));
        let sixty_four: String = "tall pines by the red cliffs ".repeat(3).chars().take(64).collect();
        assert_eq!(check(&sixty_four, ""), Ok(()));
        assert_eq!(check(&"q".repeat(129), ""), Err(Weakness::TooLong));
        assert!(Weakness::TooShort.to_string().contains("12"));
        assert!(Weakness::TooLong.to_string().contains("128"));
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert_eq!(check("qwerty123456", ""), Err(Weakness::Common));
        assert_eq!(check("Password1234", ""), Err(Weakness::Common));
        assert_eq!(check("QwertyUIOP123", ""), Err(Weakness::Common));
    }

    #[test]
    fn the_accounts_own_name_and_repetition_are_refused() {
        assert_eq!(check("Frontdesk@Clinic.test", "frontdesk@clinic.test"), Err(Weakness::OwnName));
        assert_eq!(check("frontdesk-2026!", "frontdesk@clinic.test"), Err(Weakness::OwnName));
        assert_eq!(check("aaaaaaaaaaaaaaa", ""), Err(Weakness::Repetitive));
        assert_eq!(check("abababababab", ""), Err(Weakness::Repetitive));
        // No composition rule: lower-case words alone are fine.
        assert_eq!(check("saguaro canyon trail", "frontdesk@clinic.test"), Ok(()));
    }

    #[test]
    fn temporary_passwords_pass_the_policy_and_differ() {
        let a = temporary().unwrap();
        let b = temporary().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 19);
        assert_eq!(check(&a, ""), Ok(()));
        assert!(a.chars().all(|c| c == '-' || "abcdefghjkmnpqrstuvwxyz23456789".contains(c)), "{a}");
    }
}
