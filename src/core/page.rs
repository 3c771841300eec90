//! Lists: one page ([`Page`]) and a lazy iterator over every item of every page ([`PageIter`]).
//!
//! Every Medusa list answers `{"<items>": […], "count": n, "offset": o, "limit": l}`; only the
//! name of the array changes (`orders`, `addresses`, …), so one page type and one decoder serve
//! them all.

use std::fmt;
use std::iter::FusedIterator;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use crate::core::decode::{self, KeyIs};
use crate::core::error::{Error, Result};

/// One page of a list: its items and the list's `count`, `offset` and `limit` as the server sent
/// them.
///
/// ```
/// use medusa_blocking::Page;
/// let page: Page<u32> = Page { items: vec![1, 2], count: 5, offset: 0, limit: 2 };
/// assert!(page.has_more());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// How many items match in all.
    pub count: u64,
    /// The offset of this page.
    pub offset: u64,
    /// The page size.
    pub limit: u64,
}

impl<T> Page<T> {
    /// Whether items follow this page (`offset + items < count`).
    ///
    /// ```
    /// use medusa_blocking::Page;
    /// let last: Page<u32> = Page { items: vec![3], count: 3, offset: 2, limit: 2 };
    /// assert!(!last.has_more());
    /// ```
    pub fn has_more(&self) -> bool {
        self.offset.saturating_add(self.items.len() as u64) < self.count
    }
}

