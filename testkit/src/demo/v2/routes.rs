//! Routing below `/health`, `/test-hooks`, `/auth` and `/store`, the publishable key, CORS,
//! authentication (session and bearer), and Medusa 2's error bodies.

use super::*;

pub(super) fn is(segment: &str, literal: &str) -> bool {
    segment.eq_ignore_ascii_case(literal)
}

/// The routes of the Store API the demo serves.
pub(super) enum StoreRoute<'a> {
    CreateCustomer,
    Me,
    UpdateMe,
    ListAddresses,
    CreateAddress,
    GetAddress(&'a str),
    UpdateAddress(&'a str),
    DeleteAddress(&'a str),
    ListOrders,
    GetOrder(&'a str),
    ListRegions,
    GetRegion(&'a str),
    ListProducts,
    GetProduct(&'a str),
    ListCategories,
    GetCategory(&'a str),
    ListCollections,
    GetCollection(&'a str),
    CreateCart,
    GetCart(&'a str),
    UpdateCart(&'a str),
    AddLineItem(&'a str),
    UpdateLineItem(&'a str, &'a str),
    DeleteLineItem(&'a str, &'a str),
    AddShippingMethod(&'a str),
    Promotions(&'a str, bool),
    CompleteCart(&'a str),
    TransferCart(&'a str),
    ShippingOptions,
    PaymentProviders,
    CreatePaymentCollection,
    CreatePaymentSession(&'a str),
}

/// The routes of the Auth API; `actor` and `provider` as in the path.
pub(super) enum AuthRoute<'a> {
    Register(&'a str, &'a str),
    Login(&'a str, &'a str),
    ResetRequest(&'a str, &'a str),
    ResetUpdate(&'a str, &'a str),
    Providers,
    Refresh,
    CreateSession,
    DeleteSession,
}

fn store_route<'a>(method: &str, segs: &[&'a str]) -> Option<StoreRoute<'a>> {
    let get = method == "GET" || method == "HEAD";
    let post = method == "POST";
    Some(match segs {
        [c] if is(c, "customers") && post => StoreRoute::CreateCustomer,
        [c, me] if is(c, "customers") && is(me, "me") && get => StoreRoute::Me,
        [c, me] if is(c, "customers") && is(me, "me") && post => StoreRoute::UpdateMe,
        [c, me, a] if is(c, "customers") && is(me, "me") && is(a, "addresses") => match method {
            "GET" | "HEAD" => StoreRoute::ListAddresses,
            "POST" => StoreRoute::CreateAddress,
            _ => return None,
        },
        [c, me, a, id] if is(c, "customers") && is(me, "me") && is(a, "addresses") => {
            match method {
                "GET" | "HEAD" => StoreRoute::GetAddress(id),
                "POST" => StoreRoute::UpdateAddress(id),
                "DELETE" => StoreRoute::DeleteAddress(id),
                _ => return None,
            }
        }
        [o] if is(o, "orders") && get => StoreRoute::ListOrders,
        [o, id] if is(o, "orders") && get => StoreRoute::GetOrder(id),
        [r] if is(r, "regions") && get => StoreRoute::ListRegions,
        [r, id] if is(r, "regions") && get => StoreRoute::GetRegion(id),
        [p] if is(p, "products") && get => StoreRoute::ListProducts,
        [p, id] if is(p, "products") && get => StoreRoute::GetProduct(id),
        [c] if is(c, "product-categories") && get => StoreRoute::ListCategories,
        [c, id] if is(c, "product-categories") && get => StoreRoute::GetCategory(id),
        [c] if is(c, "collections") && get => StoreRoute::ListCollections,
        [c, id] if is(c, "collections") && get => StoreRoute::GetCollection(id),
        [c] if is(c, "carts") && post => StoreRoute::CreateCart,
        [c, id] if is(c, "carts") && get => StoreRoute::GetCart(id),
        [c, id] if is(c, "carts") && post => StoreRoute::UpdateCart(id),
        [c, id, l] if is(c, "carts") && is(l, "line-items") && post => StoreRoute::AddLineItem(id),
        [c, id, l, line] if is(c, "carts") && is(l, "line-items") => match method {
            "POST" => StoreRoute::UpdateLineItem(id, line),
            "DELETE" => StoreRoute::DeleteLineItem(id, line),
            _ => return None,
        },
        [c, id, s] if is(c, "carts") && is(s, "shipping-methods") && post => {
            StoreRoute::AddShippingMethod(id)
        }
        [c, id, p] if is(c, "carts") && is(p, "promotions") => match method {
            "POST" => StoreRoute::Promotions(id, true),
            "DELETE" => StoreRoute::Promotions(id, false),
            _ => return None,
        },
        [c, id, d] if is(c, "carts") && is(d, "complete") && post => StoreRoute::CompleteCart(id),
        [c, id, d] if is(c, "carts") && is(d, "customer") && post => StoreRoute::TransferCart(id),
        [s] if is(s, "shipping-options") && get => StoreRoute::ShippingOptions,
        [p] if is(p, "payment-providers") && get => StoreRoute::PaymentProviders,
        [p] if is(p, "payment-collections") && post => StoreRoute::CreatePaymentCollection,
        [p, id, s] if is(p, "payment-collections") && is(s, "payment-sessions") && post => {
            StoreRoute::CreatePaymentSession(id)
        }
        _ => return None,
    })
}

fn auth_route<'a>(method: &str, segs: &[&'a str]) -> Option<AuthRoute<'a>> {
    let post = method == "POST";
    Some(match segs {
        [t, r] if is(t, "token") && is(r, "refresh") && post => AuthRoute::Refresh,
        [s] if is(s, "session") && post => AuthRoute::CreateSession,
        [s] if is(s, "session") && method == "DELETE" => AuthRoute::DeleteSession,
        [_, p] if is(p, "providers") && (method == "GET" || method == "HEAD") => {
            AuthRoute::Providers
        }
        [actor, provider] if post => AuthRoute::Login(actor, provider),
        [actor, provider, r] if is(r, "register") && post => AuthRoute::Register(actor, provider),
        [actor, provider, r] if is(r, "reset-password") && post => {
            AuthRoute::ResetRequest(actor, provider)
        }
        [actor, provider, u] if is(u, "update") && post => AuthRoute::ResetUpdate(actor, provider),
        _ => return None,
    })
}

pub(super) fn route(call: &mut Call, st: &mut State) -> Resp {
    let req = call.req;
    let method = req.method.as_str();
    let get = method == "GET" || method == "HEAD";
    let trimmed = req.path().strip_prefix('/').unwrap_or(req.path());
    let mut segs: Vec<&str> = trimmed.split('/').collect();
    if segs.last() == Some(&"") {
        segs.pop();
    }
    match segs.as_slice() {
        [h] if get && is(h, "health") => Resp::html(200, "OK"),
        [t, p] if get && is(t, "test-hooks") && is(p, "password-reset-token") => {
            reset_token_hook(call, st)
        }
        [a, rest @ ..] if is(a, "auth") => {
            if method == "OPTIONS" {
                return preflight(req, ALLOWED_ORIGINS);
            }
            let Some(route) = auth_route(method, rest) else {
                return not_found(req);
            };
            // body-parser runs before `cors()`: its 400 has no CORS headers.
            match parse_json_body(req) {
                Ok(body) => call.body = body,
                Err(e) => return body_error(e),
            }
            with_cors(req, auth(call, st, route))
        }
        [a, rest @ ..] if is(a, "admin") => admin(call, st, rest),
        [s, rest @ ..] if is(s, "store") => {
            if method == "OPTIONS" {
                return preflight(req, ALLOWED_ORIGINS);
            }
            let route = store_route(method, rest);
            match parse_json_body(req) {
                Ok(body) => call.body = body,
                Err(e) => return body_error(e),
            }
            // The publishable key is checked before the route is looked up.
            if let Some(refused) = check_publishable_key(call) {
                return match route {
                    Some(_) => with_cors(req, refused),
                    None => refused,
                };
            }
            match route {
                Some(route) => with_cors(req, store(call, st, route)),
                None => not_found(req),
            }
        }
        _ => not_found(req),
    }
}

fn auth(call: &mut Call, st: &mut State, route: AuthRoute) -> Resp {
    match route {
        AuthRoute::Register(actor, provider) => register(call, st, actor, provider),
        AuthRoute::Login(actor, provider) => login(call, st, actor, provider),
        AuthRoute::ResetRequest(actor, provider) => reset_request(call, st, actor, provider),
        AuthRoute::ResetUpdate(actor, provider) => reset_update(call, st, actor, provider),
        AuthRoute::Providers => providers(),
        AuthRoute::Refresh => refresh(call, st),
        AuthRoute::CreateSession => create_session(call, st),
        AuthRoute::DeleteSession => delete_session(call, st),
    }
}

fn store(call: &mut Call, st: &mut State, route: StoreRoute) -> Resp {
    // `GET /store/orders/:id` and the catalog need no customer.
    match route {
        StoreRoute::GetOrder(id) => return get_order(call, st, id),
        StoreRoute::ListRegions => return list_regions(call),
        StoreRoute::GetRegion(id) => return get_region(call, id),
        StoreRoute::ListProducts => return list_products(call),
        StoreRoute::GetProduct(id) => return get_product(call, id),
        StoreRoute::ListCategories => return list_categories(call),
        StoreRoute::GetCategory(id) => return get_category(call, id),
        StoreRoute::ListCollections => return list_collections(call),
        StoreRoute::GetCollection(id) => return get_collection(call, id),
        // Carts need no customer: a logged-in one owns the carts it makes.
        StoreRoute::CreateCart => return create_cart(call, st),
        StoreRoute::GetCart(id) => return get_cart(call, st, id),
        StoreRoute::UpdateCart(id) => return update_cart(call, st, id),
        StoreRoute::AddLineItem(id) => return add_line_item(call, st, id),
        StoreRoute::UpdateLineItem(id, line) => return update_line_item(call, st, id, line),
        StoreRoute::DeleteLineItem(id, line) => return delete_line_item(call, st, id, line),
        StoreRoute::AddShippingMethod(id) => return add_shipping_method(call, st, id),
        StoreRoute::Promotions(id, add) => return promotions(call, st, id, add),
        StoreRoute::CompleteCart(id) => return complete_cart(call, st, id),
        StoreRoute::TransferCart(id) => return transfer_cart(call, st, id),
        StoreRoute::ShippingOptions => return list_shipping_options(call, st),
        StoreRoute::PaymentProviders => return list_payment_providers(call),
        StoreRoute::CreatePaymentCollection => return create_payment_collection(call, st),
        StoreRoute::CreatePaymentSession(id) => return create_payment_session(call, st, id),
        _ => {}
    }
    let allow_unregistered = matches!(route, StoreRoute::CreateCustomer);
    let Some(auth) = authenticate(call, st, "customer", Methods::SessionOrBearer) else {
        return unauthorized();
    };
    let actor_id = auth_str(&auth, "actor_id");
    if actor_id.is_empty() && !allow_unregistered {
        return unauthorized();
    }
    if let StoreRoute::CreateCustomer = route {
        return create_customer(call, st, &auth);
    }
    let Some(ci) = st.customer_idx(&actor_id) else {
        return unauthorized();
    };
    match route {
        StoreRoute::Me => me(call, st, ci),
        StoreRoute::UpdateMe => update_me(call, st, ci),
        StoreRoute::ListAddresses => list_addresses(call, st, ci),
        StoreRoute::CreateAddress => create_address(call, st, ci),
        StoreRoute::GetAddress(id) => get_address(call, st, ci, id),
        StoreRoute::UpdateAddress(id) => update_address(call, st, ci, id),
        StoreRoute::DeleteAddress(id) => delete_address(call, st, ci, id),
        StoreRoute::ListOrders => list_orders(call, st, ci),
        _ => unknown_error(),
    }
}

/// The `x-publishable-api-key` check of every `/store` route: `None` when the key is the demo's.
fn check_publishable_key(call: &Call) -> Option<Resp> {
    match call.req.header("x-publishable-api-key") {
        Some(key) if key == call.shared.publishable_key => None,
        Some(key) if !key.is_empty() => Some(medusa_error(
            400,
            "not_allowed",
            "A valid publishable key is required to proceed with the request",
        )),
        _ => Some(medusa_error(
            400,
            "not_allowed",
            "Publishable API key required in the request header: x-publishable-api-key. You can \
             manage your keys in settings in the dashboard.",
        )),
    }
}

/// Express's final handler for an unknown route: the HTML page, no CORS headers.
pub(super) fn not_found(req: &Request) -> Resp {
    Resp::html_error(404, &format!("Cannot {} {}", req.method, req.path()))
}

/// `cors()` of the store and auth routers: its headers come first (a route's own early headers,
/// such as the cookie `DELETE /auth/session` clears, follow them).
fn with_cors(req: &Request, mut resp: Resp) -> Resp {
    let mut headers = cors_headers(req, ALLOWED_ORIGINS);
    headers.append(&mut resp.cors);
    resp.cors = headers;
    resp
}

// ---------------------------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------------------------

/// Which credentials a route's `authenticate()` accepts.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Methods {
    Session,
    Bearer,
    SessionOrBearer,
}

/// Medusa's `authenticate(actor_type, methods)`: the session's auth context first, then a bearer
/// token this backend issued, unexpired, for `actor_type` (`"*"`: any). Returns the auth context
/// (a token payload); whether an unregistered one (`actor_id` `""`) will do is the route's call.
pub(super) fn authenticate(
    call: &Call,
    st: &State,
    actor_type: &str,
    methods: Methods,
) -> Option<J> {
    let actor_ok = |auth: &J| actor_type == "*" || auth_str(auth, "actor_type") == actor_type;
    if methods != Methods::Bearer
        && let Some(session) = call.sid.as_ref().and_then(|sid| st.sessions.get(sid))
        && actor_ok(&session.auth)
    {
        return Some(session.auth.clone());
    }
    if methods == Methods::Session {
        return None;
    }
    let payload = verify_access_token(call, bearer_token(call.req)?)?;
    actor_ok(&payload).then_some(payload)
}

/// The token of `Authorization: Bearer <token>`.
pub(super) fn bearer_token(req: &Request) -> Option<&str> {
    let auth = req.header("authorization")?;
    let (scheme, token) = auth.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// A string member of an auth context (`""` when absent).
pub(super) fn auth_str(auth: &J, key: &str) -> String {
    auth.get(key)
        .and_then(J::as_str)
        .unwrap_or_default()
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// Error bodies
// ---------------------------------------------------------------------------------------------

/// A `MedusaError`: `{"type","message"}`.
pub(super) fn medusa_error(status: u16, kind: &str, message: &str) -> Resp {
    Resp::json(
        status,
        &jobj(vec![("type", js(kind)), ("message", js(message))]),
    )
}

pub(super) fn invalid_data(message: &str) -> Resp {
    medusa_error(400, "invalid_data", message)
}

pub(super) fn not_found_error(message: &str) -> Resp {
    medusa_error(404, "not_found", message)
}

/// The auth middleware's 401.
pub(super) fn unauthorized() -> Resp {
    Resp::json(401, &jobj(vec![("message", js("Unauthorized"))]))
}

/// An auth route's 401.
pub(super) fn auth_failed(message: &str) -> Resp {
    medusa_error(401, "unauthorized", message)
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

/// Any other error (a database error included): 500.
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

/// body-parser's errors as Medusa 2's error handler answers them: JSON, `message` first.
fn body_error(e: BodyError) -> Resp {
    let (status, message, kind) = match e {
        BodyError::TooLarge => (413, "request entity too large".to_string(), "unknown_error"),
        BodyError::Syntax { message, .. } => (400, message, "invalid_data"),
    };
    Resp::json(
        status,
        &jobj(vec![("message", js(&message)), ("type", js(kind))]),
    )
}
