//! The built apps' files under `/widget/` and `/staff/assets/`, served from
//! disk in the smallest form the browser takes: `.ci/build-widget.sh` stores
//! each file also brotli- and gzip-compressed at the highest levels, which
//! beat compressing on every request. A file whose name carries a content hash
//! (`solecheck_widget-0123456789abcdef.js`, made by .ci/build-widget.sh) never
//! changes, so browsers may keep it a year without asking. The loader and the
//! demo stylesheet keep stable URLs (clinics embed the loader), so browsers
//! revalidate them on every load with their ETag: a new build is picked up at
//! once, and an unchanged file costs a 304.

use std::path::Path;

use actix_files::NamedFile;
use actix_web::{
    Error, HttpRequest, HttpResponse,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header::{ACCEPT_ENCODING, CACHE_CONTROL, ContentEncoding, HeaderValue, VARY},
    middleware::Next,
};

use crate::error::ApiError;

/// The stored forms of a file, best first: (suffix on disk, coding, its name
/// in `Accept-Encoding`).
const STORED: [(&str, ContentEncoding, &str); 2] =
    [(".br", ContentEncoding::Brotli, "br"), (".gz", ContentEncoding::Gzip, "gzip")];

/// Whether `accept` (an `Accept-Encoding` value) takes `coding`: named, or
/// `*`, with a quality above zero; a coding named with `q=0` is refused even
/// when `*` would take it.
pub fn accepts(accept: &str, coding: &str) -> bool {
    let mut star = false;
    for part in accept.split(',') {
        let mut pieces = part.split(';');
        let name = pieces.next().unwrap_or_default().trim();
        let quality = pieces
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            return quality > 0.0;
        }
        star |= name == "*" && quality > 0.0;
    }
    star
}

/// A name the build could have written: one path segment of letters, digits,
/// `.`, `_` and `-`, not hidden, and not a stored compressed form itself.
fn servable(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && !STORED.iter().any(|(suffix, ..)| name.ends_with(suffix))
}

/// `GET {scope}/{file}`: the file from `dir`, brotli or gzip when the browser
/// takes it and the build stored it, else as it is; ETag and Range as usual.
pub async fn built_file(req: HttpRequest, dir: &Path) -> Result<HttpResponse, ApiError> {
    let name = req.match_info().get("file").unwrap_or_default();
    if !servable(name) {
        return Err(ApiError::NotFound);
    }
    let plain = dir.join(name);
    if !plain.is_file() {
        return Err(ApiError::NotFound);
    }
    let mime = actix_files::file_extension_to_mime(name.rsplit('.').next().unwrap_or_default());
    let accept = req.headers().get(ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let stored = STORED.iter().find_map(|(suffix, coding, token)| {
        let packed = dir.join(format!("{name}{suffix}"));
        (accepts(accept, token) && packed.is_file()).then_some((packed, *coding))
    });
    let file = match stored {
        Some((packed, coding)) => NamedFile::open_async(packed).await.map(|f| f.set_content_encoding(coding)),
        None => NamedFile::open_async(plain).await,
    }
    .map_err(|_| ApiError::NotFound)?;
    let mut response = file.set_content_type(mime).into_response(&req);
    response.headers_mut().insert(VARY, HeaderValue::from_static("Accept-Encoding"));
    Ok(response)
}

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
    use super::{accepts, is_content_hashed, servable};

    #[test]
    fn accept_encoding_is_read_with_its_qualities() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip, deflate, br, zstd", "gzip"));
        assert!(!accepts("gzip", "br"));
        assert!(!accepts("", "gzip"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(accepts("*", "br"));
        assert!(!accepts("*, br;q=0", "br"));
        assert!(accepts("identity;q=0.5, GZIP;q=0.1", "gzip"));
    }

    #[test]
    fn only_plain_built_names_are_served() {
        assert!(servable("solecheck_widget_bg-0123456789abcdef.wasm"));
        for refused in ["", ".env", "../secret", "a/b", "x.wasm.br", "x.js.gz", "a%2Fb", "na me.js"] {
            assert!(!servable(refused), "{refused}");
        }
    }

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
