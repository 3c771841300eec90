//! Planned: the v1 Admin API, the operator's side of the customer: an admin client of its own
//! (the admin session of `POST /admin/auth`, a bearer token, or a user's API token sent as
//! `x-medusa-access-token`) with its own layer, [`customers`] and [`customer_groups`]. Its
//! request types will be in `admin::params`, its models beside the store's in `v1::models`.

mod customer_groups;
mod customers;
