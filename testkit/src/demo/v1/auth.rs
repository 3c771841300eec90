//! The password-reset flow and the auth routes: login, bearer tokens, e-mail lookup.

use super::*;

// ---------------------------------------------------------------------------------------------
// Password reset
// ---------------------------------------------------------------------------------------------

/// `POST /store/customers/password-token`: always 204; records the token for the test hook.
pub(super) fn password_token(call: &mut Call, st: &mut State) -> Resp {
    let m = match body_object(call.body) {
        Ok(m) => m,
        Err(resp) => return resp,
    };
    let mut errors = Vec::new();
    whitelist(m, &["email"], &mut errors);
    check_email(m, "email", false, &mut errors);
    if !errors.is_empty() {
        return invalid_data(&errors);
    }
    let email = field(m, "email").and_then(J::as_str).unwrap_or("");
    if let Some(ci) = st.registered_idx(email) {
        let c = &st.customers[ci];
        let now_s = call.now / 1000;
        let claims = jobj(vec![
            ("customer_id", js(&c.id)),
            ("exp", J::Num((now_s + RESET_TOKEN_TTL_S) as f64)),
            ("iat", J::Num(now_s as f64)),
        ]);
        let key = c
            .password_hash
            .as_ref()
            .map(PasswordHash::key)
            .unwrap_or_default();
        let token = call.shared.sign_jwt(b"reset", &key, &claims);
        let record = jobj(vec![
            ("email", js(&c.email)),
            ("customer_id", js(&c.id)),
            ("token", js(&token)),
            ("at", js(&iso(call.now))),
        ]);
        st.reset_hook.insert(c.email.to_lowercase(), record);
    }
    Resp::no_content()
}

/// `POST /store/customers/password-reset`.
pub(super) fn reset_password(call: &mut Call, st: &mut State) -> Resp {
    let m = match body_object(call.body) {
        Ok(m) => m,
        Err(resp) => return resp,
    };
    let mut errors = Vec::new();
    whitelist(m, &["email", "token", "password"], &mut errors);
    check_email(m, "email", false, &mut errors);
    check_string(m, "token", false, &mut errors);
    check_string(m, "password", false, &mut errors);
    if !errors.is_empty() {
        return invalid_data(&errors);
    }
    let text = |k: &str| field(m, k).and_then(J::as_str).unwrap_or("");
    let invalid_token = || {
        medusa_error(
            401,
            "unauthorized",
            "Invalid or expired password reset token",
        )
    };
    let Some(ci) = st.registered_idx(text("email")) else {
        return invalid_token();
    };
    let key = st.customers[ci]
        .password_hash
        .as_ref()
        .map(PasswordHash::key)
        .unwrap_or_default();
    // jsonwebtoken errors (bad format, bad signature, expired) are not MedusaErrors: 500.
    let Some(claims) = call.shared.verify_jwt(b"reset", &key, text("token")) else {
        return unknown_error();
    };
    let exp = claims.get("exp").and_then(J::as_num).unwrap_or(0.0);
    if exp * 1000.0 <= call.now as f64 {
        return unknown_error();
    }
    if claims.get("customer_id").and_then(J::as_str) != Some(st.customers[ci].id.as_str()) {
        return invalid_token();
    }
    let password = text("password");
    if !password.is_empty() {
        let hash = call.shared.hash_password(password);
        let c = &mut st.customers[ci];
        c.password_hash = Some(hash);
        c.updated_at = call.now;
    }
    Resp::json(
        200,
        &jobj(vec![("customer", customer_json(st, ci, View::Plain))]),
    )
}

/// The test server's hook: `GET /test-hooks/password-reset-token?email=...`.
pub(super) fn reset_token_hook(call: &mut Call, st: &mut State) -> Resp {
    let query = qs_parse(call.req.query());
    let email = match query.iter().find(|(k, _)| k == "email").map(|(_, v)| v) {
        Some(v) => v.js_string(),
        None => String::new(),
    }
    .to_lowercase();
    match st.reset_hook.get(&email) {
        Some(record) => Resp::json(200, record),
        None => Resp::json(
            404,
            &jobj(vec![(
                "message",
                js(&format!("no reset token recorded for {email}")),
            )]),
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Auth
// ---------------------------------------------------------------------------------------------

/// `StorePostAuthReq` + `AuthService.authenticateCustomer`.
pub(super) fn check_credentials(call: &Call, st: &State) -> Result<Option<usize>, Resp> {
    let m = body_object(call.body)?;
    let mut errors = Vec::new();
    whitelist(m, &["email", "password"], &mut errors);
    check_email(m, "email", false, &mut errors);
    check_not_empty(m, "password", &mut errors);
    if !errors.is_empty() {
        return Err(invalid_data(&errors));
    }
    let email = field(m, "email").and_then(J::as_str).unwrap_or("");
    let Some(J::Str(password)) = field(m, "password") else {
        return Ok(None);
    };
    Ok(st.registered_idx(email).filter(|&ci| {
        st.customers[ci]
            .password_hash
            .as_ref()
            .is_some_and(|h| call.shared.password_matches(h, password))
    }))
}

/// `POST /store/auth`.
pub(super) fn login(call: &mut Call, st: &mut State) -> Resp {
    match check_credentials(call, st) {
        Err(resp) => resp,
        Ok(None) => Resp::text(401, "Unauthorized"),
        Ok(Some(ci)) => {
            let id = st.customers[ci].id.clone();
            set_session_customer(call, st, &id);
            Resp::json(
                200,
                &jobj(vec![("customer", customer_json(st, ci, View::Auth))]),
            )
        }
    }
}

/// `POST /store/auth/token`.
pub(super) fn access_token(call: &mut Call, st: &mut State) -> Resp {
    match check_credentials(call, st) {
        Err(resp) => resp,
        Ok(None) => Resp::text(401, "Unauthorized"),
        Ok(Some(ci)) => {
            let iat = call.now / 1000;
            let claims = jobj(vec![
                ("customer_id", js(&st.customers[ci].id)),
                ("domain", js("store")),
                ("iat", J::Num(iat as f64)),
                ("exp", J::Num((iat + ACCESS_TOKEN_TTL_S) as f64)),
            ]);
            let token = call.shared.sign_jwt(b"access", b"", &claims);
            Resp::json(200, &jobj(vec![("access_token", js(&token))]))
        }
    }
}

/// `GET /store/auth/:email`: always 200.
pub(super) fn email_exists(st: &State, raw: &str) -> Resp {
    let exists = decode_param(raw).is_some_and(|email| st.registered_idx(&email).is_some());
    Resp::json(200, &jobj(vec![("exists", J::Bool(exists))]))
}
