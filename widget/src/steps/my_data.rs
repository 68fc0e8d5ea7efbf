//! The visitor's stored check, on the result and offer steps: "Download my
//! data" (everything the clinic holds about it, as a JSON file) and an
//! erasure asked once more before it is done (the visitor's `DELETE`). Shown
//! only while a check is saved, and as "erased" afterwards.

use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};
use yew::{platform::spawn_local, prelude::*};

use super::result::ResultProps;
use crate::{
    services::{self, Failure},
    state::{Action, Saved, Saving},
};

/// Where the panel is: its buttons, the question before erasing, a call
/// under way, or a call that failed (nothing changed).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Ready,
    Confirming,
    Busy,
    Failed,
}

/// Hands `json` to the browser as a download named `name`, laid out to be
/// read (two-space indents). A `blob:` URL stays on the visitor's device.
fn offer_file(json: &str, name: &str) -> Result<(), JsValue> {
    let parsed = js_sys::JSON::parse(json)?;
    let pretty = js_sys::JSON::stringify_with_replacer_and_space(&parsed, &JsValue::NULL, &JsValue::from(2))?;
    let options = BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&pretty), &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or(JsValue::NULL)?;
    let link: HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The download has its own copy once started; the click starts it.
    Url::revoke_object_url(&url)
}

/// Fetches the visitor's copy and offers it as a file.
async fn download(api: &str, saved: &Saved) -> Result<(), Failure> {
    let json = services::export(api, saved).await?;
    offer_file(&json, &format!("solecheck-{}.json", saved.id)).map_err(|_| Failure)
}

/// The panel: nothing before the check is saved.
#[function_component(MyData)]
pub fn my_data(props: &ResultProps) -> Html {
    let base = &props.base;
    let text = &base.doc.my_data;
    let phase = use_state(|| Phase::Ready);
    let keep = use_node_ref();
    {
        // The question takes focus on its safe answer, so a keyboard user
        // hears it and Enter does not erase by accident.
        let keep = keep.clone();
        use_effect_with(*phase, move |phase| {
            if let (Phase::Confirming, Some(button)) = (phase, keep.cast::<web_sys::HtmlElement>()) {
                let _ = button.focus();
            }
        });
    }
    let saved: Rc<Saved> = match &base.journey.saving {
        Saving::Saved(saved) => saved.clone(),
        Saving::Erased => {
            return html! { <p class="status ok" role="status" data-testid="erased">{ &text.erased }</p> };
        }
        _ => return html! {},
    };
    let run = |erase: bool| {
        let (api, saved, phase, dispatch) =
            (props.api.clone(), saved.clone(), phase.clone(), base.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let (api, saved, phase, dispatch) = (api.clone(), saved.clone(), phase.clone(), dispatch.clone());
            phase.set(Phase::Busy);
            spawn_local(async move {
                let done = if erase {
                    services::erase(&api, &saved)
                        .await
                        .map(|()| dispatch.emit(Action::Erased(saved.id.clone())))
                } else {
                    download(&api, &saved).await
                };
                phase.set(if done.is_ok() { Phase::Ready } else { Phase::Failed });
            });
        })
    };
    let to = |next: Phase| {
        let phase = phase.clone();
        Callback::from(move |_: MouseEvent| phase.set(next))
    };
    let busy = *phase == Phase::Busy;
    html! {
        <section class="my-data" data-testid="my-data" aria-labelledby="sc-my-data">
            <h3 id="sc-my-data">{ &text.heading }</h3>
            <p>{ &text.explanation }</p>
            if *phase == Phase::Confirming {
                <div class="confirm" role="group" aria-labelledby="sc-erase-question">
                    <p id="sc-erase-question">{ &text.confirm }</p>
                    <button type="button" class="secondary" ref={keep} data-testid="keep-data"
                        onclick={to(Phase::Ready)}>{ &text.confirm_no }</button>
                    <button type="button" class="danger" data-testid="confirm-erase"
                        onclick={run(true)}>{ &text.confirm_yes }</button>
                </div>
            } else {
                <div class="buttons">
                    <button type="button" class="secondary" data-testid="download-data" disabled={busy}
                        onclick={run(false)}>{ &text.download }</button>
                    <button type="button" class="secondary" data-testid="erase-data" disabled={busy}
                        onclick={to(Phase::Confirming)}>{ &text.erase }</button>
                </div>
            }
            if busy {
                <p role="status">{ &text.working }</p>
            }
            if *phase == Phase::Failed {
                <p class="status failed" role="alert" data-testid="my-data-failed">{ &text.failed }</p>
            }
        </section>
    }
}
