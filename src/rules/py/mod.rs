pub mod python_syntax_error;
