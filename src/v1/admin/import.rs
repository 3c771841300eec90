//! The v1 wing's side of [`crate::import`]: how a row's customers are found (`q`, compared
//! case-insensitively: v1 lower-cases e-mails on create), made (a customer without account,
//! `password: ""`, the reference in its metadata; v1 needs a first and a last name), and put in
//! groups (each group's batch route).

use serde_json::{Map, Value};

use crate::core::error::{Error, Result};
use crate::import::{ImportOptions, ImportRow, ImportSummary, Importer, RowOutcome};
use crate::v1::admin::customers::Customers;
use crate::v1::admin::params::CreateCustomer;
use crate::v1::models::Customer;

impl Importer for Customers {
    type Customer = Customer;

    fn check(&self, row: &ImportRow) -> Result<()> {
        let named = |n: &Option<String>| n.as_deref().is_some_and(|n| !n.trim().is_empty());
        if !named(&row.first_name) || !named(&row.last_name) {
            return Err(Error::InvalidInput(format!(
                "row {:?}: Medusa v1 needs a first and a last name to create a customer",
                row.reference
            )));
        }
        Ok(())
    }

    fn lookup(&self, email: &str) -> Result<Vec<Customer>> {
        self.find_by_email(email)
    }

    fn create(&self, row: &ImportRow, metadata: Map<String, Value>) -> Result<Customer> {
        let mut customer = CreateCustomer::new(
            &row.email,
            row.first_name.as_deref().unwrap_or_default(),
            row.last_name.as_deref().unwrap_or_default(),
        );
        customer.phone = row.phone.clone();
        customer.metadata = Some(metadata);
        Customers::create(self, &customer)
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

    /// v1's 422 `duplicate_error`.
    fn is_duplicate(&self, error: &Error) -> bool {
        error.status() == Some(422)
            && error
                .api_error()
                .is_some_and(|e| e.kind == "duplicate_error")
    }
}

impl Customers {
    /// Imports customers so that a batch job can run it again: each row is looked up by its
    /// e-mail, matched by its reference (in the customer's metadata, under
    /// [`ImportOptions::reference_key`](crate::import::ImportOptions::reference_key)), and
    /// created only when no customer has the e-mail; then put in its groups. A rerun over the
    /// same rows creates nothing and reports every row already there. The rules, and what they
    /// cannot see, are in [`crate::import`] (v1 needs a first and a last name in every row).
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
    /// use medusa_blocking::v1::admin::Admin;
    ///
    /// let admin = Admin::builder("http://localhost:9000").api_token("...").max_retries(3).build()?;
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
