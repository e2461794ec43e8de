//! Prometheus durations (`30s`, `5m`, `1h30m`, `0`), as `model.ParseDuration` reads them.

/// Milliseconds, or None when the text is not a Prometheus duration.
pub fn parse_ms(text: &str) -> Option<u64> {
    let text = text.trim();
    if text == "0" {
        return Some(0);
    }
    if text.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut rest = text;
    // Units must come in this order, each at most once, as in Prometheus.
    let units: [(&str, u64); 7] = [
        ("y", 365 * 24 * 3_600_000),
        ("w", 7 * 24 * 3_600_000),
        ("d", 24 * 3_600_000),
        ("h", 3_600_000),
        ("ms", 1),
        ("m", 60_000),
        ("s", 1_000),
    ];
    let mut last_rank = None;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let number: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let (rank, (unit, factor)) = units
            .iter()
            .enumerate()
            .find(|(_, (u, _))| rest.starts_with(u))?;
        // "ms" sorts after "s" in Prometheus's order: y w d h m s ms.
        let order = match *unit {
            "ms" => 6,
            "s" => 5,
            "m" => 4,
            _ => rank,
        };
        if last_rank.is_some_and(|last| order <= last) {
            return None;
        }
        last_rank = Some(order);
        total = total.checked_add(number.checked_mul(*factor)?)?;
        rest = &rest[unit.len()..];
    }
    Some(total)
}

/// Shortest readable form: 90000 → `1m30s`.
pub fn format_ms(ms: u64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let mut rest = ms;
    for (unit, factor) in [
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1_000),
        ("ms", 1),
    ] {
        if rest >= factor {
            out.push_str(&format!("{}{unit}", rest / factor));
            rest %= factor;
        }
    }
    out
}

/// (year, month, day) of a day counted from 1970-01-01 (Howard Hinnant's civil-from-days algorithm).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prometheus_durations() {
        assert_eq!(parse_ms("5m"), Some(300_000));
        assert_eq!(parse_ms("1h30m"), Some(5_400_000));
        assert_eq!(parse_ms("30s"), Some(30_000));
        assert_eq!(parse_ms("1s500ms"), Some(1_500));
        assert_eq!(parse_ms("0"), Some(0));
        assert_eq!(parse_ms("0m"), Some(0));
        assert_eq!(parse_ms("5 minutes"), None);
        assert_eq!(parse_ms("m5"), None);
        assert_eq!(parse_ms("30m1h"), None);
        assert_eq!(parse_ms(""), None);
        assert_eq!(parse_ms("99999999999999999999y"), None);
    }

    #[test]
    fn formats_readably() {
        assert_eq!(format_ms(90_000), "1m30s");
        assert_eq!(format_ms(120_000), "2m");
    }
}
