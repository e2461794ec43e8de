//! Burn-rate alerts on SLOs (the Google SRE workbook's multiwindow, multi-burn-rate alerts), as
//! hand-written pairs or as Sloth and Pyrra generate them.

pub use crate::alerts::settings::SloOptions;
