//! The version-neutral core: what every API version's wing is built on. It knows no customer,
//! order or other resource.

#[macro_use]
mod wire_enum;
