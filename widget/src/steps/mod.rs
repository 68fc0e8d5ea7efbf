//! One component per step of the journey.

pub mod safety;
pub mod urgent;
pub mod welcome;
