//! HTTPS of the server's own (`SOLECHECK_TLS_CERT`, `SOLECHECK_TLS_KEY`), for a
//! clinic that runs no reverse proxy: the clinic's site is served over https,
//! and a browser refuses a widget that calls a plain-http API from it.
//!
//! Everything is checked before the port is bound, so a wrong path or a key
//! from another certificate stops start-up with the variable's name instead
//! of failing every visitor's handshake later.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use rustls::pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};

/// The variable naming the certificate chain file.
pub const CERT_VAR: &str = "SOLECHECK_TLS_CERT";
/// The variable naming the private key file.
pub const KEY_VAR: &str = "SOLECHECK_TLS_KEY";

/// Why the certificate and key cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("{set} is set but {missing} is not: set both to serve HTTPS, or neither to serve HTTP")]
    Half { set: &'static str, missing: &'static str },
    #[error("{var}: cannot read {}: {source}", path.display())]
    Read {
        var: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{var}: {} is not readable PEM: {detail}", path.display())]
    Pem { var: &'static str, path: PathBuf, detail: String },
    #[error("{CERT_VAR}: {} holds no certificate (expected a PEM `BEGIN CERTIFICATE` block)", path.display())]
    NoCertificate { path: PathBuf },
    #[error("{KEY_VAR}: {} holds no private key (expected a PEM `BEGIN PRIVATE KEY` block)", path.display())]
    NoKey { path: PathBuf },
    #[error("{KEY_VAR} is not the private key of the certificate in {CERT_VAR}")]
    Mismatch,
    #[error("{CERT_VAR} and {KEY_VAR} cannot be used: {0}")]
    Unusable(rustls::Error),
}

/// The TLS set-up to serve with, or `None` for plain HTTP when neither file is named.
pub fn server_config(
    cert: Option<&Path>,
    key: Option<&Path>,
) -> Result<Option<rustls::ServerConfig>, TlsError> {
    match (named(cert), named(key)) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(TlsError::Half { set: CERT_VAR, missing: KEY_VAR }),
        (None, Some(_)) => Err(TlsError::Half { set: KEY_VAR, missing: CERT_VAR }),
        (Some(cert), Some(key)) => load(cert, key).map(Some),
    }
}

/// An empty path (a variable set to nothing) counts as unset.
fn named(path: Option<&Path>) -> Option<&Path> {
    path.filter(|p| !p.as_os_str().is_empty())
}

fn read(var: &'static str, path: &Path) -> Result<Vec<u8>, TlsError> {
    std::fs::read(path).map_err(|source| TlsError::Read { var, path: path.to_owned(), source })
}

fn pem_error(var: &'static str, path: &Path) -> impl Fn(rustls::pki_types::pem::Error) -> TlsError {
    move |error| TlsError::Pem { var, path: path.to_owned(), detail: error.to_string() }
}

fn load(cert_path: &Path, key_path: &Path) -> Result<rustls::ServerConfig, TlsError> {
    let chain = CertificateDer::pem_slice_iter(&read(CERT_VAR, cert_path)?)
        .collect::<Result<Vec<_>, _>>()
        .map_err(pem_error(CERT_VAR, cert_path))?;
    if chain.is_empty() {
        return Err(TlsError::NoCertificate { path: cert_path.to_owned() });
    }
    let key = match PrivateKeyDer::from_pem_slice(&read(KEY_VAR, key_path)?) {
        Ok(key) => key,
        Err(rustls::pki_types::pem::Error::NoItemsFound) => {
            return Err(TlsError::NoKey { path: key_path.to_owned() });
        }
        Err(error) => return Err(pem_error(KEY_VAR, key_path)(error)),
    };
    // ring, not the default aws-lc-rs: no cmake or assembler toolchain to build.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TlsError::Unusable)?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|error| match error {
            rustls::Error::InconsistentKeys(_) => TlsError::Mismatch,
            other => TlsError::Unusable(other),
        })?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neither_file_is_plain_http() {
        assert!(server_config(None, None).expect("no TLS").is_none());
        assert!(server_config(Some(Path::new("")), None).expect("empty is unset").is_none());
    }

    #[test]
    fn one_file_alone_names_the_missing_variable() {
        let error = server_config(Some(Path::new("cert.pem")), None).expect_err("half");
        assert_eq!(
            error.to_string(),
            "SOLECHECK_TLS_CERT is set but SOLECHECK_TLS_KEY is not: set both to serve HTTPS, or neither to serve HTTP"
        );
        let error = server_config(None, Some(Path::new("key.pem"))).expect_err("half");
        assert!(error.to_string().starts_with("SOLECHECK_TLS_KEY is set but SOLECHECK_TLS_CERT is not"));
    }

    #[test]
    fn an_unreadable_file_names_its_variable_and_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = dir.path().join("missing.pem");
        let error = server_config(Some(&missing), Some(&missing)).expect_err("missing");
        assert!(matches!(error, TlsError::Read { var: CERT_VAR, .. }), "{error}");
        assert!(error.to_string().contains("missing.pem"), "{error}");
    }

    #[test]
    fn files_without_pem_blocks_are_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "not a certificate\n").expect("write");
        let error = server_config(Some(&text), Some(&text)).expect_err("no cert");
        assert!(matches!(error, TlsError::NoCertificate { .. }), "{error}");
    }
}
