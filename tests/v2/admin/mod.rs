//! The v2 Admin API (`medusa_blocking::v2::admin`): exact-request mock tests ([`auth`],
//! [`customers`], [`groups`], [`addresses`]), lost responses ([`retries`]) and the [`live`] suite
//! against a real Medusa 2.21 (`#[ignore]`d; `cargo test --test v2 -- --include-ignored live::`).
//!
//! The harness: a mockito server per test with the test kit's catch-all (an unmatched request
//! is answered 500 naming it, and the test fails when its [`Server`] is dropped), and
//! [`Server::call`], a mock of exactly one request: method, path and query as sent, who it is
//! made as ([`Who`]: the `Authorization` header or its absence, and no cookie), the body (none
//! and no `Content-Type`, or this JSON and `Content-Type: application/json`), and what every call
//! of an admin client sends: `Accept: application/json`, the crate's user agent, **no**
//! publishable key and no `Idempotency-Key` (no retries).

mod addresses;
mod auth;
mod customers;
mod groups;
mod live;
mod retries;

use medusa_blocking::v2::admin::Admin;
use medusa_testkit::mock::{self, CatchAll, Seen};
use mockito::{Matcher, Mock, ServerGuard};
use serde_json::Value;
use std::sync::{Arc, Mutex};

/// The secret API key of the mock tests.
pub const KEY: &str = "sk_650c10d6ce4ca6bacc741f2ed968fe7bc1ec789f6ac024a855f84c1941ac07b3";
/// [`KEY`] as HTTP Basic (`printf 'sk_…:' | base64`).
pub const BASIC: &str = "Basic c2tfNjUwYzEwZDZjZTRjYTZiYWNjNzQxZjJlZDk2OGZlN2JjMWVjNzg5ZjZhYzAyNGE4NTVmODRjMTk0MWFjMDdiMzo=";
/// A user token (`actor_id` `user_01`, runs out in 2100: never refreshed by itself here).
pub const USER_TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhY3Rvcl9pZCI6InVzZXJfMDEiLCJhY3Rvcl90eXBlIjoidXNlciIsImF1dGhfaWRlbnRpdHlfaWQiOiJhdXRoaWRfMDEiLCJpYXQiOjE3OTYwMDAwMDAsImV4cCI6NDEwMjQ0NDgwMH0.c2ln";
/// A token whose `actor_id` is empty: a customer's credentials on the admin log-in route.
pub const NO_ACTOR_TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhY3Rvcl9pZCI6IiIsImFjdG9yX3R5cGUiOiJ1c2VyIiwiYXV0aF9pZGVudGl0eV9pZCI6ImF1dGhpZF8wMiIsImlhdCI6MTc5NjAwMDAwMCwiZXhwIjo0MTAyNDQ0ODAwfQ.c2ln";

/// A customer as the 2.21.2 server answers (`POST /admin/customers`, contract §3).
pub fn customer_json(id: &str, email: &str) -> Value {
    serde_json::json!({
        "id": id, "company_name": null, "first_name": "Pro", "last_name": "Be", "email": email,
        "phone": null, "metadata": {"import_ref": "row-1"}, "has_account": false,
        "created_by": "user_01M93G1X3C9Y0SWWPX9MM4045X", "created_at": "2026-12-05T17:03:40.846Z",
        "updated_at": "2026-12-05T17:03:40.846Z", "deleted_at": null
    })
}

/// Who a request is made as.
#[derive(Debug, Clone, Copy)]
pub enum Who {
    /// No `Authorization`.
    Nobody,
    /// [`BASIC`].
    Key,
    /// `Bearer <token>`.
    Bearer(&'static str),
}

pub struct Server {
    server: ServerGuard,
    catch_all: CatchAll,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    pub fn new() -> Server {
        let (server, catch_all) = mock::server();
        Server {
            server,
            catch_all,
            seen: Arc::default(),
        }
    }

    pub fn url(&self) -> String {
        self.server.url()
    }

    /// An admin client with the secret key [`KEY`].
    pub fn with_key(&self) -> Admin {
        Admin::builder(self.url())
            .secret_api_key(KEY)
            .build()
            .unwrap()
    }

    /// An admin client holding [`USER_TOKEN`].
    pub fn with_token(&self) -> Admin {
        Admin::builder(self.url())
            .bearer_token(USER_TOKEN)
            .build()
            .unwrap()
    }

    /// A mock of exactly this request, answering `status` with `reply` (JSON). Not created yet.
    pub fn call(
        &mut self,
        method: &str,
        target: &str,
        who: Who,
        body: Option<Value>,
        status: usize,
        reply: Value,
    ) -> Mock {
        let authorization = match who {
            Who::Nobody => Matcher::Missing,
            Who::Key => Matcher::Exact(BASIC.into()),
            Who::Bearer(token) => Matcher::Exact(format!("Bearer {token}")),
        };
        let mock = self
            .server
            .mock(method, target)
            .match_header("accept", "application/json")
            .match_header(
                "user-agent",
                Matcher::Regex("^medusa-blocking/[0-9]".into()),
            )
            .match_header("x-publishable-api-key", Matcher::Missing)
            .match_header("idempotency-key", Matcher::Missing)
            .match_header("cookie", Matcher::Missing)
            .match_header("authorization", authorization);
        let mock = match body {
            None => mock
                .match_header("content-type", Matcher::Missing)
                .match_body(Matcher::Exact(String::new())),
            Some(value) => mock
                .match_header("content-type", "application/json")
                .match_body(Matcher::Json(value)),
        };
        let log = Arc::clone(&self.seen);
        let reply = reply.to_string();
        mock.with_status(status)
            .with_header("content-type", "application/json; charset=utf-8")
            .with_body_from_request(move |req| {
                log.lock().unwrap().push(Seen::of(req));
                reply.clone().into_bytes()
            })
    }

    /// `METHOD target` of each request the test's mocks answered, in order.
    pub fn lines_seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().iter().map(Seen::line).collect()
    }

    #[track_caller]
    pub fn assert_nothing_unexpected(&self) {
        self.catch_all.assert_nothing_unexpected();
    }
}
