//! Every answer of a v2 log-in beyond `{token}`, against a mock server answering exactly what a
//! real Medusa 2.21.2 with e-mail verification and MFA switched on answered (the shop contract,
//! §6): the request each step sends (method, path, query, who it is made as, body), what the
//! client keeps (only a token that names its customer), and what a program that only wants a
//! token gets (`Error::LoginIncomplete` naming the step).

use crate::session::{base64url, now};
use crate::support::v2::*;
use medusa_blocking::v2::auth::{LoginOutcome, RequestVerification, StartMfa};
use medusa_blocking::v2::models::{AuthFlow, MfaMethod, MfaStatus};
use medusa_blocking::v2::store::params::CreateCustomer;
use medusa_blocking::{AccessToken, Error, ErrorType, LoginStep};
use serde_json::{Value, json};

const IDENTITY: &str = "authid_01KBQ3Z8F4M5N6P7Q8R9S0T1V2";
const CHALLENGE: &str = "authmfachal_01KBQ40A1B2C3D4E5F6G7H8J9K";
const VERIFICATION: &str = "authver_01KBQ3ZC5D6E7F8G9H0J1K2M3N";
const FACTOR: &str = "authmfa_01KBQ3ZX9Y8W7V6T5S4R3Q2P1N";
const GOOGLE_LOCATION: &str = "https://accounts.google.com/o/oauth2/v2/auth?redirect_uri=http%3A%2F%2Flocalhost%3A8000%2Fauth%2Fgoogle%2Fcallback&client_id=1234.apps.googleusercontent.com&response_type=code&scope=email+profile+openid&state=3b1f0c9e2d";

/// A token with the claims a 2.21.2 server gives: `actor_id` as given (`""`: actorless), MFA
/// flags, issued now for 24 hours; `tag` makes tokens differ.
fn token(actor_id: &str, mfa_enabled: bool, completed_at: Option<&str>, tag: &str) -> String {
    let t = now();
    let payload = json!({
        "actor_id": actor_id,
        "actor_type": "customer",
        "auth_identity_id": IDENTITY,
        "auth_provider": "emailpass",
        "mfa_enabled": mfa_enabled,
        "mfa_challenge_completed_at": completed_at,
        "app_metadata": if actor_id.is_empty() { json!({}) } else { json!({"customer_id": actor_id}) },
        "user_metadata": {},
        "tag": tag,
        "iat": t,
        "exp": t + 86_400,
    });
    format!(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{}.c2lnbmF0dXJl",
        base64url(payload.to_string().as_bytes())
    )
}

fn actorless(tag: &str) -> String {
    token("", false, None, tag)
}

fn credentials() -> Body {
    Body::Json(json!({"email": EMAIL, "password": PASSWORD}))
}

/// The contract's `verification` object (shape 2, once a verification was requested).
fn verification_json() -> Value {
    json!({
        "id": VERIFICATION,
        "auth_identity_id": IDENTITY,
        "auth_identity": {"id": IDENTITY},
        "entity_id": EMAIL,
        "entity_type": "email",
        "code_provider": "token",
        "verified_at": null,
        "requested_at": "2026-12-05T17:18:40.112Z",
        "provider_metadata": {"token_hash": "9c1185a5c5e9fc54612808977ee8f548b2258d31"},
        "metadata": {},
        "created_at": "2026-12-05T17:18:40.112Z",
        "updated_at": "2026-12-05T17:18:40.112Z",
        "deleted_at": null,
    })
}

/// The contract's `mfa_challenge` (shape 3).
fn challenge_json() -> Value {
    json!({
        "id": CHALLENGE,
        "auth_identity_id": IDENTITY,
        "auth_provider": "emailpass",
        "methods": ["totp"],
        "expires_at": "2026-12-05T17:24:08.430Z",
        "attempts": 0,
        "max_attempts": 5,
        "completed_at": null,
        "metadata": null,
    })
}

fn api_error(kind: &str, message: &str) -> String {
    json!({"type": kind, "message": message}).to_string()
}

/// A client holding another customer's token (to show that an unfinished log-in leaves it).
fn logged_in_elsewhere(api: &Api) -> (medusa_blocking::v2::Medusa, String) {
    let before = token("cus_01OTHER", false, None, "before");
    let medusa = api
        .builder()
        .bearer_token(before.as_str())
        .build()
        .expect("client");
    (medusa, before)
}

