//! The logged-in customer's orders (`/store/orders`): a page, all of them lazily, one by id, and
//! the order-transfer calls a customer uses to claim an order placed as a guest.

use serde::Serialize;

use crate::core::error::{Error, Result};
use crate::core::page::{Page, PageIter, check_limit};
use crate::core::query::{Query, segment};
use crate::core::request::{Handle, require, settle};
use crate::v2::models::{Order, OrderStatus};

/// Lazily walks every page of the customer's orders; from
/// [`Customers::iter_orders`](crate::v2::customers::Customers::iter_orders).
pub type OrderIter = PageIter<Order>;

/// Filters and paging of the customer's orders: what the v2 server's validator accepts
/// (`id`, `status`, `limit`, `offset`, `order`, `fields`), and nothing else (it rejects unknown
/// parameters).
///
/// ```
/// use medusa_blocking::v2::customers::ListOrders;
/// use medusa_blocking::v2::models::OrderStatus;
/// let q = ListOrders {
///     status: vec![OrderStatus::Completed],
///     limit: Some(20),
///     order: Some("-created_at".into()),
///     fields: Some("+metadata,*items".into()),
///     ..Default::default()
/// };
/// assert_eq!(
///     q.query_string().as_deref(),
///     Some("status%5B0%5D=completed&order=-created_at&fields=%2Bmetadata%2C*items&limit=20"),
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListOrders {
    /// Any of these order ids.
    pub id: Vec<String>,
    /// Any of these statuses.
    pub status: Vec<OrderStatus>,
    /// Sort by one field, `-` for descending: `-created_at`. The server's default is by id.
    pub order: Option<String>,
    /// Fields to select: `a,b` replaces the defaults, `+field` adds one, `*relation` adds a
    /// relation with all its fields, `-field` removes one.
    pub fields: Option<String>,
    /// Page size (server default 50).
    pub limit: Option<u32>,
    /// Orders to skip (server default 0).
    pub offset: Option<u32>,
}

impl ListOrders {
    /// The query string as sent (without `?`), `None` when nothing is set.
    ///
    /// ```
    /// use medusa_blocking::v2::customers::ListOrders;
    /// assert_eq!(ListOrders::default().query_string(), None);
    /// let q = ListOrders { limit: Some(1), offset: Some(0), ..Default::default() };
    /// assert_eq!(q.query_string().as_deref(), Some("limit=1&offset=0"));
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        q.list("id", &self.id)
            .list(
                "status",
                &self.status.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            )
            .opt("order", self.order.as_deref())
            .opt("fields", self.fields.as_deref())
            .opt_num("limit", self.limit.map(u64::from))
            .opt_num("offset", self.offset.map(u64::from));
        q.finish()
    }
}

page_type! {
    /// One page of orders: `{orders, count, offset, limit}`.
    ///
    /// ```
    /// use medusa_blocking::v2::customers::OrderPage;
    /// let page: OrderPage = serde_json::from_str(
    ///     r#"{"orders":[{"id":"order_01","total":559.97}],"count":1,"offset":0,"limit":50}"#,
    /// ).unwrap();
    /// assert_eq!(page.orders[0].total.unwrap().to_string(), "559.97");
    /// ```
    OrderPage {
        /// The orders of this page (partial objects: the server's default fields).
        orders: Order
    }
}

/// The order calls, from [`Medusa::orders`](crate::v2::Medusa::orders): the customer's list,
/// one order, and order transfers.
///
/// ```no_run
/// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
/// let order = medusa.orders().retrieve("order_01...")?;
/// println!("{:?} {:?}", order.display_id, order.total);
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Orders {
    h: Handle,
    fields: Option<String>,
}

impl Orders {
    pub(super) fn new(h: Handle, fields: Option<String>) -> Orders {
        Orders { h, fields }
    }

