//! Discount codes: 12 random Crockford base32 symbols (60 bits) and one check
//! symbol, shown as `XXXX-XXXX-XXXX-C`.
//!
//! The check symbol is chosen so that the 13 symbols, read as coefficients of a
//! polynomial over GF(32), evaluate to zero at a primitive element. Crockford's
//! own mod-37 check needs five extra symbols (`*~$=U`) that are hard to type at
//! a front desk; over GF(32) the check stays inside the 32-symbol alphabet and
//! still catches every single-symbol substitution and every adjacent
//! transposition (the error is `d·α^i` or `d·α^i·(1+α)`, never zero).

use std::{fmt, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Crockford's base32 alphabet (no I, L, O, U).
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random symbols in a code.
pub const RANDOM_SYMBOLS: usize = 12;
/// Random symbols plus the check symbol.
pub const SYMBOLS: usize = RANDOM_SYMBOLS + 1;

/// Why typed input is not a code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// A character that is not a code symbol (after normalising).
    #[error("'{ch}' is not a code symbol")]
    InvalidSymbol { ch: char },
    /// Not 13 symbols.
    #[error("a code has {SYMBOLS} symbols, this has {len}")]
    WrongLength { len: usize },
    /// The check symbol does not match: a typo.
    #[error("the check symbol does not match; check the code for a typo")]
    CheckFailed,
}

/// A code whose check symbol has been verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DiscountCode([u8; SYMBOLS]);

/// Multiplication in GF(2^5) modulo the primitive polynomial x^5 + x^2 + 1.
const fn gf_mul(mut a: u8, mut b: u8) -> u8 {
    let mut product = 0;
    while b != 0 {
        if b & 1 != 0 {
            product ^= a;
        }
        b >>= 1;
        a <<= 1;
        if a & 0x20 != 0 {
            a ^= 0b10_0101;
        }
    }
    product
}

/// `sum(s_i * α^i)` with α = x (2), by Horner's rule.
fn syndrome(symbols: &[u8]) -> u8 {
    symbols.iter().rev().fold(0, |acc, &s| gf_mul(acc, 2) ^ s)
}

/// α^-12 = α^19, as α has order 31.
const ALPHA_POW_19: u8 = {
    let mut value = 1;
    let mut i = 0;
    while i < 19 {
        value = gf_mul(value, 2);
        i += 1;
    }
    value
};

/// The check symbol that makes the whole code's syndrome zero.
fn check_symbol(data: &[u8]) -> u8 {
    gf_mul(syndrome(data), ALPHA_POW_19)
}

/// Maps one typed character to a symbol value, forgiving case and the look-alikes
/// O (zero) and I/L (one) as Crockford specifies.
fn symbol_value(ch: char) -> Option<u8> {
    let ch = match ch.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    ALPHABET.iter().position(|&a| char::from(a) == ch).and_then(|p| u8::try_from(p).ok())
}

/// What [`DiscountCode::parse`] takes, as an OpenAPI pattern: 13 symbols of
/// the alphabet in either case (with O, I and L for 0 and 1), with white
/// space and hyphens anywhere. The check symbol is beyond a pattern: a code
/// that fits it but fails its check is one that was never issued (404).
pub const PATTERN: &str = concat!(
    "^[\\t\\n\\u000B\\u000C\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000-]*",
    "([0-9A-TV-Za-tv-z][\\t\\n\\u000B\\u000C\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000-]*){13}$"
);

impl DiscountCode {
    /// Builds a code from 60 random bits (the low 60 bits of `bits`).
    pub fn from_bits(bits: u64) -> Self {
        let mut symbols = [0u8; SYMBOLS];
        for (i, s) in symbols.iter_mut().take(RANDOM_SYMBOLS).enumerate() {
            // Masked to 5 bits, so the cast cannot truncate.
            *s = ((bits >> (5 * (RANDOM_SYMBOLS - 1 - i))) & 0x1f) as u8;
        }
        symbols[RANDOM_SYMBOLS] = check_symbol(&symbols[..RANDOM_SYMBOLS]);
        Self(symbols)
    }

