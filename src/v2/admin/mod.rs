//! Planned: the v2 Admin API, the operator's side of the customer: an admin client of its own
//! (an admin user's e-mail and password, or a secret API key for unattended jobs) with its own
//! layer, [`customers`] (list with every filter, retrieve, create, update, delete, a customer's
//! addresses) and [`customer_groups`] (with membership from both sides). Its request types will
//! be in `admin::params`, its models beside the store's in `v2::models`.

mod customer_groups;
mod customers;
