//! One module per console screen.

pub mod campaign_form;
pub mod campaigns;
pub mod code_card;
pub mod desk;
pub mod figures;
pub mod sign_in;
pub mod staff;

use yew::prelude::*;

use crate::app::Ctx;

/// The console's context; every page is rendered inside the root's provider.
#[hook]
pub fn use_ctx() -> Option<Ctx> {
    use_context::<Ctx>()
}
