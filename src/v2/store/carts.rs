//! Carts to a placed order (`/store/carts`, `/store/shipping-options`,
//! `/store/payment-providers`, `/store/payment-collections`): create, retrieve, update, lines,
//! shipping options and methods, promotions, the payment collection and session, completion,
//! and the transfer of a guest cart to the logged-in customer; and the whole checkout in one
//! call ([`Carts::place_order`]).
//!
//! # The order of a checkout
//!
//! A cart in a region → lines → addresses (and e-mail) → a shipping method (one of the cart's
//! [`shipping_options`](Carts::shipping_options)) → the payment collection and a payment
//! session (**last**: any later change of the cart silently deletes the session) → complete.
//! [`Carts::place_order`] does all of it; [`Carts::checkout`] does the last two steps of a cart
//! made otherwise.
//!
//! # Exactly once
//!
//! - Completing a completed cart answers the **same order** (same id and `display_id`): the
//!   completion is idempotent, and a lost response is recovered by completing again. A cart
//!   being completed by another request (409 `conflict`, e.g. the attempt whose response was
//!   lost) is waited for. So a retried or resumed checkout places **one** order and never
//!   reports a placed order as failed: at worst the outcome is
//!   [`Error::OutcomeUnknown`], and completing the cart again
//!   answers.
//! - A cart changed after its payment session loses the session, and completing it is then a
//!   400 (`Payment sessions are required to complete cart`). [`Carts::checkout`] opens the
//!   session again (the same collection, the new amount) when it is missing or its amount is no
//!   longer the cart's total, right before completing.
//! - Two checkouts of one cart at the same time (two tabs, a retry from another process) place
//!   one order, and both answer it: a checkout whose step fails completes once more before
//!   giving its error.
//! - Adding a line is the one call the server does not make idempotent (the quantity adds up);
//!   see [`Carts::add_line_item`] for how a lost response is settled.
//!
//! # Surprises of the server, and what the crate does
//!
//! - **Carts have no owner check**: anyone holding a cart id and the publishable key can read,
//!   change and complete the cart, and any logged-in customer can take it over with
//!   [`Carts::transfer`]. The crate cannot add the check the server lacks: treat a cart id as a
//!   secret of its customer (never log it, never put it in a URL others see).
//! - **A guest cart with a registered customer's e-mail** is linked to that customer, and the
//!   order appears in their order history (`customers().list_orders`). The crate sends the
//!   e-mail as given and does not warn (it cannot know who is registered); a storefront that
//!   does not want this should ask the customer to log in first.
//! - Money is never rounded to cents (`53.973`); the cart's totals come without an exact twin
//!   and are read from the JSON digits, exactly.
//!
//! ```no_run
//! use medusa_blocking::v2::Medusa;
//! use medusa_blocking::v2::store::params::{CartAddressInput, Checkout, LineItem, ShippingChoice};
//!
//! let medusa = Medusa::builder("http://localhost:9000").publishable_api_key("pk_01...").build()?;
//! let order = medusa.carts().place_order(&Checkout {
//!     email: Some("jane@example.com".into()),
//!     ..Checkout::new(
//!         "reg_01...",
//!         vec![LineItem::new("variant_01...", 2)],
//!         CartAddressInput::new("Jane", "Doe", "1 Main St", "Springfield", "us", "62701"),
//!         ShippingChoice::Named("Standard Shipping".into()),
//!     )
//! })?;
//! println!("order #{:?}: {:?} {:?}", order.display_id, order.total, order.currency_code);
//! # Ok::<(), medusa_blocking::Error>(())
//! ```

use std::time::Duration;

use crate::core::error::{ApiError, Error, Result};
use crate::core::page::check_limit;
use crate::core::query::{Query, segment};
use crate::core::request::{Request, require};
use crate::v2::models::{
    Cart, CartLineItem, Completion, LineItemDeleted, Order, PaymentCollection, PaymentProviderPage,
    ShippingOption,
};
use crate::v2::store::fields_query;
use crate::v2::store::params::{
    AddShippingMethod, Checkout, CollectionFor, CreateCart, InitiatePaymentSession, LineItem,
    PromoCodes, ShippingChoice, UpdateCart, UpdateLineItem,
};

/// The waits between completions while another request completes the cart (409): about 8 s in
/// all.
const COMPLETION_WAITS: [Duration; 5] = [
    Duration::from_millis(250),
    Duration::from_millis(500),
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(4),
];

