//! HTTP to the API and the staff sign-in. Every call goes through one
//! `request` that keeps the status and the server's problem body.
//!
//! The access token lives only in memory. The refresh token is kept in
//! `sessionStorage`, so a reload of the desk's tab keeps the sign-in while
//! closing the tab ends it; the page's strict CSP is what guards it. An
//! expired access token is renewed silently, by one refresh at a time: two
//! parallel refreshes with the same token would look like reuse to the server,
//! which then ends the whole sign-in.

use std::cell::RefCell;

use futures::lock::Mutex;
use gloo_net::http::{Method, RequestBuilder, Response};
use serde::{Serialize, de::DeserializeOwned};
use solecheck_shared::api::{
    ErrorCode, LoginRequest, Page, PasswordChange, Problem, RefreshRequest, StaffView, TokenPair,
};

const REFRESH_KEY: &str = "solecheck-console:refresh";
/// Renew this long before the access token runs out, so a request is not
/// sent with a token that expires on the way.
const RENEW_EARLY_MS: f64 = 20_000.0;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The server could not be reached.
    Network,
    /// The server said no, with a problem body; `retry_after` in seconds.
    Problem { problem: Box<Problem>, retry_after: Option<u64> },
    /// The sign-in has ended (the refresh was refused): sign in again.
    SessionEnded,
    /// An unexpected status or body.
    Unexpected(u16),
}

impl Failure {
    /// The machine code of a problem answer.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Problem { problem, .. } => Some(problem.code),
            _ => None,
        }
    }

    /// The problem body, if the server sent one.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Self::Problem { problem, .. } => Some(problem),
            _ => None,
        }
    }

    /// A sentence for the person at the desk.
    pub fn message(&self) -> String {
        match self {
            Self::Network => "The server cannot be reached. Check the connection and try again.".to_owned(),
            Self::Problem { problem, .. } => capitalised(&problem.detail),
            Self::SessionEnded => "Your sign-in has ended. Sign in again to carry on.".to_owned(),
            Self::Unexpected(status) => {
                format!("The server answered unexpectedly (HTTP {status}). Try again.")
            }
        }
    }
}

/// The text with its first letter in upper case (server messages start lower case).
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

struct Tokens {
    access: String,
    refresh: String,
    /// When the access token should be renewed, in ms since the epoch.
    renew_at: f64,
}

/// A request to make: method, path (from the API's root), optional JSON body.
struct Call<'a> {
    method: Method,
    path: &'a str,
    body: Option<String>,
}

/// The API client of one console tab.
pub struct Client {
    base: String,
    tokens: RefCell<Option<Tokens>>,
    refresh_lock: Mutex<()>,
    /// Told when the sign-in ends under a page's feet (refused refresh,
    /// disabled account), so the console returns to the sign-in form.
    on_ended: RefCell<Option<yew::Callback<Failure>>>,
    /// Told when the server says the account must first change its password
    /// or set up two-step (an admin's rule or reset while it was signed in),
    /// so the console shows that screen.
    on_first_step: RefCell<Option<yew::Callback<()>>>,
}

impl PartialEq for Client {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Client {
    /// A client for the API at `base` (`""`: this page's origin).
    pub fn new(base: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
            tokens: RefCell::new(None),
            refresh_lock: Mutex::new(()),
            on_ended: RefCell::new(None),
            on_first_step: RefCell::new(None),
        }
    }

    /// Sets who hears that the sign-in ended.
    pub fn on_ended(&self, callback: yew::Callback<Failure>) {
        *self.on_ended.borrow_mut() = Some(callback);
    }

    /// Sets who hears that the account has a first step to take.
    pub fn on_first_step(&self, callback: yew::Callback<()>) {
        *self.on_first_step.borrow_mut() = Some(callback);
    }

    /// Ends the sign-in in this tab because the server refused it.
    fn ended(&self, why: Failure) -> Failure {
        self.forget();
        let callback = self.on_ended.borrow().clone();
        if let Some(callback) = callback {
            callback.emit(why.clone());
        }
        why
    }