    /// Adds a header to this handle's calls; it overrides the client's header of the same name.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let order = medusa.orders().header("x-request-id", "42").retrieve("order_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn header(self, name: &str, value: &str) -> Self {
        Orders::new(self.h.with_header(name, value), self.fields)
    }

    /// Selects the fields of the orders this handle's calls return (`+metadata`, `*items`,
    /// `-email`, or a plain list that replaces the defaults).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let order = medusa.orders().fields("*items,+metadata").retrieve("order_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn fields(self, fields: &str) -> Self {
        Orders::new(self.h, Some(fields.to_string()))
    }

    /// One page of the logged-in customer's orders (`GET /store/orders`).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::customers::ListOrders;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let page = medusa.orders().list(&ListOrders::default())?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list(&self, params: &ListOrders) -> Result<OrderPage> {
        self.page(params).map(OrderPage::from)
    }

    fn page(&self, params: &ListOrders) -> Result<Page<Order>> {
        check_limit(params.limit)?;
        let query = match (&params.fields, &self.fields) {
            // The handle's selection, unless the call has its own.
            (None, Some(fields)) => ListOrders {
                fields: Some(fields.clone()),
                ..params.clone()
            }
            .query_string(),
            _ => params.query_string(),
        };
        self.h.get("/store/orders").query(query).page("orders")
    }

    /// Every order of the logged-in customer, a page at a time as the iterator is consumed; see
    /// [`PageIter`] for when it stops.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::customers::ListOrders;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// for order in medusa.orders().iter(&ListOrders::default()) {
    ///     println!("{}", order?.id);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter(&self, params: &ListOrders) -> OrderIter {
        let orders = self.clone();
        let mut params = params.clone();
        let start = u64::from(params.offset.unwrap_or(0));
        PageIter::new(
            "iter_orders",
            start,
            u64::from(u32::MAX),
            |order: &Order| &order.id,
            move |offset| {
                params.offset = Some(u32::try_from(offset).unwrap_or(u32::MAX));
                orders.page(&params)
            },
        )
    }

    /// One order by id (`GET /store/orders/{id}`). The server answers for any order id with the
    /// publishable key alone, logged in or not; an unknown id is a 404 `not_found`.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let order = medusa.orders().retrieve("order_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve(&self, id: &str) -> Result<Order> {
        require("order id", id)?;
        self.h
            .get(format!("/store/orders/{}", segment(id)))
            .query(self.query())
            .member("order")
    }

    /// Asks to transfer a (guest) order to the logged-in customer
    /// (`POST /store/orders/{id}/transfer/request`); the server e-mails a token to the order's
    /// address, which [`accept_transfer`](Self::accept_transfer) takes.
    ///
    /// Retries: not idempotent on the server; after a lost response a retry may answer an
    /// error for the request the lost attempt made, and the store API shows no transfer state
    /// to check, so such an error is [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::customers::RequestTransfer;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let order = medusa.orders().request_transfer("order_01...", &RequestTransfer::default())?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn request_transfer(&self, id: &str, request: &RequestTransfer) -> Result<Order> {
        self.transfer(id, "request", request)
    }

    /// Accepts a transfer with the token from the e-mail (`POST …/transfer/accept`); needs no
    /// login.
    /// Retries: the token is used up by the first attempt; an error after a lost response is
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let order = medusa.orders().accept_transfer("order_01...", "transfer-token")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn accept_transfer(&self, id: &str, token: &str) -> Result<Order> {
        require("token", token)?;
        self.transfer(id, "accept", &TransferToken { token })
    }

    /// Declines a transfer with the token from the e-mail (`POST …/transfer/decline`).
    ///
    /// Retries: as [`accept_transfer`](Self::accept_transfer).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let order = medusa.orders().decline_transfer("order_01...", "transfer-token")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn decline_transfer(&self, id: &str, token: &str) -> Result<Order> {
        require("token", token)?;
        self.transfer(id, "decline", &TransferToken { token })
    }

    /// Cancels the logged-in customer's own transfer request (`POST …/transfer/cancel`).
    ///
    /// Retries: a second cancel is a 400; an error after a lost response is
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let order = medusa.orders().cancel_transfer("order_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn cancel_transfer(&self, id: &str) -> Result<Order> {
        self.transfer(id, "cancel", &serde_json::Map::new())
    }

    fn transfer<B: Serialize + ?Sized>(&self, id: &str, step: &str, body: &B) -> Result<Order> {
        require("order id", id)?;
        let sent = self
            .h
            .post(
                format!("/store/orders/{}/transfer/{step}", segment(id)),
                body,
            )
            .query(self.query())
            .member_traced("order");
        // After a lost response a retry's error may mean the lost attempt did it (a request
        // exists, the token is used up), and the store API shows no transfer state to check:
        // the outcome is unknown, and the error says so rather than the retry's 400.
        settle("order transfer", sent, || {
            Err(Error::InvalidInput(
                "the store API shows no transfer state to check the lost attempt against".into(),
            ))
        })
    }

    fn query(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("fields", self.fields.as_deref());
        q.finish()
    }
}

/// A transfer request ([`Orders::request_transfer`]).
///
/// ```
/// use medusa_blocking::v2::customers::RequestTransfer;
/// let r = RequestTransfer { description: Some("my guest order".into()), ..Default::default() };
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"description":"my guest order"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RequestTransfer {
    /// A note for the order's owner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the order's e-mail becomes the customer's once transferred.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_order_email: Option<bool>,
}

/// `{token}`; the token is not printed.
#[derive(Serialize)]
struct TransferToken<'a> {
    token: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_is_encoded_as_the_server_reads_it() {
        let q = ListOrders {
            id: vec!["order_1".into(), "order_2".into()],
            status: vec![OrderStatus::Pending, OrderStatus::Unknown("later".into())],
            order: Some("-created_at".into()),
            fields: Some("id,-email,+metadata".into()),
            limit: Some(5),
            offset: Some(10),
        };
        assert_eq!(
            q.query_string().unwrap(),
            "id%5B0%5D=order_1&id%5B1%5D=order_2&status%5B0%5D=pending&status%5B1%5D=later\
             &order=-created_at&fields=id%2C-email%2C%2Bmetadata&limit=5&offset=10"
        );
    }
}
