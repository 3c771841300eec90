//! An import of customers that a batch job can run again: the rows, what became of each, and
//! the summary, for both API versions. Each wing's admin customers handle has the call
//! (`admin.customers().import(…)`); this module holds what they share: the row, the outcome,
//! the matching rules and the bounded thread pool.
//!
//! # How a row is matched
//!
//! Neither Medusa server can find a customer by its metadata, so a row is keyed by its e-mail
//! and carries an external reference (`reference`, stored in the customer's metadata under
//! [`ImportOptions::reference_key`], `import_ref` by default). For each row the import looks up
//! the customers with the row's e-mail, and then:
//!
//! - one of them carries the row's reference: the row is [`RowOutcome::AlreadyThere`] (a
//!   rerun, or a run that crashed after creating it), and nothing is created;
//! - one of them exists without it (or with another reference): [`RowOutcome::Conflict`], an
//!   existing customer that is not this row's; nothing is created or changed;
//! - none: the customer is created with the reference, and the row is [`RowOutcome::Created`].
//!
//! Both servers refuse a second customer without account with the same e-mail, so two runs (or
//! two rows) racing for one e-mail create it once: the loser looks again and reports
//! `AlreadyThere` or `Conflict`. A create whose answer was lost is settled by the wing's own
//! create (with retries on, the record carries a call id under `CALL_ID_KEY` in its metadata,
//! which tells this call's record from one an identical call made): `Created` once, never made
//! twice. When even that check could not be made, the outcome is unknown and the row is
//! `Failed` with [`Error::OutcomeUnknown`]; a rerun then finds the customer (if it was made)
//! and reports it `AlreadyThere`. Nothing the import did not create is ever changed.
//!
//! # Limits (what the match cannot see)
//!
//! - **Letter case of e-mails.** v1 lower-cases an e-mail when it creates the customer, and its
//!   look-up (`q`) ignores case: `Jane@Example.com` and `jane@example.com` are one customer.
//!   v2 stores the e-mail as given and its `email` filter is exact: a row with
//!   `Jane@Example.com` does not see a customer `jane@example.com`, and the server accepts both.
//!   Lower-case the e-mails of the rows (the example does) when the source is not consistent.
//! - **Registered customers.** A store sign-up (`has_account: true`) with the row's e-mail is a
//!   `Conflict`: it is someone's account, not this row's record.
//! - A customer whose reference was removed or edited by hand is a `Conflict` from then on.
//! - With retries on, what the import creates carries the wing's call id beside the reference
//!   (about 60 bytes of metadata, kept): it is what tells a lost create's record from one an
//!   identical import made at the same moment.
//!
//! ```
//! use medusa_blocking::import::{ImportOptions, ImportRow};
//!
//! let row = ImportRow::new("legacy-1001", "jane@example.com")
//!     .first_name("Jane")
//!     .last_name("Doe");
//! let options = ImportOptions::default().threads(4);
//! assert_eq!(options.reference_key, "import_ref");
//! # let _ = row;
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use crate::core::error::{Error, Result};

/// The metadata key an import stores a row's reference under, unless
/// [`ImportOptions::reference_key`] says otherwise.
///
/// ```
/// assert_eq!(medusa_blocking::import::DEFAULT_REFERENCE_KEY, "import_ref");
/// ```
pub const DEFAULT_REFERENCE_KEY: &str = "import_ref";

/// The most threads an import uses, whatever [`ImportOptions::threads`] asks: the servers
/// serialise customer writes, and more only queue there.
///
/// ```
/// assert_eq!(medusa_blocking::import::MAX_THREADS, 32);
/// ```
pub const MAX_THREADS: usize = 32;

/// One customer to import: an external reference (the row's key in the source, such as an old
/// shop's customer number), the e-mail, and what the customer is made with.
///
/// ```
/// use medusa_blocking::import::ImportRow;
/// let row = ImportRow::new("legacy-1001", "jane@example.com")
///     .first_name("Jane")
///     .phone("+15550001111")
///     .metadata("tier", "gold")
///     .group("cusgroup_01H...");
/// assert_eq!(row.groups, ["cusgroup_01H..."]);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImportRow {
    /// The row's external reference: unique in the source, never empty.
    pub reference: String,
    /// The customer's e-mail (the key the row is looked up by).
    pub email: String,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Metadata the customer is created with (the reference is added to it).
    pub metadata: Map<String, Value>,
    /// Ids of customer groups the customer is put in (when created, and again on a rerun).
    pub groups: Vec<String>,
}

