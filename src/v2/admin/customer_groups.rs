//! Planned: `/admin/customer-groups` of Medusa v2: list, create, retrieve, update, delete, and
//! membership from both sides (customers of a group, groups of a customer).
