//! The visitor's stored check, on the result and offer steps: "Download my
//! data" (everything the clinic holds about it, as a JSON file) and an
//! erasure asked once more before it is done (the visitor's `DELETE`). Shown
//! only while a check is saved, and as "erased" afterwards.

use std::rc::Rc;

use std::time::Duration;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlElement, Url};
use yew::{
    platform::{spawn_local, time::sleep},
    prelude::*,
};

use super::result::ResultProps;
use crate::{
    services::{self, Failure},
    state::{Action, Saved, Saving},
};

/// Where the panel is. Its buttons show in `Ready`, `Kept` (after "Keep
/// them"), `Downloading` and `DownloadFailed`; the question before erasing
/// in `Confirming`, `Erasing` and `EraseFailed`, so the button pressed stays
/// on screen, with the focus, until the outcome. A failure changed nothing.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Ready,
    Kept,
    Downloading,
    DownloadFailed,
    Confirming,
    Erasing,
    EraseFailed,
    Erased,
}

impl Phase {
    fn asking(self) -> bool {
        matches!(self, Self::Confirming | Self::Erasing | Self::EraseFailed)
    }

    fn busy(self) -> bool {
        matches!(self, Self::Downloading | Self::Erasing)
    }

    fn failed(self) -> bool {
        matches!(self, Self::DownloadFailed | Self::EraseFailed)
    }
}

/// How long a downloaded file's `blob:` URL stays valid: Safari starts the
/// download after the click has returned, so the URL cannot go at once.
const KEEP_FILE_URL: Duration = Duration::from_secs(30);

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
    let body = document.body().ok_or(JsValue::NULL)?;
    let link: HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    // Firefox and Safari follow only a link that is in the document.
    body.append_child(&link)?;
    link.click();
    link.remove();
    spawn_local(async move {
        sleep(KEEP_FILE_URL).await;
        let _ = Url::revoke_object_url(&url);
    });
    Ok(())
}

/// Fetches the visitor's copy and offers it as a file.
async fn download(api: &str, saved: &Saved) -> Result<(), Failure> {
    let json = services::export(api, saved).await?;
    offer_file(&json, &format!("solecheck-{}.json", saved.id)).map_err(|_| Failure)
}

/// Moves focus to `node` as `now` turns true: the question takes it on its
/// safe answer (so Enter does not erase by accident), "Keep them" hands it
/// back to "Erase my answers", and a done erasure gives it to its message,
/// since the button that had it is gone.
#[hook]
fn use_focus_when(now: bool, node: NodeRef) {
    use_effect_with(now, move |now| {
        if let (true, Some(element)) = (*now, node.cast::<HtmlElement>()) {
            let _ = element.focus();
        }
    });
}

/// The panel: nothing before the check is saved.
#[function_component(MyData)]
pub fn my_data(props: &ResultProps) -> Html {
    let base = &props.base;
    let text = &base.doc.my_data;
    let phase = use_state(|| Phase::Ready);
    let (keep, erase, erased) = (use_node_ref(), use_node_ref(), use_node_ref());
    let erased_shown = matches!(base.journey.saving, Saving::Erased);
    use_focus_when(*phase == Phase::Confirming, keep.clone());
    use_focus_when(*phase == Phase::Kept, erase.clone());
    use_focus_when(*phase == Phase::Erased && erased_shown, erased.clone());
    let saved: Rc<Saved> = match &base.journey.saving {
        Saving::Saved(saved) => saved.clone(),
        Saving::Erased => {
            return html! {
                <p class="status ok" role="status" tabindex="-1" ref={erased} data-testid="erased">
                    { &text.erased }
                </p>
            };
        }
        _ => return html! {},
    };
    let busy = phase.busy();
    let run = |erase: bool| {
        let (api, saved, phase, dispatch) =
            (props.api.clone(), saved.clone(), phase.clone(), base.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            // aria-disabled, not disabled, keeps the focus on the button
            // while busy; so the button itself ignores clicks then.
            if busy {
                return;
            }
            let (api, saved, phase, dispatch) = (api.clone(), saved.clone(), phase.clone(), dispatch.clone());
            phase.set(if erase { Phase::Erasing } else { Phase::Downloading });
            spawn_local(async move {
                let next = if erase {
                    match services::erase(&api, &saved).await {
                        Ok(()) => {
                            dispatch.emit(Action::Erased(saved.id.clone()));
                            Phase::Erased
                        }
                        Err(Failure) => Phase::EraseFailed,
                    }
                } else {
                    download(&api, &saved).await.map_or(Phase::DownloadFailed, |()| Phase::Ready)
                };
                phase.set(next);
            });
        })
    };
    let to = |next: Phase| {
        let phase = phase.clone();
        Callback::from(move |_: MouseEvent| {
            if !busy {
                phase.set(next);
            }
        })
    };
    // One live region, always in the page, so a screen reader hears each
    // change of its text.
    let status = if busy { text.working.as_str() } else { "" };
    html! {
        <section class="my-data" data-testid="my-data" aria-labelledby="sc-my-data">
            <h3 id="sc-my-data">{ &text.heading }</h3>
            <p>{ &text.explanation }</p>
            if phase.asking() {
                <div class="confirm" role="group" aria-labelledby="sc-erase-question">
                    <p id="sc-erase-question">{ &text.confirm }</p>
                    <button type="button" class="secondary" ref={keep} data-testid="keep-data"
                        aria-disabled={busy.to_string()} onclick={to(Phase::Kept)}>{ &text.confirm_no }</button>
                    <button type="button" class="danger" data-testid="confirm-erase"
                        aria-disabled={busy.to_string()} onclick={run(true)}>{ &text.confirm_yes }</button>
                </div>
            } else {
                <div class="buttons">
                    <button type="button" class="secondary" data-testid="download-data"
                        aria-disabled={busy.to_string()} onclick={run(false)}>{ &text.download }</button>
                    <button type="button" class="secondary" ref={erase} data-testid="erase-data"
                        aria-disabled={busy.to_string()} onclick={to(Phase::Confirming)}>{ &text.erase }</button>
                </div>
            }
            <p class="visually-hidden" role="status" data-testid="my-data-status">{ status }</p>
            if phase.failed() {
                <p class="status failed" role="alert" data-testid="my-data-failed">{ &text.failed }</p>
            }
        </section>
    }
}