impl ImportRow {
    /// A row with its reference and e-mail.
    ///
    /// ```
    /// let row = medusa_blocking::import::ImportRow::new("r-1", "jane@example.com");
    /// assert_eq!(row.reference, "r-1");
    /// ```
    pub fn new(reference: impl Into<String>, email: impl Into<String>) -> ImportRow {
        ImportRow {
            reference: reference.into(),
            email: email.into(),
            ..ImportRow::default()
        }
    }

    /// With a first name.
    ///
    /// ```
    /// let row = medusa_blocking::import::ImportRow::new("r-1", "a@example.com").first_name("Jane");
    /// assert_eq!(row.first_name.as_deref(), Some("Jane"));
    /// ```
    pub fn first_name(mut self, name: impl Into<String>) -> ImportRow {
        self.first_name = Some(name.into());
        self
    }

    /// With a last name.
    ///
    /// ```
    /// let row = medusa_blocking::import::ImportRow::new("r-1", "a@example.com").last_name("Doe");
    /// assert_eq!(row.last_name.as_deref(), Some("Doe"));
    /// ```
    pub fn last_name(mut self, name: impl Into<String>) -> ImportRow {
        self.last_name = Some(name.into());
        self
    }

    /// With a phone number.
    ///
    /// ```
    /// let row = medusa_blocking::import::ImportRow::new("r-1", "a@example.com").phone("+1555");
    /// assert_eq!(row.phone.as_deref(), Some("+1555"));
    /// ```
    pub fn phone(mut self, phone: impl Into<String>) -> ImportRow {
        self.phone = Some(phone.into());
        self
    }

    /// With a metadata entry.
    ///
    /// ```
    /// let row = medusa_blocking::import::ImportRow::new("r-1", "a@example.com").metadata("tier", "gold");
    /// assert_eq!(row.metadata["tier"], "gold");
    /// ```
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<Value>) -> ImportRow {
        self.metadata.insert(key.into(), value.into());
        self
    }

    /// In one more customer group (by id).
    ///
    /// ```
    /// let row = medusa_blocking::import::ImportRow::new("r-1", "a@example.com").group("cusgroup_1");
    /// assert_eq!(row.groups.len(), 1);
    /// ```
    pub fn group(mut self, id: impl Into<String>) -> ImportRow {
        self.groups.push(id.into());
        self
    }

    /// The row's local checks: a reference and an e-mail that can be one, and no metadata entry
    /// that would overwrite the reference with another value.
    pub(crate) fn check(&self, reference_key: &str) -> Result<()> {
        if self.reference.trim().is_empty() {
            return Err(Error::InvalidInput("the row has no reference".into()));
        }
        let email = self.email.trim();
        let plausible = email.len() == self.email.len()
            && email
                .split_once('@')
                .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
            && !email.chars().any(char::is_whitespace);
        if !plausible {
            return Err(Error::InvalidInput(format!(
                "row {:?}: {:?} is not an e-mail address",
                self.reference, self.email
            )));
        }
        if let Some(v) = self.metadata.get(reference_key)
            && v.as_str() != Some(self.reference.as_str())
        {
            return Err(Error::InvalidInput(format!(
                "row {:?}: its metadata sets {reference_key:?}, the key of the reference",
                self.reference
            )));
        }
        if self.groups.iter().any(|g| g.trim().is_empty()) {
            return Err(Error::InvalidInput(format!(
                "row {:?}: an empty group id",
                self.reference
            )));
        }
        Ok(())
    }

    /// The metadata the customer is created with: the row's, and the reference.
    pub(crate) fn metadata_with_reference(&self, reference_key: &str) -> Map<String, Value> {
        let mut m = self.metadata.clone();
        m.insert(
            reference_key.to_string(),
            Value::String(self.reference.clone()),
        );
        m
    }
}

