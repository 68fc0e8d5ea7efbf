//! Scanning the visitor's QR code with the device's camera, where the browser
//! has the Shape Detection API's `BarcodeDetector` (Chrome on Android and
//! ChromeOS, Safari on iPad). Elsewhere the button is not shown: typing the
//! code always works. `web-sys` has no binding for `BarcodeDetector`, so it is
//! reached through `js_sys::Reflect`.

use std::{cell::RefCell, rc::Rc, time::Duration};

use js_sys::{Array, Function, Object, Promise, Reflect};
use solecheck_shared::code::DiscountCode;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlVideoElement, MediaStream, MediaStreamConstraints};
use yew::{
    platform::{spawn_local, time::sleep},
    prelude::*,
};

/// How often a frame is read while scanning.
const FRAME_EVERY: Duration = Duration::from_millis(250);

fn detector_class() -> Option<Function> {
    let class = Reflect::get(&js_sys::global(), &"BarcodeDetector".into()).ok()?;
    class.dyn_into::<Function>().ok()
}

/// Whether this browser can read QR codes from the camera.
pub fn supported() -> bool {
    let camera = web_sys::window().and_then(|w| w.navigator().media_devices().ok()).is_some();
    camera && detector_class().is_some()
}

async fn open_camera() -> Result<MediaStream, JsValue> {
    let devices = web_sys::window().ok_or("no window")?.navigator().media_devices()?;
    let constraints = MediaStreamConstraints::new();
    let video = Object::new();
    // The back camera of a tablet faces the visitor's phone.
    Reflect::set(&video, &"facingMode".into(), &"environment".into())?;
    constraints.set_video(&video);
    let stream = JsFuture::from(devices.get_user_media_with_constraints(&constraints)?).await?;
    stream.dyn_into::<MediaStream>()
}

fn stop(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
            track.stop();
        }
    }
}

/// Reads one frame; the first QR code in it that is a valid SoleCheck code.
async fn detect(detector: &JsValue, video: &HtmlVideoElement) -> Result<Option<DiscountCode>, JsValue> {
    let detect: Function = Reflect::get(detector, &"detect".into())?.dyn_into()?;
    let found = JsFuture::from(Promise::from(detect.call1(detector, video)?)).await?;
    let codes = Array::from(&found);
    Ok(codes.iter().find_map(|barcode| {
        let raw = Reflect::get(&barcode, &"rawValue".into()).ok()?.as_string()?;
        DiscountCode::parse(&raw).ok()
    }))
}

/// The scan button's attributes.
#[derive(Clone, PartialEq, Properties)]
pub struct ScannerProps {
    /// Receives the first valid code seen.
    pub on_code: Callback<DiscountCode>,
}

/// The camera's state. Each scan is a numbered run, so Stop (or a new scan)
/// ends the one before it.
#[derive(Clone)]
struct Camera {
    scanning: UseStateHandle<bool>,
    message: UseStateHandle<Option<String>>,
    video: NodeRef,
    /// The live stream, so Stop and leaving the page turn the camera off.
    stream: Rc<RefCell<Option<MediaStream>>>,
    generation: Rc<RefCell<u32>>,
}

#[hook]
fn use_camera() -> Camera {
    let camera = Camera {
        scanning: use_state(|| false),
        message: use_state(|| None),
        video: use_node_ref(),
        stream: use_mut_ref(|| None),
        generation: use_mut_ref(|| 0),
    };
    let stream = camera.stream.clone();
    use_effect_with((), move |()| {
        move || {
            if let Some(s) = stream.borrow_mut().take() {
                stop(&s);
            }
        }
    });
    camera
}

impl Camera {
    /// Ends the run under way and turns the camera off.
    fn halt(&self) {
        *self.generation.borrow_mut() += 1;
        if let Some(s) = self.stream.borrow_mut().take() {
            stop(&s);
        }
        self.scanning.set(false);
    }

    /// Starts a run that gives the first valid code to `on_code`.
    fn start(&self, on_code: &Callback<DiscountCode>) -> Callback<MouseEvent> {
        let (camera, on_code) = (self.clone(), on_code.clone());
        Callback::from(move |_| {
            let Some(class) = detector_class() else { return };
            camera.scanning.set(true);
            camera.message.set(Some("Point the camera at the visitor's QR code.".to_owned()));
            let run = *camera.generation.borrow();
            let (camera, on_code) = (camera.clone(), on_code.clone());
            spawn_local(async move {
                let c = &camera;
                if let Err(error) = scan(&class, &c.video, &c.stream, &c.generation, run, &on_code).await {
                    let why =
                        error.as_string().unwrap_or_else(|| "the camera could not be opened".to_owned());
                    c.message.set(Some(format!("Scanning stopped: {why}. Type the code instead.")));
                } else {
                    c.message.set(None);
                }
                if *c.generation.borrow() == run {
                    c.halt();
                }
            });
        })
    }
}

/// "Scan QR code": shows the camera until a valid code is seen or Stop.
#[function_component(Scanner)]
pub fn scanner(props: &ScannerProps) -> Html {
    let camera = use_camera();
    let start = camera.start(&props.on_code);
    let stop_click = {
        let camera = camera.clone();
        Callback::from(move |_| {
            camera.halt();
            camera.message.set(None);
        })
    };
    if !supported() {
        return html! {};
    }
    html! {
        <>
            if *camera.scanning {
                <button type="button" class="secondary" onclick={stop_click} data-testid="stop-scan">{ "Stop scanning" }</button>
            } else {
                <button type="button" class="secondary" onclick={start} data-testid="scan">{ "Scan QR code" }</button>
            }
            <div class={classes!("scanner", (!*camera.scanning).then_some("hidden"))}>
                <video ref={camera.video.clone()} muted=true playsinline=true aria-label="Camera view for scanning" />
            </div>
            if let Some(text) = &*camera.message {
                <p class="hint" role="status" data-testid="scan-status">{ text.clone() }</p>
            }
        </>
    }
}

/// Opens the camera and reads frames until a code is found or the run is
/// replaced (Stop, or a new scan).
async fn scan(
    class: &Function,
    video: &NodeRef,
    stream: &Rc<RefCell<Option<MediaStream>>>,
    generation: &Rc<RefCell<u32>>,
    run: u32,
    on_code: &Callback<DiscountCode>,
) -> Result<(), JsValue> {
    let options = Object::new();
    Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into()))?;
    let detector = Reflect::construct(class, &Array::of1(&options))?;
    let camera = open_camera().await?;
    if *generation.borrow() != run {
        stop(&camera);
        return Ok(());
    }
    let element = video.cast::<HtmlVideoElement>().ok_or("the camera view is gone")?;
    element.set_src_object(Some(&camera));
    *stream.borrow_mut() = Some(camera);
    // Not awaited: `play()` settles only once a frame arrives, and a camera
    // that is slow to start must not stall the Stop button.
    let _ = element.play()?;
    while *generation.borrow() == run {
        if let Some(code) = detect(&detector, &element).await? {
            on_code.emit(code);
            return Ok(());
        }
        sleep(FRAME_EVERY).await;
    }
    Ok(())
}
