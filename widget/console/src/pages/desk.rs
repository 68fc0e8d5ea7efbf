//! The front desk: one big code field that tidies the code as it is typed
//! and catches a typo by its check symbol before anything is sent, a camera
//! scan where the browser can read QR codes, and the code's status card.

use std::rc::Rc;

use solecheck_shared::{
    api::{CodeStatus, ErrorCode},
    code::{CodeError, DiscountCode, SYMBOLS, format_partial},
};
use yew::{platform::spawn_local, prelude::*};

use super::{code_card::CodeCard, use_ctx};
use crate::{
    client::{Client, Failure},
    fields::Notice,
    scanner::Scanner,
    state::Action,
};

/// What the field says about the code typed so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    Empty,
    /// Still typing: symbols so far.
    Partial(usize),
    /// A complete code whose check symbol matches.
    Ready(DiscountCode),
    /// Something that cannot be a code, with the reason.
    Wrong(String),
}

/// Reads the field's text.
pub fn read(text: &str) -> Typed {
    let symbols = text.chars().filter(|c| !c.is_whitespace() && *c != '-').count();
    if symbols == 0 {
        return Typed::Empty;
    }
    match DiscountCode::parse(text) {
        Ok(code) => Typed::Ready(code),
        Err(CodeError::InvalidSymbol { ch }) => {
            Typed::Wrong(format!("“{ch}” is not used in codes. Codes use the digits 0-9 and letters A-Z except I, L, O and U."))
        }
        Err(CodeError::WrongLength { len }) if len < SYMBOLS => Typed::Partial(len),
        Err(CodeError::WrongLength { len }) => {
            Typed::Wrong(format!("A code has {SYMBOLS} symbols; this has {len}. Check it with the visitor."))
        }
        Err(CodeError::CheckFailed) => Typed::Wrong(
            "This code has a typo: its last symbol (the check symbol) does not match the rest. Read it again with the visitor."
                .to_owned(),
        ),
    }
}

/// The status card's state.
#[derive(Debug, Clone, PartialEq)]
enum Lookup {
    Idle,
    Loading,
    Found(Rc<CodeStatus>),
    Failed(String),
}

/// Looks a code up into `lookup`; `quiet` keeps the card on screen while it
/// is fetched again after a change.
fn fetch_action(client: &Rc<Client>, lookup: &UseStateHandle<Lookup>) -> Callback<(DiscountCode, bool)> {
    let (client, lookup) = (client.clone(), lookup.clone());
    Callback::from(move |(code, quiet): (DiscountCode, bool)| {
        if !quiet {
            lookup.set(Lookup::Loading);
        }
        let (client, lookup) = (client.clone(), lookup.clone());
        spawn_local(async move {
            let result = client.get::<CodeStatus>(&format!("/v1/codes/{}", code.display_form())).await;
            lookup.set(match result {
                Ok(status) => Lookup::Found(Rc::new(status)),
                Err(failure) if failure.code() == Some(ErrorCode::UnknownCode) => Lookup::Failed(
                    "No code like this was ever issued. Check it with the visitor, symbol by symbol."
                        .to_owned(),
                ),
                Err(Failure::SessionEnded) => Lookup::Idle,
                Err(failure) => Lookup::Failed(failure.message()),
            });
        });
    })
}

/// Calls `fetch` with the typed code, when it is a whole one.
fn when_ready<E: 'static>(
    typed: &Typed,
    fetch: &Callback<(DiscountCode, bool)>,
    quiet: bool,
    before: fn(&E),
) -> Callback<E> {
    let (typed, fetch) = (typed.clone(), fetch.clone());
    Callback::from(move |event: E| {
        before(&event);
        if let Typed::Ready(code) = &typed {
            fetch.emit((*code, quiet));
        }
    })
}

/// The hint or the error under the field.
fn field_help(typed: &Typed) -> (String, Option<String>) {
    match typed {
        Typed::Empty => ("Type or scan the 13-symbol code, e.g. 7K3M-9QX2-H4PD-R.".to_owned(), None),
        Typed::Partial(n) => (format!("{n} of {SYMBOLS} symbols."), None),
        Typed::Ready(_) => ("The code looks right. Press Look up.".to_owned(), None),
        Typed::Wrong(why) => (String::new(), Some(why.clone())),
    }
}

