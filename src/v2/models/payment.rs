//! Payment collections, their sessions, and payment providers.

use serde::{Deserialize, Serialize};

use super::Metadata;
use crate::money::Amount;

/// A cart's payment collection (`{"payment_collection": …}`, and `cart.payment_collection`):
/// what is to be paid, and the payment sessions opened for it.
///
/// A cart has at most one: creating it again returns the same. **Any change of the cart (a
/// line, a shipping method, a promotion) updates its `amount` and deletes its sessions**; a
/// cart is completed only with a session, so the session is opened last.
///
/// ```rust
/// use medusa_blocking::money::Amount;
/// use medusa_blocking::v2::models::PaymentCollection;
/// let c: PaymentCollection = serde_json::from_str(r#"{"id": "pay_col_01", "currency_code": "usd",
///     "amount": 559.97, "payment_sessions": [{"id": "payses_01", "provider_id": "pp_system_default",
///     "status": "pending", "amount": 559.97, "raw_amount": {"value": "559.97", "precision": 20}}]}"#).unwrap();
/// let session = &c.payment_sessions.as_ref().unwrap()[0];
/// assert_eq!(session.raw_amount, c.amount);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PaymentCollection {
    /// Id (`pay_col_…`).
    pub id: String,
    /// Currency of the amounts.
    pub currency_code: Option<String>,
    /// The amount to pay: the cart's total when last changed.
    pub amount: Option<Amount>,
    /// Exact `amount` (in a cart's `payment_collection`; the collection calls send the number
    /// only).
    pub raw_amount: Option<Amount>,
    /// Amount authorized.
    pub authorized_amount: Option<Amount>,
    /// Exact `authorized_amount`.
    pub raw_authorized_amount: Option<Amount>,
    /// Amount captured.
    pub captured_amount: Option<Amount>,
    /// Exact `captured_amount`.
    pub raw_captured_amount: Option<Amount>,
    /// Amount refunded.
    pub refunded_amount: Option<Amount>,
    /// Exact `refunded_amount`.
    pub raw_refunded_amount: Option<Amount>,
    /// Status (`not_paid`, `authorized`, …; as sent).
    pub status: Option<String>,
    /// Completion time.
    pub completed_at: Option<String>,
    /// The sessions, one per provider.
    pub payment_sessions: Option<Vec<PaymentSession>>,
    /// The providers of the collection (when selected).
    pub payment_providers: Option<Vec<PaymentProvider>>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

impl PaymentCollection {
    /// The session of `provider_id`, if the collection has one.
    ///
    /// ```
    /// # use medusa_blocking::v2::models::PaymentCollection;
    /// let c: PaymentCollection = serde_json::from_str(
    ///     r#"{"id": "pay_col_01", "payment_sessions": [{"id": "payses_01", "provider_id": "pp_system_default"}]}"#).unwrap();
    /// assert_eq!(c.session("pp_system_default").unwrap().id, "payses_01");
    /// ```
    pub fn session(&self, provider_id: &str) -> Option<&PaymentSession> {
        self.payment_sessions
            .as_deref()
            .unwrap_or_default()
            .iter()
            .find(|s| s.provider_id.as_deref() == Some(provider_id))
    }
}

/// A payment session of a collection (`payment_collection.payment_sessions[]`): one provider's
/// payment of the amount. Opening one again for the same provider replaces it.
///
/// ```rust
/// use medusa_blocking::v2::models::PaymentSession;
/// let s: PaymentSession = serde_json::from_str(r#"{"id": "payses_01", "provider_id": "pp_system_default",
///     "status": "authorized", "authorized_at": "2026-12-05T21:40:36.882Z", "data": {}, "amount": 579.96}"#).unwrap();
/// assert_eq!(s.status.as_deref(), Some("authorized"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PaymentSession {
    /// Id (`payses_…`).
    pub id: String,
    /// The provider (`pp_system_default`).
    pub provider_id: Option<String>,
    /// Currency of the amount.
    pub currency_code: Option<String>,
    /// The amount.
    pub amount: Option<Amount>,
    /// Exact `amount`.
    pub raw_amount: Option<Amount>,
    /// Status (`pending`, `authorized`, …; as sent).
    pub status: Option<String>,
    /// Authorization time.
    pub authorized_at: Option<String>,
    /// The collection's id.
    pub payment_collection_id: Option<String>,
    /// The provider's data (raw JSON, as sent: a client secret of a card provider, …).
    pub data: Option<serde_json::Value>,
    /// The context given to the provider (raw JSON, as sent).
    pub context: Option<serde_json::Value>,
    /// The payment made of it, once authorized (raw JSON, not modelled in depth).
    pub payment: Option<serde_json::Value>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A payment provider of a region (`GET /store/payment-providers`).
///
/// ```rust
/// use medusa_blocking::v2::models::PaymentProvider;
/// let p: PaymentProvider = serde_json::from_str(r#"{"id": "pp_system_default", "is_enabled": true}"#).unwrap();
/// assert_eq!(p.is_enabled, Some(true));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PaymentProvider {
    /// Id (`pp_system_default`, `pp_stripe_stripe`).
    pub id: String,
    /// Whether it is enabled.
    pub is_enabled: Option<bool>,
}

page_type! {
    /// One page of payment providers: `{payment_providers, count, offset, limit}`.
    ///
    /// ```
    /// use medusa_blocking::v2::models::PaymentProviderPage;
    /// let page: PaymentProviderPage = serde_json::from_str(
    ///     r#"{"payment_providers":[{"id":"pp_system_default","is_enabled":true}],"count":1,"offset":0,"limit":20}"#,
    /// ).unwrap();
    /// assert_eq!(page.payment_providers[0].id, "pp_system_default");
    /// ```
    PaymentProviderPage {
        /// The providers of this page.
        payment_providers: PaymentProvider
    }
}
