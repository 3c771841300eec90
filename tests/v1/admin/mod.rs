//! The v1 Admin API (`medusa_blocking::v1::admin`).
//!
//! - [`auth`], [`customers`], [`customer_groups`]: every call against a mockito server, pinning
//!   the exact request (method, path, query, headers, body) and what the crate makes of the
//!   answer; the answers are bodies a real Medusa 1.20.11 sent (shortened where marked);
//! - [`lost_responses`]: the non-idempotent creates after a lost response, against a scripted
//!   server;
//! - [`live`]: every call against a real Medusa 1.20 (`#[ignore]`d).

mod auth;
mod customer_groups;
mod customers;
mod live;
mod lost_responses;

use medusa_blocking::v1::admin::Admin;
use medusa_testkit::mock::{CatchAll, Reply};
use mockito::{Matcher, Mock, ServerGuard};

/// The API token the mock clients send.
pub const TOKEN: &str = "tok-admin-SECRET-1";

pub const CUSTOMER_ID: &str = "cus_01M9411ZX1C66NQY6DXP64K47R";
pub const EMAIL: &str = "fixture-1796505403229531152@example.com";
pub const GROUP_ID: &str = "cgrp_01M941207QAH0P689RGZHR2ASW";
pub const GROUP_NAME: &str = "fixture-1796505403604410990";

/// `POST /admin/customers` of a record without an account (201), as 1.20.11 answered it.
pub const CREATED: &str = r#"{"customer":{"email":"fixture-1796505403229531152@example.com","first_name":"Jane","last_name":"Doe","id":"cus_01M9411ZX1C66NQY6DXP64K47R","deleted_at":null,"billing_address_id":null,"password_hash":null,"phone":null,"metadata":null,"created_at":"2026-12-05T21:16:43.286Z","updated_at":"2026-12-05T21:16:43.286Z","has_account":false}}"#;

/// `GET /admin/customers/{id}` (default relations).
pub const RETRIEVED: &str = r#"{"customer":{"id":"cus_01M9411ZX1C66NQY6DXP64K47R","created_at":"2026-12-05T21:16:43.286Z","updated_at":"2026-12-05T21:16:43.286Z","deleted_at":null,"email":"fixture-1796505403229531152@example.com","first_name":"Jane","last_name":"Doe","billing_address_id":null,"phone":null,"has_account":false,"metadata":null,"orders":[],"shipping_addresses":[]}}"#;

/// `GET /admin/customer-groups/{id}/customers`: each customer with its groups.
pub const GROUP_CUSTOMERS: &str = r#"{"customers":[{"id":"cus_01M9411ZX1C66NQY6DXP64K47R","created_at":"2026-12-05T21:16:43.286Z","updated_at":"2026-12-05T21:16:43.286Z","deleted_at":null,"email":"fixture-1796505403229531152@example.com","first_name":"Jane","last_name":"Doe","billing_address_id":null,"phone":null,"has_account":false,"metadata":null,"groups":[{"id":"cgrp_01M941207QAH0P689RGZHR2ASW","created_at":"2026-12-05T21:16:43.638Z","updated_at":"2026-12-05T21:16:43.638Z","deleted_at":null,"name":"fixture-1796505403604410990","metadata":null}]}],"count":1,"offset":0,"limit":50}"#;

/// `GET /admin/customers/{id}?expand=groups`.
pub const CUSTOMER_WITH_GROUPS: &str = r#"{"customer":{"id":"cus_01M9411ZX1C66NQY6DXP64K47R","created_at":"2026-12-05T21:16:43.286Z","updated_at":"2026-12-05T21:16:43.286Z","deleted_at":null,"email":"fixture-1796505403229531152@example.com","first_name":"Jane","last_name":"Doe","billing_address_id":null,"phone":null,"has_account":false,"metadata":null,"groups":[{"id":"cgrp_01M941207QAH0P689RGZHR2ASW","created_at":"2026-12-05T21:16:43.638Z","updated_at":"2026-12-05T21:16:43.638Z","deleted_at":null,"name":"fixture-1796505403604410990","metadata":null}]}}"#;

/// `POST /admin/customer-groups` (and the batch answers, the same group).
pub const GROUP: &str = r#"{"customer_group":{"id":"cgrp_01M941207QAH0P689RGZHR2ASW","created_at":"2026-12-05T21:16:43.638Z","updated_at":"2026-12-05T21:16:43.638Z","deleted_at":null,"name":"fixture-1796505403604410990","metadata":null}}"#;

