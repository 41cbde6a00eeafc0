//! Viewings: when they can be offered (`availability`: the office's weekly windows and each
//! agent's own).

pub mod availability;
