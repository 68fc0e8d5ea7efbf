//! The console's state across pages: who is signed in, a notice for the
//! sign-in form, and the code being typed at the desk, which survives a sign-in
//! that ends mid-typing. The reducer returns a new `Rc` whenever something changes.

use std::rc::Rc;

use solecheck_shared::api::{Role, StaffView};
use yew::Reducible;

/// Whether someone is signed in.
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// Looking for a sign-in kept over a reload.
    Checking,
    SignedOut,
    SignedIn(Rc<StaffView>),
}

/// The console's shared state.
#[derive(Debug, Clone, PartialEq)]
pub struct Console {
    pub auth: Auth,
    /// Why the sign-in form is shown again (session ended, account disabled).
    pub notice: Option<String>,
    /// The code in the desk's field, as typed (grouped).
    pub desk_code: String,
}

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SignedIn(StaffView),
    /// The sign-in ended under the page; the message says why.
    Ended(String),
    SignedOut,
    DeskCode(String),
}

impl Console {
    /// Before the kept sign-in has been checked.
    pub const fn new() -> Self {
        Self { auth: Auth::Checking, notice: None, desk_code: String::new() }
    }

    /// The signed-in account.
    pub fn me(&self) -> Option<&StaffView> {
        match &self.auth {
            Auth::SignedIn(me) => Some(me),
            _ => None,
        }
    }

    /// Whether the signed-in account is an admin.
    pub fn is_admin(&self) -> bool {
        self.me().is_some_and(|me| me.role == Role::Admin)
    }
}

impl Reducible for Console {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SignedIn(me) => {
                next.auth = Auth::SignedIn(Rc::new(me));
                next.notice = None;
            }
            Action::Ended(notice) => {
                next.auth = Auth::SignedOut;
                next.notice = Some(notice);
            }
            Action::SignedOut => {
                next = Self { auth: Auth::SignedOut, ..Self::new() };
            }
            Action::DeskCode(code) => next.desk_code = code,
        }
        if next == *self { self } else { Rc::new(next) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me(role: Role) -> StaffView {
        StaffView {
            id: "1".into(),
            email: "desk@clinic.test".into(),
            role,
            disabled: false,
            must_change_password: false,
            two_step: false,
            must_enrol_two_step: false,
            created_at: "2026-11-25T00:00:00Z".into(),
        }
    }

    #[test]
    fn an_ended_sign_in_keeps_the_code_being_typed() {
        let state = Rc::new(Console::new())
            .reduce(Action::SignedIn(me(Role::Staff)))
            .reduce(Action::DeskCode("ABCD-EF".into()))
            .reduce(Action::Ended("ended".into()));
        assert_eq!(state.auth, Auth::SignedOut);
        assert_eq!(state.desk_code, "ABCD-EF");
        let state = state.reduce(Action::SignedIn(me(Role::Staff)));
        assert_eq!(state.desk_code, "ABCD-EF");
        assert_eq!(state.notice, None);
    }

    #[test]
    fn signing_out_clears_everything_and_roles_are_read_from_the_account() {
        let state = Rc::new(Console::new()).reduce(Action::SignedIn(me(Role::Admin)));
        assert!(state.is_admin());
        let state = state.reduce(Action::DeskCode("X".into())).reduce(Action::SignedOut);
        assert_eq!(state.desk_code, "");
        assert!(!state.is_admin());
    }

    #[test]
    fn an_unchanged_state_is_the_same_rc() {
        let state = Rc::new(Console::new()).reduce(Action::DeskCode("A".into()));
        let same = state.clone().reduce(Action::DeskCode("A".into()));
        assert!(Rc::ptr_eq(&state, &same));
    }
}
