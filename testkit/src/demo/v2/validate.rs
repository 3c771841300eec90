//! Request validation the way Medusa 2's zod validators report it, the list conventions
//! (`limit`, `offset`, `order`) and the `fields` selection.

use super::*;

/// The type of a body field.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Ty {
    Str,
    Email,
    Bool,
    /// An object (`metadata`).
    Record,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Str | Ty::Email => "string",
            Ty::Bool => "boolean",
            Ty::Record => "object",
        }
    }
}

/// Medusa's `Invalid request: …` 400: the first three issues, joined by `; `.
pub(super) fn invalid_request(issues: &[String]) -> Resp {
    let shown: Vec<&str> = issues.iter().take(3).map(String::as_str).collect();
    invalid_data(&format!("Invalid request: {}", shown.join("; ")))
}

fn wrong_type(field: &str, expected: &str, got: &str) -> String {
    format!("Expected type: '{expected}' for field '{field}', got: '{got}'")
}

fn unrecognized(keys: &[&str]) -> String {
    format!("Unrecognized fields: '{}'", keys.join(", "))
}

/// A strict zod object of optional, nullable fields (`required` ones must be there and not
/// null): type issues in the schema's order, then the unknown keys.
pub(super) fn check_body(body: &J, fields: &[(&str, Ty, bool)]) -> Result<(), Resp> {
    let J::Obj(m) = body else {
        return Err(invalid_request(&[wrong_type(
            "",
            "object",
            &body.js_string(),
        )]));
    };
    let mut issues = Vec::new();
    for &(name, ty, required) in fields {
        let value = m.iter().find(|(k, _)| k == name).map(|(_, v)| v);
        match (value, ty) {
            (None, _) if required => issues.push(format!("Field '{name}' is required")),
            (None, _) => {}
            (Some(J::Null), _) if !required => {}
            (Some(J::Str(s)), Ty::Email) if !is_email(s) => {
                issues.push("Invalid email address".to_string())
            }
            (Some(J::Str(_)), Ty::Str | Ty::Email)
            | (Some(J::Bool(_)), Ty::Bool)
            | (Some(J::Obj(_)), Ty::Record) => {}
            (Some(v), _) => issues.push(wrong_type(name, ty.name(), &v.js_string())),
        }
    }
    let unknown: Vec<&str> = m
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| !fields.iter().any(|(name, _, _)| name == k))
        .collect();
    if !unknown.is_empty() {
        issues.push(unrecognized(&unknown));
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(invalid_request(&issues))
    }
}

