//! The Medusa 2.21 demo backend (`medusa_testkit::demo::v2`), route by route, against the
//! exchanges recorded from a real Medusa 2.21.2: `tests/fixtures/v2/captures` (compared with
//! [`Checks::like`]: status, header names, `Content-Type`, body shape or bytes), and for the
//! exchanges of that run not copied there, their recorded bodies written out here.
//! The requests are those of the recorded run, in its order.

use std::io::Read;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use medusa_testkit::demo::v2::DemoBackend;
use serde_json::json;

use super::{Checks, Conn, JSON_UTF8, Ordered, Res, jwt_payload, same_shape};

const UNAUTHORIZED: &str = r#"{"message":"Unauthorized"}"#;
const NO_KEY: &str = r#"{"type":"not_allowed","message":"Publishable API key required in the request header: x-publishable-api-key. You can manage your keys in settings in the dashboard."}"#;
const WRONG_PASSWORD: &str = r#"{"type":"unauthorized","message":"Invalid email or password"}"#;
const NO_PASSWORD: &str = r#"{"type":"unauthorized","message":"Password should be a string"}"#;
const INVALID_TOKEN: &str = r#"{"type":"unauthorized","message":"Invalid token"}"#;
const DUPLICATE: &str = r#"{"code":"invalid_request_error","type":"duplicate_error","message":"Customer with this email already has an account"}"#;
/// The header names of Express's HTML 404 (captures 106–113).
const HTML_404_HEADERS: [&str; 8] = [
    "x-powered-by",
    "content-security-policy",
    "x-content-type-options",
    "content-type",
    "content-length",
    "date",
    "connection",
    "keep-alive",
];

const EMAIL: &str = "jane.doe@example.com";
const JOHN: &str = "john.roe@example.com";

fn token_of(res: &Res) -> String {
    res.json()["token"].as_str().unwrap_or_default().to_string()
}

