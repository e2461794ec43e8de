//! obslint: a linter and CI quality gate for observability-driven alerting.
//!
//! The pipeline runs one way: `settings` (plan) → `discover` → per-file facts (`yaml`, `alerts`,
//! `promql`) → `index` → `rules` → filter → `report`. `check::run` drives it; `main.rs` only parses
//! arguments and maps the outcome to an exit code.

// Config errors carry their source text for a located report; they happen at most once per run, so
// their size does not matter.
#![allow(clippy::result_large_err)]

pub mod alerts;
pub mod app;
pub mod baseline;
pub mod cache;
pub mod check;
pub mod cli;
pub mod codes;
pub mod config;
pub mod conventions;
pub mod diagnostic;
pub mod diff;
pub mod discover;
pub mod duration;
pub mod finding;
pub mod fix;
pub mod gitremote;
pub mod gotemplate;
pub mod index;
pub mod init;
pub mod instrument;
pub mod live;
pub mod progress;
pub mod promql;
pub mod python;
pub mod report;
pub mod rules;
pub mod runbook;
pub mod settings;
pub mod show;
pub mod source;
pub mod suppress;
pub mod trace;
pub mod yaml;
