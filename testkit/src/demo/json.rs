//! JSON with key order kept (serde_json's map sorts keys unless `preserve_order` is enabled), the
//! way JavaScript sees it: `JSON.parse` with V8's error messages, `JSON.stringify`, `String(v)`,
//! and the key order of a Postgres `jsonb` round trip.

/// Nesting deeper than this is a parse error (V8 would overflow its stack).
pub(crate) const MAX_JSON_DEPTH: usize = 256;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum J {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

pub(crate) fn js(s: &str) -> J {
    J::Str(s.to_string())
}

pub(crate) fn jopt(v: &Option<String>) -> J {
    v.as_deref().map_or(J::Null, js)
}

pub(crate) fn jobj(pairs: Vec<(&str, J)>) -> J {
    J::Obj(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

impl J {
    pub(crate) fn get(&self, key: &str) -> Option<&J> {
        match self {
            J::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut J> {
        match self {
            J::Obj(m) => m.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Replaces the value of `key`, keeping its position, or appends it.
    pub(crate) fn set(&mut self, key: &str, value: J) {
        if let J::Obj(m) = self {
            match m.iter_mut().find(|(k, _)| k == key) {
                Some(slot) => slot.1 = value,
                None => m.push((key.to_string(), value)),
            }
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_num(&self) -> Option<f64> {
        match self {
            J::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// `JSON.stringify`.
    pub(crate) fn encode(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    pub(crate) fn write(&self, out: &mut String) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(n) if n.is_finite() => out.push_str(&js_number_string(*n)),
            J::Num(_) => out.push_str("null"),
            J::Str(s) => write_json_string(s, out),
            J::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            J::Obj(m) => {
                out.push('{');
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(k, out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }

    /// JavaScript's `String(value)`.
    pub(crate) fn js_string(&self) -> String {
        match self {
            J::Null => "null".into(),
            J::Bool(b) => b.to_string(),
            J::Num(n) if n.is_nan() => "NaN".into(),
            J::Num(n) if n.is_infinite() => if *n > 0.0 { "Infinity" } else { "-Infinity" }.into(),
            J::Num(n) => js_number_string(*n),
            J::Str(s) => s.clone(),
            J::Arr(items) => items
                .iter()
                .map(|v| match v {
                    J::Null => String::new(),
                    other => other.js_string(),
                })
                .collect::<Vec<_>>()
                .join(","),
            J::Obj(_) => "[object Object]".into(),
        }
    }
}

/// Rewrites every `created_at`/`updated_at` string below `v` (a template made current).
pub(crate) fn restamp(v: &mut J, stamp: &str) {
    match v {
        J::Obj(m) => {
            for (k, child) in m.iter_mut() {
                if (k == "created_at" || k == "updated_at") && matches!(child, J::Str(_)) {
                    *child = js(stamp);
                } else {
                    restamp(child, stamp);
                }
            }
        }
        J::Arr(a) => a.iter_mut().for_each(|child| restamp(child, stamp)),
        _ => {}
    }
}

/// The first element of the array under `key`.
pub(crate) fn first_mut<'a>(v: &'a mut J, key: &str) -> Option<&'a mut J> {
    match v.get_mut(key)? {
        J::Arr(a) => a.first_mut(),
        _ => None,
    }
}

pub(crate) fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `Number.prototype.toString()` for a finite number.
pub(crate) fn js_number_string(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    if x.fract() == 0.0 && x.abs() < 1e21 {
        return format!("{}", x as i128);
    }
    let sci = format!("{:e}", x.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    let n = exponent.parse::<i32>().unwrap_or(0) + 1;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let sign = if e >= 0 { '+' } else { '-' };
        let (first, rest) = digits.split_at(1);
        if rest.is_empty() {
            format!("{first}e{sign}{}", e.abs())
        } else {
            format!("{first}.{rest}e{sign}{}", e.abs())
        }
    };
    if x < 0.0 { format!("-{body}") } else { body }
}

/// The canonical array-index form of a property key ("0", "7", not "07").
pub(crate) fn array_index(k: &str) -> Option<u32> {
    if k.is_empty() || (k.len() > 1 && k.starts_with('0')) || !k.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    k.parse::<u32>().ok().filter(|n| *n != u32::MAX)
}

/// JavaScript objects list array-index keys first, in numeric order.
pub(crate) fn js_key_order(m: &mut [(String, J)]) {
    m.sort_by_key(|(k, _)| array_index(k).map_or((1, 0), |n| (0, n)));
}

/// What a value looks like after a round trip through a Postgres `jsonb` column and
/// `JSON.parse`: keys sorted by length then bytes, then array-index keys first.
pub(crate) fn jsonb(v: J) -> J {
    match v {
        J::Obj(m) => {
            let mut m: Vec<(String, J)> = m.into_iter().map(|(k, v)| (k, jsonb(v))).collect();
            m.sort_by(|a, b| {
                a.0.len()
                    .cmp(&b.0.len())
                    .then_with(|| a.0.as_bytes().cmp(b.0.as_bytes()))
            });
            js_key_order(&mut m);
            J::Obj(m)
        }
        J::Arr(items) => J::Arr(items.into_iter().map(jsonb).collect()),
        other => other,
    }
}

pub(crate) enum ParseError {
    Eos,
    Token(usize),
    At(&'static str, usize),
}

/// `JSON.parse` with V8's (Node 20) error messages.
pub(crate) fn parse_json(src: &str) -> Result<J, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut p = JsonParser { c: &chars, i: 0 };
    let result = p.value(0).and_then(|v| {
        p.skip_ws();
        if p.i < chars.len() {
            Err(ParseError::At(
                "Unexpected non-whitespace character after JSON",
                p.i,
            ))
        } else {
            Ok(v)
        }
    });
    result.map_err(|e| v8_message(&chars, e))
}

pub(crate) fn v8_message(chars: &[char], e: ParseError) -> String {
    let utf16_pos = |i: usize| -> usize {
        chars[..i.min(chars.len())]
            .iter()
            .map(|c| c.len_utf16())
            .sum()
    };
    match e {
        ParseError::Eos => "Unexpected end of JSON input".into(),
        ParseError::At(what, i) => format!("{what} in JSON at position {}", utf16_pos(i)),
        ParseError::Token(i) => {
            let token = chars.get(i).copied().unwrap_or(' ');
            let len = chars.len();
            let slice =
                |a: usize, b: usize| -> String { chars[a.min(len)..b.min(len)].iter().collect() };
            if len < 21 {
                format!(
                    "Unexpected token '{token}', \"{}\" is not valid JSON",
                    slice(0, len)
                )
            } else if i < 10 {
                format!(
                    "Unexpected token '{token}', \"{}\"... is not valid JSON",
                    slice(0, i + 10)
                )
            } else if i < len - 10 {
                format!(
                    "Unexpected token '{token}', ...\"{}\"... is not valid JSON",
                    slice(i - 10, i + 10)
                )
            } else {
                format!(
                    "Unexpected token '{token}', ...\"{}\" is not valid JSON",
                    slice(i - 10, len)
                )
            }
        }
    }
}

pub(crate) struct JsonParser<'a> {
    pub(crate) c: &'a [char],
    pub(crate) i: usize,
}

impl JsonParser<'_> {
    pub(crate) fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    pub(crate) fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.i += 1;
        }
    }

    pub(crate) fn value(&mut self, depth: usize) -> Result<J, ParseError> {
        self.skip_ws();
        if depth > MAX_JSON_DEPTH {
            return Err(ParseError::At("Maximum nesting depth exceeded", self.i));
        }
        match self.peek() {
            None => Err(ParseError::Eos),
            Some('{') => self.object(depth),
            Some('[') => self.array(depth),
            Some('"') => {
                self.i += 1;
                self.string().map(J::Str)
            }
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            Some('t') => self.literal("true", J::Bool(true)),
            Some('f') => self.literal("false", J::Bool(false)),
            Some('n') => self.literal("null", J::Null),
            Some(_) => Err(ParseError::Token(self.i)),
        }
    }

    pub(crate) fn literal(&mut self, word: &str, v: J) -> Result<J, ParseError> {
        for w in word.chars() {
            match self.peek() {
                None => return Err(ParseError::Eos),
                Some(c) if c == w => self.i += 1,
                Some(_) => return Err(ParseError::Token(self.i)),
            }
        }
        Ok(v)
    }

    pub(crate) fn object(&mut self, depth: usize) -> Result<J, ParseError> {
        self.i += 1;
        let mut m: Vec<(String, J)> = Vec::new();
        self.skip_ws();
        if self.peek() == Some('}') {
            self.i += 1;
            return Ok(J::Obj(m));
        }
        if self.peek() != Some('"') {
            return Err(ParseError::At("Expected property name or '}'", self.i));
        }
        loop {
            self.i += 1;
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(':') {
                return Err(ParseError::At("Expected ':' after property name", self.i));
            }
            self.i += 1;
            let v = self.value(depth + 1)?;
            match m.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = v,
                None => m.push((key, v)),
            }
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.i += 1;
                    self.skip_ws();
                    if self.peek() != Some('"') {
                        return Err(ParseError::At(
                            "Expected double-quoted property name",
                            self.i,
                        ));
                    }
                }
                Some('}') => {
                    self.i += 1;
                    js_key_order(&mut m);
                    return Ok(J::Obj(m));
                }
                _ => {
                    return Err(ParseError::At(
                        "Expected ',' or '}' after property value",
                        self.i,
                    ));
                }
            }
        }
    }

    pub(crate) fn array(&mut self, depth: usize) -> Result<J, ParseError> {
        self.i += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.i += 1;
            return Ok(J::Arr(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.i += 1,
                Some(']') => {
                    self.i += 1;
                    return Ok(J::Arr(items));
                }
                _ => {
                    return Err(ParseError::At(
                        "Expected ',' or ']' after array element",
                        self.i,
                    ));
                }
            }
        }
    }

    pub(crate) fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.c.get(at..at + 4)?;
        digits
            .iter()
            .try_fold(0u32, |acc, c| c.to_digit(16).map(|d| acc * 16 + d))
    }

    pub(crate) fn string(&mut self) -> Result<String, ParseError> {
        let mut s = String::new();
        loop {
            match self.peek() {
                None => return Err(ParseError::At("Unterminated string", self.i)),
                Some('"') => {
                    self.i += 1;
                    return Ok(s);
                }
                Some('\\') => {
                    self.i += 1;
                    let escaped = match self.peek() {
                        None => return Err(ParseError::At("Unterminated string", self.i)),
                        Some(c) => c,
                    };
                    match escaped {
                        '"' | '\\' | '/' => s.push(escaped),
                        'b' => s.push('\u{8}'),
                        'f' => s.push('\u{c}'),
                        'n' => s.push('\n'),
                        'r' => s.push('\r'),
                        't' => s.push('\t'),
                        'u' => {
                            let Some(hi) = self.hex4(self.i + 1) else {
                                return Err(ParseError::At("Bad Unicode escape", self.i - 1));
                            };
                            self.i += 4;
                            let is_pair = (0xd800..0xdc00).contains(&hi)
                                && self.c.get(self.i + 1) == Some(&'\\')
                                && self.c.get(self.i + 2) == Some(&'u');
                            let lo = if is_pair {
                                self.hex4(self.i + 3)
                                    .filter(|lo| (0xdc00..0xe000).contains(lo))
                            } else {
                                None
                            };
                            match lo {
                                Some(lo) => {
                                    self.i += 6;
                                    let cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
                                    s.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                                }
                                None => s.push(char::from_u32(hi).unwrap_or('\u{fffd}')),
                            }
                        }
                        _ => return Err(ParseError::At("Bad escaped character", self.i)),
                    }
                    self.i += 1;
                }
                Some(c) if (c as u32) < 0x20 => {
                    return Err(ParseError::At(
                        "Bad control character in string literal",
                        self.i,
                    ));
                }
                Some(c) => {
                    s.push(c);
                    self.i += 1;
                }
            }
        }
    }

    pub(crate) fn digits(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
    }

    pub(crate) fn number(&mut self) -> Result<J, ParseError> {
        let start = self.i;
        if self.peek() == Some('-') {
            self.i += 1;
        }
        match self.peek() {
            Some('0') => self.i += 1,
            Some(c) if c.is_ascii_digit() => self.digits(),
            _ => return Err(ParseError::At("No number after minus sign", self.i)),
        }
        if self.peek() == Some('.') {
            self.i += 1;
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return Err(ParseError::At("Unterminated fractional number", self.i));
            }
            self.digits();
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.i += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.i += 1;
            }
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return Err(ParseError::At("Exponent part is missing a number", self.i));
            }
            self.digits();
        }
        let text: String = self.c[start..self.i].iter().collect();
        Ok(J::Num(text.parse::<f64>().unwrap_or(0.0)))
    }
}
