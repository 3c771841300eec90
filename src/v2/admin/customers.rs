//! Planned: `/admin/customers` of Medusa v2: list (`q`, e-mails, `has_account`, groups, the
//! `$`-operator date ranges, `fields`), a lazy iterator, retrieve, create (no password),
//! update (metadata merge and key removal), delete, and the customer's addresses.
