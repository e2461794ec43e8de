//! A guarded front door to promql-parser: bounded nesting and no panic escapes.

use promql_parser::parser::Expr;

/// Deeper nesting than any real rule has; keeps the parser and our recursive walks far from the stack limit.
pub const MAX_NESTING: usize = 200;

/// More binary operators than any real rule has. promql-parser's type checks are quadratic in a chain
/// (`up + up + ...`: 40k terms take 28 s), and a chain of `^` builds a tree as deep as it is long, which
/// the recursive clone and drop of the tree overflow: both are refused before parsing.
pub const MAX_BINARY_OPERATORS: usize = 1_000;

const NESTING_GUARD: &str = "expression nests more than";
const OPERATOR_GUARD: &str = "expression chains more than";

/// Whether a parse error is one of our size guards (the expression may be valid PromQL).
pub fn is_size_guard(error: &str) -> bool {
    error.starts_with(NESTING_GUARD) || error.starts_with(OPERATOR_GUARD)
}

/// Parses an expression. Errors are promql-parser's messages, or ours for input it should never see.
pub fn parse(text: &str) -> Result<Expr, String> {
    if text.trim().is_empty() {
        return Err("empty expression".into());
    }
    let shape = shape(text);
    if shape.depth > MAX_NESTING {
        return Err(format!("{NESTING_GUARD} {MAX_NESTING} levels deep"));
    }
    if shape.operators > MAX_BINARY_OPERATORS {
        return Err(format!(
            "{OPERATOR_GUARD} {MAX_BINARY_OPERATORS} binary operators (split it into recording rules)"
        ));
    }
    // A bug in the parser must cost one finding, not the run.
    match std::panic::catch_unwind(|| promql_parser::parser::parse(text)) {
        Ok(result) => result,
        Err(_) => Err("the PromQL parser failed on this expression".into()),
    }
}

/// What the guards look at, in one pass over the text.
struct Shape {
    /// Deepest bracket nesting.
    depth: usize,
    /// Binary operators (an upper bound: a unary minus or an exponent sign counts too).
    operators: usize,
}

/// Deepest bracket nesting outside string literals and comments.
#[cfg(test)]
fn nesting_depth(text: &str) -> usize {
    shape(text).depth
}

/// Bracket nesting and binary operators outside string literals, comments and label matchers.
fn shape(text: &str) -> Shape {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut operators = 0usize;
    // Inside `{...}` the `=`, `!=`, `=~` are label matchers, not operators.
    let mut braces = 0usize;
    let mut word = String::new();
    let mut previous = ' ';
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    for c in text.chars().chain(std::iter::once(' ')) {
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
        if c.is_ascii_alphanumeric() || c == '_' || c == ':' {
            // Long enough to tell `atan2`; longer names are no keyword either way.
            if word.len() <= 6 {
                word.push(c);
            }
            previous = c;
            continue;
        }
        if !word.is_empty() {
            if braces == 0 {
                let w = word.to_ascii_lowercase();
                operators += usize::from(matches!(w.as_str(), "and" | "or" | "unless" | "atan2"));
            }
            word.clear();
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '#' => comment = true,
            '(' | '[' | '{' => {
                depth += 1;
                max = max.max(depth);
                braces += usize::from(c == '{');
            }
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                if c == '}' {
                    braces = braces.saturating_sub(1);
                }
            }
            // `==`, `!=`, `<=`, `>=` count once: the second character follows an operator character.
            '+' | '-' | '*' | '/' | '%' | '^' | '<' | '>' | '=' | '!'
                if braces == 0 && !"=!<>".contains(previous) =>
            {
                operators += 1
            }
            _ => {}
        }
        if !c.is_whitespace() {
            previous = c;
        }
    }
    Shape {
        depth: max,
        operators,
    }
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
        assert_eq!(shape("a{b!=\"+\"} >= 1 or c - d # + +").operators, 3);
        let chain = vec!["up"; 2_000].join(" + ");
        assert!(parse(&chain).unwrap_err().contains("binary operators"));
        let pow = vec!["up"; 150_000].join(" ^ ");
        assert!(parse(&pow).unwrap_err().contains("binary operators"));
    }
}