/// `DELETE /admin/customer-groups/{id}`.
pub const GROUP_DELETED: &str =
    r#"{"id":"cgrp_01M941207QAH0P689RGZHR2ASW","object":"customer_group","deleted":true}"#;

/// The duplicate of a record without an account.
pub const DUPLICATE_RECORD: &str = r#"{"code":"invalid_request_error","type":"duplicate_error","message":"Guest customer with email already exists"}"#;

/// `{"user": …}` of `/admin/auth`, with an API token set.
pub fn user_body(api_token: &str) -> String {
    format!(
        r#"{{"user":{{"id":"usr_01M93Q61AZANXDK0VXMNNE2XNE","created_at":"2026-12-05T18:24:09.943Z","updated_at":"2026-12-05T18:24:09.943Z","deleted_at":null,"role":"member","email":"admin@example.com","first_name":null,"last_name":null,"api_token":"{api_token}","metadata":null}}}}"#
    )
}

/// A mock server with a catch-all (a request no mock matches is answered 500 and fails the test
/// when the harness is dropped).
pub struct Harness {
    pub server: ServerGuard,
    /// Fails the test on drop when a request reached no mock.
    _catch_all: CatchAll,
}

impl Harness {
    pub fn new() -> Harness {
        let (server, catch_all) = medusa_testkit::mock::server();
        Harness {
            server,
            _catch_all: catch_all,
        }
    }

    pub fn url(&self) -> String {
        self.server.url()
    }

    /// A client authenticated with [`TOKEN`].
    pub fn admin(&self) -> Admin {
        Admin::builder(self.url()).api_token(TOKEN).build().unwrap()
    }

    /// A client with no credential.
    pub fn anonymous(&self) -> Admin {
        Admin::new(self.url()).unwrap()
    }

    /// A mock of exactly `method path?query` (no query: none allowed), with the headers every
    /// call sends and the API token.
    pub fn expect(&mut self, method: &str, path: &str, query: Option<&str>) -> Mock {
        self.expect_anonymous(method, path, query)
            .match_header("x-medusa-access-token", TOKEN)
    }

    /// The same, without the API token header.
    pub fn expect_anonymous(&mut self, method: &str, path: &str, query: Option<&str>) -> Mock {
        let query = match query {
            Some(q) => Matcher::Exact(q.to_string()),
            None => Matcher::Missing,
        };
        self.server
            .mock(method, path)
            .match_query(query)
            .match_header("accept", "application/json")
            .match_header(
                "user-agent",
                Matcher::Regex("^medusa-blocking/[0-9]".into()),
            )
    }
}

pub trait MockExt: Sized {
    /// No body, no content type.
    fn no_body(self) -> Self;
    /// Exactly this JSON body (compared as JSON), as `application/json`.
    fn json_body(self, json: &str) -> Self;
    /// Answers with `reply`.
    fn reply(self, reply: Reply) -> Self;
}

impl MockExt for Mock {
    fn no_body(self) -> Self {
        self.match_header("content-type", Matcher::Missing)
            .match_body(Matcher::Exact(String::new()))
    }

    fn json_body(self, json: &str) -> Self {
        self.match_header("content-type", "application/json")
            .match_body(Matcher::JsonString(json.to_string()))
    }

    fn reply(self, reply: Reply) -> Self {
        let mut mock = self.with_status(reply.status);
        for (name, value) in &reply.headers {
            mock = mock.with_header(name.as_str(), value);
        }
        mock.with_body(reply.body)
    }
}

/// A JSON answer.
pub fn json(status: usize, body: &str) -> Reply {
    Reply::json(status, body)
}

/// Asserts a Medusa JSON error with this status and `type`; returns its message.
#[track_caller]
pub fn expect_api<T: std::fmt::Debug>(
    result: Result<T, medusa_blocking::Error>,
    status: u16,
    kind: &str,
) -> String {
    match result {
        Err(medusa_blocking::Error::Api {
            status: got, error, ..
        }) if got == status && error.kind == kind => error.message,
        other => panic!("expected Error::Api {{ status: {status}, kind: {kind} }}, got {other:?}"),
    }
}

/// Asserts an input error mentioning `mentions`.
#[track_caller]
pub fn expect_invalid_input<T: std::fmt::Debug>(
    result: Result<T, medusa_blocking::Error>,
    mentions: &str,
) {
    match result {
        Err(medusa_blocking::Error::InvalidInput(message)) => assert!(
            message.contains(mentions),
            "{message:?} should mention {mentions:?}"
        ),
        other => panic!("expected InvalidInput mentioning {mentions:?}, got {other:?}"),
    }
}
