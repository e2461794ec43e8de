pub mod conventions_inferred;
pub mod file_skipped;
pub mod suppression_expired;
pub mod unused_suppression;
