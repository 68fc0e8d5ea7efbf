//! Cache headers of the built apps under `/widget/` and `/staff/assets/` (files served from disk
//! by `actix_files`, see `startup`). A file whose name carries a content hash
//! (`solecheck_widget-0123456789abcdef.js`, made by .ci/build-widget.sh) never
//! changes, so browsers may keep it a year without asking. The loader and the
//! demo stylesheet keep stable URLs (clinics embed the loader), so browsers
//! revalidate them on every load with their ETag: a new build is picked up at
//! once, and an unchanged file costs a 304.

use actix_web::{
    Error,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header::{CACHE_CONTROL, HeaderValue},
    middleware::Next,
};

/// For content-hashed files.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For files with stable names: always revalidate (ETag, 304 when unchanged).
pub const REVALIDATE: &str = "no-cache";

/// Whether a file name ends in `-<16 lowercase hex digits>.<extension>`.
pub fn is_content_hashed(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    let Some((base, hash)) = stem.rsplit_once('-') else { return false };
    !base.is_empty()
        && !ext.is_empty()
        && hash.len() == 16
        && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Middleware on the `/widget` scope: sets `Cache-Control` on files served
/// (200, 206, 304); errors keep the defaults, so a 404 is never cached a year.
pub async fn cache_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let hashed = req.path().rsplit('/').next().is_some_and(is_content_hashed);
    let mut res = next.call(req).await?;
    let status = res.status();
    if status.is_success() || status == actix_web::http::StatusCode::NOT_MODIFIED {
        let policy = if hashed { IMMUTABLE } else { REVALIDATE };
        res.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn only_names_with_a_16_digit_hex_hash_are_content_hashed() {
        assert!(is_content_hashed("solecheck_widget-0123456789abcdef.js"));
        assert!(is_content_hashed("solecheck_widget_bg-0123456789abcdef.wasm"));
        for stable in [
            "solecheck.js",
            "demo.css",
            "solecheck_widget.js",
            "solecheck_widget-0123456789ABCDEF.js",
            "solecheck_widget-0123456789abcde.js",
            "solecheck_widget-0123456789abcdefa.js",
            "-0123456789abcdef.js",
            "solecheck_widget-0123456789abcdef.",
            "solecheck_widget-0123456789abcdeg.js",
        ] {
            assert!(!is_content_hashed(stable), "{stable}");
        }
    }
}
