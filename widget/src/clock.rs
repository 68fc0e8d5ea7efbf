//! The time source of the balance stopwatch. The stopwatch reads time only
//! through the clock it is given (`StepProps::clock`), so the component tests
//! can drive it with a clock they move instead of waiting out real seconds.

use std::{fmt, rc::Rc};

/// Milliseconds since a fixed point (the real one is `Date.now()`).
#[derive(Clone)]
pub struct Clock(Rc<dyn Fn() -> f64>);

impl Clock {
    /// A clock that reads `now`.
    pub fn new(now: impl Fn() -> f64 + 'static) -> Self {
        Self(Rc::new(now))
    }

    /// The time now, in milliseconds.
    pub fn now(&self) -> f64 {
        (self.0)()
    }
}

impl Default for Clock {
    /// The browser's wall clock.
    fn default() -> Self {
        Self::new(js_sys::Date::now)
    }
}

/// The same clock when it is the same function (Yew compares props to
/// decide what to render again).
impl PartialEq for Clock {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Clock")
    }
}
