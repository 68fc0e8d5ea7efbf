//! One module per console screen.

pub mod account_security;
pub mod activity;
pub mod campaign_form;
pub mod campaigns;
pub mod code_card;
pub mod desk;
pub mod figures;
pub mod password;
pub mod password_reset;
pub mod sign_in;
pub mod staff;
pub mod two_step;

use std::rc::Rc;

use serde::de::DeserializeOwned;
use yew::{platform::spawn_local, prelude::*};

use crate::{app::Ctx, client::Failure};

/// The console's context; every page is rendered inside the root's provider.
#[hook]
pub fn use_ctx() -> Option<Ctx> {
    use_context::<Ctx>()
}

/// A page's last outcome: `(true, text)` an error, `(false, text)` a success.
pub type Outcome = Option<(bool, String)>;

/// An outcome as (success message, error message), for two `Notice`s.
pub fn split(outcome: &Outcome) -> (Option<String>, Option<String>) {
    match outcome {
        Some((false, text)) => (Some(text.clone()), None),
        Some((true, text)) => (None, Some(text.clone())),
        None => (None, None),
    }
}

/// A whole list from the API (every page of `path`), loaded when the page
/// mounts; the callback loads it again. A failure is told through `outcome`.
#[hook]
pub fn use_list<T: DeserializeOwned + 'static>(
    ctx: &Ctx,
    path: &'static str,
    outcome: UseStateHandle<Outcome>,
) -> (Option<Rc<Vec<T>>>, Callback<()>) {
    let list = use_state(|| None::<Rc<Vec<T>>>);
    let reload = {
        let (client, list) = (ctx.client.clone(), list.clone());
        Callback::from(move |()| {
            let (client, list, outcome) = (client.clone(), list.clone(), outcome.clone());
            spawn_local(async move {
                match client.get_all::<T>(path).await {
                    Ok(items) => list.set(Some(Rc::new(items))),
                    Err(Failure::SessionEnded) => {}
                    Err(failure) => outcome.set(Some((true, failure.message()))),
                }
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |()| reload.emit(()));
    }
    ((*list).clone(), reload)
}
