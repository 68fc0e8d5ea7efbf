//! The console's root: the sign-in form until someone is signed in, then the
//! header with the navigation (admin screens only for admins) and the page of
//! the current `#/` route.

use std::rc::Rc;

use solecheck_shared::api::ClinicInfo;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

use crate::{
    client::{Client, Failure},
    pages::{
        activity::ActivityPage, campaigns::CampaignsPage, desk::DeskPage, figures::FiguresPage,
        password::PasswordPage, sign_in::SignInPage, staff::StaffPage, two_step::TwoStepPage,
    },
    state::{Action, Auth, Console},
};

/// The console's screens, in the URL's fragment (`/staff#/campaigns`).
#[derive(Debug, Clone, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Desk,
    #[at("/campaigns")]
    Campaigns,
    #[at("/accounts")]
    Accounts,
    #[at("/figures")]
    Figures,
    #[at("/activity")]
    Activity,
    #[at("/password")]
    Password,
    #[at("/two-step")]
    TwoStep,
    #[not_found]
    #[at("/not-found")]
    NotFound,
}

impl Route {
    /// Screens only admins may open.
    const fn admin_only(&self) -> bool {
        matches!(self, Self::Campaigns | Self::Accounts | Self::Figures | Self::Activity)
    }
}

/// The page's attributes.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct AppProps {
    /// The clinic's name, from the page.
    pub clinic: AttrValue,
}

/// What every page gets from the root.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub client: Rc<Client>,
    pub console: UseReducerHandle<Console>,
    /// The clinic's details, once loaded (its time zone names local days).
    pub clinic: Option<Rc<ClinicInfo>>,
}

impl Ctx {
    /// The clinic's time zone, for labels.
    pub fn time_zone(&self) -> String {
        self.clinic.as_ref().map_or_else(|| "clinic time".to_owned(), |c| c.time_zone.clone())
    }
}

/// The console.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let console = use_reducer(Console::new);
    let client = use_memo((), |()| Client::new(""));
    let clinic = use_state(|| None::<Rc<ClinicInfo>>);
    {
        let (client, console, clinic) = (client.clone(), console.clone(), clinic.clone());
        use_effect_with((), move |()| {
            let ended = console.dispatcher();
            client.on_ended(Callback::from(move |why: Failure| ended.dispatch(Action::Ended(why.message()))));
            // The account must change its password or set up two-step first:
            // its fresh view brings up that screen.
            let (again, signed_in) = (client.clone(), console.dispatcher());
            client.on_first_step(Callback::from(move |()| {
                let (again, signed_in) = (again.clone(), signed_in.clone());
                spawn_local(async move {
                    if let Ok(me) = again.get("/v1/auth/me").await {
                        signed_in.dispatch(Action::SignedIn(me));
                    }
                });
            }));
            spawn_local(async move {
                if let Ok(info) = client.public::<ClinicInfo>("/v1/clinic").await {
                    clinic.set(Some(Rc::new(info)));
                }
                match client.resume().await {
                    Some(me) => console.dispatch(Action::SignedIn(me)),
                    None => console.dispatch(Action::SignedOut),
                }
            });
        });
    }
    let ctx = Ctx { client: client.clone(), console: console.clone(), clinic: (*clinic).clone() };
    let body = match &console.auth {
        Auth::Checking => html! { <p class="loading" role="status">{ "Checking your sign-in…" }</p> },
        Auth::SignedOut => html! { <SignInPage /> },
        Auth::SignedIn(me) if me.must_change_password => html! {
            <main id="main" class="sign-in">
                <PasswordPage required=true />
                <p><SignOut /></p>
            </main>
        },
        Auth::SignedIn(me) if me.must_enrol_two_step => html! {
            <main id="main">
                <TwoStepPage required=true />
                <p class="narrow"><SignOut /></p>
            </main>
        },
        Auth::SignedIn(_) => html! {
            <HashRouter>
                <Shell clinic={props.clinic.clone()} />
            </HashRouter>
        },
    };
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <div class="console" data-testid="console" data-auth={auth_name(&console.auth)}>
                if auth_name(&console.auth) != "signed-in" {
                    <header class="bar"><p class="brand">{ props.clinic.clone() }{ " · staff console" }</p></header>
                }
                { body }
            </div>
        </ContextProvider<Ctx>>
    }
}