/// What became of one row. `C` is the wing's customer model.
///
/// ```
/// use medusa_blocking::import::RowOutcome;
/// let outcome: RowOutcome<()> = RowOutcome::AlreadyThere(());
/// assert_eq!(outcome.label(), "already there");
/// assert!(outcome.is_ok());
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum RowOutcome<C> {
    /// Created by this run, with the row's reference.
    Created(C),
    /// There already with the row's reference (an earlier run made it): nothing created.
    AlreadyThere(C),
    /// A customer with the row's e-mail exists that is not this row's (no reference, another
    /// one, or a registered account): nothing created or changed.
    Conflict {
        /// The customer found.
        existing: C,
        /// Why it is not this row's.
        reason: String,
    },
    /// The row failed: a local check, or the server's error. A rerun tries it again.
    Failed(Error),
}

impl<C> RowOutcome<C> {
    /// `created`, `already there`, `conflict` or `failed`.
    ///
    /// ```
    /// use medusa_blocking::import::RowOutcome;
    /// assert_eq!(RowOutcome::Created(()).label(), "created");
    /// ```
    pub fn label(&self) -> &'static str {
        match self {
            RowOutcome::Created(_) => "created",
            RowOutcome::AlreadyThere(_) => "already there",
            RowOutcome::Conflict { .. } => "conflict",
            RowOutcome::Failed(_) => "failed",
        }
    }

    /// Created or already there: the row's customer exists.
    ///
    /// ```
    /// use medusa_blocking::import::RowOutcome;
    /// assert!(RowOutcome::Created(()).is_ok());
    /// ```
    pub fn is_ok(&self) -> bool {
        matches!(self, RowOutcome::Created(_) | RowOutcome::AlreadyThere(_))
    }

    /// The customer, unless the row failed.
    ///
    /// ```
    /// use medusa_blocking::import::RowOutcome;
    /// assert_eq!(RowOutcome::Created(7).customer(), Some(&7));
    /// ```
    pub fn customer(&self) -> Option<&C> {
        match self {
            RowOutcome::Created(c)
            | RowOutcome::AlreadyThere(c)
            | RowOutcome::Conflict { existing: c, .. } => Some(c),
            RowOutcome::Failed(_) => None,
        }
    }
}

/// How an import runs.
///
/// ```
/// use medusa_blocking::import::ImportOptions;
/// let options = ImportOptions::default().threads(4).reference_key("legacy_id");
/// assert_eq!(options.threads, 4);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ImportOptions {
    /// Rows worked on at once, each by a thread of its own (1 to [`MAX_THREADS`]; default 4;
    /// with 1, the rows are worked on the calling thread, one after the other).
    /// Clones of the one client share its connection pool and session.
    pub threads: usize,
    /// The metadata key of the reference (default [`DEFAULT_REFERENCE_KEY`]).
    pub reference_key: String,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions {
            threads: 4,
            reference_key: DEFAULT_REFERENCE_KEY.into(),
        }
    }
}

impl ImportOptions {
    /// Rows worked on at once (clamped to 1..=[`MAX_THREADS`]).
    ///
    /// ```
    /// let o = medusa_blocking::import::ImportOptions::default().threads(0);
    /// assert_eq!(o.threads, 1);
    /// ```
    pub fn threads(mut self, n: usize) -> ImportOptions {
        self.threads = n.clamp(1, MAX_THREADS);
        self
    }

    /// The metadata key the reference is stored under.
    ///
    /// ```
    /// let o = medusa_blocking::import::ImportOptions::default().reference_key("legacy_id");
    /// assert_eq!(o.reference_key, "legacy_id");
    /// ```
    pub fn reference_key(mut self, key: impl Into<String>) -> ImportOptions {
        self.reference_key = key.into();
        self
    }
}

