//! Replies that never change while the server runs (the questionnaire,
//! `/openapi.json`), compressed once at start-up, so a request for them costs
//! no compression at all. Compressing the questionnaire on every request held
//! a core for about 2 ms and brotli's window (megabytes) for every reply in
//! flight: 64 clients asking at once took the server past 500 MiB.
//!
//! Large replies made per request (the figures, the staff lists) are compressed here too,
//! with brotli's window fitted to the body: the `Compress` middleware's
//! fixed 4 MiB window is allocated and zeroed for every body over 16 KiB,
//! which took an eighth of the figures' time.

use std::io::Write;

use actix_web::{
    HttpRequest, HttpResponse, HttpResponseBuilder,
    http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, ContentEncoding, ContentType, VARY},
    web::Bytes,
};

use super::assets::accepts;
use crate::error::ApiError;

/// A body in each form a client may take, and its ETag.
pub struct Packed {
    plain: Bytes,
    brotli: Bytes,
    gzip: Bytes,
    etag: String,
}

/// Brotli's window for start-up compression.
const BROTLI_WINDOW: u32 = 22;
/// Bodies up to this size (the questionnaire, 18 KB, which every visitor
/// loads) get brotli's best quality, 11% smaller than quality 9 in 20 ms;
/// larger ones (`/openapi.json`, 320 KB, fetched by developers) quality 6,
/// within 2% of 9 in 5 ms, where 11 takes 180 ms of every start. Quality 9's
/// hash table alone is 16 to 30 MB, which made the start-up the server's
/// peak memory (63 of the 70 MiB bench-api saw).
const BEST_QUALITY_UP_TO: usize = 64 * 1024;

impl Packed {
    /// Compresses `plain` both ways; the ETag names its bytes.
    pub fn new(plain: Vec<u8>) -> std::io::Result<Self> {
        let quality = if plain.len() <= BEST_QUALITY_UP_TO { 11 } else { 6 };
        let mut brotli = Vec::new();
        {
            let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, quality, BROTLI_WINDOW);
            writer.write_all(&plain)?;
        }
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gzip.write_all(&plain)?;
        let gzip = gzip.finish()?;
        let etag = format!("\"{}\"", &crate::services::secrets::sha256_hex(&plain)[..32]);
        Ok(Self { plain: plain.into(), brotli: brotli.into(), gzip: gzip.into(), etag })
    }

    /// The ETag of the plain bytes (the same for every coding).
    pub fn etag(&self) -> &str {
        &self.etag
    }

    /// Sets `Content-Encoding` and `Vary` on `response` for the form `req`
    /// takes, and returns that form's bytes. A reply with `Content-Encoding`
    /// set is passed through by the `Compress` middleware untouched.
    pub fn body_for(&self, req: &HttpRequest, response: &mut HttpResponseBuilder) -> Bytes {
        let accept = req.headers().get(ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or_default();
        response.insert_header((VARY, "Accept-Encoding"));
        let (body, coding) = if accepts(accept, "br") {
            (&self.brotli, ContentEncoding::Brotli)
        } else if accepts(accept, "gzip") {
            (&self.gzip, ContentEncoding::Gzip)
        } else {
            (&self.plain, ContentEncoding::Identity)
        };
        response.insert_header((CONTENT_ENCODING, coding));
        body.clone()
    }
}

/// Brotli's quality for replies made per request, the `Compress`
/// middleware's own.
const PER_REQUEST_QUALITY: u32 = 3;

/// A 200 of `value` as JSON, compressed here for the client: for staff lists
/// and the figures, where the middleware's window was a seventh of a list
/// page's time (perf, bench-scale).
pub fn json_ok(req: &HttpRequest, value: &impl serde::Serialize) -> Result<HttpResponse, ApiError> {
    let plain = serde_json::to_vec(value).map_err(ApiError::internal)?;
    let mut response = HttpResponse::Ok();
    response.content_type(ContentType::json());
    let body = compress_for(req, &mut response, plain).map_err(ApiError::internal)?;
    Ok(response.body(body))
}

