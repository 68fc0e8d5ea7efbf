//! Rebuilds the binary when the built widget changes, appears or goes, so the
//! files `web_files` embeds (rust-embed) are always those in `widget/dist`;
//! otherwise a binary built before `.ci/build-widget.sh` would stay empty.

fn main() {
    println!("cargo::rerun-if-changed=../widget/dist");
}
