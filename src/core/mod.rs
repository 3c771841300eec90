//! The version-neutral core: what every API's wing is built on. It knows no API version and no
//! customer, order or other resource: a wing's resource calls are one-line
//! [`request::Request`]s made through a [`request::Handle`], and a wing's behaviour around every
//! call (v2's token refresh, the mapping of "this server speaks the other API") is the
//! [`request::Layer`] it installs through [`api::Api`].
//!
//! - [`client`], [`builder`], [`config`], [`api`]: the client (generic over the API it speaks),
//!   its builder, the immutable settings it makes, and what an API is.
//! - [`request`], [`sent`], [`headers`]: the door (the one request type every call is, typed or
//!   the escape hatch's, and the `Layer` a wing plugs into it), what sending gives (the result
//!   and whether an attempt was lost), per-handle headers.
//! - [`transport`], [`response`], [`resolve`]: prepare → attempt loop → attempt, the pure
//!   mapping of a response to a reply or an error, name resolution.
//! - [`retry`], [`rand`]: the pure retry decision, and the random numbers for jitter and keys.
//! - [`decode`], [`page`], [`query`]: bodies to types with error paths, lists and paging, query
//!   strings and path segments.
//! - [`session`], [`secret`], [`redact`]: cookies, the bearer token, session files; secret
//!   types; secrets kept out of every error snippet.
//! - [`error`]: the one error type.
//! - [`detect`]: which API a server speaks.

#[macro_use]
mod wire_enum;
#[macro_use]
pub(crate) mod secret;
#[macro_use]
pub(crate) mod page;
#[macro_use]
pub(crate) mod request;

pub(crate) mod api;
pub(crate) mod builder;
pub(crate) mod client;
pub(crate) mod config;
pub(crate) mod decode;
pub(crate) mod detect;
pub(crate) mod error;
pub(crate) mod headers;
pub(crate) mod query;
pub(crate) mod rand;
pub(crate) mod redact;
pub(crate) mod resolve;
pub(crate) mod response;
pub(crate) mod retry;
pub(crate) mod sent;
pub(crate) mod session;
pub(crate) mod transport;
