//! The v2 wing's side of [`crate::import`]: how a row's customers are found (the exact,
//! case-sensitive `email` filter), made (a record without account, the reference in its
//! metadata), and put in groups (`POST /admin/customers/{id}/customer-groups`).

use serde_json::{Map, Value};

use crate::core::error::{Error, Result};
use crate::import::{ImportOptions, ImportRow, ImportSummary, Importer, RowOutcome};
use crate::v2::admin::customers::Customers;
use crate::v2::admin::params::{CreateCustomer, ListCustomers};
use crate::v2::models::Customer;

/// Enough of a customer to match a row: the reference, the account flag, the groups.
const LOOKUP_FIELDS: &str = "id,email,metadata,has_account,created_at,*groups";

impl Importer for Customers {
    type Customer = Customer;

    fn lookup(&self, email: &str) -> Result<Vec<Customer>> {
        let page = self.list(&ListCustomers {
            email: vec![email.to_string()],
            fields: Some(LOOKUP_FIELDS.into()),
            limit: Some(100),
            ..Default::default()
        })?;
        Ok(page.customers)
    }

    fn create(&self, row: &ImportRow, metadata: Map<String, Value>) -> Result<Customer> {
        Customers::create(
            self,
            &CreateCustomer {
                first_name: row.first_name.clone(),
                last_name: row.last_name.clone(),
                phone: row.phone.clone(),
                metadata: Some(metadata),
                ..CreateCustomer::with_email(&row.email)
            },
        )
    }

    fn groups_of<'c>(&self, customer: &'c Customer) -> Option<Vec<&'c str>> {
        let groups = customer.groups.as_ref()?;
        Some(groups.iter().map(|g| g.id.as_str()).collect())
    }

    fn add_groups(&self, customer: &Customer, groups: &[&str]) -> Result<()> {
        Customers::add_groups(self, &customer.id, groups).map(|_| ())
    }

    fn metadata<'c>(&self, customer: &'c Customer) -> Option<&'c Map<String, Value>> {
        customer.metadata.as_ref()
    }

    fn has_account(&self, customer: &Customer) -> bool {
        customer.has_account
    }

    /// v2's 400 `invalid_data` "Customer with email: …, has_account: false, already exists."
    fn is_duplicate(&self, error: &Error) -> bool {
        error.status() == Some(400)
            && error
                .api_error()
                .is_some_and(|e| e.kind == "invalid_data" && e.message.contains("already exists"))
    }
}

impl Customers {
    /// Imports customers so that a batch job can run it again: each row is looked up by its
    /// e-mail, matched by its reference (in the customer's metadata, under
    /// [`ImportOptions::reference_key`](crate::import::ImportOptions::reference_key)), and
    /// created only when no customer has the e-mail; then put in its groups. A rerun over the
    /// same rows creates nothing and reports every row already there. The rules, and what they
    /// cannot see, are in [`crate::import`] (`email` is exact and case-sensitive in v2: see the module's limits).
    ///
    /// Rows are worked on by [`ImportOptions::threads`](crate::import::ImportOptions::threads)
    /// threads (clones of this handle); `on_row` gets each outcome on the calling thread as soon
    /// as its row is done (the row's index, the row, the outcome), for progress and per-row
    /// output. The summary counts them. A failed row does not stop the others. Turn retries on
    /// (`max_retries`) for a job that must ride out a flaky network: a create whose answer was
    /// lost is then settled by the create (its call id), reported created once, never made twice.
    ///
    /// ```no_run
    /// use medusa_blocking::import::{ImportOptions, ImportRow};
    /// use medusa_blocking::v2::admin::Admin;
    ///
    /// let admin = Admin::builder("http://localhost:9000").secret_api_key("sk_...").max_retries(3).build()?;
    /// let rows = vec![
    ///     ImportRow::new("legacy-1001", "jane@example.com").first_name("Jane").last_name("Doe"),
    ///     ImportRow::new("legacy-1002", "joe@example.com").first_name("Joe").last_name("Roe"),
    /// ];
    /// let summary = admin.customers().import(&rows, &ImportOptions::default(), |_, row, outcome| {
    ///     println!("{} {} {}", outcome.label(), row.reference, row.email);
    /// });
    /// eprintln!("{summary}");
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn import(
        &self,
        rows: &[ImportRow],
        options: &ImportOptions,
        on_row: impl FnMut(usize, &ImportRow, RowOutcome<Customer>),
    ) -> ImportSummary {
        let key = options.reference_key.as_str();
        crate::import::run(
            rows,
            options.threads,
            |row| crate::import::import_row(self, row, key),
            on_row,
        )
    }
}