/// What a check of the cart's lines reads: the lines' variant and quantity.
const LINE_FIELDS: &str =
    "id,completed_at,items.id,items.variant_id,items.quantity,items.created_at";

/// What [`Carts::checkout`] reads before completing: whether the cart is completed, its total,
/// and its payment collection with the sessions.
const PAYMENT_FIELDS: &str =
    "id,completed_at,total,currency_code,*payment_collection,*payment_collection.payment_sessions";

resource_handle! {
    /// The cart calls, from [`Medusa::carts`](crate::v2::Medusa::carts): a cart to a placed
    /// order. No login needed (a logged-in client's carts are its customer's); see the
    /// [module documentation](self) for the order of the steps, what makes a checkout happen
    /// exactly once, and the server's surprises.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::{CreateCart, LineItem};
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let cart = medusa.carts().create(&CreateCart {
    ///     items: vec![LineItem::new("variant_01...", 1)],
    ///     ..CreateCart::in_region("reg_01...")
    /// })?;
    /// println!("{} {:?}", cart.id, cart.total);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Carts { fields: Option<String> },
    header example: "# let medusa = medusa_blocking::v2::Medusa::builder(\"http://localhost:9000\").publishable_api_key(\"pk\").build()?;
let cart = medusa.carts().header(\"x-request-id\", \"42\").retrieve(\"cart_01...\")?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Carts {
    /// Selects the fields of the carts this handle's calls return (every call that answers a
    /// cart sends it; `complete` answers an order and does not):
    /// `+items.*,+shipping_methods.*` adds the lines' and methods' totals with their exact
    /// `raw_*` twins; a plain list replaces the defaults.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let cart = medusa.carts().fields("+items.*,+shipping_methods.*").retrieve("cart_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn fields(self, fields: &str) -> Self {
        Carts {
            fields: Some(fields.to_string()),
            ..self
        }
    }

    fn path(id: &str) -> String {
        format!("/store/carts/{}", segment(id))
    }

    /// A cart call's answer `{"cart"}`, with the handle's fields.
    fn cart(&self, request: Request) -> Result<Cart> {
        request
            .query_string(fields_query(&self.fields))
            .member("cart")
    }

    /// Creates a cart (`POST /store/carts`): region, e-mail, lines, addresses, promotions; the
    /// sales channel comes from the publishable key. Made by a logged-in client, the cart is its
    /// customer's.
    ///
    /// **A guest cart with a registered customer's e-mail** belongs to that customer (the server
    /// links it; the order shows in their history): see the [module documentation](self).
    ///
    /// Retries: not idempotent; a lost response leaves at most an abandoned cart (no order), and
    /// the retry's cart is returned. After a lost response and a failed retry the outcome is
    /// [`Error::OutcomeUnknown`] (a cart may exist; nothing is
    /// placed).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::{CreateCart, LineItem};
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let cart = medusa.carts().create(&CreateCart {
    ///     email: Some("jane@example.com".into()),
    ///     items: vec![LineItem::new("variant_01...", 2)],
    ///     ..CreateCart::in_region("reg_01...")
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn create(&self, cart: &CreateCart) -> Result<Cart> {
        for item in &cart.items {
            check_item(item)?;
        }
        self.cart(self.h.post("/store/carts", cart).named("create cart"))
    }

    /// One cart (`GET /store/carts/{id}`); an unknown id is a 404 `not_found`.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let cart = medusa.carts().retrieve("cart_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve(&self, id: &str) -> Result<Cart> {
        require("cart id", id)?;
        self.cart(self.h.get(Self::path(id)))
    }

    /// Changes a cart (`POST /store/carts/{id}`): e-mail, addresses, region (the lines are
    /// re-priced in its currency), promotions, metadata. A shipping address outside the region
    /// is a 400 (nothing changes); a completed cart is a 400 `Cart … is already completed.`
    ///
    /// Retries: idempotent (it sets values).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::{CartAddressInput, UpdateCart};
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let address = CartAddressInput::new("Jane", "Doe", "1 Main St", "Springfield", "us", "62701");
    /// let cart = medusa.carts().update("cart_01...", &UpdateCart {
    ///     email: Some("jane@example.com".into()),
    ///     billing_address: Some(address.clone()),
    ///     ..UpdateCart::shipping_to(address)
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn update(&self, id: &str, update: &UpdateCart) -> Result<Cart> {
        require("cart id", id)?;
        self.cart(
            self.h
                .post(Self::path(id), update)
                .idempotent()
                .named("update cart"),
        )
    }

    /// Adds a line (`POST /store/carts/{id}/line-items`): the same variant with the same
    /// metadata adds to its line, other metadata makes a new line. An unknown or unpublished
    /// variant, one without a price in the cart's currency, or not enough stock is a 400.
    ///
    /// Retries: **not idempotent on the server** (a repeated add adds the quantity again). With
    /// `max_retries > 0` the client therefore reads the cart's lines of the variant first (one
    /// more `GET`). Only after a lost response does it read them again and compare: added once,
    /// the call answers the cart (also when the retry failed but the lost attempt had added
    /// it); added more than once (each retried attempt may have added it), it sets the line
    /// back to what it had plus the quantity asked (`POST …/line-items/{line}`), or deletes the
    /// lines made after the first, so the line is added exactly once; not added, the
    /// retry's error stands. When the lines changed otherwise meanwhile (another client), or
    /// cannot be read, the outcome is [`Error::OutcomeUnknown`]: then each attempt may have
    /// added the quantity (up to `max_retries + 1` times); read the cart before going on.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::LineItem;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let cart = medusa.carts().add_line_item("cart_01...", &LineItem::new("variant_01...", 2))?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn add_line_item(&self, id: &str, item: &LineItem) -> Result<Cart> {
        require("cart id", id)?;
        check_item(item)?;
        let before = if self.h.retries() {
            Some(self.lines_of(id, &item.variant_id)?)
        } else {
            None
        };
        let sent = self
            .h
            .post(format!("{}/line-items", Self::path(id)), item)
            .named("add line item")
            .query_string(fields_query(&self.fields))
            .sent_member::<Cart>("cart");
        let (Some(before), true) = (before, sent.lost()) else {
            return sent.into_result();
        };
        // A lost response: the server may have added the quantity once or twice.
        let after = match self.lines_of(id, &item.variant_id) {
            Ok(after) => after,
            // Whether the lost attempt added too (or at all) cannot be read.
            Err(e) => {
                return Err(Error::OutcomeUnknown {
                    operation: "add line item",
                    error: Box::new(e),
                });
            }
        };
        let quantity = i64::from(item.quantity);
        let added: i64 = after.iter().map(|l| l.quantity).sum::<i64>()
            - before.iter().map(|l| l.quantity).sum::<i64>();
        if added == 0 {
            // Not added: the retry failed, and its error stands.
            return sent.settle("add line item", || Ok(None));
        }
        if added == quantity {
            log::debug!("add line item: a response was lost, and the line was added once");
            return match sent.value() {
                Some(_) => sent.into_result(),
                None => self.retrieve(id),
            };
        }
        // Each attempt whose response was lost may have added it: take back all but one.
        if quantity > 0 && added > quantity && added % quantity == 0 {
            return self.undo_extra_adds(id, &before, &after, quantity, added / quantity);
        }
        Err(Error::OutcomeUnknown {
            operation: "add line item",
            error: Box::new(Error::InvalidInput(format!(
                "the cart's lines of variant {} changed by {added}, not by {quantity}: another \
                 client changed them meanwhile",
                item.variant_id
            ))),
        })
    }

    /// The lines of `variant_id` of a cart, read on the side.
    fn lines_of(&self, id: &str, variant_id: &str) -> Result<Vec<CartLineItem>> {
        let mut q = Query::new();
        q.pair("fields", LINE_FIELDS);
        let cart: Cart = self
            .h
            .get(Self::path(id))
            .query_string(q.finish())
            .side()
            .member("cart")?;
        Ok(cart
            .items
            .unwrap_or_default()
            .into_iter()
            .filter(|l| l.variant_id.as_deref() == Some(variant_id))
            .collect())
    }

    /// A line was added `times` times (lost responses and their retries): takes the extra adds
    /// back, so that the cart has it once.
    fn undo_extra_adds(
        &self,
        id: &str,
        before: &[CartLineItem],
        after: &[CartLineItem],
        quantity: i64,
        times: i64,
    ) -> Result<Cart> {
        let before_of = |line: &CartLineItem| {
            before
                .iter()
                .find(|b| b.id == line.id)
                .map_or(0, |b| b.quantity)
        };
        let mut grown: Vec<&CartLineItem> = after
            .iter()
            .filter(|l| l.quantity != before_of(l))
            .collect();
        log::warn!(
            "add line item: a response was lost and the line was added {times} times; undoing \
             all but one"
        );
        match grown.as_slice() {
            // Every add went to one line: set it back to what it had, plus the quantity once.
            [line] if line.quantity - before_of(line) == times * quantity => {
                let once = u32::try_from(before_of(line) + quantity).map_err(|_| {
                    Error::InvalidInput(format!("quantity {} out of range", line.quantity))
                })?;
                self.update_line_item(id, &line.id, &UpdateLineItem::quantity(once))
            }
            // Each add made a line of its own: keep the oldest, delete the others.
            lines
                if lines.len() as i64 == times
                    && lines
                        .iter()
                        .all(|l| before_of(l) == 0 && l.quantity == quantity) =>
            {
                grown.sort_by(|a, b| (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id)));
                for newer in &grown[1..] {
                    self.delete_line_item(id, &newer.id)?;
                }
                self.retrieve(id)
            }
            _ => Err(Error::OutcomeUnknown {
                operation: "add line item",
                error: Box::new(Error::InvalidInput(format!(
                    "the line was added {times} times, and the cart's lines do not show where"
                ))),
            }),
        }
    }

    /// Sets a line's quantity (and metadata) (`POST /store/carts/{id}/line-items/{line_id}`);
    /// quantity 0 removes the line. An unknown line is a 404.
    ///
    /// Retries: idempotent (it sets the quantity).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::UpdateLineItem;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let cart = medusa.carts().update_line_item("cart_01...", "cali_01...", &UpdateLineItem::quantity(3))?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn update_line_item(
        &self,
        id: &str,
        line_id: &str,
        update: &UpdateLineItem,
    ) -> Result<Cart> {
        require("cart id", id)?;
        require("line item id", line_id)?;
        self.cart(
            self.h
                .post(
                    format!("{}/line-items/{}", Self::path(id), segment(line_id)),
                    update,
                )
                .idempotent()
                .named("update line item"),
        )
    }

    /// Deletes a line (`DELETE /store/carts/{id}/line-items/{line_id}`): the answer holds the
    /// cart without it (`parent`). The server answers the same for a line that does not exist
    /// or was deleted already.
    ///
    /// Retries: idempotent.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let deleted = medusa.carts().delete_line_item("cart_01...", "cali_01...")?;
    /// let cart = deleted.parent.unwrap_or_default();
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn delete_line_item(&self, id: &str, line_id: &str) -> Result<LineItemDeleted> {
        require("cart id", id)?;
        require("line item id", line_id)?;
        self.h
            .delete(format!(
                "{}/line-items/{}",
                Self::path(id),
                segment(line_id)
            ))
            .named("delete line item")
            .query_string(fields_query(&self.fields))
            .send()
    }

    /// The shipping options the cart can use (`GET /store/shipping-options?cart_id=…`, js-sdk's
    /// `fulfillment.listCartOptions`), each with its exact price in the cart's currency. They
    /// follow the cart's shipping address; **without one, the options of every zone are
    /// listed**, those without a price in the currency with `amount: None`. An unknown cart is
    /// a 404.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// for option in medusa.carts().shipping_options("cart_01...")? {
    ///     println!("{} {:?} {:?}", option.id, option.name, option.price());
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn shipping_options(&self, id: &str) -> Result<Vec<ShippingOption>> {
        require("cart id", id)?;
        let mut q = Query::new();
        q.pair("cart_id", id);
        self.h
            .get("/store/shipping-options")
            .query_string(q.finish())
            .member("shipping_options")
    }

    /// Adds a shipping method (`POST /store/carts/{id}/shipping-methods`): a shipping option of
    /// the cart. An option of another zone, or without a price in the cart's currency, is a 400.
    ///
    /// Retries: idempotent (the same option again keeps one method).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::AddShippingMethod;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let cart = medusa.carts().add_shipping_method("cart_01...", &AddShippingMethod::option("so_01..."))?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn add_shipping_method(&self, id: &str, method: &AddShippingMethod) -> Result<Cart> {
        require("cart id", id)?;
        require("shipping option id", &method.option_id)?;
        self.cart(
            self.h
                .post(format!("{}/shipping-methods", Self::path(id)), method)
                .idempotent()
                .named("add shipping method"),
        )
    }

    /// Applies promotion codes (`POST /store/carts/{id}/promotions`). An unknown code is a 400
    /// `The promotion code … is invalid` (nothing changes).
    ///
    /// Retries: idempotent (a code applied again changes nothing).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let cart = medusa.carts().add_promotions("cart_01...", &["SAVE10".to_string()])?;
    /// println!("{:?} off", cart.discount_total);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn add_promotions(&self, id: &str, codes: &[String]) -> Result<Cart> {
        self.promotions(id, codes, true)
    }

    /// Removes promotion codes (`DELETE /store/carts/{id}/promotions`, with a JSON body); a code
    /// that is not applied is no error.
    ///
    /// Retries: idempotent.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let cart = medusa.carts().remove_promotions("cart_01...", &["SAVE10".to_string()])?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn remove_promotions(&self, id: &str, codes: &[String]) -> Result<Cart> {
        self.promotions(id, codes, false)
    }

    fn promotions(&self, id: &str, codes: &[String], add: bool) -> Result<Cart> {
        require("cart id", id)?;
        if codes.is_empty() {
            return Err(Error::InvalidInput("no promotion code given".into()));
        }
        for code in codes {
            require("promotion code", code)?;
        }
        let path = format!("{}/promotions", Self::path(id));
        let body = PromoCodes { promo_codes: codes };
        let request = if add {
            self.h.post(path, &body).named("add promotions")
        } else {
            self.h.delete(path).json(&body).named("remove promotions")
        };
        self.cart(request.idempotent())
    }

    /// The payment providers of a region (`GET /store/payment-providers?region_id=…`, js-sdk's
    /// `payment.listPaymentProviders`; the server's page size is 20).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let page = medusa.carts().payment_providers("reg_01...", None)?;
    /// assert!(page.payment_providers.iter().any(|p| p.id == "pp_system_default"));
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn payment_providers(
        &self,
        region_id: &str,
        limit: Option<u32>,
    ) -> Result<PaymentProviderPage> {
        require("region id", region_id)?;
        check_limit(limit)?;
        let mut q = Query::new();
        q.pair("region_id", region_id)
            .opt_num("limit", limit.map(u64::from));
        self.h
            .get("/store/payment-providers")
            .query_string(q.finish())
            .page("payment_providers")
            .map(PaymentProviderPage::from)
    }

    /// The cart's payment collection (`POST /store/payment-collections` `{cart_id}`): made
    /// when the cart has none, else the one it has.
    ///
    /// Retries: idempotent (the server returns the cart's collection).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let collection = medusa.carts().payment_collection("cart_01...")?;
    /// println!("{} to pay: {:?}", collection.id, collection.amount);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn payment_collection(&self, cart_id: &str) -> Result<PaymentCollection> {
        require("cart id", cart_id)?;
        self.h
            .post("/store/payment-collections", &CollectionFor { cart_id })
            .idempotent()
            .named("create payment collection")
            .member("payment_collection")
    }

    /// Opens a payment session for the cart (js-sdk's `payment.initiatePaymentSession`): in
    /// the cart's payment collection (made first when `cart` shows none,
    /// [`payment_collection`](Self::payment_collection)), then
    /// `POST /store/payment-collections/{id}/payment-sessions`. Returns the collection with its
    /// sessions. A provider not enabled in the region is a 400.
    ///
    /// Open it **last**: any later change of the cart deletes the session (and completing is
    /// then a 400); [`checkout`](Self::checkout) takes care of that. A cart that `cart` shows
    /// completed is refused before anything is sent: the server would replace the order's
    /// authorized session with a new pending one.
    ///
    /// Retries: idempotent (a session of the same provider replaces the previous one).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::InitiatePaymentSession;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let cart = medusa.carts().retrieve("cart_01...")?;
    /// let collection = medusa.carts().initiate_payment_session(&cart, &InitiatePaymentSession::system())?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn initiate_payment_session(
        &self,
        cart: &Cart,
        session: &InitiatePaymentSession,
    ) -> Result<PaymentCollection> {
        require("cart id", &cart.id)?;
        require("payment provider id", &session.provider_id)?;
        if cart.is_completed() {
            return Err(Error::InvalidInput(format!(
                "cart {} is completed: its payment is the order's",
                cart.id
            )));
        }
        let collection_id = match cart
            .payment_collection
            .as_ref()
            .filter(|c| !c.id.is_empty())
        {
            Some(collection) => collection.id.clone(),
            None => self.payment_collection(&cart.id)?.id,
        };
        self.h
            .post(
                format!(
                    "/store/payment-collections/{}/payment-sessions",
                    segment(&collection_id)
                ),
                session,
            )
            .idempotent()
            .named("initiate payment session")
            .member("payment_collection")
    }

    /// Completes the cart (`POST /store/carts/{id}/complete`): the order
    /// ([`Completion::Order`]), or the cart with its payment error ([`Completion::Cart`]), as the
    /// server answers. Any other reason not to complete is an error status, and the cart stays
    /// open: no lines (400), no payment collection or **no payment session** (400, e.g. after a
    /// change of the cart: see [`checkout`](Self::checkout)), no shipping method (400).
    ///
    /// Exactly once: completing a completed cart answers the same order, so the call is
    /// idempotent, and a lost response is recovered by completing again. When the server
    /// answers 409 `conflict` (another request — the lost attempt — is completing the cart), the
    /// call waits for it (completing again after 0.25, 0.5, 1, 2 and 4 s) and answers what it
    /// gave. Only when that does not tell, after a lost response, is the outcome
    /// [`Error::OutcomeUnknown`]: completing the cart again later
    /// answers the order if there is one.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::models::Completion;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// match medusa.carts().complete("cart_01...")? {
    ///     Completion::Order(order) => println!("order #{:?}", order.display_id),
    ///     Completion::Cart { error, .. } => println!("not placed: {}", error.message),
    ///     _ => {}
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn complete(&self, id: &str) -> Result<Completion> {
        require("cart id", id)?;
        let path = format!("{}/complete", Self::path(id));
        let sent = self.completion(&path).sent();
        let lost = sent.lost();
        let error = match sent
            .and_then(|r| crate::core::decode::json(r.status, &r.body))
            .into_result()
        {
            Ok(done) => return Ok(done),
            Err(e) => e,
        };
        let unknown = matches!(error, Error::OutcomeUnknown { .. });
        if !unknown && root(&error).status() != Some(409) {
            return Err(error);
        }
        // Another request is completing the cart (the lost attempt, or someone else): wait for
        // it; completing a completed cart answers its order.
        let mut last = error;
        for wait in COMPLETION_WAITS {
            std::thread::sleep(wait);
            match self.completion(&path).once().send::<Completion>() {
                Ok(done) => {
                    log::debug!("complete cart: answered after waiting for another completion");
                    return Ok(done);
                }
                Err(e) if is_transient(&e) => last = e,
                // The server's verdict: the cart is not completed, and cannot be.
                Err(e) => return Err(e),
            }
        }
        if unknown || lost {
            Err(Error::OutcomeUnknown {
                operation: "complete cart",
                error: Box::new(match last {
                    Error::OutcomeUnknown { error, .. } => *error,
                    other => other,
                }),
            })
        } else {
            Err(last)
        }
    }

    fn completion(&self, path: &str) -> Request {
        self.h
            .post(path, &serde_json::Map::new())
            .idempotent()
            .named("complete cart")
    }

    /// Transfers a guest cart to the logged-in customer (`POST /store/carts/{id}/customer`,
    /// js-sdk's `transferCart`): the cart takes the customer's id and e-mail. Needs a login
    /// (401 otherwise).
    ///
    /// **No ownership check**: the server lets any logged-in customer take over any cart,
    /// another registered customer's included. The crate cannot tell whose cart it is: only
    /// transfer a cart id this customer created (e.g. the one saved before they logged in).
    ///
    /// Retries: idempotent (a second transfer changes nothing).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// medusa.auth().login("jane@example.com", "supersecret")?;
    /// let cart = medusa.carts().transfer("cart_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn transfer(&self, id: &str) -> Result<Cart> {
        require("cart id", id)?;
        self.cart(
            self.h
                .post(
                    format!("{}/customer", Self::path(id)),
                    &serde_json::Map::new(),
                )
                .idempotent()
                .named("transfer cart"),
        )
    }

    /// Pays and completes a cart, exactly once, and returns its order: the last steps of a
    /// checkout, safe to call again for the same cart (after an error, a crash, a lost
    /// response) — it never places a second order.
    ///
    /// 1. Reads the cart (`GET`, its payment collection and total). Completed already: step 3.
    /// 2. Opens a payment session of `provider_id` unless the cart has one whose amount is the
    ///    cart's total (a change of the cart deletes the session: it is opened again, in the
    ///    same collection).
    /// 3. Completes ([`complete`](Self::complete)); should the session have gone meanwhile (a
    ///    400 `Payment sessions are required`), opens it again and completes once more.
    /// 4. Should a step fail, completes once more before giving its error: another request may
    ///    have completed the cart meanwhile, or be completing it (two checkouts of one cart at
    ///    the same time — the later session replaces the earlier, and one of them fails on the
    ///    server — or the lost attempt of this one); its order is then the answer, so a
    ///    checkout never reports a placed order as failed. When that completion gets no verdict
    ///    either (no answer, 5xx, a completion under way that does not end), the outcome is
    ///    [`Error::OutcomeUnknown`]: call `checkout` again later.
    ///
    /// A payment error of the server ([`Completion::Cart`]) is an
    /// [`Error::Api`] with status 422 and the error's `type`
    /// (`payment_authorization_error`): no order was placed, the cart stays open.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let order = medusa.carts().checkout("cart_01...", "pp_system_default")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn checkout(&self, id: &str, provider_id: &str) -> Result<Order> {
        require("cart id", id)?;
        require("payment provider id", provider_id)?;
        let done = match self.pay_and_complete(id, provider_id) {
            Ok(done) => done,
            Err(e) => {
                // Another request may have completed the cart meanwhile, or be completing it (a
                // second checkout of the same cart, whose payment session replaced this one's;
                // the lost attempt of this one): completing again answers its order, or waits
                // for it. When that does not tell, neither can this call; when the server says
                // why the cart cannot be completed, this call's error stands.
                match self.complete(id) {
                    Ok(Completion::Order(order)) => {
                        log::debug!("checkout: {e}; the cart is completed, with its order");
                        Completion::Order(order)
                    }
                    Err(again)
                        if !matches!(e, Error::OutcomeUnknown { .. }) && is_transient(&again) =>
                    {
                        return Err(Error::OutcomeUnknown {
                            operation: "checkout",
                            error: Box::new(e),
                        });
                    }
                    _ => return Err(e),
                }
            }
        };
        match done {
            Completion::Order(order) => Ok(*order),
            Completion::Cart { error, .. } => Err(Error::Api {
                status: 422,
                error: ApiError {
                    kind: error.kind,
                    code: None,
                    message: error.message,
                },
                retry_after: None,
            }),
        }
    }

    /// The steps of [`checkout`](Self::checkout): read, open the session if needed, complete.
    fn pay_and_complete(&self, id: &str, provider_id: &str) -> Result<Completion> {
        let mut q = Query::new();
        q.pair("fields", PAYMENT_FIELDS);
        let query = q.finish();
        let cart: Cart = self
            .h
            .get(Self::path(id))
            .query_string(query.clone())
            .member("cart")?;
        let session = InitiatePaymentSession::provider(provider_id);
        if !cart.is_completed() && !has_session(&cart, provider_id) {
            self.initiate_payment_session(&cart, &session)?;
        }
        match self.complete(id) {
            Err(e) if lost_session(&e) => {
                log::debug!("checkout: the payment session went before completion; again");
                let cart: Cart = self
                    .h
                    .get(Self::path(id))
                    .query_string(query)
                    .member("cart")?;
                self.initiate_payment_session(&cart, &session)?;
                self.complete(id)
            }
            other => other,
        }
    }

    /// Places an order in one call, for the common case (a synthetic checkout, a load test): a
    /// cart in `checkout.region_id` with its lines, e-mail and addresses (`POST /store/carts`),
    /// the shipping option chosen (`GET /store/shipping-options`, then
    /// `POST …/shipping-methods`), and [`checkout`](Self::checkout) (payment session, complete).
    /// Returns the order as the completion answers it (its totals exact; `payment_status` is on
    /// [`Orders::retrieve`](crate::v2::store::orders::Orders::retrieve)).
    ///
    /// A logged-in client places the order for its customer (`email` may be `None`); a guest
    /// client needs an `email` — **a registered customer's e-mail puts the order in that
    /// customer's history** (see the [module documentation](self)).
    ///
    /// Exactly once: the completion is recovered as [`complete`](Self::complete) says. An
    /// error before it leaves at most an open cart, never an order. To resume a checkout after
    /// an [`Error::OutcomeUnknown`] from another process, make the
    /// cart and keep its id first ([`create`](Self::create),
    /// [`add_shipping_method`](Self::add_shipping_method)), then call
    /// [`checkout`](Self::checkout) with it as often as needed.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::{CartAddressInput, Checkout, LineItem, ShippingChoice};
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let order = medusa.carts().place_order(&Checkout {
    ///     email: Some("synthetic@example.com".into()),
    ///     ..Checkout::new(
    ///         "reg_01...",
    ///         vec![LineItem::new("variant_01...", 1)],
    ///         CartAddressInput::new("Synthetic", "Check", "1 Main St", "Springfield", "us", "62701"),
    ///         ShippingChoice::Cheapest,
    ///     )
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn place_order(&self, checkout: &Checkout) -> Result<Order> {
        require("region id", &checkout.region_id)?;
        require("payment provider id", &checkout.provider_id)?;
        if checkout.items.is_empty() {
            return Err(Error::InvalidInput("a checkout needs a line".into()));
        }
        if let ShippingChoice::Option(id) | ShippingChoice::Named(id) = &checkout.shipping {
            require("shipping choice", id)?;
        }
        // The steps' carts are the server's defaults (the handle's fields are for its own calls).
        let plain = Carts {
            fields: None,
            ..self.clone()
        };
        let cart = plain.create(&checkout.cart())?;
        log::debug!("place order: cart {} made", cart.id);
        let option_id = match &checkout.shipping {
            ShippingChoice::Option(id) => id.clone(),
            choice => plain.choose(&cart.id, choice)?,
        };
        plain.add_shipping_method(&cart.id, &AddShippingMethod::option(option_id))?;
        plain.checkout(&cart.id, &checkout.provider_id)
    }

    /// The option of a [`ShippingChoice`] among the cart's.
    fn choose(&self, cart_id: &str, choice: &ShippingChoice) -> Result<String> {
        let options = self.shipping_options(cart_id)?;
        let found = match choice {
            ShippingChoice::Named(name) => options
                .iter()
                .find(|o| o.name.as_deref() == Some(name.as_str())),
            _ => options
                .iter()
                .filter_map(|o| o.price().map(|p| (p, o)))
                .fold(
                    None,
                    |best: Option<(_, &ShippingOption)>, (p, o)| match best {
                        Some((b, _)) if b <= p => best,
                        _ => Some((p, o)),
                    },
                )
                .map(|(_, o)| o),
        };
        found.map(|o| o.id.clone()).ok_or_else(|| {
            let names: Vec<&str> = options.iter().filter_map(|o| o.name.as_deref()).collect();
            crate::v2::store::not_found(format!(
                "No shipping option {} for cart {cart_id} (it has: {})",
                match choice {
                    ShippingChoice::Named(name) => format!("named {name:?}"),
                    _ => "with a price".to_string(),
                },
                names.join(", ")
            ))
        })
    }
}

/// Refuses a line the server would refuse, before anything is sent.
fn check_item(item: &LineItem) -> Result<()> {
    require("variant id", &item.variant_id)?;
    if item.quantity == 0 {
        return Err(Error::InvalidInput(format!(
            "quantity of {} is 0 (at least 1)",
            item.variant_id
        )));
    }
    Ok(())
}

/// Whether the cart has a session of `provider_id` for its current total.
fn has_session(cart: &Cart, provider_id: &str) -> bool {
    let Some(collection) = &cart.payment_collection else {
        return false;
    };
    let Some(session) = collection.session(provider_id) else {
        return false;
    };
    let amount = session.raw_amount.or(session.amount);
    amount.is_some() && amount == cart.total
}

/// The 400 of a completion whose payment session is gone.
fn lost_session(e: &Error) -> bool {
    match e {
        Error::Api {
            status: 400, error, ..
        } => {
            error.message.contains("Payment sessions are required")
                || error
                    .message
                    .contains("Payment collection has not been initiated")
        }
        _ => false,
    }
}

/// The error inside an unknown outcome.
fn root(e: &Error) -> &Error {
    match e {
        Error::OutcomeUnknown { error, .. } => root(error),
        other => other,
    }
}

/// An error that says nothing about the cart: no response, 409, 429, 5xx.
fn is_transient(e: &Error) -> bool {
    match root(e).status() {
        None => !matches!(
            root(e),
            Error::InvalidInput(_) | Error::Config(_) | Error::Decode { .. }
        ),
        Some(s) => s == 409 || s == 429 || s >= 500,
    }
}
