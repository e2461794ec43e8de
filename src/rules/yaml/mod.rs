pub mod rule_schema_violation;
pub mod yaml_syntax_error;
