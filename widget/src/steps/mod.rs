//! One component per step of the journey.

pub mod balance;
pub mod my_data;
pub mod offer;
pub mod plan;
pub mod questions;
pub mod result;
pub mod safety;
pub mod shoes;
pub mod urgent;
pub mod welcome;
