//! PromQL: parsing (promql-parser), our own lexer for positions, and the analyses rules share.

pub mod analysis;
pub mod burnrate;
pub mod errors;
pub mod labels;
pub mod lexer;
pub mod locate;
pub mod parse;
mod shadow;
