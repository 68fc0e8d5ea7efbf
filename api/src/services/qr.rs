//! A code's QR code, made here so every client (the widget, the mobile app)
//! gets the same symbol without carrying a QR encoder: the widget only draws
//! the modules it is given.

use fast_qr::{ECL, QRBuilder};

use crate::error::ApiError;

/// The QR symbol of `text` (error correction M): one string per row, top to
/// bottom, `1` for a dark module and `0` for a light one, without the quiet
/// zone (a reader needs four light modules around it). `fast_qr`, because it
/// picks the mask by the standard's penalty scores as `qrcode` does, only
/// faster: `qrcode`'s scoring took 40% of a code issue's time, and issue runs
/// twice as fast without it (`bench-api`).
pub fn rows(text: &str) -> Result<Vec<String>, ApiError> {
    let code = QRBuilder::new(text).ecl(ECL::M).build().map_err(ApiError::internal)?;
    let modules = code.data.get(..code.size * code.size).unwrap_or_default();
    Ok(modules
        .chunks(code.size)
        .map(|row| row.iter().map(|m| if m.value() { '1' } else { '0' }).collect())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `rows` as a camera would: drawn at 4 px a module with the
    /// quiet zone, then read by an independent decoder.
    fn decode(rows: &[String]) -> String {
        const SCALE: usize = 4;
        let size = (rows.len() + 8) * SCALE;
        let dark = |x: usize, y: usize| {
            let (col, row) = ((x / SCALE).checked_sub(4), (y / SCALE).checked_sub(4));
            match (col, row) {
                (Some(c), Some(r)) => rows.get(r).and_then(|line| line.as_bytes().get(c)) == Some(&b'1'),
                _ => false,
            }
        };
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| if dark(x, y) { 0 } else { 255 });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code in the picture");
        let (_, content) = grids[0].decode().expect("the symbol decodes");
        content
    }

    #[test]
    fn a_code_reads_back_from_its_rows() {
        let code = "7KQ2-M9XA-3PRT-5";
        let rows = rows(code).expect("encodes");
        assert_eq!(rows.len(), 21, "a version-1 symbol: 21 modules a side");
        assert!(rows.iter().all(|r| r.len() == rows.len() && r.bytes().all(|b| b == b'0' || b == b'1')));
        assert_eq!(decode(&rows), code);
    }

    #[test]
    fn different_codes_give_different_symbols() {
        let a = rows("7KQ2-M9XA-3PRT-5").expect("encodes");
        let b = rows("7KQ2-M9XA-3PRT-6").expect("encodes");
        assert_ne!(a, b);
        assert_eq!(decode(&b), "7KQ2-M9XA-3PRT-6");
    }
}