/// Generates a wing's page type: a struct with the items under their wire name (`orders`,
/// `addresses`) beside `count`, `offset` and `limit`, made from a [`Page`] and deserialized
/// through [`PageSeed`] (so a page is decoded one way only). The doc comment and its example come
/// from the caller.
macro_rules! page_type {
    ($(#[$meta:meta])* $name:ident { $(#[$items_meta:meta])* $items:ident: $item:ty }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
        #[non_exhaustive]
        pub struct $name {
            $(#[$items_meta])*
            pub $items: Vec<$item>,
            /// How many match in all.
            pub count: u64,
            /// The offset of this page.
            pub offset: u64,
            /// The page size.
            pub limit: u64,
        }

        impl From<$crate::core::page::Page<$item>> for $name {
            fn from(page: $crate::core::page::Page<$item>) -> $name {
                $name {
                    $items: page.items,
                    count: page.count,
                    offset: page.offset,
                    limit: page.limit,
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                serde::de::DeserializeSeed::deserialize(
                    $crate::core::page::PageSeed::<$item>::new(stringify!($items)),
                    d,
                )
                .map($name::from)
            }
        }
    };
}

/// Refuses a page size of 0 before anything is sent: the server would answer an empty page with
/// the full `count`, which reads as "no items" and ends a walk at once.
pub(crate) fn check_limit(limit: Option<u32>) -> Result<()> {
    if limit == Some(0) {
        return Err(Error::InvalidInput(
            "limit must be at least 1 (a page of 0 items says nothing about the list)".into(),
        ));
    }
    Ok(())
}

/// Decodes a list body whose items are under `key`.
pub(crate) fn decode<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
    key: &'static str,
) -> Result<Page<T>> {
    decode::seeded(status, body, PageSeed::<T>::new(key))
}

/// A seed reading `{"<key>": […], "count", "offset", "limit"}` into a [`Page`]; other members
/// are skipped. `count`, `offset` and `limit` default to 0 when absent.
pub(crate) struct PageSeed<T> {
    key: &'static str,
    marker: PhantomData<fn() -> T>,
}

impl<T> PageSeed<T> {
    pub(crate) fn new(key: &'static str) -> Self {
        PageSeed {
            key,
            marker: PhantomData,
        }
    }
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for PageSeed<T> {
    type Value = Page<T>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Page<T>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for PageSeed<T> {
    type Value = Page<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a page of `{}`", self.key)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
        let mut items = None;
        let mut page = Page {
            items: Vec::new(),
            count: 0,
            offset: 0,
            limit: 0,
        };
        while let Some(key) = map.next_key_seed(PageKey(self.key))? {
            match key {
                PageField::Items if items.is_none() => {
                    items = Some(map.next_value_seed(Items::<T>(PhantomData))?)
                }
                PageField::Count => page.count = map.next_value()?,
                PageField::Offset => page.offset = map.next_value()?,
                PageField::Limit => page.limit = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        page.items = items.ok_or_else(|| de::Error::missing_field(self.key))?;
        Ok(page)
    }
}

enum PageField {
    Items,
    Count,
    Offset,
    Limit,
    Other,
}

/// Classifies a page's keys without allocating them.
struct PageKey(&'static str);

impl<'de> DeserializeSeed<'de> for PageKey {
    type Value = PageField;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<PageField, D::Error> {
        let items = KeyIs(self.0);
        d.deserialize_str(PageKeyVisitor(items))
    }
}

struct PageKeyVisitor(KeyIs);

impl Visitor<'_> for PageKeyVisitor {
    type Value = PageField;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<PageField, E> {
        Ok(match key {
            k if k == (self.0).0 => PageField::Items,
            "count" => PageField::Count,
            "offset" => PageField::Offset,
            "limit" => PageField::Limit,
            _ => PageField::Other,
        })
    }
}

/// `Vec<T>`, as serde's, but with room for a page of 10 (Medusa 1.x's default page size) at the
/// first item: an order is about 5 KB, and growing 4 → 8 → 16 would copy 12 of them.
struct Items<T>(PhantomData<fn() -> T>);

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Items<T> {
    type Value = Vec<T>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Items<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            if items.capacity() == 0 {
                items.reserve_exact(seq.size_hint().unwrap_or(0).max(9) + 1);
            }
            items.push(item);
        }
        Ok(items)
    }
}

/// The parameters of a list call that pages by offset: what [`PageIter::walk`] moves from one
/// page to the next.
pub(crate) trait Paged: Clone + Send + 'static {
    /// The offset the parameters ask for (`None`: the server's default, 0).
    fn offset(&self) -> Option<u32>;
    /// The same parameters at another offset.
    fn set_offset(&mut self, offset: u32);
}

/// Implements [`Paged`] for parameter structs with an `offset: Option<u32>` field.
macro_rules! paged {
    ($($name:ty),+) => {$(
        impl $crate::core::page::Paged for $name {
            fn offset(&self) -> Option<u32> {
                self.offset
            }
            fn set_offset(&mut self, offset: u32) {
                self.offset = Some(offset);
            }
        }
    )+};
}

/// Fetches the page at an offset.
type Fetch<T> = Box<dyn FnMut(u64) -> Result<Page<T>> + Send>;

/// Every item of a list, fetched a page at a time as the iterator is consumed; from calls such as
/// `iter_orders`.
///
/// It yields the first error and then ends (it is fused); it ends on an empty page, when
/// `offset + received >= count`, or when the server sends the same page again (a server that
/// ignores `offset`). Memory stays one page.
///
/// ```no_run
/// use medusa_blocking::v1::store::params::ListOrders;
/// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
/// let orders: medusa_blocking::PageIter<_> = medusa.customers().iter_orders(&ListOrders::default());
/// for order in orders {
///     println!("{}", order?.id);
/// }
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
pub struct PageIter<T> {
    fetch: Fetch<T>,
    id: fn(&T) -> &str,
    what: &'static str,
    next_offset: u64,
    max_offset: u64,
    buffer: std::vec::IntoIter<T>,
    last_first_id: Option<String>,
    done: bool,
}

impl<T> PageIter<T> {
    /// An iterator starting at `offset`; `fetch` gets each page, `id` names an item (to notice a
    /// repeated page), `what` names the list in the log, and offsets stop at `max_offset`.
    pub(crate) fn new(
        what: &'static str,
        offset: u64,
        max_offset: u64,
        id: fn(&T) -> &str,
        fetch: impl FnMut(u64) -> Result<Page<T>> + Send + 'static,
    ) -> PageIter<T> {
        PageIter {
            fetch: Box::new(fetch),
            id,
            what,
            next_offset: offset,
            max_offset,
            buffer: Vec::new().into_iter(),
            last_first_id: None,
            done: false,
        }
    }
}

impl<T: 'static> PageIter<T> {
    /// Every item of the list `params` asks for, from its offset on: `fetch` gets the page of
    /// the parameters at each offset (offsets are `u32`, as the parameters' own). `what` names
    /// the list in the log, `id` an item (to notice a repeated page).
    pub(crate) fn walk<P: Paged>(
        what: &'static str,
        id: fn(&T) -> &str,
        params: &P,
        fetch: impl Fn(&P) -> Result<Page<T>> + Send + 'static,
    ) -> PageIter<T> {
        let mut params = params.clone();
        let start = u64::from(params.offset().unwrap_or(0));
        PageIter::new(what, start, u64::from(u32::MAX), id, move |offset| {
            params.set_offset(u32::try_from(offset).unwrap_or(u32::MAX));
            fetch(&params)
        })
    }
}

impl<T> fmt::Debug for PageIter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageIter")
            .field("list", &self.what)
            .field("next_offset", &self.next_offset)
            .field("buffered", &self.buffer.len())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<T> Iterator for PageIter<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Result<T, Error>> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Some(Ok(item));
            }
            if self.done {
                return None;
            }
            let page = match (self.fetch)(self.next_offset) {
                Ok(page) => page,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            let received = page.items.len() as u64;
            if received == 0 {
                self.done = true;
                return None;
            }
            let first_id = page.items.first().map(|item| (self.id)(item).to_string());
            if first_id.is_some() && first_id == self.last_first_id {
                log::warn!(
                    "{}: the server sent the same page again for offset {}; stopping",
                    self.what,
                    self.next_offset
                );
                self.done = true;
                return None;
            }
            self.last_first_id = first_id;
            self.next_offset = self.next_offset.saturating_add(received);
            if self.next_offset >= page.count || self.next_offset >= self.max_offset {
                self.done = true;
            }
            self.buffer = page.items.into_iter();
        }
    }
}