/// The counts of an import.
///
/// ```
/// let s = medusa_blocking::import::ImportSummary::default();
/// assert_eq!(s.rows, 0);
/// assert!(s.is_clean());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportSummary {
    /// Rows worked on.
    pub rows: usize,
    /// Customers created by this run.
    pub created: usize,
    /// Rows whose customer was there already.
    pub already_there: usize,
    /// Rows whose e-mail belongs to another customer.
    pub conflicts: usize,
    /// Rows that failed.
    pub failed: usize,
    /// How long the import took.
    pub elapsed: Duration,
}

impl ImportSummary {
    /// No conflict and no failure.
    ///
    /// ```
    /// assert!(medusa_blocking::import::ImportSummary::default().is_clean());
    /// ```
    pub fn is_clean(&self) -> bool {
        self.conflicts == 0 && self.failed == 0
    }

    /// Rows per second.
    ///
    /// ```
    /// assert_eq!(medusa_blocking::import::ImportSummary::default().rows_per_second(), 0.0);
    /// ```
    pub fn rows_per_second(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.rows as f64 / secs
        } else {
            0.0
        }
    }

    fn count<C>(&mut self, outcome: &RowOutcome<C>) {
        self.rows += 1;
        match outcome {
            RowOutcome::Created(_) => self.created += 1,
            RowOutcome::AlreadyThere(_) => self.already_there += 1,
            RowOutcome::Conflict { .. } => self.conflicts += 1,
            RowOutcome::Failed(_) => self.failed += 1,
        }
    }
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} rows in {:.1} s: {} created, {} already there, {} conflicts, {} failed",
            self.rows,
            self.elapsed.as_secs_f64(),
            self.created,
            self.already_there,
            self.conflicts,
            self.failed
        )
    }
}

/// What a wing gives the import: its look-up, its create, group membership, and how to read its
/// customer model.
pub(crate) trait Importer: Sync {
    type Customer: Send;

    /// The wing's own checks of a row, before any request (v1 needs names).
    fn check(&self, _row: &ImportRow) -> Result<()> {
        Ok(())
    }

    /// The customers with this e-mail (as the wing's server can find them).
    fn lookup(&self, email: &str) -> Result<Vec<Self::Customer>>;
    /// Creates the row's customer, with `metadata` (the reference included).
    fn create(&self, row: &ImportRow, metadata: Map<String, Value>) -> Result<Self::Customer>;
    /// The ids of the groups the customer is known to be in (`None`: not known).
    fn groups_of<'c>(&self, customer: &'c Self::Customer) -> Option<Vec<&'c str>>;
    /// Puts the customer in these groups (its others kept).
    fn add_groups(&self, customer: &Self::Customer, groups: &[&str]) -> Result<()>;
    /// The customer's metadata.
    fn metadata<'c>(&self, customer: &'c Self::Customer) -> Option<&'c Map<String, Value>>;
    /// Whether the customer is a registered account (a store sign-up).
    fn has_account(&self, customer: &Self::Customer) -> bool;
    /// The error is the server refusing a second customer with the e-mail.
    fn is_duplicate(&self, error: &Error) -> bool;
}

/// One row: look up, match, create when nothing is there, then the groups.
pub(crate) fn import_row<I: Importer>(
    importer: &I,
    row: &ImportRow,
    key: &str,
) -> RowOutcome<I::Customer> {
    if let Err(e) = row.check(key).and_then(|()| importer.check(row)) {
        return RowOutcome::Failed(e);
    }
    let found = match importer.lookup(&row.email) {
        Ok(found) => found,
        Err(e) => return RowOutcome::Failed(e),
    };
    let outcome = match judge(importer, row, key, found) {
        Some(outcome) => outcome,
        None => match importer.create(row, row.metadata_with_reference(key)) {
            Ok(c) => RowOutcome::Created(c),
            // Refused as a duplicate (another run or row got there first): what is there now
            // says whose it is. (A lost answer was settled by the wing's create; an outcome it
            // could not settle stays unknown: the row fails with it.)
            Err(e) if importer.is_duplicate(&e) => match importer.lookup(&row.email) {
                Ok(found) => match judge(importer, row, key, found) {
                    Some(outcome) => outcome,
                    None => RowOutcome::Failed(e),
                },
                Err(_) => RowOutcome::Failed(e),
            },
            Err(e) => RowOutcome::Failed(e),
        },
    };
    // The groups: for a new customer, and again for one already there (a run that crashed
    // between the create and the groups is completed by the rerun). A failure leaves the
    // customer in place; the row fails, and a rerun finds it and adds the groups.
    if row.groups.is_empty() {
        return outcome;
    }
    match outcome {
        RowOutcome::Created(c) => match ensure_groups(importer, &c, &row.groups) {
            Ok(()) => RowOutcome::Created(c),
            Err(e) => RowOutcome::Failed(e),
        },
        RowOutcome::AlreadyThere(c) => match ensure_groups(importer, &c, &row.groups) {
            Ok(()) => RowOutcome::AlreadyThere(c),
            Err(e) => RowOutcome::Failed(e),
        },
        other => other,
    }
}

