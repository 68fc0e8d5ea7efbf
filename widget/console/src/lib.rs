//! The staff console at `/staff`: front-desk staff look up, scan and redeem
//! discount codes; admins also run campaigns, staff accounts and see figures.
//! A Yew app on the same wire types (`solecheck-shared`) as the API, mounted
//! by `js/console.js` into the page's `#console` element.

mod app;
mod charts;
mod client;
mod dates;
mod fields;
mod labels;
mod pages;
mod scanner;
mod state;

use wasm_bindgen::prelude::*;

/// Mounts the console into `root`; the page gives the clinic's name in
/// `data-clinic` so the first paint needs no request.
#[wasm_bindgen]
pub fn start(root: web_sys::Element) {
    let clinic = root.get_attribute("data-clinic").unwrap_or_default();
    root.set_inner_html("");
    yew::Renderer::<app::App>::with_root_and_props(root, app::AppProps { clinic: clinic.into() }).render();
}