impl<T> FusedIterator for PageIter<T> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Item {
        id: String,
    }

    fn page(ids: &[&str], count: u64) -> Page<Item> {
        Page {
            items: ids.iter().map(|id| Item { id: id.to_string() }).collect(),
            count,
            offset: 0,
            limit: 2,
        }
    }

    fn ids(iter: PageIter<Item>) -> Vec<String> {
        iter.map(|r| r.map(|i| i.id).unwrap_or_else(|e| format!("error: {e}")))
            .collect()
    }

    #[test]
    fn decodes_any_list_key_and_skips_the_rest() {
        let body =
            br#"{"addresses":[{"id":"a"},{"id":"b"}],"count":7,"offset":2,"limit":2,"x":{}}"#;
        let p: Page<Item> = decode(200, body, "addresses").unwrap();
        assert_eq!((p.items.len(), p.count, p.offset, p.limit), (2, 7, 2, 2));
        assert!(p.has_more());
        match decode::<Item>(200, br#"{"orders":[{"id":1}],"count":1}"#, "orders") {
            Err(Error::Decode { path, .. }) => assert_eq!(path, "orders[0].id"),
            other => panic!("{other:?}"),
        }
        assert!(decode::<Item>(200, br#"{"count":1}"#, "orders").is_err());
    }

    #[test]
    fn a_duplicated_list_key_keeps_the_first_copy() {
        // The second copy is skipped unread: it would not even decode into `Item`.
        let body = br#"{"addresses":[{"id":"a"}],"count":3,"addresses":[{"id":5},{"id":"c"}]}"#;
        let p: Page<Item> = decode(200, body, "addresses").unwrap();
        let ids: Vec<&str> = p.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a"]);
        assert_eq!(p.count, 3);
        let body = br#"{"addresses":[{"id":"a"},{"id":"b"}],"addresses":[{"id":"c"}]}"#;
        let p: Page<Item> = decode(200, body, "addresses").unwrap();
        assert_eq!(p.items.len(), 2);
    }

    #[test]
    fn walks_every_page_lazily_and_stops_at_count() {
        let mut asked = Vec::new();
        let (tx, rx) = std::sync::mpsc::channel();
        let iter = PageIter::new(
            "test",
            0,
            u64::MAX,
            |i: &Item| &i.id,
            move |offset| {
                tx.send(offset).unwrap();
                Ok(match offset {
                    0 => page(&["a", "b"], 5),
                    2 => page(&["c", "d"], 5),
                    _ => page(&["e"], 5),
                })
            },
        );
        assert_eq!(ids(iter), ["a", "b", "c", "d", "e"]);
        asked.extend(rx.try_iter());
        assert_eq!(asked, [0, 2, 4]);
    }

    #[test]
    fn stops_after_an_error_an_empty_page_or_a_repeated_page() {
        let mut calls = 0;
        let iter = PageIter::new(
            "test",
            0,
            u64::MAX,
            |i: &Item| &i.id,
            move |_| {
                calls += 1;
                if calls == 1 {
                    Ok(page(&["a", "b"], 10))
                } else {
                    Err(Error::InvalidInput("boom".into()))
                }
            },
        );
        assert_eq!(ids(iter), ["a", "b", "error: invalid input: boom"]);
        let iter = PageIter::new("test", 0, u64::MAX, |i: &Item| &i.id, |_| Ok(page(&[], 10)));
        assert!(ids(iter).is_empty());
        // A server that ignores offset: the same page again.
        let iter = PageIter::new(
            "test",
            0,
            u64::MAX,
            |i: &Item| &i.id,
            |_| Ok(page(&["a", "b"], 10)),
        );
        assert_eq!(ids(iter), ["a", "b"]);
        // Offsets stop at the maximum.
        let iter = PageIter::new(
            "test",
            0,
            2,
            |i: &Item| &i.id,
            |o| Ok(page(if o == 0 { &["a", "b"] } else { &["c"] }, 10)),
        );
        assert_eq!(ids(iter), ["a", "b"]);
    }
}