/// Puts the customer in the row's groups it is not known to be in (all of them when its groups
/// are not known): a rerun over customers already in their groups sends nothing.
fn ensure_groups<I: Importer>(
    importer: &I,
    customer: &I::Customer,
    groups: &[String],
) -> Result<()> {
    let have = importer.groups_of(customer);
    let missing: Vec<&str> = groups
        .iter()
        .map(String::as_str)
        .filter(|g| have.as_ref().is_none_or(|have| !have.contains(g)))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    importer.add_groups(customer, &missing)
}

/// The customer's reference: the string under `key` in its metadata.
fn reference_of<'c, I: Importer>(
    importer: &I,
    customer: &'c I::Customer,
    key: &str,
) -> Option<&'c str> {
    importer.metadata(customer)?.get(key)?.as_str()
}

/// What the customers found for a row's e-mail say: `AlreadyThere` (one carries the row's
/// reference), `Conflict` (one exists that is not the row's), or `None` (none: create it).
fn judge<I: Importer>(
    importer: &I,
    row: &ImportRow,
    key: &str,
    found: Vec<I::Customer>,
) -> Option<RowOutcome<I::Customer>> {
    let mut other = None;
    for c in found {
        match reference_of(importer, &c, key) {
            Some(r) if r == row.reference && !importer.has_account(&c) => {
                return Some(RowOutcome::AlreadyThere(c));
            }
            _ => {
                if other.is_none() {
                    other = Some(c);
                }
            }
        }
    }
    other.map(|existing| {
        let reason = match reference_of(importer, &existing, key) {
            _ if importer.has_account(&existing) => "a registered customer has this e-mail".into(),
            Some(r) => format!("a customer with this e-mail has reference {r:?}"),
            None => "a customer with this e-mail has no reference".into(),
        };
        RowOutcome::Conflict { existing, reason }
    })
}

/// Runs `per_row` over the rows on up to `threads` threads, and hands each outcome to `on_row`
/// on the caller's thread as soon as it is known (in the order rows finish): the index of the
/// row, the row, its outcome. Rows are taken in order; the summary counts them all. With one
/// thread, the rows are worked on the caller's thread itself, in order.
pub(crate) fn run<C: Send>(
    rows: &[ImportRow],
    threads: usize,
    per_row: impl Fn(&ImportRow) -> RowOutcome<C> + Sync,
    mut on_row: impl FnMut(usize, &ImportRow, RowOutcome<C>),
) -> ImportSummary {
    let started = Instant::now();
    let mut summary = ImportSummary::default();
    let threads = threads.clamp(1, MAX_THREADS).min(rows.len().max(1));
    if threads == 1 {
        // One row at a time on the calling thread: no thread to start, and no hand-off of each
        // outcome from a worker (two context switches a row, a third of a loopback row's CPU).
        for (i, row) in rows.iter().enumerate() {
            let outcome = per_row(row);
            summary.count(&outcome);
            on_row(i, row, outcome);
        }
        summary.elapsed = started.elapsed();
        return summary;
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel();
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, per_row) = (&next, &per_row);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(row) = rows.get(i) else { break };
                    if tx.send((i, per_row(row))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, outcome) in rx {
            summary.count(&outcome);
            on_row(i, &rows[i], outcome);
        }
    });
    summary.elapsed = started.elapsed();
    summary
}

#[cfg(test)]
mod tests;
