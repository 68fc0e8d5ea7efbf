//! Replies that never change while the server runs (the questionnaire,
//! `/openapi.json`), compressed once at start-up, so a request for them costs
//! no compression at all. Compressing the questionnaire on every request held
//! a core for about 2 ms and brotli's window (megabytes) for every reply in
//! flight: 64 clients asking at once took the server past 500 MiB.

use std::io::Write;

use actix_web::{
    HttpRequest, HttpResponseBuilder,
    http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, ContentEncoding, VARY},
    web::Bytes,
};

use super::assets::accepts;

/// A body in each form a client may take, and its ETag.
pub struct Packed {
    plain: Bytes,
    brotli: Bytes,
    gzip: Bytes,
    etag: String,
}

/// Brotli's quality and window for start-up compression: near the best
/// size, in a few milliseconds for the questionnaire.
const BROTLI_QUALITY: u32 = 9;
const BROTLI_WINDOW: u32 = 22;

impl Packed {
    /// Compresses `plain` both ways; the ETag names its bytes.
    pub fn new(plain: Vec<u8>) -> std::io::Result<Self> {
        let mut brotli = Vec::new();
        {
            let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
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

#[cfg(test)]
mod tests {
    use std::io::Read;

    use actix_web::{HttpResponse, test::TestRequest};

    use super::Packed;

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
