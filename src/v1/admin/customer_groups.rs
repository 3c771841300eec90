//! Planned: `/admin/customer-groups` of Medusa v1: list, create, retrieve, update, delete, and
//! adding or removing customers in batches.