fn auth_name(auth: &Auth) -> &'static str {
    match auth {
        Auth::Checking => "checking",
        Auth::SignedOut => "signed-out",
        Auth::SignedIn(me) if me.must_change_password => "password-change",
        Auth::SignedIn(me) if me.must_enrol_two_step => "two-step-enrolment",
        Auth::SignedIn(_) => "signed-in",
    }
}

/// Ends the sign-in here and on the server.
#[function_component(SignOut)]
fn sign_out() -> Html {
    let Some(ctx) = crate::pages::use_ctx() else { return html! {} };
    let onclick = {
        let (client, console) = (ctx.client.clone(), ctx.console.clone());
        Callback::from(move |_| {
            let (client, console) = (client.clone(), console.clone());
            spawn_local(async move {
                client.logout().await;
                console.dispatch(Action::SignedOut);
            });
        })
    };
    html! { <button type="button" class="secondary" data-testid="sign-out" {onclick}>{ "Sign out" }</button> }
}

#[derive(Clone, PartialEq, Properties)]
struct ShellProps {
    clinic: AttrValue,
}

/// Header, navigation and the current page.
#[function_component(Shell)]
fn shell(props: &ShellProps) -> Html {
    let Some(ctx) = crate::pages::use_ctx() else { return html! {} };
    let route = use_route::<Route>().unwrap_or(Route::Desk);
    let admin = ctx.console.is_admin();
    let email = ctx.console.me().map(|m| m.email.clone()).unwrap_or_default();
    let link = |to: Route, label: &'static str| {
        let current = route == to;
        html! { <li><NavLink to={to} label={label} current={current} /></li> }
    };
    let page = page(&route, admin);
    html! {
        <>
            <header class="bar">
                <p class="brand">{ props.clinic.clone() }{ " · staff console" }</p>
                <nav aria-label="Console">
                    <ul>
                        { link(Route::Desk, "Front desk") }
                        if admin {
                            { link(Route::Campaigns, "Campaigns") }
                            { link(Route::Accounts, "Staff accounts") }
                            { link(Route::Figures, "Figures") }
                            { link(Route::Activity, "Desk activity") }
                        }
                    </ul>
                </nav>
                <p class="who">
                    <span data-testid="who">{ email }</span>
                    <NavLink to={Route::Password} label="Change password" current={route == Route::Password} />
                    <NavLink to={Route::TwoStep} label="Two-step sign-in" current={route == Route::TwoStep} />
                    <SignOut />
                </p>
            </header>
            <main id="main">{ page }</main>
        </>
    }
}

/// The screen for `route`; an admin screen only for admins.
fn page(route: &Route, admin: bool) -> Html {
    match route {
        r if r.admin_only() && !admin => html! {
            <section class="panel" data-testid="admin-only">
                <h1>{ "Admins only" }</h1>
                <p>{ "This screen is for clinic admins. Your account can look up and redeem codes at the desk." }</p>
                <NavLink to={Route::Desk} label="Back to the desk" current={false} />
            </section>
        },
        Route::Desk => html! { <DeskPage /> },
        Route::Campaigns => html! { <CampaignsPage /> },
        Route::Accounts => html! { <StaffPage /> },
        Route::Figures => html! { <FiguresPage /> },
        Route::Activity => html! { <ActivityPage /> },
        Route::Password => html! { <PasswordPage /> },
        Route::TwoStep => html! { <TwoStepPage /> },
        Route::NotFound => html! {
            <section class="panel"><h1>{ "Not found" }</h1>
                <NavLink to={Route::Desk} label="Back to the desk" current={false} /></section>
        },
    }
}

#[derive(Clone, PartialEq, Properties)]
struct NavLinkProps {
    to: Route,
    label: AttrValue,
    current: bool,
}

/// A link to a screen: a real `href` (open in a new tab works) that the
/// router follows without reloading the page.
#[function_component(NavLink)]
fn nav_link(props: &NavLinkProps) -> Html {
    let navigator = use_navigator();
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |event: MouseEvent| {
            if let Some(navigator) = &navigator
                && !(event.ctrl_key() || event.meta_key() || event.shift_key())
            {
                event.prevent_default();
                navigator.push(&to);
            }
        })
    };
    html! {
        <a href={format!("#{}", props.to.to_path())} class="nav-link" onclick={onclick}
            aria-current={props.current.then_some("page")}>{ props.label.clone() }</a>
    }
}