fn kept(medusa: &medusa_blocking::v2::Medusa) -> Option<String> {
    medusa.bearer_token().map(|t| t.secret().to_string())
}

#[track_caller]
fn expect_incomplete<T: std::fmt::Debug>(result: Result<T, Error>, step: LoginStep) {
    match result {
        Err(Error::LoginIncomplete { step: s }) => {
            assert_eq!(s, step);
            let e = Error::LoginIncomplete { step: s };
            assert_eq!(e.status(), None);
            assert!(!e.is_retryable());
            assert!(e.to_string().starts_with("log-in not complete: "), "{e}");
        }
        other => panic!("expected LoginIncomplete({step:?}), got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Shape 1: a token, naming the customer or not

#[test]
fn login_outcome_with_a_token_naming_the_customer_is_logged_in_and_kept() {
    let mut api = Api::new();
    let login = api
        .call(
            "POST",
            LOGIN,
            As::Anonymous,
            credentials(),
            &capture("024-auth-login"),
        )
        .create();
    let medusa = api.medusa();

    match medusa.auth().login_outcome(EMAIL, PASSWORD).expect("login") {
        LoginOutcome::LoggedIn(t) => assert_eq!(t.secret(), login_token()),
        other => panic!("{other:?}"),
    }
    assert_eq!(kept(&medusa), Some(login_token()));
    login.assert();
}

#[test]
fn a_token_without_an_actor_is_never_kept_and_login_says_no_actor() {
    let mut api = Api::new();
    let bare = actorless("bare");
    let login = api
        .call(
            "POST",
            LOGIN,
            As::Bearer(&token("cus_01OTHER", false, None, "before")),
            credentials(),
            &Reply::json(200, json!({ "token": bare }).to_string()),
        )
        .expect(2)
        .create();
    let (medusa, before) = logged_in_elsewhere(&api);

    expect_incomplete(medusa.auth().login(EMAIL, PASSWORD), LoginStep::NoActor);
    assert_eq!(
        kept(&medusa),
        Some(before.clone()),
        "the client stays as it was"
    );
    match medusa
        .auth()
        .login_outcome(EMAIL, PASSWORD)
        .expect("outcome")
    {
        LoginOutcome::Unregistered { token } => assert_eq!(token.secret(), bare),
        other => panic!("{other:?}"),
    }
    assert_eq!(kept(&medusa), Some(before));
    login.assert();
}

// ---------------------------------------------------------------------------------------------
// Shape 2: verification required

#[test]
fn verification_required_before_any_request_keeps_nothing_and_login_says_verification() {
    let mut api = Api::new();
    let pending = actorless("verify");
    let login = api
        .call(
            "POST",
            LOGIN,
            As::Anonymous,
            credentials(),
            &Reply::json(
                200,
                json!({"verification_required": true, "token": pending}).to_string(),
            ),
        )
        .expect(3)
        .create();
    let medusa = api.medusa();

    expect_incomplete(
        medusa.auth().login(EMAIL, PASSWORD),
        LoginStep::Verification,
    );
    expect_incomplete(
        medusa.auth().authenticate(EMAIL, PASSWORD),
        LoginStep::Verification,
    );
    assert_eq!(kept(&medusa), None);
    match medusa
        .auth()
        .login_outcome(EMAIL, PASSWORD)
        .expect("outcome")
    {
        LoginOutcome::VerificationRequired(p) => {
            assert!(p.verification.is_none());
            assert_eq!(p.token.secret(), pending);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(kept(&medusa), None);
    login.assert();
}

#[test]
fn the_whole_verification_flow_requests_confirms_and_continues_with_the_pending_token() {
    let mut api = Api::new();
    let pending = actorless("verify");
    let customer_token = token(CUSTOMER_ID, false, None, "verified");
    let login = api
        .call(
            "POST",
            LOGIN,
            As::Anonymous,
            credentials(),
            &Reply::json(
                200,
                json!({"verification_required": true, "verification": verification_json(), "token": pending})
                    .to_string(),
            ),
        )
        .create();
    let mut requested = verification_json();
    requested.as_object_mut().unwrap().remove("auth_identity");
    let request = api
        .call(
            "POST",
            "/auth/verification/request",
            As::Bearer(&pending),
            Body::Json(json!({"entity_id": EMAIL, "entity_type": "email"})),
            &Reply::json(201, json!({ "verification": requested }).to_string()),
        )
        .create();
    let confirm = api
        .call(
            "POST",
            "/auth/verification/confirm",
            As::Anonymous,
            Body::Json(json!({"code": "Zb3kLq9W-x1Y2z3A4b5C6d7E8f9G0h1I2j3K4l5M6n7"})),
            &Reply::json(
                200,
                json!({"entity_id": EMAIL, "entity_type": "email", "code_provider": "token",
                       "verified_at": "2026-12-05T17:18:54.925Z"})
                .to_string(),
            ),
        )
        .create();
    let refresh = api
        .call(
            "POST",
            REFRESH,
            As::Bearer(&pending),
            Body::Json(json!({})),
            &Reply::json(200, json!({ "token": customer_token }).to_string()),
        )
        .create();
    let medusa = api.medusa();
    let auth = medusa.auth();

    let LoginOutcome::VerificationRequired(p) = auth.login_outcome(EMAIL, PASSWORD).unwrap() else {
        panic!("not a verification")
    };
    let v = p.verification.as_ref().expect("verification");
    assert_eq!(v.id, VERIFICATION);
    assert_eq!(v.entity_id, EMAIL);
    assert_eq!(v.entity_type, "email");
    assert_eq!(v.code_provider.as_deref(), Some("token"));
    assert_eq!(v.verified_at, None);
    assert!(!format!("{p:?}").contains(&pending));

    let made = auth
        .verification()
        .request_with(&p, &RequestVerification::email(EMAIL))
        .expect("request");
    assert_eq!(made.id, VERIFICATION);
    assert_eq!(kept(&medusa), None);
    let confirmed = auth
        .verification()
        .confirm("Zb3kLq9W-x1Y2z3A4b5C6d7E8f9G0h1I2j3K4l5M6n7")
        .expect("confirm");
    assert_eq!(confirmed.entity_id, EMAIL);
    assert_eq!(
        confirmed.verified_at.as_deref(),
        Some("2026-12-05T17:18:54.925Z")
    );
    match auth.continue_login(&p.token).expect("continue") {
        LoginOutcome::LoggedIn(t) => assert_eq!(t.secret(), customer_token),
        other => panic!("{other:?}"),
    }
    assert_eq!(kept(&medusa), Some(customer_token));
    for m in [&login, &request, &confirm, &refresh] {
        m.assert();
    }
}

#[test]
fn a_wrong_verification_code_is_the_servers_400_and_a_request_needs_a_login() {
    let mut api = Api::new();
    let confirm = api
        .call(
            "POST",
            "/auth/verification/confirm",
            As::Anonymous,
            Body::Json(json!({"code": "wrong"})),
            &Reply::json(
                400,
                api_error(
                    "not_allowed",
                    "Verification code is invalid or already used",
                ),
            ),
        )
        .create();
    let request = api
        .call(
            "POST",
            "/auth/verification/request",
            As::Anonymous,
            Body::Json(
                json!({"entity_id": EMAIL, "entity_type": "email", "code_provider": "token"}),
            ),
            &Reply::json(401, r#"{"message":"Unauthorized"}"#),
        )
        .create();
    let medusa = api.medusa();

    expect_api_error(
        medusa.auth().verification().confirm("wrong"),
        400,
        ErrorType::NotAllowed,
        "Verification code is invalid or already used",
    );
    let mut with_provider = RequestVerification::email(EMAIL);
    with_provider.code_provider = Some("token".into());
    let err = medusa
        .auth()
        .verification()
        .request(&with_provider)
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    expect_invalid_input(medusa.auth().verification().confirm(" "), "code");
    expect_invalid_input(
        medusa
            .auth()
            .verification()
            .request(&RequestVerification::email("")),
        "entity_id",
    );
    confirm.assert();
    request.assert();
}

// ---------------------------------------------------------------------------------------------
// Shape 3: MFA required

#[test]
fn mfa_required_keeps_nothing_and_the_challenge_answer_logs_in() {
    let mut api = Api::new();
    let pending = token("", true, None, "mfa");
    let customer_token = token(CUSTOMER_ID, true, Some("2026-12-05T17:19:30.000Z"), "done");
    let login = api
        .call(
            "POST",
            LOGIN,
            As::Anonymous,
            credentials(),
            &Reply::json(
                200,
                json!({"mfa_required": true, "mfa_challenge": challenge_json(), "token": pending})
                    .to_string(),
            ),
        )
        .expect(2)
        .create();
    let verify = api
        .call(
            "POST",
            &format!("/auth/mfa/challenges/{CHALLENGE}/verify"),
            As::Bearer(&pending),
            Body::Json(json!({"method": "totp", "code": "123456"})),
            &Reply::json(200, json!({ "token": customer_token }).to_string()),
        )
        .create();
    let me = api
        .call(
            "GET",
            ME,
            As::Bearer(&customer_token),
            Body::None,
            &capture("031-customers-me"),
        )
        .create();
    let medusa = api.medusa();

    expect_incomplete(
        medusa.auth().login(EMAIL, PASSWORD),
        LoginStep::SecondFactor,
    );
    assert_eq!(kept(&medusa), None);
    let LoginOutcome::MfaRequired(p) = medusa.auth().login_outcome(EMAIL, PASSWORD).unwrap() else {
        panic!("not an MFA challenge")
    };
    assert_eq!(p.challenge.id, CHALLENGE);
    assert_eq!(p.challenge.auth_identity_id.as_deref(), Some(IDENTITY));
    assert_eq!(p.challenge.auth_provider.as_deref(), Some("emailpass"));
    assert_eq!(p.challenge.methods, vec![MfaMethod::Totp]);
    assert_eq!(
        p.challenge.expires_at.as_deref(),
        Some("2026-12-05T17:24:08.430Z")
    );
    assert_eq!(
        (p.challenge.attempts, p.challenge.max_attempts),
        (Some(0), Some(5))
    );
    assert_eq!(p.token.secret(), pending);
    assert_eq!(kept(&medusa), None);

    let t = medusa
        .auth()
        .mfa()
        .verify_challenge(&p, MfaMethod::Totp, "123456")
        .expect("verify challenge");
    assert_eq!(t.secret(), customer_token);
    assert_eq!(kept(&medusa), Some(customer_token));
    medusa.customers().retrieve().expect("me");
    for m in [&login, &verify, &me] {
        m.assert();
    }
}

#[test]
fn a_wrong_used_or_unknown_challenge_is_the_servers_error_and_keeps_nothing() {
    let mut api = Api::new();
    let pending = token("", true, None, "mfa");
    let path = format!("/auth/mfa/challenges/{CHALLENGE}/verify");
    let wrong = api
        .call(
            "POST",
            &path,
            As::Bearer(&pending),
            Body::Json(json!({"method": "totp", "code": "000000"})),
            &Reply::json(400, api_error("not_allowed", "Invalid MFA challenge code")),
        )
        .create();
    let other_method = api
        .call(
            "POST",
            &path,
            As::Bearer(&pending),
            Body::Json(json!({"method": "sms", "code": "123456"})),
            &Reply::json(
                400,
                api_error(
                    "invalid_data",
                    "MFA challenge does not support method \"sms\"",
                ),
            ),
        )
        .create();
    let unknown = api
        .call(
            "POST",
            "/auth/mfa/challenges/authmfachal_x/verify",
            As::Bearer(&pending),
            Body::Json(json!({"method": "totp", "code": "123456"})),
            &Reply::json(
                404,
                api_error(
                    "not_found",
                    "MFA challenge with id \"authmfachal_x\" was not found",
                ),
            ),
        )
        .create();
    let medusa = api.medusa();
    let mut challenge = medusa_blocking::v2::models::MfaChallenge::default();
    challenge.id = CHALLENGE.into();
    let p = medusa_blocking::v2::auth::MfaRequired::new(
        challenge.clone(),
        AccessToken::from(pending.as_str()),
    );

    let err = expect_api_error(
        medusa
            .auth()
            .mfa()
            .verify_challenge(&p, MfaMethod::Totp, "000000"),
        400,
        ErrorType::NotAllowed,
        "Invalid MFA challenge code",
    );
    assert!(!format!("{err:?}").contains("000000"));
    expect_api_error(
        medusa
            .auth()
            .mfa()
            .verify_challenge(&p, MfaMethod::from("sms"), "123456"),
        400,
        ErrorType::InvalidData,
        "MFA challenge does not support method \"sms\"",
    );
    challenge.id = "authmfachal_x".into();
    let gone =
        medusa_blocking::v2::auth::MfaRequired::new(challenge, AccessToken::from(pending.as_str()));
    expect_api_error(
        medusa
            .auth()
            .mfa()
            .verify_challenge(&gone, MfaMethod::Totp, "123456"),
        404,
        ErrorType::NotFound,
        "MFA challenge with id \"authmfachal_x\" was not found",
    );
    expect_invalid_input(
        medusa
            .auth()
            .mfa()
            .verify_challenge(&p, MfaMethod::Totp, ""),
        "code",
    );
    assert_eq!(kept(&medusa), None);
    for m in [&wrong, &other_method, &unknown] {
        m.assert();
    }
}

#[test]
fn a_challenge_answer_whose_token_names_no_customer_is_not_kept() {
    let mut api = Api::new();
    let pending = token("", true, None, "mfa");
    let verify = api
        .call(
            "POST",
            &format!("/auth/mfa/challenges/{CHALLENGE}/verify"),
            As::Bearer(&pending),
            Body::Json(json!({"method": "recovery_code", "code": "a1b2-c3d4"})),
            &Reply::json(
                200,
                json!({ "token": token("", true, None, "still none") }).to_string(),
            ),
        )
        .create();
    let medusa = api.medusa();
    let mut challenge = medusa_blocking::v2::models::MfaChallenge::default();
    challenge.id = CHALLENGE.into();
    let p =
        medusa_blocking::v2::auth::MfaRequired::new(challenge, AccessToken::from(pending.as_str()));

    expect_incomplete(
        medusa
            .auth()
            .mfa()
            .verify_challenge(&p, MfaMethod::RecoveryCode, "a1b2-c3d4"),
        LoginStep::NoActor,
    );
    assert_eq!(kept(&medusa), None);
    verify.assert();
}

// ---------------------------------------------------------------------------------------------
// Shape 4: OAuth redirect, callback, providers

#[test]
fn an_oauth_login_is_a_redirect_and_its_callback_logs_in() {
    let mut api = Api::new();
    let customer_token = token(CUSTOMER_ID, false, None, "google");
    let login = api
        .call(
            "POST",
            "/auth/customer/google",
            As::Anonymous,
            Body::Json(json!({})),
            &Reply::json(200, json!({ "location": GOOGLE_LOCATION }).to_string()),
        )
        .create();
    let callback = api
        .call(
            "GET",
            "/auth/customer/google/callback?code=4%2F0AbCdEf&state=3b1f0c9e2d&scope=email",
            As::Anonymous,
            Body::None,
            &Reply::json(200, json!({ "token": customer_token }).to_string()),
        )
        .create();
    let medusa = api.medusa();

    match medusa
        .auth()
        .login_with("google", &json!({}))
        .expect("login")
    {
        LoginOutcome::Redirect { location } => assert_eq!(location, GOOGLE_LOCATION),
        other => panic!("{other:?}"),
    }
    expect_incomplete(
        LoginOutcome::Redirect {
            location: GOOGLE_LOCATION.into(),
        }
        .into_token(),
        LoginStep::Redirect,
    );
    assert_eq!(kept(&medusa), None);
    match medusa
        .auth()
        .callback("google", "?code=4%2F0AbCdEf&state=3b1f0c9e2d&scope=email")
        .expect("callback")
    {
        LoginOutcome::LoggedIn(t) => assert_eq!(t.secret(), customer_token),
        other => panic!("{other:?}"),
    }
    assert_eq!(kept(&medusa), Some(customer_token));
    login.assert();
    callback.assert();
}

#[test]
fn a_callback_can_ask_for_a_second_factor_and_a_bad_query_is_refused_before_sending() {
    let mut api = Api::new();
    let pending = token("", true, None, "mfa");
    let callback = api
        .call(
            "GET",
            "/auth/customer/google/callback?code=c&state=s",
            As::Anonymous,
            Body::None,
            &Reply::json(
                200,
                json!({"mfa_required": true, "mfa_challenge": challenge_json(), "token": pending})
                    .to_string(),
            ),
        )
        .create();
    let medusa = api.medusa();

    assert!(matches!(
        medusa.auth().callback("google", "code=c&state=s").unwrap(),
        LoginOutcome::MfaRequired(_)
    ));
    assert_eq!(kept(&medusa), None);
    for bad in ["code=c#frag", "code=a b", "code=\n"] {
        expect_invalid_input(medusa.auth().callback("google", bad), "callback query");
    }
    expect_invalid_input(medusa.auth().callback("", "code=c"), "provider");
    expect_invalid_input(medusa.auth().login_with(" ", &json!({})), "provider");
    callback.assert();
}

#[test]
fn an_unconfigured_provider_is_the_servers_401_with_its_message() {
    let mut api = Api::new();
    let message = "\nUnable to retrieve the auth provider with id: google\nPlease make sure that the provider is registered in the container and it is configured correctly in your project configuration file.";
    let login = api
        .call(
            "POST",
            "/auth/customer/google",
            As::Anonymous,
            Body::Json(json!({})),
            &Reply::json(401, api_error("unauthorized", message)),
        )
        .create();

    expect_api_error(
        api.medusa().auth().login_with("google", &json!({})),
        401,
        ErrorType::Unauthorized,
        message,
    );
    login.assert();
}

#[test]
fn providers_lists_what_the_actor_can_log_in_with() {
    let mut api = Api::new();
    let providers = api
        .call(
            "GET",
            "/auth/customer/providers",
            As::Anonymous,
            Body::None,
            &Reply::json(
                200,
                r#"{"providers":[{"id":"emailpass","identifier":"emailpass","display_name":"Email/Password Authentication","flow":"credentials"},{"id":"google","identifier":"google","display_name":"Google Authentication","flow":"redirect"}]}"#,
            ),
        )
        .create();

    let list = api.medusa().auth().providers().expect("providers");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].id, "emailpass");
    assert_eq!(
        list[0].display_name.as_deref(),
        Some("Email/Password Authentication")
    );
    assert_eq!(list[0].flow, Some(AuthFlow::Credentials));
    assert_eq!(list[1].flow, Some(AuthFlow::Redirect));
    providers.assert();
}

// ---------------------------------------------------------------------------------------------
// MFA enrolment (as the logged-in customer)

#[test]
fn mfa_enrolment_calls_send_what_js_sdk_sends_and_show_no_secret() {
    let mut api = Api::new();
    let me = login_token();
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let url = format!(
        "otpauth://totp/Medusa:Jane?secret={secret}&issuer=Medusa&algorithm=SHA1&digits=6&period=30"
    );
    let factor = |status: &str| {
        json!({"id": FACTOR, "auth_identity_id": IDENTITY, "provider": "totp", "status": status,
               "metadata": {"label": "Jane"}, "created_at": "2026-12-05T17:20:00.000Z",
               "updated_at": "2026-12-05T17:20:00.000Z", "deleted_at": null})
    };
    let start = api
        .call(
            "POST",
            "/auth/mfa/factors",
            As::Bearer(&me),
            Body::Json(json!({"provider": "totp", "label": "Jane"})),
            &Reply::json(
                200,
                json!({"mfa_factor": factor("pending"), "secret": secret, "otpauth_url": url})
                    .to_string(),
            ),
        )
        .create();
    let verify = api
        .call(
            "POST",
            &format!("/auth/mfa/factors/{FACTOR}/verify"),
            As::Bearer(&me),
            Body::Json(json!({"code": "123456"})),
            &Reply::json(200, json!({"mfa_factor": factor("enabled")}).to_string()),
        )
        .create();
    let list = api
        .call(
            "GET",
            "/auth/mfa/factors",
            As::Bearer(&me),
            Body::None,
            &Reply::json(200, json!({"mfa_factors": [factor("enabled")]}).to_string()),
        )
        .create();
    let codes = api
        .call(
            "POST",
            "/auth/mfa/recovery-codes",
            As::Bearer(&me),
            Body::Json(json!({"count": 2})),
            &Reply::json(200, r#"{"recovery_codes":["a1b2-c3d4","e5f6-a7b8"]}"#),
        )
        .create();
    let disable = api
        .call(
            "DELETE",
            &format!("/auth/mfa/factors/{FACTOR}"),
            As::Bearer(&me),
            Body::Json(json!({"method": "totp", "code": "654321"})),
            &Reply::json(200, json!({"mfa_factor": factor("disabled")}).to_string()),
        )
        .create();
    let disable_plain = api
        .call(
            "DELETE",
            &format!("/auth/mfa/factors/{FACTOR}"),
            As::Bearer(&me),
            Body::Json(json!({})),
            &Reply::json(200, json!({"mfa_factor": factor("disabled")}).to_string()),
        )
        .create();
    let medusa = api.logged_in();
    let mfa = medusa.auth().mfa();

    let mut params = StartMfa::totp();
    params.label = Some("Jane".into());
    let enrolment = mfa.start(&params).expect("start");
    assert_eq!(enrolment.factor.id, FACTOR);
    assert_eq!(enrolment.factor.status, Some(MfaStatus::Pending));
    assert_eq!(enrolment.secret.as_ref().map(|s| s.secret()), Some(secret));
    assert_eq!(
        enrolment.otpauth_url.as_ref().map(|s| s.secret()),
        Some(url.as_str())
    );
    let shown = format!("{enrolment:?}");
    assert!(
        !shown.contains(secret) && !shown.contains("otpauth://"),
        "{shown}"
    );

    assert_eq!(
        mfa.verify(FACTOR, "123456").expect("verify").status,
        Some(MfaStatus::Enabled)
    );
    let factors = mfa.list().expect("list");
    assert_eq!(factors[0].provider, Some(MfaMethod::Totp));
    let recovery = mfa.generate_recovery_codes(Some(2)).expect("codes");
    assert_eq!(
        recovery.iter().map(|c| c.secret()).collect::<Vec<_>>(),
        ["a1b2-c3d4", "e5f6-a7b8"]
    );
    assert!(!format!("{recovery:?}").contains("a1b2"));
    assert_eq!(
        mfa.disable(FACTOR, Some((MfaMethod::Totp, "654321")))
            .expect("disable")
            .status,
        Some(MfaStatus::Disabled)
    );
    mfa.disable(FACTOR, None).expect("disable without proof");
    for m in [&start, &verify, &list, &codes, &disable, &disable_plain] {
        m.assert();
    }
}

#[test]
fn mfa_without_the_servers_encryption_key_is_its_400() {
    let mut api = Api::new();
    let start = api
        .call(
            "POST",
            "/auth/mfa/factors",
            As::Bearer(&login_token()),
            Body::Json(json!({"provider": "totp"})),
            &Reply::json(
                400,
                api_error(
                    "invalid_data",
                    "MFA encryption key is required to use MFA methods",
                ),
            ),
        )
        .create();

    expect_api_error(
        api.logged_in().auth().mfa().start(&StartMfa::totp()),
        400,
        ErrorType::InvalidData,
        "MFA encryption key is required to use MFA methods",
    );
    start.assert();
}

// ---------------------------------------------------------------------------------------------
// create on a server that asks for a verification

#[test]
fn create_again_for_an_identity_that_must_verify_says_so_and_creates_nothing() {
    let mut api = Api::new();
    let register = api
        .call(
            "POST",
            REGISTER,
            As::Anonymous,
            credentials(),
            &Reply::json(
                401,
                api_error("unauthorized", "Identity with email already exists"),
            ),
        )
        .create();
    let login = api
        .call(
            "POST",
            LOGIN,
            As::Anonymous,
            credentials(),
            &Reply::json(
                200,
                json!({"verification_required": true, "token": actorless("v")}).to_string(),
            ),
        )
        .create();
    let medusa = api.medusa();

    expect_incomplete(
        medusa
            .customers()
            .create(&CreateCustomer::new(EMAIL, PASSWORD)),
        LoginStep::Verification,
    );
    assert_eq!(kept(&medusa), None);
    register.assert();
    login.assert();
}
