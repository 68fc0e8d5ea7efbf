//! An authenticator app's side of two-step sign-in, from independent code:
//! Python's `pyotp` (installed by `.ci/setup.sh --test`) makes the codes, and
//! `rqrr` reads the QR codes the server draws.

/// The code an app holding `uri` (`otpauth://totp/...`) shows `offset`
/// seconds from now: `pyotp.parse_uri(uri).at(now + offset)`.
pub fn app_code(uri: &str, offset: i64) -> String {
    let python = crate::workspace_root().join(".tools/pyotp/bin/python");
    let out = std::process::Command::new(&python)
        .args([
            "-c",
            "import sys, time, pyotp; print(pyotp.parse_uri(sys.argv[1]).at(int(time.time()) + int(sys.argv[2])))",
            uri,
            &offset.to_string(),
        ])
        .output()
        .unwrap_or_else(|e| panic!("{} (run .ci/setup.sh --test): {e}", python.display()));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("digits").trim().to_owned()
}

/// The URI an app would make of a key typed in by hand (the base32 text,
/// spaces allowed), with the app's defaults: SHA-1, six digits, 30 seconds.
pub fn typed_key_uri(key: &str) -> String {
    format!("otpauth://totp/typed?secret={}", key.replace(' ', ""))
}

/// Reads QR rows (`1` dark, `0` light) drawn with their quiet zone at 4 px a
/// module; the one symbol's text.
pub fn read_qr_rows(rows: &[&str]) -> String {
    let size = (rows.len() + 8) * 4;
    let dark = |x: usize, y: usize| {
        let (c, r) = ((x / 4).checked_sub(4), (y / 4).checked_sub(4));
        matches!((c, r), (Some(c), Some(r)) if rows.get(r).and_then(|l| l.as_bytes().get(c)) == Some(&b'1'))
    };
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| if dark(x, y) { 0 } else { 255 });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("the QR code reads").1
}

/// Every QR symbol a PNG picture (a screenshot) holds, read.
pub fn read_qr_picture(png: &[u8]) -> Vec<String> {
    let picture = image::load_from_memory(png).expect("a PNG picture").to_luma8();
    let (width, height) = (picture.width() as usize, picture.height() as usize);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        picture.get_pixel(u32::try_from(x).unwrap_or(0), u32::try_from(y).unwrap_or(0))[0]
    });
    prepared.detect_grids().iter().filter_map(|grid| grid.decode().ok()).map(|(_, text)| text).collect()
}
