//! The logged-in customer's saved payment methods.

use crate::core::error::Result;
use crate::v1::models::PaymentMethod;

resource_handle! {
    /// Saved payment methods, from
    /// [`Customers::payment_methods`](crate::v1::store::customers::Customers::payment_methods).
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// for m in medusa.customers().payment_methods().list()? {
    ///     println!("{}: {}", m.provider_id, m.data);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    PaymentMethods,
    header example: "let medusa = medusa_blocking::v1::Medusa::new(\"http://localhost:9000\")?;
let methods = medusa.customers().payment_methods().header(\"x-request-id\", \"42\").list()?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl PaymentMethods {
    /// The saved payment methods of every payment provider
    /// (`GET /store/customers/me/payment-methods`); empty with the manual provider.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let methods = medusa.customers().payment_methods().list()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list(&self) -> Result<Vec<PaymentMethod>> {
        self.h
            .get("/store/customers/me/payment-methods")
            .member("payment_methods")
    }
}