    /// A fresh code from the operating system's CSPRNG.
    #[cfg(feature = "generate")]
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes)?;
        Ok(Self::from_bits(u64::from_le_bytes(bytes)))
    }

    /// Normalises typed or scanned input (case, spaces, hyphens, O→0, I/L→1) and
    /// verifies the check symbol. Needs no database.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let mut symbols = [0u8; SYMBOLS];
        let mut len = 0;
        for ch in input.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let value = symbol_value(ch).ok_or(CodeError::InvalidSymbol { ch })?;
            if let Some(slot) = symbols.get_mut(len) {
                *slot = value;
            }
            len += 1;
        }
        if len != SYMBOLS {
            return Err(CodeError::WrongLength { len });
        }
        if syndrome(&symbols) != 0 {
            return Err(CodeError::CheckFailed);
        }
        Ok(Self(symbols))
    }

    /// The 13 upper-case symbols without separators: how codes are stored.
    pub fn canonical(&self) -> String {
        self.0.iter().map(|&s| char::from(ALPHABET[usize::from(s & 0x1f)])).collect()
    }

    /// The grouped form people read: `XXXX-XXXX-XXXX-C`.
    pub fn display_form(&self) -> String {
        let c = self.canonical();
        format!("{}-{}-{}-{}", &c[0..4], &c[4..8], &c[8..12], &c[12..13])
    }
}

/// Groups partial input as it is typed (`abcd e` -> `ABCD-E`), for code fields.
/// Characters that are not symbols are kept so the field can flag them.
pub fn format_partial(input: &str) -> String {
    let mut out = String::new();
    let symbols = input.chars().filter(|c| !c.is_whitespace() && *c != '-');
    for (i, ch) in symbols.enumerate() {
        if i > 0 && i % 4 == 0 && i <= RANDOM_SYMBOLS {
            out.push('-');
        }
        let value = symbol_value(ch).map(|v| char::from(ALPHABET[usize::from(v)]));
        out.push(value.unwrap_or(ch));
    }
    out
}

/// The symbols of typed input as the code check reads them (`abcd-efgh-jk0o-z`
/// -> `ABCDEFGHJK00Z`), without verifying anything; characters that are not
/// symbols are kept. For records of what was typed, such as the audit log.
pub fn normalise(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|ch| symbol_value(ch).map_or(ch.to_ascii_uppercase(), |v| char::from(ALPHABET[usize::from(v)])))
        .collect()
}

impl fmt::Display for DiscountCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_form())
    }
}

impl FromStr for DiscountCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for DiscountCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.display_form())
    }
}

