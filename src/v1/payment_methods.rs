//! The logged-in customer's saved payment methods.

use crate::core::error::Result;
use crate::core::request::Handle;
use crate::v1::models::PaymentMethod;

/// Saved payment methods, from `Customers::payment_methods`.
///
/// ```no_run
/// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
/// for m in medusa.customers().payment_methods().list()? {
///     println!("{}: {}", m.provider_id, m.data);
/// }
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct PaymentMethods {
    h: Handle,
}

impl PaymentMethods {
    pub(super) fn new(h: Handle) -> PaymentMethods {
        PaymentMethods { h }
    }

    /// The saved payment methods of every payment provider
    /// (`GET /store/customers/me/payment-methods`); empty with the manual provider.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let methods = medusa.customers().payment_methods().list()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list(&self) -> Result<Vec<PaymentMethod>> {
        self.h
            .get("/store/customers/me/payment-methods")
            .member("payment_methods")
    }
}
