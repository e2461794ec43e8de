pub mod promql_syntax_error;
pub mod rate_of_non_counter;
pub mod rate_window_too_short;
