//! The hold timer on exercise cards: counts a hold down once a second and says
//! when it is done, as a polite status message. It never changes the step.

use std::time::Duration;

use yew::{platform::spawn_local, platform::time::sleep, prelude::*};

/// Props of a countdown.
#[derive(Clone, PartialEq, Properties)]
pub struct CountdownProps {
    pub seconds: u32,
    /// The exercise it times, for the button's accessible name.
    pub label: AttrValue,
}

/// A start button that counts `seconds` down.
#[function_component(Countdown)]
pub fn countdown(props: &CountdownProps) -> Html {
    let left = use_state(|| None::<u32>);
    let generation = use_mut_ref(|| 0u32);
    let start = {
        let (left, generation, seconds) = (left.clone(), generation.clone(), props.seconds);
        Callback::from(move |_| {
            *generation.borrow_mut() += 1;
            let run = *generation.borrow();
            let (left, generation) = (left.clone(), generation.clone());
            left.set(Some(seconds));
            spawn_local(async move {
                for remaining in (0..seconds).rev() {
                    sleep(Duration::from_secs(1)).await;
                    // A restart replaces this run.
                    if *generation.borrow() != run {
                        return;
                    }
                    left.set(Some(remaining));
                }
            });
        })
    };
    let status = match *left {
        None => String::new(),
        Some(0) => "✓ 0 s".to_owned(),
        Some(n) => format!("{n} s"),
    };
    html! {
        <div class="timer">
            <button type="button" class="secondary" onclick={start} aria-label={format!("{} – {} s", props.label, props.seconds)}>
                { format!("⏱ {} s", props.seconds) }
            </button>
            <span class="timer-left" role="status" aria-live="polite">{ status }</span>
        </div>
    }
}
