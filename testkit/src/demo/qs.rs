//! Query strings the way Express's `qs` parses them, and the conversions Medusa's validators
//! apply to their values.

use super::js::{js_number, parse_date_ms, percent_decode};
use super::json::array_index;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Q {
    S(String),
    /// Array elements with their explicit index, if any (`a[2]=x`).
    A(Vec<(Option<usize>, Q)>),
    O(Vec<(String, Q)>),
}

impl Q {
    pub(crate) fn js_string(&self) -> String {
        match self {
            Q::S(s) => s.clone(),
            Q::A(items) => items
                .iter()
                .map(|(_, v)| v.js_string())
                .collect::<Vec<_>>()
                .join(","),
            Q::O(_) => "[object Object]".into(),
        }
    }
}

pub(crate) enum Seg {
    Push,
    Index(usize),
    Key(String),
}

pub(crate) fn qs_decode(s: &str) -> String {
    let spaced = s.replace('+', " ");
    percent_decode(&spaced).unwrap_or(spaced)
}

/// `qs.parse(str, { arrayLimit: Infinity })`, close enough for Medusa's query parameters.
pub(crate) fn qs_parse(query: &str) -> Vec<(String, Q)> {
    let mut root: Vec<(String, Q)> = Vec::new();
    for part in query.split('&').filter(|p| !p.is_empty()) {
        let pos = part.find("]=").map(|p| p + 1).or_else(|| part.find('='));
        let (key, value) = match pos {
            Some(p) => (qs_decode(&part[..p]), qs_decode(&part[p + 1..])),
            None => (qs_decode(part), String::new()),
        };
        if key.is_empty() {
            continue;
        }
        let (parent, segs) = split_key(&key);
        let (name, rest) = match parent {
            Some(p) => (p, &segs[..]),
            None => match segs.first() {
                Some(Seg::Key(k)) => (k.clone(), &segs[1..]),
                Some(Seg::Index(i)) => (i.to_string(), &segs[1..]),
                _ => continue,
            },
        };
        match root.iter_mut().find(|(k, _)| *k == name) {
            Some((_, slot)) => {
                let mut current = Some(std::mem::replace(slot, Q::S(String::new())));
                insert_q(&mut current, rest, value);
                if let Some(v) = current {
                    *slot = v;
                }
            }
            None => {
                let mut current = None;
                insert_q(&mut current, rest, value);
                if let Some(v) = current {
                    root.push((name, v));
                }
            }
        }
    }
    // The parsed query is a JavaScript object: array-index keys come first.
    root.sort_by_key(|(k, _)| array_index(k).map_or((1, 0), |n| (0, n)));
    root
}

pub(crate) fn split_key(key: &str) -> (Option<String>, Vec<Seg>) {
    let mut segs = Vec::new();
    let Some(open) = key.find('[') else {
        return (Some(key.to_string()), segs);
    };
    let parent = (open > 0).then(|| key[..open].to_string());
    let mut rest = &key[open..];
    while let Some(body) = rest.strip_prefix('[') {
        let Some(close) = body.find(']') else {
            break;
        };
        let inner = &body[..close];
        if inner.contains('[') {
            break;
        }
        segs.push(if inner.is_empty() {
            Seg::Push
        } else if let Some(n) = array_index(inner) {
            Seg::Index(n as usize)
        } else {
            Seg::Key(inner.to_string())
        });
        rest = &body[close + 1..];
        if segs.len() >= 5 {
            break;
        }
    }
    (parent, segs)
}

pub(crate) fn insert_q(slot: &mut Option<Q>, segs: &[Seg], value: String) {
    let Some((seg, rest)) = segs.split_first() else {
        *slot = Some(match slot.take() {
            None => Q::S(value),
            Some(Q::S(old)) => Q::A(vec![(None, Q::S(old)), (None, Q::S(value))]),
            Some(Q::A(mut items)) => {
                items.push((None, Q::S(value)));
                Q::A(items)
            }
            Some(other) => other,
        });
        return;
    };
    match seg {
        Seg::Push | Seg::Index(_) => {
            let mut items = match slot.take() {
                None => Vec::new(),
                Some(Q::S(old)) => vec![(None, Q::S(old))],
                Some(Q::A(items)) => items,
                Some(other) => {
                    *slot = Some(other);
                    return;
                }
            };
            let index = match seg {
                Seg::Index(i) => Some(*i),
                _ => None,
            };
            match index.and_then(|i| items.iter().position(|(k, _)| *k == Some(i))) {
                Some(pos) => {
                    let mut child = Some(items[pos].1.clone());
                    insert_q(&mut child, rest, value);
                    if let Some(c) = child {
                        items[pos].1 = c;
                    }
                }
                None => {
                    let mut child = None;
                    insert_q(&mut child, rest, value);
                    if let Some(c) = child {
                        let pos = match index {
                            Some(i) => items
                                .iter()
                                .position(|(k, _)| k.is_some_and(|k| k > i))
                                .unwrap_or(items.len()),
                            None => items.len(),
                        };
                        items.insert(pos, (index, c));
                    }
                }
            }
            *slot = Some(Q::A(items));
        }
        Seg::Key(k) => {
            let mut entries = match slot.take() {
                None => Vec::new(),
                Some(Q::O(entries)) => entries,
                Some(other) => {
                    *slot = Some(other);
                    return;
                }
            };
            match entries.iter_mut().find(|(ek, _)| ek == k) {
                Some((_, existing)) => {
                    let mut child = Some(existing.clone());
                    insert_q(&mut child, rest, value);
                    if let Some(c) = child {
                        *existing = c;
                    }
                }
                None => {
                    let mut child = None;
                    insert_q(&mut child, rest, value);
                    if let Some(c) = child {
                        entries.push((k.clone(), c));
                    }
                }
            }
            *slot = Some(Q::O(entries));
        }
    }
}

/// Medusa's `normalizeQuery`: a one-element array is split on commas.
pub(crate) fn normalize_query(query: Vec<(String, Q)>) -> Vec<(String, Q)> {
    query
        .into_iter()
        .map(|(k, v)| match v {
            Q::A(items) if items.len() == 1 && matches!(items[0].1, Q::S(_)) => {
                let parts = items[0]
                    .1
                    .js_string()
                    .split(',')
                    .map(|s| (None, Q::S(s.to_string())))
                    .collect();
                (k, Q::A(parts))
            }
            other => (k, other),
        })
        .collect()
}

/// `transformDate`: a date string, or else a number of seconds since the epoch.
pub(crate) fn transform_date(v: &Q) -> Option<f64> {
    let Q::S(s) = v else {
        return None;
    };
    if let Some(ms) = parse_date_ms(s) {
        return Some(ms as f64);
    }
    js_number(s)
        .map(|n| n * 1000.0)
        .filter(|n| n.is_finite() && n.abs() <= 8.64e15)
}
