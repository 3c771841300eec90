//! The auth routes: identities and their tokens, the cookie session, the password reset, and the
//! test-only reset-token hook.

use super::*;

/// What a token is signed for: a log-in (or registration) token, or a reset token.
const ACCESS: &[u8] = b"v2 access";
const RESET: &[u8] = b"v2 reset";

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

/// The payload of a token for `identity` as `actor_type`, in Medusa's key order.
pub(super) fn token_payload(identity: &Identity, actor_type: &str, now: i64) -> J {
    let iat = now / 1000;
    let app_metadata = J::Obj(
        identity
            .app_metadata
            .iter()
            .map(|(k, v)| (k.clone(), js(v)))
            .collect(),
    );
    jobj(vec![
        ("actor_id", js(&identity.actor_id(actor_type))),
        ("actor_type", js(actor_type)),
        ("auth_identity_id", js(&identity.id)),
        ("auth_provider", js(PROVIDER)),
        ("mfa_enabled", J::Bool(false)),
        ("mfa_challenge_completed_at", J::Null),
        ("app_metadata", app_metadata),
        ("user_metadata", J::Obj(Vec::new())),
        ("iat", J::Num(iat as f64)),
        ("exp", J::Num((iat + TOKEN_TTL_S) as f64)),
    ])
}

/// `{"token": …}` for `identity` as `actor_type`.
fn token_response(call: &Call, identity: &Identity, actor_type: &str) -> Resp {
    let payload = token_payload(identity, actor_type, call.now);
    let token = call.shared.keys.sign_jwt(ACCESS, b"", &payload);
    Resp::json(200, &jobj(vec![("token", js(&token))]))
}

/// The payload of an unexpired access token this backend issued.
pub(super) fn verify_access_token(call: &Call, token: &str) -> Option<J> {
    let payload = call.shared.keys.verify_jwt(ACCESS, b"", token)?;
    let exp = payload.get("exp")?.as_num()?;
    (exp * 1000.0 > call.now as f64).then_some(payload)
}

fn unknown_provider(provider: &str) -> Resp {
    auth_failed(&format!(
        "\nUnable to retrieve the auth provider with id: {provider}\nPlease make sure that the \
         provider is registered in the container and it is configured correctly in your project \
         configuration file."
    ))
}

/// The `emailpass` provider's checks of `{email, password}`: the password first.
fn credentials(body: &J) -> Result<(String, String), Resp> {
    let text = |k: &str| body.get(k).and_then(J::as_str).filter(|s| !s.is_empty());
    let Some(password) = text("password") else {
        return Err(auth_failed("Password should be a string"));
    };
    let Some(email) = text("email") else {
        return Err(auth_failed("Email should be a string"));
    };
    Ok((email.to_string(), password.to_string()))
}

// ---------------------------------------------------------------------------------------------
// Register, log in, refresh, providers
// ---------------------------------------------------------------------------------------------

/// `POST /auth/:actor/emailpass/register`: a new identity and its registration token; the same
/// password again answers like a log-in while the identity has no actor of this type yet.
pub(super) fn register(call: &mut Call, st: &mut State, actor: &str, provider: &str) -> Resp {
    if provider != PROVIDER {
        return unknown_provider(provider);
    }
    let (email, password) = match credentials(&call.body) {
        Ok(c) => c,
        Err(resp) => return resp,
    };
    if let Some(i) = st.identity_idx(&email) {
        let identity = &st.identities[i];
        let same = call
            .shared
            .keys
            .password_matches(&identity.password, &password);
        if same && identity.actor_id(actor).is_empty() {
            return token_response(call, identity, actor);
        }
        return auth_failed("Identity with email already exists");
    }
    let identity = Identity {
        id: call.shared.keys.new_id("authid", call.now),
        entity_id: email,
        password: call.shared.keys.hash_password(&password),
        app_metadata: Vec::new(),
        reset_jti: None,
    };
    let resp = token_response(call, &identity, actor);
    st.identities.push(identity);
    resp
}

/// `POST /auth/:actor/emailpass`: a token for the identity; the e-mail is case-sensitive.
pub(super) fn login(call: &mut Call, st: &mut State, actor: &str, provider: &str) -> Resp {
    if provider != PROVIDER {
        return unknown_provider(provider);
    }
    let (email, password) = match credentials(&call.body) {
        Ok(c) => c,
        Err(resp) => return resp,
    };
    match st.identity_idx(&email) {
        Some(i)
            if call
                .shared
                .keys
                .password_matches(&st.identities[i].password, &password) =>
        {
            token_response(call, &st.identities[i], actor)
        }
        _ => auth_failed("Invalid email or password"),
    }
}

/// `POST /auth/token/refresh` (session or bearer, unregistered too): a new token with the
/// identity's current claims.
pub(super) fn refresh(call: &mut Call, st: &mut State) -> Resp {
    let Some(auth) = authenticate(call, st, "*", Methods::SessionOrBearer) else {
        return unauthorized();
    };
    let id = auth_str(&auth, "auth_identity_id");
    match st.identities.iter().find(|i| i.id == id) {
        Some(identity) => token_response(call, identity, &auth_str(&auth, "actor_type")),
        None => unauthorized(),
    }
}

/// `GET /auth/:actor/providers`.
pub(super) fn providers() -> Resp {
    Resp::json(
        200,
        &jobj(vec![(
            "providers",
            J::Arr(vec![jobj(vec![
                ("id", js(PROVIDER)),
                ("identifier", js(PROVIDER)),
                ("display_name", js("Email/Password Authentication")),
                ("flow", js("credentials")),
            ])]),
        )]),
    )
}

