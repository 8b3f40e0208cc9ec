//! Lexical forms of JSON-LD literals exactly as the reference (jsonld.js) writes them: canonical
//! doubles, integers, and JCS for `@json` values.

use serde_json::Value;

/// XSD canonical double exactly as jsonld.js writes it: 16 significant digits, trailing zeros
/// trimmed to at least one fractional digit, `E` exponent without `+` (2.5 → "2.5E0").
pub fn canonical_double(value: f64) -> String {
    let formatted = format!("{value:.15e}");
    let (mantissa, exponent) = formatted.split_once('e').unwrap_or((&formatted, "0"));
    let mantissa = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            let trimmed = fraction.trim_end_matches('0');
            format!("{whole}.{}", if trimmed.is_empty() { "0" } else { trimmed })
        }
        None => format!("{mantissa}.0"),
    };
    format!("{mantissa}E{exponent}")
}

/// JSON Canonicalization Scheme (RFC 8785) for `@json` literals.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical_json(&mut out, value);
    out
}

fn write_canonical_json(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if n.is_i64() || n.is_u64() {
                out.push_str(&n.to_string());
            } else {
                out.push_str(&es6_number(n.as_f64().unwrap_or(0.0)));
            }
        }
        Value::String(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical_json(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push(':');
                write_canonical_json(out, &map[key.as_str()]);
            }
            out.push('}');
        }
    }
}

/// ECMAScript Number::toString for finite doubles (shortest round-trip digits).
fn es6_number(value: f64) -> String {
    if value == 0.0 {
        return "0".into();
    }
    if value.fract() == 0.0 && value.abs() < 1e21 {
        return format!("{value:.0}");
    }
    let shortest = format!("{value:e}");
    let (mantissa, exponent) = shortest.split_once('e').unwrap_or((&shortest, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i32;
    let n = exponent + 1;
    let sign = if negative { "-" } else { "" };
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let e_sign = if e >= 0 { "+" } else { "-" };
        if k == 1 {
            format!("{digits}e{e_sign}{}", e.abs())
        } else {
            format!("{}.{}e{e_sign}{}", &digits[..1], &digits[1..], e.abs())
        }
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_match_the_reference_stack() {
        assert_eq!(canonical_double(2.5), "2.5E0");
        assert_eq!(canonical_double(0.1), "1.0E-1");
        assert_eq!(canonical_double(123.456), "1.23456E2");
        assert_eq!(canonical_double(1e21), "1.0E21");
        assert_eq!(canonical_double(-7.5), "-7.5E0");
    }

    #[test]
    fn invalid_json_literal_numbers_are_es6() {
        assert_eq!(es6_number(1.5), "1.5");
        assert_eq!(es6_number(1e-7), "1e-7");
        assert_eq!(es6_number(1.25e30), "1.25e+30");
    }
}