fn lookup_result(lookup: &Lookup, refresh: Callback<()>) -> Html {
    match lookup {
        Lookup::Idle => html! {},
        Lookup::Loading => html! { <p class="notice" role="status">{ "Looking the code up…" }</p> },
        Lookup::Failed(message) => {
            html! { <Notice text={Some(message.clone())} error=true testid="lookup-error" /> }
        }
        Lookup::Found(status) => html! { <CodeCard status={status.clone()} on_change={refresh} /> },
    }
}

/// The desk page.
#[function_component(DeskPage)]
pub fn desk_page() -> Html {
    let Some(ctx) = use_ctx() else { return html! {} };
    let lookup = use_state(|| Lookup::Idle);
    let typed = read(&ctx.console.desk_code);
    let fetch = fetch_action(&ctx.client, &lookup);
    let oninput = {
        let (console, lookup) = (ctx.console.clone(), lookup.clone());
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let tidy = format_partial(&input.value());
            // Keep the caret at the end: the field is re-grouped as it is typed.
            input.set_value(&tidy);
            console.dispatch(Action::DeskCode(tidy));
            lookup.set(Lookup::Idle);
        })
    };
    let onsubmit = when_ready(&typed, &fetch, false, |e: &SubmitEvent| e.prevent_default());
    let on_scan = {
        let (console, fetch) = (ctx.console.clone(), fetch.clone());
        Callback::from(move |code: DiscountCode| {
            console.dispatch(Action::DeskCode(code.display_form()));
            fetch.emit((code, false));
        })
    };
    let clear = {
        let (console, lookup) = (ctx.console.clone(), lookup.clone());
        Callback::from(move |_| {
            console.dispatch(Action::DeskCode(String::new()));
            lookup.set(Lookup::Idle);
        })
    };
    let (hint, error) = field_help(&typed);
    let ready = matches!(typed, Typed::Ready(_));
    html! {
        <section class="desk" aria-labelledby="desk-title">
            <h1 id="desk-title">{ "Front desk" }</h1>
            <form class="panel code-entry" onsubmit={onsubmit} data-testid="code-form" novalidate=true>
                <label for="code" class="big-label">{ "Discount code" }</label>
                <input id="code" data-testid="code" class="code-input" type="text" inputmode="text"
                    autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="24"
                    value={ctx.console.desk_code.clone()} {oninput}
                    aria-invalid={error.as_ref().map(|_| "true")}
                    aria-describedby={if error.is_some() { "code-error" } else { "code-hint" }} />
                if let Some(error) = &error {
                    <p id="code-error" class="error" role="alert" data-testid="code-error">{ error.clone() }</p>
                } else {
                    <p id="code-hint" class="hint" aria-live="polite" data-testid="code-hint">{ hint }</p>
                }
                <div class="actions">
                    <button type="submit" class="primary" disabled={!ready} data-testid="look-up">{ "Look up" }</button>
                    <button type="button" class="secondary" onclick={clear}>{ "Clear" }</button>
                    <Scanner on_code={on_scan} />
                </div>
            </form>
            { lookup_result(&lookup, when_ready(&typed, &fetch, true, |_: &()| {})) }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_flags_a_typo_before_sending() {
        let code = DiscountCode::from_bits(0x0123_4567_89ab_cdef).display_form();
        assert_eq!(read(&code), Typed::Ready(DiscountCode::parse(&code).unwrap()));
        assert_eq!(read(&code.to_lowercase()), read(&code));
        assert_eq!(read(""), Typed::Empty);
        assert_eq!(read("ABCD-EF"), Typed::Partial(6));
        // Change one symbol: the check symbol catches it.
        let mut typo: Vec<char> = code.chars().collect();
        typo[0] = if typo[0] == '0' { '1' } else { '0' };
        let typo: String = typo.into_iter().collect();
        assert!(matches!(read(&typo), Typed::Wrong(why) if why.contains("typo")));
        assert!(matches!(read("ABCU"), Typed::Wrong(why) if why.contains("“U”")));
        assert!(matches!(read(&format!("{code}7")), Typed::Wrong(why) if why.contains("this has 14")));
    }
}
