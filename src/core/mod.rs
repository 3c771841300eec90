//! The version-neutral core: what every API version's wing is built on. It knows no customer,
//! order or other resource: a wing's resource calls are one-line [`request::Request`]s through a
//! [`request::Handle`], decoded by [`decode`] and [`page`].
//!
//! - [`client`], [`builder`], [`api`]: the client (generic over the API it speaks) and its
//!   settings.
//! - [`request`], [`headers`]: the one door every call goes through; [`untyped`]: the escape
//!   hatch's request builder.
//! - [`transport`], [`response`], [`resolve`]: the attempt loop, the pure mapping of a response
//!   to a reply or an error, name resolution.
//! - [`retry`], [`rand`]: the pure retry decision, and the random numbers for jitter and keys.
//! - [`decode`], [`page`], [`query`]: bodies to types with error paths, lists and paging, query
//!   strings and path segments.
//! - [`session`], [`secret`], [`redact`]: cookies, the bearer token, session files; secret
//!   types; secrets kept out of every error snippet.
//! - [`error`]: the one error type.
//! - [`detect`]: which API a server speaks.

#[macro_use]
mod wire_enum;

pub(crate) mod api;
pub(crate) mod builder;
pub(crate) mod client;
pub(crate) mod decode;
pub(crate) mod detect;
pub(crate) mod error;
pub(crate) mod headers;
#[macro_use]
pub(crate) mod page;
pub(crate) mod query;
pub(crate) mod rand;
pub(crate) mod redact;
pub(crate) mod request;
pub(crate) mod resolve;
pub(crate) mod response;
pub(crate) mod retry;
pub(crate) mod secret;
pub(crate) mod session;
pub(crate) mod transport;
pub(crate) mod untyped;
