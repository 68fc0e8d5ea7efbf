//! The built widget, staff console and API reference (`widget/dist`, made
//! by `.ci/build-widget.sh`), held in memory with the brotli and gzip forms the
//! build stored. A release binary carries them inside (rust-embed), so one
//! file copied to a server is the whole product; `SOLECHECK_WIDGET_DIR` reads
//! a folder instead, for development. A binary built before the widget holds
//! none, and says so at start-up rather than answering 404 to every visitor.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
};

use bytes::Bytes;
use sha2::{Digest, Sha256};

/// `widget/dist` as it was when this binary was compiled.
#[derive(rust_embed::Embed)]
#[folder = "../widget/dist/"]
#[allow_missing = true]
struct Embedded;

/// The files every page needs: the widget's loader, the console's, and the
/// API reference's renderer.
pub const REQUIRED: [&str; 3] = ["solecheck.js", "console/console.js", "docs/swagger-ui-bundle.js"];

/// The stored compressed forms: (suffix, `Content-Encoding`).
const PACKED: [(&str, &str); 2] = [(".br", "br"), (".gz", "gzip")];

/// Whether `name` is a stored compressed form (`x.wasm.br`), served only
/// as the `Content-Encoding` of its plain file.
pub fn is_stored_form(name: &str) -> bool {
    PACKED.iter().any(|(suffix, _)| name.ends_with(suffix))
}