/// zod's `.email()`: `local@label.label.tld`, no leading dot, no `..`.
pub(super) fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && !local.starts_with('.')
        && !s.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_'+-.".contains(&b))
        && local
            .bytes()
            .last()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b"_+-".contains(&b));
    let labels: Vec<&str> = domain.split('.').collect();
    let (Some(tld), true) = (labels.last(), labels.len() >= 2) else {
        return false;
    };
    local_ok
        && tld.len() >= 2
        && tld.bytes().all(|b| b.is_ascii_alphabetic())
        && labels[..labels.len() - 1].iter().all(|l| {
            l.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// The parameters of a list route, checked.
pub(super) struct ListParams {
    pub(super) limit: usize,
    pub(super) offset: usize,
    /// The field to sort by and whether descending (`-field`).
    pub(super) order: Option<(String, bool)>,
    pub(super) fields: Option<String>,
    /// The route's own filters, as given.
    pub(super) filters: Vec<(String, Q)>,
}

/// Checks a query: `fields` and the route's `filters` (every route), and for a list `limit`,
/// `offset`, `order` and `with_deleted`; any other parameter is refused. `orderable` are
/// the fields `order` may name; `computed` ones pass validation and then fail in the database
/// (500), as on the real server. Negative paging is a database error too.
pub(super) fn check_query(
    call: &Call,
    list: bool,
    filters: &[&str],
    orderable: &[&str],
    computed: &[&str],
) -> Result<ListParams, Resp> {
    let query = call.query();
    let get = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let mut issues = Vec::new();
    let mut number = |name: &str, default: f64| match get(name) {
        None => Some(default),
        Some(v) => match js_number(&v.js_string()).filter(|n| n.is_finite()) {
            Some(n) => Some(n),
            None => {
                issues.push(wrong_type(name, "number", &v.js_string()));
                None
            }
        },
    };
    let (limit, offset) = if list {
        (number("limit", 50.0), number("offset", 0.0))
    } else {
        (Some(50.0), Some(0.0))
    };
    let mut allowed = vec!["fields"];
    if list {
        allowed.extend(["limit", "offset", "order", "with_deleted"]);
    }
    allowed.extend(filters);
    let unknown: Vec<&str> = query
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| !allowed.contains(k))
        .collect();
    if !unknown.is_empty() {
        issues.push(unrecognized(&unknown));
    }
    if !issues.is_empty() {
        return Err(invalid_request(&issues));
    }
    let order = match get("order").filter(|_| list) {
        None => None,
        Some(v) => {
            let text = v.js_string();
            let (field, desc) = match text.strip_prefix('-') {
                Some(f) => (f.to_string(), true),
                None => (text.clone(), false),
            };
            if computed.contains(&field.as_str()) {
                return Err(unknown_error());
            }
            if !orderable.contains(&field.as_str()) {
                return Err(invalid_data(&format!("Order field {field} is not valid")));
            }
            Some((field, desc))
        }
    };
    let (limit, offset) = (limit.unwrap_or(50.0), offset.unwrap_or(0.0));
    if limit < 0.0 || offset < 0.0 {
        return Err(unknown_error());
    }
    Ok(ListParams {
        limit: limit as usize,
        offset: offset as usize,
        order,
        fields: get("fields").map(Q::js_string),
        filters: query
            .iter()
            .filter(|(k, _)| filters.contains(&k.as_str()))
            .cloned()
            .collect(),
    })
}

/// The values of a filter: one string, or each element of an array.
pub(super) fn filter_values(v: &Q) -> Vec<String> {
    match v {
        Q::A(items) => items.iter().map(|(_, item)| item.js_string()).collect(),
        other => vec![other.js_string()],
    }
}

/// Medusa's `fields`: `None` keeps `defaults`; `+a` and `*relation` add, `-a` removes; a plain
/// list replaces the defaults (in the order given, `id` added last when missing).
pub(super) fn select_fields(defaults: &[&str], fields: Option<&str>) -> Vec<String> {
    let Some(fields) = fields else {
        return defaults.iter().map(|s| s.to_string()).collect();
    };
    let entries: Vec<&str> = fields
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    let name = |e: &str| {
        e.trim_start_matches(['+', '*', '-'])
            .split('.')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let replace = entries.iter().any(|e| !e.starts_with(['+', '*', '-']));
    let mut keys: Vec<String> = if replace {
        Vec::new()
    } else {
        defaults.iter().map(|s| s.to_string()).collect()
    };
    for e in &entries {
        let n = name(e);
        if e.starts_with('-') {
            if !replace {
                keys.retain(|k| *k != n);
            }
        } else if !n.is_empty() && !keys.contains(&n) {
            keys.push(n);
        }
    }
    if replace && !keys.iter().any(|k| k == "id") {
        keys.push("id".into());
    }
    keys
}

/// The members of `full` named by `keys`, in that order (unknown names are dropped).
pub(super) fn project(full: &J, keys: &[String]) -> J {
    J::Obj(
        keys.iter()
            .filter_map(|k| full.get(k).map(|v| (k.clone(), v.clone())))
            .collect(),
    )
}

/// Sorts `items` by the JSON value of `field` (strings, numbers, nulls last), descending when
/// asked.
pub(super) fn sort_by_field(items: &mut [J], field: &str, desc: bool) {
    use std::cmp::Ordering;
    // Rows are in creation order. Descending, rows that tie (two addresses created in the same
    // millisecond) come newest first, as a real server's distinct timestamps would put them:
    // reverse first, then sort stably.
    if desc {
        items.reverse();
    }
    items.sort_by(|a, b| {
        let ordering = match (a.get(field), b.get(field)) {
            (Some(J::Num(x)), Some(J::Num(y))) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
            (Some(J::Str(x)), Some(J::Str(y))) => x.cmp(y),
            (Some(J::Bool(x)), Some(J::Bool(y))) => x.cmp(y),
            (Some(J::Null) | None, Some(J::Null) | None) => Ordering::Equal,
            (Some(J::Null) | None, _) => Ordering::Greater,
            (_, Some(J::Null) | None) => Ordering::Less,
            _ => Ordering::Equal,
        };
        if desc { ordering.reverse() } else { ordering }
    });
}