    fn builder(&self, call: &Call<'_>, token: Option<&str>) -> RequestBuilder {
        let mut builder =
            RequestBuilder::new(&format!("{}{}", self.base, call.path)).method(call.method.clone());
        if let Some(token) = token {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        builder
    }

    async fn send(&self, call: &Call<'_>, token: Option<&str>) -> Result<Response, Failure> {
        let builder = self.builder(call, token);
        let request = match &call.body {
            Some(body) => builder.header("Content-Type", "application/json").body(body.as_str()),
            None => builder.build(),
        }
        .map_err(|_| Failure::Unexpected(0))?;
        let response = request.send().await.map_err(|_| Failure::Network)?;
        if (200..300).contains(&response.status()) || response.status() == 304 {
            return Ok(response);
        }
        let retry_after = response.headers().get("retry-after").and_then(|v| v.trim().parse().ok());
        match response.json::<Problem>().await {
            Ok(problem) => Err(Failure::Problem { problem: Box::new(problem), retry_after }),
            Err(_) => Err(Failure::Unexpected(response.status())),
        }
    }

    fn keep(&self, pair: TokenPair) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(REFRESH_KEY, &pair.refresh_token);
        }
        let lifetime_ms = f64::from(u32::try_from(pair.expires_in).unwrap_or(0)) * 1000.0;
        *self.tokens.borrow_mut() = Some(Tokens {
            access: pair.access_token,
            refresh: pair.refresh_token,
            renew_at: now_ms() + (lifetime_ms - RENEW_EARLY_MS).max(lifetime_ms / 2.0),
        });
    }

    /// Forgets the sign-in in this tab.
    pub fn forget(&self) {
        self.tokens.borrow_mut().take();
        if let Some(storage) = storage() {
            let _ = storage.remove_item(REFRESH_KEY);
        }
    }

    /// Signs in and returns the account; `one_time_code` for an account with
    /// two-step sign-in on (the server asks for it with `one_time_code_required`).
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        one_time_code: Option<&str>,
    ) -> Result<StaffView, Failure> {
        let body = LoginRequest {
            email: email.to_owned(),
            password: password.to_owned(),
            one_time_code: one_time_code.map(str::to_owned),
        };
        let call = Call { method: Method::POST, path: "/v1/auth/login", body: Some(json(&body)?) };
        let pair: TokenPair = read(self.send(&call, None).await?).await?;
        self.keep(pair);
        self.get("/v1/auth/me").await
    }

    /// Changes the signed-in account's password. The server ends every other
    /// sign-in of the account and answers with new tokens for this one.
    pub async fn change_password(&self, current: &str, new: &str) -> Result<StaffView, Failure> {
        let body = PasswordChange { current_password: current.to_owned(), new_password: new.to_owned() };
        let pair: TokenPair = self.post("/v1/auth/password", Some(&body)).await?;
        self.keep(pair);
        self.get("/v1/auth/me").await
    }

    /// Picks up the sign-in kept over a reload, if there is one.
    pub async fn resume(&self) -> Option<StaffView> {
        let refresh = storage()?.get_item(REFRESH_KEY).ok()??;
        *self.tokens.borrow_mut() = Some(Tokens { access: String::new(), refresh, renew_at: 0.0 });
        match self.get("/v1/auth/me").await {
            Ok(me) => Some(me),
            Err(_) => {
                self.forget();
                None
            }
        }
    }

    /// Signs out on the server too (best effort), then forgets the tokens.
    pub async fn logout(&self) {
        let refresh = self.tokens.borrow().as_ref().map(|t| t.refresh.clone());
        self.forget();
        if let Some(refresh_token) = refresh
            && let Ok(body) = json(&RefreshRequest { refresh_token })
        {
            let _ = self
                .send(&Call { method: Method::POST, path: "/v1/auth/logout", body: Some(body) }, None)
                .await;
        }
    }

    /// Renews the access token, once across every caller waiting on it.
    async fn renew(&self, stale_access: &str) -> Result<(), Failure> {
        let _one_at_a_time = self.refresh_lock.lock().await;
        let refresh = match self.tokens.borrow().as_ref() {
            // Someone else renewed it while this call waited.
            Some(t) if t.access != stale_access && now_ms() < t.renew_at => return Ok(()),
            Some(t) => t.refresh.clone(),
            None => return Err(Failure::SessionEnded),
        };
        let body = json(&RefreshRequest { refresh_token: refresh })?;
        let call = Call { method: Method::POST, path: "/v1/auth/refresh", body: Some(body) };
        match self.send(&call, None).await {
            Ok(response) => {
                self.keep(read(response).await?);
                Ok(())
            }
            Err(failure @ Failure::Problem { .. }) => Err(self.ended(match failure.code() {
                Some(ErrorCode::AccountDisabled) => failure,
                _ => Failure::SessionEnded,
            })),
            Err(other) => Err(other),
        }
    }

    /// The access token to use now, renewed first when it is about to run out.
    async fn access(&self) -> Result<String, Failure> {
        let (access, due) = match self.tokens.borrow().as_ref() {
            Some(t) => (t.access.clone(), now_ms() >= t.renew_at),
            None => return Err(Failure::SessionEnded),
        };
        if !due {
            return Ok(access);
        }
        self.renew(&access).await?;
        self.tokens.borrow().as_ref().map(|t| t.access.clone()).ok_or(Failure::SessionEnded)
    }

    /// A signed-in call; an expired token is renewed and the call sent again once.
    async fn authed(&self, call: Call<'_>) -> Result<Response, Failure> {
        let access = self.access().await?;
        match self.send(&call, Some(&access)).await {
            Err(Failure::Problem { problem, .. })
                if matches!(problem.code, ErrorCode::TokenExpired | ErrorCode::Unauthorized) =>
            {
                self.renew(&access).await?;
                let access = self.access().await?;
                self.send(&call, Some(&access)).await
            }
            Err(failure) if failure.code() == Some(ErrorCode::AccountDisabled) => Err(self.ended(failure)),
            Err(failure)
                if matches!(
                    failure.code(),
                    Some(ErrorCode::PasswordChangeRequired | ErrorCode::TwoStepEnrolmentRequired)
                ) =>
            {
                let callback = self.on_first_step.borrow().clone();
                if let Some(callback) = callback {
                    callback.emit(());
                }
                Err(failure)
            }
            other => other,
        }
    }

    /// `GET path` as a signed-in staff member.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, Failure> {
        read(self.authed(Call { method: Method::GET, path, body: None }).await?).await
    }

    /// Every item of a paged list, following `next_cursor` to the end (the
    /// lists the console shows are short: campaigns, accounts, one code's log).
    pub async fn get_all<T: DeserializeOwned>(&self, path: &str) -> Result<Vec<T>, Failure> {
        let mut items = Vec::new();
        let mut next = format!("{path}?limit=100");
        loop {
            let page: Page<T> = self.get(&next).await?;
            items.extend(page.items);
            match page.next_cursor {
                // Cursors are base64url: safe in a query string as they are.
                Some(cursor) => next = format!("{path}?limit=100&cursor={cursor}"),
                None => return Ok(items),
            }
        }
    }

    /// `POST path` (with a JSON body, or none).
    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, Failure> {
        let body = body.map(json).transpose()?;
        read(self.authed(Call { method: Method::POST, path, body }).await?).await
    }

    /// `PATCH path` with a JSON body.
    pub async fn patch<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, Failure> {
        read(self.authed(Call { method: Method::PATCH, path, body: Some(json(body)?) }).await?).await
    }

    /// `PUT path` with a JSON body.
    pub async fn put<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, Failure> {
        read(self.authed(Call { method: Method::PUT, path, body: Some(json(body)?) }).await?).await
    }

    /// `DELETE path`.
    pub async fn delete<T: DeserializeOwned>(&self, path: &str) -> Result<T, Failure> {
        read(self.authed(Call { method: Method::DELETE, path, body: None }).await?).await
    }

    /// `GET path` without signing in (public routes).
    pub async fn public<T: DeserializeOwned>(&self, path: &str) -> Result<T, Failure> {
        read(self.send(&Call { method: Method::GET, path, body: None }, None).await?).await
    }
}

fn json<B: Serialize + ?Sized>(body: &B) -> Result<String, Failure> {
    serde_json::to_string(body).map_err(|_| Failure::Unexpected(0))
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, Failure> {
    let status = response.status();
    response.json::<T>().await.map_err(|_| Failure::Unexpected(status))
}
