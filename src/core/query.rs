//! Query strings and path segments, encoded the way the Medusa server parses them.
//!
//! The server re-parses the raw query with `qs` (`arrayLimit: Infinity`), so arrays go in indexed
//! form (`status[0]=completed&status[1]=canceled`) and nested objects in bracket form
//! (`created_at[gt]=2024-01-01`), brackets percent-encoded. A plain `status=a,b` is not split and
//! fails validation, so it is never produced. Path parameters (an e-mail, an address id) are
//! percent-encoded as one segment; medusa-js interpolates them raw.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters is encoded in a path segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'!')
    .add(b'"')
    .add(b'#')
    .add(b'$')
    .add(b'%')
    .add(b'&')
    .add(b'\'')
    .add(b'(')
    .add(b')')
    .add(b'*')
    .add(b'+')
    .add(b',')
    .add(b'/')
    .add(b':')
    .add(b';')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'?')
    .add(b'@')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Percent-encodes one path segment: `a+b@x.com` → `a%2Bb%40x.com`, `a/b` → `a%2Fb`. The dot
/// segments `.` and `..` are encoded too (`%2E%2E`): sent as they are, a normalising proxy or
/// server would resolve them and the call would reach another route (`…/addresses/..` is the
/// profile).
pub(crate) fn segment(s: &str) -> String {
    match s {
        "." => "%2E".to_string(),
        ".." => "%2E%2E".to_string(),
        _ => utf8_percent_encode(s, SEGMENT).to_string(),
    }
}

/// Builds a query string as `qs` parses it.
pub(crate) struct Query {
    inner: url::form_urlencoded::Serializer<'static, String>,
    empty: bool,
}

impl Query {
    pub(crate) fn new() -> Self {
        Query {
            inner: url::form_urlencoded::Serializer::new(String::new()),
            empty: true,
        }
    }

    /// `key=value`.
    pub(crate) fn pair(&mut self, key: &str, value: &str) -> &mut Self {
        self.inner.append_pair(key, value);
        self.empty = false;
        self
    }

    /// `key=value` when set.
    pub(crate) fn opt(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.pair(key, v);
        }
        self
    }

    /// `key=value` for a number, when set.
    pub(crate) fn opt_num(&mut self, key: &str, value: Option<u64>) -> &mut Self {
        if let Some(v) = value {
            self.pair(key, &v.to_string());
        }
        self
    }

    /// `key[0]=a&key[1]=b`; nothing for an empty list.
    pub(crate) fn list<T: AsRef<str>>(&mut self, key: &str, values: &[T]) -> &mut Self {
        for (i, v) in values.iter().enumerate() {
            self.pair(&format!("{key}[{i}]"), v.as_ref());
        }
        self
    }

    /// The encoded query, without `?`; `None` when nothing was added.
    pub(crate) fn finish(mut self) -> Option<String> {
        if self.empty {
            None
        } else {
            Some(self.inner.finish())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded() {
        assert_eq!(segment("jane.doe@example.com"), "jane.doe%40example.com");
        assert_eq!(segment("X+Y@Z.com"), "X%2BY%40Z.com");
        assert_eq!(segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(segment("addr_01M8-x~y_z"), "addr_01M8-x~y_z");
        assert_eq!(segment(".."), "%2E%2E");
        assert_eq!(segment("."), "%2E");
        assert_eq!(segment("..."), "...");
        assert_eq!(segment("a..b"), "a..b");
        assert_eq!(segment("é"), "%C3%A9");
    }

    #[test]
    fn arrays_in_indexed_form_brackets_encoded() {
        let mut q = Query::new();
        q.opt_num("limit", Some(10))
            .opt_num("offset", Some(0))
            .list("status", &["completed", "canceled"])
            .pair("created_at[gt]", "2023-01-01")
            .opt("fields", Some("id,status"))
            .opt("q", Some("a b&c"))
            .opt("email", Some("x+y@z.com"))
            .opt("id", None)
            .list::<&str>("payment_status", &[]);
        assert_eq!(
            q.finish().as_deref(),
            Some(
                "limit=10&offset=0&status%5B0%5D=completed&status%5B1%5D=canceled\
                 &created_at%5Bgt%5D=2023-01-01&fields=id%2Cstatus&q=a+b%26c&email=x%2By%40z.com"
            )
        );
    }

    #[test]
    fn empty_query_is_none() {
        let mut q = Query::new();
        q.opt("a", None).list::<String>("b", &[]);
        assert_eq!(q.finish(), None);
    }
}
