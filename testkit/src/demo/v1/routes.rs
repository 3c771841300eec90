//! Routing below `/health`, `/test-hooks` and `/store`, CORS, authentication, and Medusa's error
//! bodies.

use super::*;
use crate::demo::express::{cors_headers as express_cors_headers, preflight as express_preflight};

pub(super) fn is(segment: &str, literal: &str) -> bool {
    segment.eq_ignore_ascii_case(literal)
}

pub(super) fn route(call: &mut Call, st: &mut State) -> Resp {
    let req = call.req;
    let get = req.method == "GET" || req.method == "HEAD";
    let trimmed = req.path().strip_prefix('/').unwrap_or(req.path());
    let mut segs: Vec<&str> = trimmed.split('/').collect();
    if segs.last() == Some(&"") {
        segs.pop();
    }
    match segs.as_slice() {
        [h] if get && is(h, "health") => return Resp::html(200, "OK"),
        [t, p] if get && is(t, "test-hooks") && is(p, "password-reset-token") => {
            return reset_token_hook(call, st);
        }
        [s, rest @ ..] if is(s, "store") => {
            if req.method == "OPTIONS" {
                return preflight(req);
            }
            let mut resp = store_route(call, st, rest);
            resp.cors = cors_headers(req);
            return resp;
        }
        _ => {}
    }
    not_found(req)
}

pub(super) fn not_found(req: &Request) -> Resp {
    Resp::html_error(404, &format!("Cannot {} {}", req.method, req.path()))
}

/// `cors()` of the store router (Medusa's `store_cors`).
pub(super) fn cors_headers(req: &Request) -> Vec<(&'static str, String)> {
    express_cors_headers(req, ALLOWED_ORIGINS)
}

/// `cors()` answering an OPTIONS request under /store (captures 02 and 03).
pub(super) fn preflight(req: &Request) -> Resp {
    express_preflight(req, ALLOWED_ORIGINS)
}

pub(super) fn store_route(call: &mut Call, st: &mut State, segs: &[&str]) -> Resp {
    let method = call.req.method.as_str();
    let get = method == "GET" || method == "HEAD";
    match segs {
        [c, rest @ ..] if is(c, "customers") => {
            match (method, rest) {
                ("POST", []) => return create_customer(call, st),
                ("POST", [p]) if is(p, "password-reset") => return reset_password(call, st),
                ("POST", [p]) if is(p, "password-token") => return password_token(call, st),
                _ => {}
            }
            // `route.use(requireCustomerAuthentication())`: everything else below
            // /store/customers needs a customer, even paths that do not exist.
            let Some(ci) = authenticate(call, st) else {
                return Resp::passport_unauthorized();
            };
            match rest {
                [me] if is(me, "me") && get => me_response(call, st, ci),
                [me] if is(me, "me") && method == "POST" => update_customer(call, st, ci),
                [me, o] if is(me, "me") && is(o, "orders") && get => list_orders(call, st, ci),
                [me, p] if is(me, "me") && is(p, "payment-methods") && get => {
                    Resp::json(200, &jobj(vec![("payment_methods", J::Arr(Vec::new()))]))
                }
                [me, a] if is(me, "me") && is(a, "addresses") && method == "POST" => {
                    add_address(call, st, ci)
                }
                [me, a, id] if is(me, "me") && is(a, "addresses") && method == "POST" => {
                    update_address(call, st, ci, id)
                }
                [me, a, id] if is(me, "me") && is(a, "addresses") && method == "DELETE" => {
                    delete_address(call, st, ci, id)
                }
                _ => not_found(call.req),
            }
        }
        [a, rest @ ..] if is(a, "auth") => match (method, rest) {
            (_, []) if get => match authenticate(call, st) {
                Some(ci) => Resp::json(
                    200,
                    &jobj(vec![("customer", customer_json(st, ci, View::Auth))]),
                ),
                None => Resp::passport_unauthorized(),
            },
            (_, [email]) if get => email_exists(st, email),
            ("DELETE", []) => {
                st.sessions.remove(&call.session.sid);
                call.session.destroyed = true;
                Resp::text(200, "OK")
            }
            ("POST", []) => login(call, st),
            ("POST", [t]) if is(t, "token") => access_token(call, st),
            _ => not_found(call.req),
        },
        _ => not_found(call.req),
    }
}

/// `authenticateCustomer()`: the session first, then `Authorization: Bearer <jwt>`.
pub(super) fn authenticate(call: &Call, st: &State) -> Option<usize> {
    if let Some(cid) = st
        .sessions
        .get(&call.session.sid)
        .and_then(|s| s.customer_id.as_deref())
        && let Some(ci) = st.customer_idx(cid)
    {
        return Some(ci);
    }
    let auth = call.req.header("authorization")?;
    let mut words = auth.split_whitespace();
    let (scheme, token) = (words.next()?, words.next()?);
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let claims = call.shared.verify_jwt(b"access", b"", token)?;
    if claims.get("domain")?.as_str()? != "store" {
        return None;
    }
    let exp = claims.get("exp")?.as_num()?;
    if exp * 1000.0 <= call.now as f64 {
        return None;
    }
    st.customer_idx(claims.get("customer_id")?.as_str()?)
}

pub(super) fn set_session_customer(call: &mut Call, st: &mut State, customer_id: &str) {
    if let Some(s) = st.sessions.get_mut(&call.session.sid)
        && s.customer_id.as_deref() != Some(customer_id)
    {
        s.customer_id = Some(customer_id.to_string());
        call.session.modified = true;
    }
}

// ---------------------------------------------------------------------------------------------
// Error bodies
// ---------------------------------------------------------------------------------------------

pub(super) fn medusa_error(status: u16, kind: &str, message: &str) -> Resp {
    Resp::json(
        status,
        &jobj(vec![("type", js(kind)), ("message", js(message))]),
    )
}

pub(super) fn invalid_data(messages: &[String]) -> Resp {
    medusa_error(400, "invalid_data", &messages.join(", "))
}

pub(super) fn unknown_error() -> Resp {
    Resp::json(
        500,
        &jobj(vec![
            ("code", js("unknown_error")),
            ("type", js("unknown_error")),
            ("message", js("An unknown error occurred.")),
        ]),
    )
}

pub(super) fn duplicate_error(message: &str) -> Resp {
    Resp::json(
        422,
        &jobj(vec![
            ("code", js("invalid_request_error")),
            ("type", js("duplicate_error")),
            ("message", js(message)),
        ]),
    )
}

pub(super) fn country_not_found(code: &str) -> Resp {
    medusa_error(
        404,
        "not_found",
        &format!("Country with country_code {code} does not exist."),
    )
}

pub(super) fn country_exists(code: &str) -> bool {
    code.len() == 2 && COUNTRIES.split(' ').any(|c| c == code)
}
