//! Request validation, the class-validator way (whitelist + forbidNonWhitelisted).

use super::*;

pub(super) const UNKNOWN_VALUE: &str = "an unknown value was passed to the validate function";

pub(super) fn body_object(body: &J) -> Result<&[(String, J)], Resp> {
    match body {
        J::Obj(m) => Ok(m),
        _ => Err(invalid_data(&[UNKNOWN_VALUE.to_string()])),
    }
}

pub(super) fn field<'a>(m: &'a [(String, J)], key: &str) -> Option<&'a J> {
    m.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

pub(super) fn whitelist(m: &[(String, J)], allowed: &[&str], errors: &mut Vec<String>) {
    for (k, _) in m {
        if !allowed.contains(&k.as_str()) {
            errors.push(format!("property {k} should not exist"));
        }
    }
}

/// `@IsString()`, with `@IsOptional()` when `optional` (which also lets `null` through).
pub(super) fn check_string(m: &[(String, J)], key: &str, optional: bool, errors: &mut Vec<String>) {
    match field(m, key) {
        Some(J::Str(_)) => {}
        None | Some(J::Null) if optional => {}
        _ => errors.push(format!("{key} must be a string")),
    }
}

pub(super) fn check_email(m: &[(String, J)], key: &str, optional: bool, errors: &mut Vec<String>) {
    match field(m, key) {
        Some(J::Str(s)) if is_email(s) => {}
        None | Some(J::Null) if optional => {}
        _ => errors.push(format!("{key} must be an email")),
    }
}

pub(super) fn check_object(m: &[(String, J)], key: &str, errors: &mut Vec<String>) {
    match field(m, key) {
        None | Some(J::Null) | Some(J::Obj(_)) => {}
        _ => errors.push(format!("{key} must be an object")),
    }
}

pub(super) fn check_not_empty(m: &[(String, J)], key: &str, errors: &mut Vec<String>) {
    match field(m, key) {
        None | Some(J::Null) => errors.push(format!("{key} should not be empty")),
        Some(J::Str(s)) if s.is_empty() => errors.push(format!("{key} should not be empty")),
        _ => {}
    }
}

/// `AddressPayload` (every property optional, metadata an object).
pub(super) fn validate_address_payload(m: &[(String, J)]) -> Vec<String> {
    let mut errors = Vec::new();
    whitelist(m, &ADDRESS_PAYLOAD_KEYS, &mut errors);
    for key in ADDRESS_PAYLOAD_KEYS {
        if key == "metadata" {
            check_object(m, key, &mut errors);
        } else {
            check_string(m, key, true, &mut errors);
        }
    }
    errors
}

/// `AddressCreatePayload`.
pub(super) fn validate_address_create(m: &[(String, J)]) -> Vec<String> {
    const REQUIRED: [&str; 6] = [
        "first_name",
        "last_name",
        "address_1",
        "city",
        "country_code",
        "postal_code",
    ];
    let mut errors = Vec::new();
    whitelist(m, &ADDRESS_PAYLOAD_KEYS, &mut errors);
    for key in ADDRESS_PAYLOAD_KEYS {
        if key != "metadata" {
            check_string(m, key, !REQUIRED.contains(&key), &mut errors);
        }
    }
    errors
}

/// validator.js `isEmail` with its default options.
pub(super) fn is_email(s: &str) -> bool {
    if s.encode_utf16().count() > 254 {
        return false;
    }
    let Some((user, domain)) = s.rsplit_once('@') else {
        return false;
    };
    if user.is_empty() || user.len() > 64 || domain.len() > 254 || !is_fqdn(domain) {
        return false;
    }
    let local_ok = |c: char| {
        c.is_ascii_alphanumeric()
            || "!#$%&'*+-/=?^_`{|}~".contains(c)
            || ('\u{a1}'..='\u{d7ff}').contains(&c)
            || ('\u{f900}'..='\u{fdcf}').contains(&c)
            || ('\u{fdf0}'..='\u{ffef}').contains(&c)
    };
    if let Some(inner) = user.strip_prefix('"') {
        let Some(inner) = inner.strip_suffix('"') else {
            return false;
        };
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some(n) if n != '\n' && n != '\0' => {}
                    _ => return false,
                }
            } else if c == '"' || c == '\\' || c == '\0' || c == '\n' || c == '\r' {
                return false;
            }
        }
        return true;
    }
    user.split('.')
        .all(|part| !part.is_empty() && part.chars().all(local_ok))
}

pub(super) fn is_fqdn(domain: &str) -> bool {
    let parts: Vec<&str> = domain.split('.').collect();
    if parts.len() < 2 {
        return false;
    }
    let tld = parts[parts.len() - 1];
    let tld_ok = tld.chars().count() >= 2
        && (tld.chars().all(|c| {
            c.is_ascii_alphabetic()
                || (('\u{a1}'..='\u{ffef}').contains(&c) && c != '\u{a9}' && !c.is_whitespace())
        }) || (tld.len() >= 4
            && tld.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("xn"))
            && tld
                .get(2..)
                .is_some_and(|r| r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))));
    if !tld_ok {
        return false;
    }
    parts.iter().all(|part| {
        !part.is_empty()
            && part.encode_utf16().count() <= 63
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c >= '\u{a1}')
            && !part.chars().any(|c| ('\u{ff01}'..='\u{ff5e}').contains(&c))
            && !part.starts_with('-')
            && !part.ends_with('-')
    })
}
