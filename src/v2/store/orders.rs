//! The logged-in customer's orders (`/store/orders`): a page, all of them lazily, one by id, and
//! the order-transfer calls a customer uses to claim an order placed as a guest.

use serde::Serialize;

use crate::core::error::{Error, Result};
use crate::core::page::{Page, PageIter, check_limit};
use crate::core::query::segment;
use crate::core::request::require;
use crate::v2::models::{Order, OrderPage};
use crate::v2::store::fields_query;
use crate::v2::store::params::{ListOrders, RequestTransfer};

resource_handle! {
    /// The order calls, from [`Medusa::orders`](crate::v2::Medusa::orders): the customer's
    /// list, one order, and order transfers.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let order = medusa.orders().retrieve("order_01...")?;
    /// println!("{:?} {:?}", order.display_id, order.total);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Orders { fields: Option<String> },
    header example: "# let medusa = medusa_blocking::v2::Medusa::builder(\"http://localhost:9000\").publishable_api_key(\"pk\").build()?;
let order = medusa.orders().header(\"x-request-id\", \"42\").retrieve(\"order_01...\")?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Orders {
    /// Selects the fields of the orders this handle's calls return (`+metadata`, `*items`,
    /// `-email`, or a plain list that replaces the defaults).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let order = medusa.orders().fields("*items,+metadata").retrieve("order_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn fields(self, fields: &str) -> Self {
        Orders {
            fields: Some(fields.to_string()),
            ..self
        }
    }

    /// One page of the logged-in customer's orders (`GET /store/orders`).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListOrders;
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
        self.h
            .get("/store/orders")
            .query_string(query)
            .page("orders")
    }

    /// Every order of the logged-in customer, a page at a time as the iterator is consumed; see
    /// [`PageIter`] for when it stops.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListOrders;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// for order in medusa.orders().iter(&ListOrders::default()) {
    ///     println!("{}", order?.id);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter(&self, params: &ListOrders) -> PageIter<Order> {
        let orders = self.clone();
        PageIter::walk(
            "iter_orders",
            |o: &Order| &o.id,
            params,
            move |p| orders.page(p),
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
            .query_string(fields_query(&self.fields))
            .member("order")
    }

    /// Asks to transfer a (guest) order to the logged-in customer
    /// (`POST /store/orders/{id}/transfer/request`); the server e-mails a token to the order's
    /// address, which [`accept_transfer`](Self::accept_transfer) takes.
    ///
    /// Retries: not idempotent on the server; after a lost response a retry may answer an
    /// error for the request the lost attempt made, and the store API shows no transfer state
    /// to check, so such an error is [`Error::OutcomeUnknown`].
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::RequestTransfer;
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
    /// [`Error::OutcomeUnknown`].
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
    /// [`Error::OutcomeUnknown`].
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
        // After a lost response a retry's error may mean the lost attempt did it (a request
        // exists, the token is used up), and the store API shows no transfer state to check:
        // the outcome is unknown, and the error says so rather than the retry's 400.
        self.h
            .post(
                format!("/store/orders/{}/transfer/{step}", segment(id)),
                body,
            )
            .query_string(fields_query(&self.fields))
            .sent_member("order")
            .settle("order transfer", || {
                Err(Error::InvalidInput(
                    "the store API shows no transfer state to check the lost attempt against"
                        .into(),
                ))
            })
    }
}

/// `{token}`; the token is not printed.
#[derive(Serialize)]
struct TransferToken<'a> {
    token: &'a str,
}