// ---------------------------------------------------------------------------------------------
// The cookie session
// ---------------------------------------------------------------------------------------------

/// `POST /auth/session` with a bearer token: a session carrying its auth context, and its cookie.
pub(super) fn create_session(call: &mut Call, st: &mut State) -> Resp {
    let Some(auth) = authenticate(call, st, "*", Methods::Bearer) else {
        return unauthorized();
    };
    st.session_inserts += 1;
    if st.session_inserts.is_multiple_of(256) {
        let now = call.now;
        st.sessions.retain(|_, s| s.expires > now);
    }
    let sid = call.shared.keys.session_id();
    st.sessions.insert(
        sid.clone(),
        Session {
            auth: auth.clone(),
            expires: call.now + SESSION_TTL_MS,
        },
    );
    call.new_sid = Some(sid);
    Resp::json(200, &jobj(vec![("user", auth)]))
}

/// `DELETE /auth/session` with the session cookie: the session ends and its cookie is cleared.
pub(super) fn delete_session(call: &mut Call, st: &mut State) -> Resp {
    if authenticate(call, st, "*", Methods::Session).is_none() {
        return unauthorized();
    }
    if let Some(sid) = call.sid.take() {
        st.sessions.remove(&sid);
    }
    let mut resp = Resp::json(200, &jobj(vec![("success", J::Bool(true))]));
    // `res.clearCookie` in the route: before the body's headers.
    resp.cors.push((
        "Set-Cookie",
        "connect.sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT".into(),
    ));
    resp
}

// ---------------------------------------------------------------------------------------------
// Password reset
// ---------------------------------------------------------------------------------------------

/// `POST /auth/:actor/emailpass/reset-password {identifier}`: always `201 Created` (text); a
/// known identity gets a new reset token (the older one is void), which only the test hook shows.
pub(super) fn reset_request(call: &mut Call, st: &mut State, actor: &str, provider: &str) -> Resp {
    if let Err(resp) = check_body(&call.body, &[("identifier", Ty::Str, true)]) {
        return resp;
    }
    if provider != PROVIDER {
        return unknown_provider(provider);
    }
    let identifier = call
        .body
        .get("identifier")
        .and_then(J::as_str)
        .unwrap_or_default()
        .to_string();
    if let Some(i) = st.identity_idx(&identifier) {
        let iat = call.now / 1000;
        let jti = call.shared.keys.uuid();
        let payload = jobj(vec![
            ("entity_id", js(&identifier)),
            ("provider", js(PROVIDER)),
            ("actor_type", js(actor)),
            ("purpose", js("reset")),
            ("iat", J::Num(iat as f64)),
            ("exp", J::Num((iat + RESET_TOKEN_TTL_S) as f64)),
            ("jti", js(&jti)),
        ]);
        let token = call.shared.keys.sign_jwt(RESET, b"", &payload);
        st.identities[i].reset_jti = Some(jti);
        // The recorded server's subscriber of `auth.password_reset`.
        let record = jobj(vec![
            ("email", js(&identifier)),
            ("actor_type", js(actor)),
            ("token", js(&token)),
            ("at", js(&iso(call.now))),
        ]);
        st.reset_hook
            .insert(format!("{actor}:{}", identifier.to_lowercase()), record);
    }
    Resp::text(201, "Created")
}

/// `POST /auth/:actor/emailpass/update {password}` with `Authorization: Bearer <reset token>`:
/// the latest reset token of the identity, once.
pub(super) fn reset_update(call: &mut Call, st: &mut State, actor: &str, provider: &str) -> Resp {
    if provider != PROVIDER {
        return unknown_provider(provider);
    }
    let invalid = || auth_failed("Invalid token");
    let Some(payload) =
        bearer_token(call.req).and_then(|t| call.shared.keys.verify_jwt(RESET, b"", t))
    else {
        return invalid();
    };
    let field = |k: &str| payload.get(k).and_then(J::as_str).unwrap_or_default();
    let exp = payload.get("exp").and_then(J::as_num).unwrap_or(0.0);
    if field("purpose") != "reset"
        || field("actor_type") != actor
        || field("provider") != PROVIDER
        || exp * 1000.0 <= call.now as f64
    {
        return invalid();
    }
    let Some(i) = st.identity_idx(field("entity_id")) else {
        return invalid();
    };
    let identity = &mut st.identities[i];
    if identity.reset_jti.as_deref() != Some(field("jti")) {
        return invalid();
    }
    // Used up even when the password is missing.
    identity.reset_jti = None;
    match call.body.get("password").and_then(J::as_str) {
        Some(password) if !password.is_empty() => {
            identity.password = call.shared.keys.hash_password(password);
            Resp::json(200, &jobj(vec![("success", J::Bool(true))]))
        }
        _ => auth_failed("Unauthorized"),
    }
}

/// The recorded server's test-only route: `GET /test-hooks/password-reset-token?email=…
/// [&actor_type=customer]`, no publishable key, no CORS.
pub(super) fn reset_token_hook(call: &mut Call, st: &mut State) -> Resp {
    let query = call.query();
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.js_string())
    };
    let email = param("email").unwrap_or_default().to_lowercase();
    let actor = param("actor_type").unwrap_or_else(|| "customer".into());
    let key = format!("{actor}:{email}");
    match st.reset_hook.get(&key) {
        Some(record) => Resp::json(200, record),
        None => Resp::json(
            404,
            &jobj(vec![(
                "message",
                js(&format!("no reset token recorded for {key}")),
            )]),
        ),
    }
}
