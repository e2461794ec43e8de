pub mod file_skipped;