/// `token`'s payload has the keys and kinds of the one recorded in `capture`.
fn payload_like(t: &mut Checks, token: &str, capture: &str) {
    let recorded = medusa_testkit::captures::v2::load(capture);
    let recorded_token = recorded.json()["token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let ours = jwt_payload(token);
    if let Err(e) = same_shape(&ours, &jwt_payload(&recorded_token), "payload") {
        panic!("{capture}: {e}");
    }
    t.passed += 1;
}

pub(crate) fn run(t: &mut Checks) {
    let backend = DemoBackend::start().expect("start the v2 demo backend");
    let url = backend.url();
    let addr = url.strip_prefix("http://").expect("http URL").to_string();
    let key = backend.publishable_key().to_string();
    t.ok(
        key.starts_with("pk_") && key.len() == 67,
        "publishable key shape",
    );
    let pk = ("x-publishable-api-key", key.as_str());
    let mut c = Conn::open(&addr);

    // ---- 001: health ----
    let health = c.send("GET", "/health", &[], None);
    t.answers(&health, 200, "OK", "health");
    t.eq(
        super::header_names(&health.headers),
        [
            "x-powered-by",
            "content-type",
            "content-length",
            "etag",
            "date",
            "connection",
            "keep-alive",
        ]
        .map(String::from)
        .to_vec(),
        "health headers",
    );
    t.eq(
        health.header("etag"),
        Some(r#"W/"2-nOO9QiTIwXgNtWtBJezz8kv3SLc""#),
        "Express's ETag of OK (001)",
    );

    // ---- 002, 003, 034: the publishable key ----
    let no_key = c.send("GET", "/store/customers/me", &[], None);
    t.answers(&no_key, 400, NO_KEY, "no publishable key (034)");
    t.eq(
        no_key.header("vary"),
        Some("Origin"),
        "no key: CORS headers",
    );
    let bad_key = c.send(
        "GET",
        "/store/customers/me",
        &[("x-publishable-api-key", "pk_does_not_exist")],
        None,
    );
    t.like(&bad_key, "003-store-regions-bad-publishable-key", true);
    let unknown_no_key = c.send("GET", "/store/does-not-exist", &[], None);
    t.answers(
        &unknown_no_key,
        400,
        NO_KEY,
        "the key is checked before the route",
    );
    let detect = c.send("GET", "/store/auth", &[], None);
    t.answers(
        &detect,
        400,
        NO_KEY,
        "detect(): GET /store/auth is v2's not_allowed",
    );

    // ---- 005, 007: CORS preflight ----
    let preflight = c.send(
        "OPTIONS",
        "/store/customers/me",
        &[
            ("Origin", "http://localhost:8000"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "content-type,authorization,x-publishable-api-key",
            ),
        ],
        None,
    );
    t.status(&preflight, 204, "preflight (005)");
    t.eq(
        (
            preflight.header("access-control-allow-origin"),
            preflight.header("vary"),
            preflight.header("access-control-allow-methods"),
            preflight.header("access-control-allow-headers"),
            preflight.header("content-length"),
            preflight.header("etag"),
        ),
        (
            Some("http://localhost:8000"),
            Some("Origin, Access-Control-Request-Headers"),
            Some("GET,HEAD,PUT,PATCH,POST,DELETE"),
            Some("content-type,authorization,x-publishable-api-key"),
            Some("0"),
            None,
        ),
        "preflight headers (005)",
    );
    let other_origin = c.send(
        "OPTIONS",
        "/auth/customer/emailpass",
        &[
            ("Origin", "http://evil.example"),
            ("Access-Control-Request-Method", "POST"),
        ],
        None,
    );
    t.ok(
        other_origin.status == 204 && other_origin.header("access-control-allow-origin").is_none(),
        "preflight from another origin (007)",
    );

    // ---- 008–013: registration ----
    let creds = format!(r#"{{"email":"{EMAIL}","password":"supersecret1"}}"#);
    let register = c.send(
        "POST",
        "/auth/customer/emailpass/register",
        &[],
        Some(&creds),
    );
    t.like(&register, "008-auth-register", false);
    let registration = token_of(&register);
    payload_like(t, &registration, "008-auth-register");
    let payload = jwt_payload(&registration);
    let member = |p: &Ordered, k: &str| match p {
        Ordered::Obj(m) => m.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()),
        _ => None,
    };
    t.eq(
        member(&payload, "actor_id"),
        Some(Ordered::Str(String::new())),
        "registration token: actor_id \"\"",
    );
    let lifetime = match (member(&payload, "iat"), member(&payload, "exp")) {
        (Some(Ordered::Num(iat)), Some(Ordered::Num(exp))) => exp - iat,
        _ => 0.0,
    };
    t.eq(lifetime, 86_400.0, "exp = iat + 24 h");
    let again = c.send(
        "POST",
        "/auth/customer/emailpass/register",
        &[],
        Some(&creds),
    );
    t.like(&again, "009-auth-register-again-same-password", false);
    let other_password = c.send(
        "POST",
        "/auth/customer/emailpass/register",
        &[],
        Some(&format!(
            r#"{{"email":"{EMAIL}","password":"other-password"}}"#
        )),
    );
    t.like(
        &other_password,
        "010-auth-register-again-other-password",
        true,
    );
    let missing = c.send(
        "POST",
        "/auth/customer/emailpass/register",
        &[],
        Some(r#"{"email":"nopw@example.com"}"#),
    );
    t.answers(
        &missing,
        401,
        NO_PASSWORD,
        "register without password (011)",
    );
    let empty = c.send("POST", "/auth/customer/emailpass/register", &[], Some("{}"));
    t.answers(&empty, 401, NO_PASSWORD, "register {} (012)");
    let provider = c.send(
        "POST",
        "/auth/customer/nosuchprovider/register",
        &[],
        Some(r#"{"email":"x@example.com","password":"x"}"#),
    );
    t.answers(
        &provider,
        401,
        r#"{"type":"unauthorized","message":"\nUnable to retrieve the auth provider with id: nosuchprovider\nPlease make sure that the provider is registered in the container and it is configured correctly in your project configuration file."}"#,
        "unknown provider (013)",
    );

    // ---- 014–023: the customer ----
    let reg_bearer = format!("Bearer {registration}");
    let with_registration = [pk, ("Authorization", reg_bearer.as_str())];
    let me_registration = c.send("GET", "/store/customers/me", &with_registration, None);
    t.like(
        &me_registration,
        "014-customers-me-with-registration-token",
        true,
    );
    let create_body = format!(
        r#"{{"email":"{EMAIL}","first_name":"Jane","last_name":"Doe","phone":"+15555550100","company_name":"Acme","metadata":{{"source":"acceptance"}}}}"#
    );
    let no_auth = c.send("POST", "/store/customers", &[pk], Some(&create_body));
    t.answers(&no_auth, 401, UNAUTHORIZED, "create without a token (015)");
    let no_key = c.send(
        "POST",
        "/store/customers",
        &[("Authorization", reg_bearer.as_str())],
        Some(&create_body),
    );
    t.answers(&no_key, 400, NO_KEY, "create without a key (016)");
    let bad_email = c.send(
        "POST",
        "/store/customers",
        &with_registration,
        Some(r#"{"email":"not-an-email","first_name":"Jane"}"#),
    );
    t.like(&bad_email, "017-customers-create-bad-email", true);
    let unknown_field = c.send(
        "POST",
        "/store/customers",
        &with_registration,
        Some(&format!(r#"{{"email":"{EMAIL}","nickname":"jd"}}"#)),
    );
    t.answers(
        &unknown_field,
        400,
        r#"{"type":"invalid_data","message":"Invalid request: Unrecognized fields: 'nickname'"}"#,
        "create with an unknown field (018)",
    );
    let created = c.send(
        "POST",
        "/store/customers",
        &with_registration,
        Some(&create_body),
    );
    t.like(&created, "019-customers-create", false);
    t.ok(
        created.header("set-cookie").is_none(),
        "creating logs nobody in",
    );
    let customer_id = created.json()["customer"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let created_again = c.send(
        "POST",
        "/store/customers",
        &with_registration,
        Some(&format!(r#"{{"email":"{EMAIL}","first_name":"Jane"}}"#)),
    );
    t.like(
        &created_again,
        "020-customers-create-again-same-token",
        true,
    );
    let still_registration = c.send("GET", "/store/customers/me", &with_registration, None);
    t.answers(
        &still_registration,
        401,
        UNAUTHORIZED,
        "the registration token stays unregistered (021)",
    );
    let john_creds = format!(r#"{{"email":"{JOHN}","password":"supersecret1"}}"#);
    let john = c.send(
        "POST",
        "/auth/customer/emailpass/register",
        &[],
        Some(&john_creds),
    );
    t.status(&john, 200, "register john (022)");
    let john_bearer = format!("Bearer {}", token_of(&john));
    let duplicate = c.send(
        "POST",
        "/store/customers",
        &[pk, ("Authorization", john_bearer.as_str())],
        Some(&format!(r#"{{"email":"{EMAIL}","first_name":"Dup"}}"#)),
    );
    t.answers(
        &duplicate,
        422,
        DUPLICATE,
        "another identity, same e-mail (023)",
    );

    // ---- 024–030: log-in ----
    let login = c.send("POST", "/auth/customer/emailpass", &[], Some(&creds));
    t.like(&login, "024-auth-login", false);
    let token = token_of(&login);
    payload_like(t, &token, "024-auth-login");
    let payload = jwt_payload(&token);
    t.eq(
        member(&payload, "actor_id"),
        Some(Ordered::Str(customer_id.clone())),
        "log-in token: actor_id",
    );
    t.eq(
        member(&payload, "app_metadata"),
        Some(Ordered::Obj(vec![(
            "customer_id".into(),
            Ordered::Str(customer_id.clone()),
        )])),
        "log-in token: app_metadata.customer_id",
    );
    let wrong = c.send(
        "POST",
        "/auth/customer/emailpass",
        &[],
        Some(&format!(r#"{{"email":"{EMAIL}","password":"wrong"}}"#)),
    );
    t.like(&wrong, "025-auth-login-wrong-password", true);
    let unknown = c.send(
        "POST",
        "/auth/customer/emailpass",
        &[],
        Some(r#"{"email":"nobody@example.com","password":"supersecret1"}"#),
    );
    t.answers(
        &unknown,
        401,
        WRONG_PASSWORD,
        "log-in, unknown e-mail (026)",
    );
    let no_password = c.send(
        "POST",
        "/auth/customer/emailpass",
        &[],
        Some(&format!(r#"{{"email":"{EMAIL}"}}"#)),
    );
    t.answers(
        &no_password,
        401,
        NO_PASSWORD,
        "log-in without password (027)",
    );
    let upper = c.send(
        "POST",
        "/auth/customer/emailpass",
        &[],
        Some(&format!(
            r#"{{"email":"{}","password":"supersecret1"}}"#,
            EMAIL.to_uppercase()
        )),
    );
    t.answers(
        &upper,
        401,
        WRONG_PASSWORD,
        "the e-mail is case-sensitive (028)",
    );
    let as_user = c.send("POST", "/auth/user/emailpass", &[], Some(&creds));
    let user = jwt_payload(&token_of(&as_user));
    t.eq(
        (member(&user, "actor_type"), member(&user, "actor_id")),
        (
            Some(Ordered::Str("user".into())),
            Some(Ordered::Str(String::new())),
        ),
        "the identity is shared by every actor type (029)",
    );
    let providers = c.send("GET", "/auth/customer/providers", &[], None);
    t.answers(
        &providers,
        200,
        r#"{"providers":[{"id":"emailpass","identifier":"emailpass","display_name":"Email/Password Authentication","flow":"credentials"}]}"#,
        "providers (030)",
    );

    // ---- 031–043: me ----
    let bearer = format!("Bearer {token}");
    let auth = [pk, ("Authorization", bearer.as_str())];
    let me = c.send("GET", "/store/customers/me", &auth, None);
    t.like(&me, "031-customers-me", false);
    let me_anonymous = c.send("GET", "/store/customers/me", &[pk], None);
    t.like(&me_anonymous, "032-customers-me-no-auth", true);
    let me_forged = c.send(
        "GET",
        "/store/customers/me",
        &[pk, ("Authorization", "Bearer not.a.token")],
        None,
    );
    t.answers(
        &me_forged,
        401,
        UNAUTHORIZED,
        "a token not issued here (033)",
    );
    // One character of the signature changed.
    let mut forged: Vec<char> = token.chars().collect();
    let at = forged.len() - 10;
    forged[at] = if forged[at] == 'A' { 'B' } else { 'A' };
    let forged: String = forged.into_iter().collect();
    let forged_bearer = format!("Bearer {forged}");
    let me_tampered = c.send(
        "GET",
        "/store/customers/me",
        &[pk, ("Authorization", forged_bearer.as_str())],
        None,
    );
    t.answers(&me_tampered, 401, UNAUTHORIZED, "a tampered signature");
    let fields = c.send(
        "GET",
        "/store/customers/me?fields=id,email,first_name",
        &auth,
        None,
    );
    t.like(&fields, "035-customers-me-fields", false);
    let plus = c.send(
        "GET",
        "/store/customers/me?fields=%2Bmetadata,*addresses",
        &auth,
        None,
    );
    t.like(&plus, "036-customers-me-fields-plus", false);
    let unknown_fields = c.send(
        "GET",
        "/store/customers/me?fields=password_hash",
        &auth,
        None,
    );
    t.answers(
        &unknown_fields,
        200,
        &format!(r#"{{"customer":{{"id":"{customer_id}"}}}}"#),
        "unknown fields are dropped (037)",
    );
    let update = c.send(
        "POST",
        "/store/customers/me",
        &auth,
        Some(r#"{"first_name":"Janet","phone":"+15555550199","metadata":{"vip":true}}"#),
    );
    t.like(&update, "038-customers-me-update", false);
    t.ok(
        update
            .body
            .contains(r#""metadata":{"vip":true,"source":"acceptance"}"#),
        "metadata merged, in jsonb key order (038)",
    );
    for (body, message, what) in [
        (
            r#"{"email":"changed@example.com"}"#,
            "Invalid request: Unrecognized fields: 'email'",
            "no e-mail change (039)",
        ),
        (
            r#"{"password":"newpass"}"#,
            "Invalid request: Unrecognized fields: 'password'",
            "no password change (040)",
        ),
        (
            r#"{"first_name":123}"#,
            "Invalid request: Expected type: 'string' for field 'first_name', got: '123'",
            "a field of the wrong type (041)",
        ),
    ] {
        let res = c.send("POST", "/store/customers/me", &auth, Some(body));
        let expected = format!(r#"{{"type":"invalid_data","message":"{message}"}}"#);
        t.answers(&res, 400, &expected, what);
    }
    let update_anonymous = c.send(
        "POST",
        "/store/customers/me",
        &[pk],
        Some(r#"{"first_name":"X"}"#),
    );
    t.answers(
        &update_anonymous,
        401,
        UNAUTHORIZED,
        "update without a token (042)",
    );
    let malformed = c.send(
        "POST",
        "/store/customers/me",
        &auth,
        Some(r#"{"first_name": "x",}"#),
    );
    t.like(&malformed, "043-customers-me-malformed-json", true);

    // ---- 044–056: the cookie session and refresh ----
    let session = c.send(
        "POST",
        "/auth/session",
        &[("Authorization", bearer.as_str())],
        None,
    );
    t.like(&session, "044-auth-session-create", false);
    let set_cookie = session.header("set-cookie").unwrap_or_default().to_string();
    t.ok(
        set_cookie.starts_with("connect.sid=s%3A")
            && set_cookie.contains("; Path=/; Expires=")
            && set_cookie.ends_with(" GMT; HttpOnly"),
        "session cookie shape (044)",
    );
    t.ok(
        jwt_payload(&token) == session_user(&session),
        "POST /auth/session answers the token's payload (044)",
    );
    let cookie = set_cookie.split(';').next().unwrap_or_default().to_string();
    let with_cookie = [pk, ("Cookie", cookie.as_str())];
    let no_bearer = c.send("POST", "/auth/session", &[], None);
    t.like(&no_bearer, "045-auth-session-create-no-bearer", true);
    let me_cookie = c.send("GET", "/store/customers/me", &with_cookie, None);
    t.like(&me_cookie, "046-customers-me-with-cookie", false);
    let refresh_cookie = c.send("POST", "/auth/token/refresh", &with_cookie, None);
    t.status(&refresh_cookie, 200, "refresh with the cookie (047)");
    payload_like(t, &token_of(&refresh_cookie), "053-auth-token-refresh");
    let logout = c.send("DELETE", "/auth/session", &with_cookie, None);
    t.like(&logout, "048-auth-session-delete", true);
    t.eq(
        logout.header("set-cookie"),
        Some("connect.sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"),
        "the cookie is cleared (048)",
    );
    let after_logout = c.send("GET", "/store/customers/me", &with_cookie, None);
    t.answers(
        &after_logout,
        401,
        UNAUTHORIZED,
        "the session is gone (049)",
    );
    let logout_no_cookie = c.send("DELETE", "/auth/session", &[], None);
    t.like(&logout_no_cookie, "050-auth-session-delete-no-cookie", true);
    let logout_bearer = c.send(
        "DELETE",
        "/auth/session",
        &[("Authorization", bearer.as_str())],
        None,
    );
    t.answers(
        &logout_bearer,
        401,
        UNAUTHORIZED,
        "a bearer token is no session (051)",
    );
    let bearer_after = c.send("GET", "/store/customers/me", &auth, None);
    t.status(&bearer_after, 200, "the JWT outlives the session (052)");
    let refresh = c.send(
        "POST",
        "/auth/token/refresh",
        &[("Authorization", bearer.as_str())],
        None,
    );
    t.like(&refresh, "053-auth-token-refresh", false);
    payload_like(t, &token_of(&refresh), "053-auth-token-refresh");
    let refresh_anonymous = c.send("POST", "/auth/token/refresh", &[], None);
    t.like(&refresh_anonymous, "054-auth-token-refresh-no-auth", true);
    let refresh_john = c.send(
        "POST",
        "/auth/token/refresh",
        &[("Authorization", john_bearer.as_str())],
        None,
    );
    t.eq(
        member(&jwt_payload(&token_of(&refresh_john)), "actor_id"),
        Some(Ordered::Str(String::new())),
        "a registration token refreshes, unregistered (055)",
    );
    let refreshed = format!("Bearer {}", token_of(&refresh));
    let me_refreshed = c.send(
        "GET",
        "/store/customers/me",
        &[pk, ("Authorization", refreshed.as_str())],
        None,
    );
    t.like(&me_refreshed, "056-customers-me-with-refreshed", false);

    // ---- 057–073: addresses ----
    let addresses = "/store/customers/me/addresses";
    let list_empty = c.send("GET", addresses, &auth, None);
    t.like(&list_empty, "057-addresses-list-empty", true);
    let home = c.send(
        "POST",
        addresses,
        &auth,
        Some(r#"{"first_name":"Jane","last_name":"Doe","address_1":"1 Main St","address_2":"Apt 2","city":"Springfield","country_code":"us","province":"il","postal_code":"62701","phone":"+15555550100","company":"Acme","address_name":"Home","is_default_shipping":true,"is_default_billing":true,"metadata":{"k":"v"}}"#),
    );
    t.like(&home, "058-addresses-create", false);
    let work = c.send(
        "POST",
        addresses,
        &auth,
        Some(r#"{"first_name":"Jane","last_name":"Doe","address_1":"2 Side St","city":"Toronto","country_code":"ca","postal_code":"M5V 2T6","address_name":"Work"}"#),
    );
    t.like(&work, "059-addresses-create-2", false);
    let blank = c.send("POST", addresses, &auth, Some("{}"));
    t.like(&blank, "060-addresses-create-empty", false);
    let ids: Vec<String> = blank.json()["customer"]["addresses"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| x["id"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default();
    t.ok(
        ids.len() == 3 && ids.iter().all(|id| id.starts_with("cuaddr_")),
        "three addresses",
    );
    let bad_type = c.send("POST", addresses, &auth, Some(r#"{"address_1":42}"#));
    t.answers(
        &bad_type,
        400,
        r#"{"type":"invalid_data","message":"Invalid request: Expected type: 'string' for field 'address_1', got: '42'"}"#,
        "address field of the wrong type (061)",
    );
    let list = c.send("GET", addresses, &auth, None);
    t.like(&list, "062-addresses-list", false);
    let paged = c.send(
        "GET",
        &format!("{addresses}?limit=1&offset=1&order=-created_at&fields=id,city"),
        &auth,
        None,
    );
    t.like(&paged, "063-addresses-list-paged", false);
    let city = c.send("GET", &format!("{addresses}?city=Toronto"), &auth, None);
    t.like(&city, "064-addresses-list-filter-city", false);
    t.eq(
        city.json()["addresses"][0]["id"].as_str(),
        Some(ids[1].as_str()),
        "city filter (064)",
    );
    let q = c.send("GET", &format!("{addresses}?q=Main"), &auth, None);
    t.like(&q, "065-addresses-list-q", false);
    t.eq(
        q.json()["addresses"][0]["id"].as_str(),
        Some(ids[0].as_str()),
        "q (065)",
    );
    let bad_limit = c.send("GET", &format!("{addresses}?limit=abc"), &auth, None);
    t.answers(
        &bad_limit,
        400,
        r#"{"type":"invalid_data","message":"Invalid request: Expected type: 'number' for field 'limit', got: 'abc'"}"#,
        "limit must be a number (066)",
    );
    let get = c.send("GET", &format!("{addresses}/{}", ids[0]), &auth, None);
    t.like(&get, "067-addresses-get", false);
    let get_missing = c.send(
        "GET",
        &format!("{addresses}/cuaddr_does_not_exist"),
        &auth,
        None,
    );
    t.like(&get_missing, "068-addresses-get-not-found", true);
    let updated = c.send(
        "POST",
        &format!("{addresses}/{}", ids[0]),
        &auth,
        Some(r#"{"city":"Chicago","postal_code":"60601"}"#),
    );
    t.like(&updated, "069-addresses-update", false);
    let update_missing = c.send(
        "POST",
        &format!("{addresses}/cuaddr_does_not_exist"),
        &auth,
        Some(r#"{"city":"Chicago"}"#),
    );
    t.like(&update_missing, "070-addresses-update-not-found", true);
    let deleted = c.send("DELETE", &format!("{addresses}/{}", ids[1]), &auth, None);
    t.like(&deleted, "071-addresses-delete", false);
    t.eq(
        deleted.json()["id"].as_str(),
        Some(customer_id.as_str()),
        "the deletion answers the customer's id (071)",
    );
    let deleted_again = c.send("DELETE", &format!("{addresses}/{}", ids[1]), &auth, None);
    t.like(&deleted_again, "072-addresses-delete-again", false);
    t.eq(
        deleted_again.json()["message"].as_str().map(str::to_string),
        Some(format!("Address with id: {} was not found", ids[1])),
        "delete again: 404 (072)",
    );
    let list_anonymous = c.send("GET", addresses, &[pk], None);
    t.like(&list_anonymous, "073-addresses-list-no-auth", true);
    let new_default = c.send(
        "POST",
        addresses,
        &auth,
        Some(r#"{"city":"Boston","is_default_shipping":true}"#),
    );
    let defaults: Vec<bool> = new_default.json()["customer"]["addresses"]
        .as_array()
        .map(|a| a.iter().map(|x| x["is_default_shipping"] == true).collect())
        .unwrap_or_default();
    t.eq(
        defaults,
        vec![false, false, true],
        "one default shipping address",
    );

    // ---- 084–091: orders ----
    let orders = c.send("GET", "/store/orders", &auth, None);
    t.like(&orders, "084-orders-list", false);
    let list = orders.json();
    t.eq(
        (
            list["count"].clone(),
            list["offset"].clone(),
            list["limit"].clone(),
        ),
        (json!(4), json!(0), json!(50)),
        "four demo orders, default limit 50",
    );
    let totals: Vec<String> = list["orders"]
        .as_array()
        .map(|o| o.iter().map(|x| x["total"].to_string()).collect())
        .unwrap_or_default();
    t.eq(
        totals,
        ["2450", "2450", "4400", "559.97"]
            .map(String::from)
            .to_vec(),
        "oldest first; one order with decimal money",
    );
    t.ok(
        orders.body.contains(r#""total":559.97,"#)
            && orders
                .body
                .contains(r#""raw_current_order_total":{"value":"559.97","precision":20}"#)
            && orders
                .body
                .contains(r#""raw_unit_price":{"value":"19.99","precision":20}"#)
            && orders
                .body
                .contains(r#""raw_total":{"value":"59.97","precision":20}"#),
        "3 x 19.99 + 500 = 559.97, with raw_* beside the numbers",
    );
    let paged = c.send(
        "GET",
        "/store/orders?limit=1&offset=0&order=-created_at&fields=id,display_id,status,total,email",
        &auth,
        None,
    );
    t.like(&paged, "085-orders-list-paged", false);
    t.eq(
        paged.json()["orders"][0]["total"].to_string(),
        "559.97".to_string(),
        "newest first with order=-created_at (085)",
    );
    let bad_order = c.send("GET", "/store/orders?order=-no_such_field", &auth, None);
    t.like(&bad_order, "086-orders-list-bad-order-field", true);
    let unknown_param = c.send("GET", "/store/orders?foo=bar", &auth, None);
    t.answers(
        &unknown_param,
        400,
        r#"{"type":"invalid_data","message":"Invalid request: Unrecognized fields: 'foo'"}"#,
        "unknown query parameter (087)",
    );
    let completed = c.send("GET", "/store/orders?status%5B0%5D=completed", &auth, None);
    t.eq(completed.json()["count"].clone(), json!(1), "status filter");
    let orders_anonymous = c.send("GET", "/store/orders", &[pk], None);
    t.like(&orders_anonymous, "088-orders-list-no-auth", true);
    let recorded_like = list["orders"][2]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let one = c.send(
        "GET",
        &format!("/store/orders/{recorded_like}"),
        &[pk],
        None,
    );
    t.like(&one, "089-orders-get", false);
    let order = one.json()["order"].clone();
    let recorded = medusa_testkit::captures::v2::load("089-orders-get").json()["order"].clone();
    for k in [
        "total",
        "subtotal",
        "item_total",
        "shipping_total",
        "summary",
    ] {
        t.eq(
            &order[k],
            &recorded[k],
            &format!("2 x 1950 + 500 as recorded: {k}"),
        );
    }
    let decimal_id = list["orders"][3]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let decimal = c.send("GET", &format!("/store/orders/{decimal_id}"), &auth, None);
    t.like(&decimal, "089-orders-get", false);
    let decimal = decimal.json()["order"].clone();
    t.eq(
        (
            decimal["item_total"].to_string(),
            decimal["total"].to_string(),
            decimal["items"][0]["variant"]["sku"].clone(),
        ),
        (
            "59.97".to_string(),
            "559.97".to_string(),
            json!("ACC-STICKER"),
        ),
        "the decimal order",
    );
    let missing = c.send("GET", "/store/orders/order_does_not_exist", &auth, None);
    t.like(&missing, "090-orders-get-not-found", true);
    let john_orders = c.send(
        "GET",
        "/store/orders",
        &[pk, ("Authorization", john_bearer.as_str())],
        None,
    );
    t.like(&john_orders, "091-orders-list-other-customer", true);

    // ---- 092–105: password reset ----
    let reset_request = format!(r#"{{"identifier":"{EMAIL}"}}"#);
    let requested = c.send(
        "POST",
        "/auth/customer/emailpass/reset-password",
        &[],
        Some(&reset_request),
    );
    t.like(&requested, "092-reset-password-request", true);
    let unknown = c.send(
        "POST",
        "/auth/customer/emailpass/reset-password",
        &[],
        Some(r#"{"identifier":"nobody@example.com"}"#),
    );
    t.answers(
        &unknown,
        201,
        "Created",
        "reset for an unknown e-mail (093)",
    );
    let missing = c.send(
        "POST",
        "/auth/customer/emailpass/reset-password",
        &[],
        Some("{}"),
    );
    t.answers(
        &missing,
        400,
        r#"{"type":"invalid_data","message":"Invalid request: Field 'identifier' is required"}"#,
        "reset without identifier (094)",
    );
    let hook_path = format!("/test-hooks/password-reset-token?email={EMAIL}");
    let hook = c.send("GET", &hook_path, &[], None);
    t.like(&hook, "095-test-hook-reset-token", false);
    let first_reset = hook.json()["token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let reset_payload = jwt_payload(&first_reset);
    t.eq(
        match &reset_payload {
            Ordered::Obj(m) => m
                .iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>()
                .join(","),
            _ => String::new(),
        },
        "entity_id,provider,actor_type,purpose,iat,exp,jti".to_string(),
        "reset token payload (095)",
    );
    let hook_missing = c.send(
        "GET",
        "/test-hooks/password-reset-token?email=nobody@example.com",
        &[],
        None,
    );
    t.answers(
        &hook_missing,
        404,
        r#"{"message":"no reset token recorded for customer:nobody@example.com"}"#,
        "hook, unknown e-mail",
    );
    let new_password = r#"{"password":"newpassword1"}"#;
    let update_path = "/auth/customer/emailpass/update";
    for (headers, what) in [
        (
            vec![("Authorization", bearer.as_str())],
            "a log-in token is no reset token (096)",
        ),
        (vec![], "no token (097)"),
    ] {
        let res = c.send("POST", update_path, &headers, Some(new_password));
        t.answers(&res, 401, INVALID_TOKEN, what);
    }
    let in_query = c.send(
        "POST",
        &format!("{update_path}?token={first_reset}"),
        &[],
        Some(new_password),
    );
    t.answers(&in_query, 401, INVALID_TOKEN, "a token in the query (098)");
    c.send(
        "POST",
        "/auth/customer/emailpass/reset-password",
        &[],
        Some(&reset_request),
    );
    let second_reset = c.send("GET", &hook_path, &[], None).json()["token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let reset_bearer = format!("Bearer {second_reset}");
    let reset = c.send(
        "POST",
        update_path,
        &[("Authorization", reset_bearer.as_str())],
        Some(new_password),
    );
    t.like(&reset, "100-reset-update", true);
    let reused = c.send(
        "POST",
        update_path,
        &[("Authorization", reset_bearer.as_str())],
        Some(r#"{"password":"newpassword2"}"#),
    );
    t.like(&reused, "101-reset-update-reuse-token", true);
    let older = format!("Bearer {first_reset}");
    let older = c.send(
        "POST",
        update_path,
        &[("Authorization", older.as_str())],
        Some(r#"{"password":"newpassword2"}"#),
    );
    t.answers(&older, 401, INVALID_TOKEN, "an older reset token (102)");
    let old_login = c.send("POST", "/auth/customer/emailpass", &[], Some(&creds));
    t.answers(&old_login, 401, WRONG_PASSWORD, "the old password (103)");
    let new_login = c.send(
        "POST",
        "/auth/customer/emailpass",
        &[],
        Some(&format!(
            r#"{{"email":"{EMAIL}","password":"newpassword1"}}"#
        )),
    );
    t.status(&new_login, 200, "the new password (104)");
    let old_token = c.send("GET", "/store/customers/me", &auth, None);
    t.like(&old_token, "105-customers-me-old-token-after-reset", false);

    // ---- 106–113: v1's routes and unknown ones ----
    for (method, path) in [
        ("POST", "/store/auth"),
        ("POST", "/store/auth/token"),
        ("GET", "/store/auth/jane.doe@example.com"),
        ("GET", "/store/customers/me/orders"),
        ("POST", "/store/customers/password-token"),
        ("POST", "/store/customers/password-reset"),
        ("GET", "/store/customers/me/payment-methods"),
        ("GET", "/store/does-not-exist"),
        ("GET", "/auth/foo"),
    ] {
        let body = (method == "POST").then_some("{}");
        let res = c.send(method, path, &auth, body);
        let what = format!("{method} {path}: Express's 404 (106-113)");
        t.status(&res, 404, &what);
        t.ok(
            res.body
                .contains(&format!("<pre>Cannot {method} {path}</pre>"))
                && super::header_names(&res.headers) == HTML_404_HEADERS.map(String::from),
            &what,
        );
    }
    let too_large = c.send(
        "POST",
        "/store/customers/me",
        &auth,
        Some(&format!(r#"{{"first_name":"{}"}}"#, "a".repeat(200_000))),
    );
    t.answers(
        &too_large,
        413,
        r#"{"message":"request entity too large","type":"unknown_error"}"#,
        "a body over 100 kB",
    );
    t.eq(
        too_large.header("content-type"),
        Some(JSON_UTF8),
        "413 is JSON",
    );

    // Keep-alive: everything above on `c` went over one socket.
    let keepalive = c.send("GET", "/health", &[], None);
    t.eq(keepalive.body.as_str(), "OK", "connection reused all along");

    // Dropping the handle stops the server promptly, even with an idle keep-alive connection.
    let started = Instant::now();
    drop(backend);
    t.ok(
        started.elapsed() < Duration::from_secs(3),
        "drop does not hang",
    );
    let mut buf = [0u8; 1];
    let closed = matches!(c.reader.read(&mut buf), Ok(0) | Err(_));
    t.ok(closed, "open connections are closed on drop");
    t.ok(TcpStream::connect(&addr).is_err(), "listener is closed");
}

/// The `user` of `POST /auth/session`.
fn session_user(res: &Res) -> Ordered {
    match Ordered::parse(&res.body) {
        Some(Ordered::Obj(m)) => m
            .into_iter()
            .find(|(k, _)| k == "user")
            .map_or(Ordered::Null, |(_, v)| v),
        _ => Ordered::Null,
    }
}