impl<'de> Deserialize<'de> for DiscountCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern fits exactly what `parse` takes apart from the check symbol.
    #[test]
    fn the_pattern_says_what_parse_takes() {
        let re = regex_lite::Regex::new(PATTERN).unwrap();
        let code = DiscountCode::from_bits(0x0fed_cba9_8765_4321).display_form();
        let fits = |s: &str| {
            !matches!(
                DiscountCode::parse(s),
                Err(CodeError::InvalidSymbol { .. } | CodeError::WrongLength { .. })
            )
        };
        let mut cases = vec![
            code.clone(),
            code.to_lowercase(),
            code.replace('-', " "),
            format!(" -{code}\u{3000}"),
            code.replace('-', ""),
        ];
        cases.extend(
            ["ABCD", "ABCD-EFGH-JKMN-PQ", "ÁBCD-EFGH-JKMN-P", "UUUU-UUUU-UUUU-U", "OILO-OILO-OILO-O"]
                .map(str::to_owned),
        );
        for c in (0u32..0x3100).filter_map(char::from_u32) {
            cases.push(format!("{}{c}{}", &code[..8], &code[9..]));
        }
        for case in cases {
            assert_eq!(re.is_match(&case), fits(&case), "{case:?}");
        }
    }

    #[test]
    fn display_form_is_grouped() {
        let code = DiscountCode::from_bits(0x0123_4567_89ab_cdef);
        let shown = code.display_form();
        assert_eq!(shown.len(), 16);
        assert_eq!(shown.matches('-').count(), 3);
        assert!(shown.split('-').map(str::len).eq([4, 4, 4, 1]));
        assert_eq!(code.canonical(), shown.replace('-', ""));
        assert_eq!(code.to_string(), shown);
    }

    #[test]
    fn only_crockford_symbols_are_produced() {
        for bits in [0, u64::MAX, 0x0fff_ffff_ffff_ffff, 42] {
            let c = DiscountCode::from_bits(bits).canonical();
            assert!(c.bytes().all(|b| ALPHABET.contains(&b)), "{c}");
            assert!(!c.contains(['I', 'L', 'O', 'U']));
        }
    }

    #[test]
    fn sixty_bits_are_kept() {
        let a = DiscountCode::from_bits(1);
        let b = DiscountCode::from_bits(1 << 59);
        assert_ne!(a, b);
        // Bits above 60 are not part of the code.
        assert_eq!(DiscountCode::from_bits(1 << 60), DiscountCode::from_bits(0));
    }

    #[test]
    fn typed_input_is_normalised() {
        let code = DiscountCode::from_bits(0x0f1e_2d3c_4b5a_6978);
        let canonical = code.canonical();
        let variants = [
            canonical.clone(),
            canonical.to_lowercase(),
            code.display_form(),
            format!("  {}  ", code.display_form().replace('-', " ")),
            canonical.replace('0', "O").replace('1', "l"),
            canonical.replace('1', "I").to_lowercase().replace('0', "o"),
        ];
        for typed in variants {
            assert_eq!(DiscountCode::parse(&typed), Ok(code), "{typed}");
            assert_eq!(normalise(&typed), canonical, "{typed}");
        }
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        let code = DiscountCode::from_bits(77).canonical();
        assert_eq!(DiscountCode::parse(""), Err(CodeError::WrongLength { len: 0 }));
        assert_eq!(DiscountCode::parse(&code[..12]), Err(CodeError::WrongLength { len: 12 }));
        assert_eq!(DiscountCode::parse(&format!("{code}0")), Err(CodeError::WrongLength { len: 14 }));
        assert_eq!(DiscountCode::parse("ABCD-EFGH-JKMU-0"), Err(CodeError::InvalidSymbol { ch: 'U' }));
        assert_eq!(DiscountCode::parse("ABCD*EFGH"), Err(CodeError::InvalidSymbol { ch: '*' }));
        let mut typo = code.into_bytes();
        typo[3] = if typo[3] == b'7' { b'8' } else { b'7' };
        let typo = String::from_utf8(typo).unwrap();
        assert_eq!(DiscountCode::parse(&typo), Err(CodeError::CheckFailed));
    }

    #[test]
    fn normalising_without_verifying() {
        let code = DiscountCode::from_bits(0x0123_4567_89ab_cdef);
        assert_eq!(normalise(&code.display_form().to_lowercase()), code.canonical());
        assert_eq!(normalise(" o-i l\tu?"), "011U?");
        assert_eq!(normalise(""), "");
    }

    #[test]
    fn partial_input_is_grouped_as_typed() {
        assert_eq!(format_partial("abcd e"), "ABCD-E");
        // Too long stays visible, so the field can say so.
        assert_eq!(format_partial("o1l2-3456 789a bcdef"), "0112-3456-789A-BCDEF");
        assert_eq!(format_partial(""), "");
        assert_eq!(format_partial("ab*"), "AB*");
    }

    #[test]
    fn serde_uses_the_display_form_and_verifies() {
        let code = DiscountCode::from_bits(123_456_789);
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{}\"", code.display_form()));
        assert_eq!(serde_json::from_str::<DiscountCode>(&json).unwrap(), code);
        assert!(
            serde_json::from_str::<DiscountCode>("\"AAAA-AAAA-AAAA-A\"").is_err() || {
                // One in 32 random strings passes the check; this one must be consistent.
                DiscountCode::parse("AAAAAAAAAAAAA").is_ok()
            }
        );
    }

    #[cfg(feature = "generate")]
    #[test]
    fn generated_codes_verify_and_differ() {
        let a = DiscountCode::generate().unwrap();
        let b = DiscountCode::generate().unwrap();
        assert_ne!(a, b);
        assert_eq!(DiscountCode::parse(&a.display_form()), Ok(a));
    }
}