/// Why the web files cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum WebFilesError {
    #[error(
        "this solecheck-api was built without the widget, the staff console and the API reference (widget/dist was empty): \
         build them first (`.ci/build-widget.sh`, then `cargo build --release -p solecheck-api`), \
         or point SOLECHECK_WIDGET_DIR at a built widget/dist"
    )]
    NotBuiltIn,
    #[error("SOLECHECK_WIDGET_DIR: {} holds no built {missing} (run .ci/build-widget.sh)", dir.display())]
    NotInFolder { dir: PathBuf, missing: &'static str },
    #[error("SOLECHECK_WIDGET_DIR: cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// One built file in each form the build stored.
#[derive(Debug, Clone)]
pub struct WebFile {
    pub plain: Bytes,
    /// (`Content-Encoding`, bytes), best first.
    pub packed: Vec<(&'static str, Bytes)>,
    /// The first 16 hex digits of the plain file's SHA-256.
    pub digest: String,
}

/// The built files by path below `widget/dist` (`solecheck.js`, `console/console.js`).
#[derive(Debug, Default)]
pub struct WebFiles {
    files: HashMap<String, WebFile>,
    /// Where they came from, for the start-up log.
    pub source: String,
}

impl WebFiles {
    /// The files of `dir` when given (`SOLECHECK_WIDGET_DIR`), else those built in.
    pub fn load(dir: Option<&Path>) -> Result<Self, WebFilesError> {
        match dir.filter(|d| !d.as_os_str().is_empty()) {
            Some(dir) => Self::from_folder(dir)?
                .complete(|missing| WebFilesError::NotInFolder { dir: dir.to_owned(), missing }),
            None => Self::built_in().complete(|_| WebFilesError::NotBuiltIn),
        }
    }

    /// These files, if every required one is among them; else the error for the first one missing.
    fn complete(self, missing: impl FnOnce(&'static str) -> WebFilesError) -> Result<Self, WebFilesError> {
        match REQUIRED.into_iter().find(|name| !self.files.contains_key(*name)) {
            Some(name) => Err(missing(name)),
            None => Ok(self),
        }
    }

    fn built_in() -> Self {
        let stored = Embedded::iter().filter_map(|path| {
            let file = Embedded::get(&path)?;
            let data = match file.data {
                std::borrow::Cow::Borrowed(data) => Bytes::from_static(data),
                std::borrow::Cow::Owned(data) => Bytes::from(data),
            };
            Some((path.into_owned(), data))
        });
        Self::assemble(stored.collect(), "built into the binary".to_owned())
    }

    fn from_folder(dir: &Path) -> Result<Self, WebFilesError> {
        let mut stored = HashMap::new();
        for sub in ["", "console", "docs"] {
            let folder = dir.join(sub);
            let read_error = |source| WebFilesError::Read { path: folder.clone(), source };
            let entries = match std::fs::read_dir(&folder) {
                Ok(entries) => entries,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(error) => return Err(read_error(error)),
            };
            for entry in entries {
                let path = entry.map_err(read_error)?.path();
                let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                    continue;
                };
                if path.is_file() {
                    let data = std::fs::read(&path).map_err(|source| WebFilesError::Read { path, source })?;
                    let key = if sub.is_empty() { name } else { format!("{sub}/{name}") };
                    stored.insert(key, Bytes::from(data));
                }
            }
        }
        Ok(Self::assemble(stored, format!("from {}", dir.display())))
    }

    /// Pairs each plain file with its stored compressed forms.
    fn assemble(mut stored: HashMap<String, Bytes>, source: String) -> Self {
        let plain: Vec<String> = stored.keys().filter(|k| !is_stored_form(k)).cloned().collect();
        let files = plain
            .into_iter()
            .filter_map(|key| {
                let data = stored.remove(&key)?;
                let packed = PACKED
                    .iter()
                    .filter_map(|(suffix, coding)| {
                        Some((*coding, stored.get(&format!("{key}{suffix}"))?.clone()))
                    })
                    .collect();
                let digest = hex::encode(&Sha256::digest(&data)[..8]);
                Some((key, WebFile { plain: data, packed, digest }))
            })
            .collect();
        Self { files, source }
    }

    /// The file at `path` below `widget/dist`.
    pub fn get(&self, path: &str) -> Option<&WebFile> {
        self.files.get(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, data) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, data).expect("write");
        }
        dir
    }

    #[test]
    fn a_folder_is_read_with_its_stored_forms() {
        let dir = folder(&[
            ("solecheck.js", b"loader"),
            ("solecheck.js.br", b"br"),
            ("solecheck.js.gz", b"gz"),
            ("console/console.js", b"console"),
            ("console/console.js.gz", b"cgz"),
            ("docs/swagger-ui-bundle.js", b"renderer"),
        ]);
        let files = WebFiles::load(Some(dir.path())).expect("a built folder");
        let loader = files.get("solecheck.js").expect("the loader");
        assert_eq!(loader.plain.as_ref(), b"loader");
        let codings: Vec<&str> = loader.packed.iter().map(|(c, _)| *c).collect();
        assert_eq!(codings, ["br", "gzip"], "best first");
        assert_eq!(files.get("console/console.js").expect("console").packed.len(), 1);
        assert!(files.get("solecheck.js.br").is_none(), "a stored form is not a file of its own");
        assert_eq!(loader.digest.len(), 16);
    }

    #[test]
    fn a_binary_built_before_the_widget_says_how_to_build_it() {
        let error =
            WebFiles::default().complete(|_| WebFilesError::NotBuiltIn).expect_err("nothing built in");
        let message = error.to_string();
        assert!(
            message.contains("built without the widget, the staff console and the API reference"),
            "{message}"
        );
        assert!(
            message.contains(".ci/build-widget.sh") && message.contains("SOLECHECK_WIDGET_DIR"),
            "{message}"
        );
    }

    #[test]
    fn a_folder_without_the_apps_is_refused_by_name() {
        let dir = folder(&[("solecheck.js", b"loader")]);
        let error = WebFiles::load(Some(dir.path())).expect_err("no console");
        assert!(error.to_string().contains("holds no built console/console.js"), "{error}");
        let dir = folder(&[("solecheck.js", b"loader"), ("console/console.js", b"console")]);
        let error = WebFiles::load(Some(dir.path())).expect_err("no API reference");
        assert!(error.to_string().contains("holds no built docs/swagger-ui-bundle.js"), "{error}");
        let missing = dir.path().join("nowhere");
        let error = WebFiles::load(Some(&missing)).expect_err("no folder");
        assert!(error.to_string().starts_with("SOLECHECK_WIDGET_DIR:"), "{error}");
    }
}