/// Sets `Content-Encoding` and `Vary` on `response` for the form of `plain`
/// that `req` takes, compressing it now, and returns that form's bytes.
pub fn compress_for(
    req: &HttpRequest,
    response: &mut HttpResponseBuilder,
    plain: Vec<u8>,
) -> std::io::Result<Bytes> {
    let accept = req.headers().get(ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or_default();
    response.insert_header((VARY, "Accept-Encoding"));
    let (body, coding) = if plain.len() < crate::middleware::COMPRESS_FROM_BYTES {
        (plain, ContentEncoding::Identity)
    } else if accepts(accept, "br") {
        // The smallest window that holds the whole body, within brotli's 10-24.
        let window = (usize::BITS - plain.len().leading_zeros()).clamp(10, 24);
        let mut out = Vec::with_capacity(plain.len() / 4);
        {
            let mut writer = brotli::CompressorWriter::new(&mut out, 4096, PER_REQUEST_QUALITY, window);
            writer.write_all(&plain)?;
        }
        (out, ContentEncoding::Brotli)
    } else if accepts(accept, "gzip") {
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gzip.write_all(&plain)?;
        (gzip.finish()?, ContentEncoding::Gzip)
    } else {
        (plain, ContentEncoding::Identity)
    };
    response.insert_header((CONTENT_ENCODING, coding));
    Ok(body.into())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use actix_web::{HttpResponse, test::TestRequest};

    use super::{Packed, compress_for};

    #[test]
    fn a_reply_made_now_is_compressed_the_way_the_client_takes_it() {
        let plain = br#"{"week_start":"2026-11-30","total":12,"by_hint":{"neutral":12}},"#.repeat(600);
        let send = |accept: &str, plain: Vec<u8>| {
            let req = TestRequest::default().insert_header(("accept-encoding", accept)).to_http_request();
            let mut response = HttpResponse::Ok();
            let body = compress_for(&req, &mut response, plain).unwrap();
            let response = response.finish();
            let header = |name: &str| response.headers().get(name).unwrap().to_str().unwrap().to_owned();
            assert_eq!(header("vary"), "Accept-Encoding");
            (header("content-encoding"), body.to_vec())
        };
        let (coding, br) = send("gzip, deflate, br, zstd", plain.clone());
        assert_eq!(coding, "br");
        let mut unpacked = Vec::new();
        brotli::Decompressor::new(&br[..], 4096).read_to_end(&mut unpacked).unwrap();
        assert_eq!(unpacked, plain);
        let (coding, gz) = send("gzip", plain.clone());
        assert_eq!(coding, "gzip");
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut unpacked).unwrap();
        assert_eq!(unpacked, plain);
        assert!(br.len() < plain.len() / 10 && gz.len() < plain.len() / 10);
        assert_eq!(send("identity", plain.clone()), ("identity".to_owned(), plain));
        let short = b"{\"assessments\":0}".to_vec();
        assert_eq!(send("br", short.clone()), ("identity".to_owned(), short), "too short to be worth it");
    }

    #[test]
    fn each_client_gets_a_form_it_takes_with_the_same_bytes_inside() {
        let plain = br#"{"questionnaire":"the same text, many times over, many times over"}"#.repeat(40);
        let packed = Packed::new(plain.clone()).unwrap();
        let body = |accept: Option<&str>| {
            let req = match accept {
                Some(a) => TestRequest::default().insert_header(("accept-encoding", a)).to_http_request(),
                None => TestRequest::default().to_http_request(),
            };
            let mut response = HttpResponse::Ok();
            let body = packed.body_for(&req, &mut response);
            let coding =
                response.finish().headers().get("content-encoding").unwrap().to_str().unwrap().to_owned();
            (coding, body.to_vec())
        };
        let (coding, br) = body(Some("gzip, deflate, br, zstd"));
        assert_eq!(coding, "br");
        let mut unpacked = Vec::new();
        brotli::Decompressor::new(&br[..], 4096).read_to_end(&mut unpacked).unwrap();
        assert_eq!(unpacked, plain);
        let (coding, gz) = body(Some("gzip, br;q=0"));
        assert_eq!(coding, "gzip");
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut unpacked).unwrap();
        assert_eq!(unpacked, plain);
        assert!(gz.len() < plain.len() / 4 && br.len() <= gz.len());
        assert_eq!(body(None), ("identity".to_owned(), plain.clone()));
        assert_eq!(body(Some("identity")).1, plain);
    }
}
