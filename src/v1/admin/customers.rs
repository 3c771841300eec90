//! Planned: `/admin/customers` of Medusa v1: list (`q`, `has_account`, groups, date ranges
//! without `$` operators, never the filter form that crashes the server), a lazy iterator,
//! retrieve, create (v1 needs a password), update.
