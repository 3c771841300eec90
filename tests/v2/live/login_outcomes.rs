//! Log-in outcomes on the real Medusa 2.21.2 in its default configuration (no verification, no
//! MFA encryption key, `emailpass` only): a token naming the customer, a wrong password, an
//! identity without a customer (its token names no actor, is never kept, and goes on once the
//! customer exists), the providers list, an unconfigured OAuth provider, and the verification and
//! MFA calls as far as such a server takes them. The outcomes that need the server configured
//! otherwise are in [`checks`] (a second v2 server) and in the mock tests.

use super::*;
use medusa_blocking::LoginStep;
use medusa_blocking::v2::auth::{LoginOutcome, MfaRequired, RequestVerification, StartMfa};
use medusa_blocking::v2::models::{AuthFlow, MfaChallenge, MfaMethod};

mod checks;

#[track_caller]
fn expect_incomplete<T: Debug>(result: Result<T, Error>, step: LoginStep) {
    match result {
        Err(Error::LoginIncomplete { step: s }) if s == step => {}
        other => panic!("expected LoginIncomplete({step:?}), got {other:?}"),
    }
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn a_login_outcome_names_the_customer_and_a_wrong_password_is_a_401() {
    let b = backend();
    let (_, customer, email) = register(&b, "outcome");
    let medusa = client(&b);

    match medusa
        .auth()
        .login_outcome(&email, PASSWORD)
        .expect("login")
    {
        LoginOutcome::LoggedIn(token) => {
            assert_eq!(token.actor_id().as_deref(), Some(customer.id.as_str()));
            assert_eq!(medusa.bearer_token(), Some(token));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(medusa.customers().retrieve().expect("me").id, customer.id);

    let fresh = client(&b);
    expect_api_says(
        fresh.auth().login_outcome(&email, "wrong-password"),
        401,
        "unauthorized",
        "Invalid email or password",
    );
    assert_eq!(fresh.bearer_token(), None);
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn an_identity_without_a_customer_is_never_kept_and_continues_once_it_has_one() {
    let b = backend();
    let (medusa, before, _) = register(&b, "bare-before");
    let email = unique_email("bare");
    medusa.auth().register(&email, PASSWORD).expect("register");
    let held = medusa.bearer_token();

    expect_incomplete(medusa.auth().login(&email, PASSWORD), LoginStep::NoActor);
    assert_eq!(medusa.bearer_token(), held, "the client stays as it was");
    assert_eq!(medusa.customers().retrieve().expect("me").id, before.id);
    let LoginOutcome::Unregistered { token } =
        medusa.auth().login_outcome(&email, PASSWORD).unwrap()
    else {
        panic!("not unregistered")
    };
    assert_eq!(token.actor_id().as_deref(), Some(""));
    assert_eq!(medusa.bearer_token(), held);

    let created = medusa
        .customers()
        .create_with_token(
            &RegistrationToken::from(token.secret()),
            &CreateCustomer::new(&email, ""),
        )
        .expect("create the customer with the log-in's token");
    match medusa.auth().continue_login(&token).expect("continue") {
        LoginOutcome::LoggedIn(t) => {
            assert_eq!(t.actor_id().as_deref(), Some(created.id.as_str()));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(medusa.customers().retrieve().expect("me").id, created.id);
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn providers_and_an_unconfigured_oauth_provider() {
    let b = backend();
    let medusa = client(&b);

    let providers = medusa.auth().providers().expect("providers");
    assert_eq!(providers.len(), 1, "{providers:?}");
    assert_eq!(providers[0].id, "emailpass");
    assert_eq!(providers[0].identifier, "emailpass");
    assert_eq!(
        providers[0].display_name.as_deref(),
        Some("Email/Password Authentication")
    );
    assert_eq!(providers[0].flow, Some(AuthFlow::Credentials));

    expect_api_says(
        medusa.auth().login_with("google", &json!({})),
        401,
        "unauthorized",
        "Unable to retrieve the auth provider with id: google",
    );
    expect_api_says(
        medusa.auth().callback("google", "code=4%2F0Ab&state=xyz"),
        401,
        "unauthorized",
        "Unable to retrieve the auth provider with id: google",
    );
    assert_eq!(medusa.bearer_token(), None);
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn verification_calls_on_a_server_that_does_not_require_them() {
    let b = backend();
    let (medusa, _, email) = register(&b, "verify-default");
    let verifications = medusa.auth().verification();

    let requested = verifications
        .request(&RequestVerification::email(&email))
        .expect("request");
    assert!(requested.id.starts_with("authver_"), "{requested:?}");
    assert_eq!(requested.entity_id, email);
    assert_eq!(requested.entity_type, "email");
    assert_eq!(requested.code_provider.as_deref(), Some("token"));
    assert_eq!(requested.verified_at, None);
    expect_api_says(
        verifications.confirm("not-the-code"),
        400,
        "not_allowed",
        "Verification code is invalid or already used",
    );
    expect_unauthorized(
        client(&b)
            .auth()
            .verification()
            .request(&RequestVerification::email(&email)),
    );
    // The customer is still logged in, and still logs in with a plain token.
    medusa.customers().retrieve().expect("me");
    assert!(matches!(
        client(&b).auth().login_outcome(&email, PASSWORD).unwrap(),
        LoginOutcome::LoggedIn(_)
    ));
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn mfa_calls_on_a_server_without_an_encryption_key() {
    let b = backend();
    let (medusa, _, _) = register(&b, "mfa-default");
    let mfa = medusa.auth().mfa();

    assert_eq!(mfa.list().expect("list"), vec![]);
    expect_api_says(
        mfa.start(&StartMfa::totp()),
        400,
        "invalid_data",
        "MFA encryption key is required to use MFA methods",
    );
    expect_api_says(
        mfa.generate_recovery_codes(None),
        400,
        "not_allowed",
        "Recovery codes require an enabled MFA factor",
    );
    let mut challenge = MfaChallenge::default();
    challenge.id = "authmfachal_x".into();
    let token = medusa.bearer_token().expect("logged in");
    let held = Some(token.clone());
    expect_api_says(
        mfa.verify_challenge(
            &MfaRequired::new(challenge, token),
            MfaMethod::Totp,
            "123456",
        ),
        404,
        "not_found",
        "MFA challenge with id \"authmfachal_x\" was not found",
    );
    assert_eq!(medusa.bearer_token(), held);
}
