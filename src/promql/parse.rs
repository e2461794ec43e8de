//! A guarded front door to promql-parser: bounded nesting and no panic escapes.

use promql_parser::parser::Expr;

/// Deeper nesting than any real rule has; keeps the parser and our recursive walks far from the stack limit.
pub const MAX_NESTING: usize = 200;

/// Parses an expression. Errors are promql-parser's messages, or ours for input it should never see.
pub fn parse(text: &str) -> Result<Expr, String> {
    if text.trim().is_empty() {
        return Err("empty expression".into());
    }
    if nesting_depth(text) > MAX_NESTING {
        return Err(format!(
            "expression nests more than {MAX_NESTING} levels deep"
        ));
    }
    // A bug in the parser must cost one finding, not the run.
    match std::panic::catch_unwind(|| promql_parser::parser::parse(text)) {
        Ok(result) => result,
        Err(_) => Err("the PromQL parser failed on this expression".into()),
    }
}

/// Deepest bracket nesting outside string literals and comments.
fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    for c in text.chars() {
        if comment {
            comment = c != '\n';
            continue;
        }
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q != '`' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '#' => comment = true,
            '(' | '[' | '{' => {
                depth += 1;
                max = max.max(depth);
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert!(parse("sum by (job) (rate(x_total[5m])) > 1").is_ok());
        assert!(parse("rate(hi)").is_err());
        assert!(parse("").is_err());
        let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse(&deep).unwrap_err().contains("nests"));
        assert_eq!(nesting_depth("x{a=\"((((\"} # ((((\n"), 1);
    }
}
