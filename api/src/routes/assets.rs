//! The built apps' files under `/widget/` and `/staff/assets/`, served from
//! memory (`web_files`) in the smallest form the browser takes:
//! `.ci/build-widget.sh` stores each file also brotli- and gzip-compressed at
//! the highest levels, which beat compressing on every request. A file whose
//! name carries a content hash (`solecheck_widget-0123456789abcdef.js`, made by
//! .ci/build-widget.sh) never changes, so browsers may keep it a year without
//! asking. The loader and the demo stylesheet keep stable URLs (clinics embed
//! the loader), so browsers revalidate them on every load with their ETag: a
//! new build is picked up at once, and an unchanged file costs a 304.

use actix_web::{
    Error, HttpRequest, HttpResponse,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header::{
        ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, HeaderValue, IF_NONE_MATCH,
        VARY,
    },
    middleware::Next,
    web,
};

use crate::{error::ApiError, startup::AppState, web_files::WebFile};

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
        && !crate::web_files::is_stored_form(name)
}

/// Whether an `If-None-Match` value names `etag` (weak comparison, RFC 9110
/// section 13.1.2) or is `*`.
fn matches_tag(if_none_match: &str, etag: &str) -> bool {
    if_none_match.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

/// The form of `file` to send for `accept`: its stored coding and bytes, and the ETag of that form.
fn pick<'a>(file: &'a WebFile, accept: &str) -> (Option<&'static str>, &'a bytes::Bytes, String) {
    match file.packed.iter().find(|(coding, _)| accepts(accept, coding)) {
        Some((coding, body)) => (Some(*coding), body, format!("\"{}-{coding}\"", file.digest)),
        None => (None, &file.plain, format!("\"{}\"", file.digest)),
    }
}

/// `GET {scope}/{file}`: the built file `{prefix}{file}`, brotli or gzip when
/// the browser takes it and the build stored it, else as it is; each form has
/// its own ETag, and a matching `If-None-Match` costs a 304.
pub async fn built_file(
    req: HttpRequest,
    state: web::Data<AppState>,
    prefix: &str,
) -> Result<HttpResponse, ApiError> {
    let name = req.match_info().get("file").unwrap_or_default();
    if !servable(name) {
        return Err(ApiError::NotFound);
    }
    let file = state.web_files.get(&format!("{prefix}{name}")).ok_or(ApiError::NotFound)?;
    let header =
        |name| req.headers().get(name).and_then(|v: &HeaderValue| v.to_str().ok()).unwrap_or_default();
    let (coding, body, etag) = pick(file, header(ACCEPT_ENCODING));
    if matches_tag(header(IF_NONE_MATCH), &etag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((ETAG, etag))
            .insert_header((VARY, "Accept-Encoding"))
            .finish());
    }
    let mut response = HttpResponse::Ok();
    response.insert_header((ETAG, etag)).insert_header((VARY, "Accept-Encoding"));
    let mime = actix_files::file_extension_to_mime(name.rsplit('.').next().unwrap_or_default());
    response.insert_header((CONTENT_TYPE, mime.essence_str().to_owned()));
    if let Some(coding) = coding {
        response.insert_header((CONTENT_ENCODING, coding));
    }
    Ok(response.body(body.clone()))
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
    use super::{accepts, is_content_hashed, matches_tag, servable};

    #[test]
    fn if_none_match_is_read_as_a_list_of_tags() {
        assert!(matches_tag("\"abc\"", "\"abc\""));
        assert!(matches_tag("\"x\", W/\"abc\"", "\"abc\""));
        assert!(matches_tag("*", "\"abc\""));
        assert!(!matches_tag("\"abc-br\"", "\"abc\""));
        assert!(!matches_tag("", "\"abc\""));
    }

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
