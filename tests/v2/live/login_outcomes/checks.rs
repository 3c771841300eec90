//! The log-in steps on a real Medusa 2.21.2 configured to ask for them: a second v2 server
//! (`tests/backend/start-v2-auth-checks.sh`: customers must verify their e-mail to log in with
//! emailpass, and MFA has its encryption key). The whole verification flow (the code comes
//! from the server's `auth.verification_requested` event, through a TEST-ONLY hook) and the
//! whole MFA flow (enrolment, a challenge answered with TOTP codes computed here, a recovery
//! code, disabling).
//!
//! ```text
//! while read -r l; do export "$l"; done < <(bash tests/backend/start-v2-auth-checks.sh)
//! cargo test --test v2 -- --include-ignored live::login_outcomes::checks::
//! ```

use super::*;
use crate::support::totp;

#[track_caller]
fn checks() -> Backend {
    support::live::backend(&support::live::V2_CHECKS)
}

/// The latest verification code the server handed out for `email` that is not `previous`,
/// polled for up to 15 s.
fn verification_code(b: &Backend, email: &str, previous: Option<&str>) -> String {
    let hook = client(b);
    let path = format!(
        "/test-hooks/verification-code?email={}",
        utf8_percent_encode(email, NON_ALPHANUMERIC)
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let found = match hook.get::<Value>(&path) {
            Ok(v) => v["code"].as_str().map(str::to_string),
            Err(e) if e.status() == Some(404) => None,
            Err(e) => panic!("verification hook for {email}: {e}"),
        };
        match found {
            Some(code) if Some(code.as_str()) != previous => return code,
            _ if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(200)),
            _ => panic!("no new verification code for {email} within 15 s"),
        }
    }
}

/// A customer of the checks server, verified and logged in (the verification flow, asserted).
fn verified_customer(b: &Backend, tag: &str) -> (Medusa, Customer, String) {
    let medusa = client(b);
    let email = unique_email(tag);
    // The customer is made; the log-in that ends `create` asks for the verification.
    expect_incomplete(
        medusa
            .customers()
            .create(&CreateCustomer::new(&email, PASSWORD)),
        LoginStep::Verification,
    );
    assert_eq!(medusa.bearer_token(), None);
    let LoginOutcome::VerificationRequired(pending) = medusa
        .auth()
        .login_outcome(&email, PASSWORD)
        .expect("login")
    else {
        panic!("no verification asked for")
    };
    assert!(pending.verification.is_none(), "{pending:?}");
    assert_eq!(pending.token.actor_id().as_deref(), Some(""));
    // The actorless token is no customer login.
    expect_unauthorized(client_with_token(b, &pending.token).customers().retrieve());

    let requested = medusa
        .auth()
        .verification()
        .request_with(&pending, &RequestVerification::email(&email))
        .expect("request");
    assert_eq!(requested.entity_id, email);
    // Asked again, the log-in now shows the verification under way.
    match medusa
        .auth()
        .login_outcome(&email, PASSWORD)
        .expect("login again")
    {
        LoginOutcome::VerificationRequired(p) => {
            assert_eq!(p.verification.expect("verification").id, requested.id)
        }
        other => panic!("{other:?}"),
    }
    let code = verification_code(b, &email, None);
    expect_api_says(
        medusa.auth().verification().confirm("not-the-code"),
        400,
        "not_allowed",
        "Verification code is invalid or already used",
    );
    let confirmed = medusa
        .auth()
        .verification()
        .confirm(&code)
        .expect("confirm");
    assert_eq!(confirmed.entity_id, email);
    assert!(confirmed.verified_at.is_some());
    expect_api_says(
        medusa.auth().verification().confirm(&code),
        400,
        "not_allowed",
        "Verification code is invalid or already used",
    );
    let LoginOutcome::LoggedIn(token) = medusa
        .auth()
        .continue_login(&pending.token)
        .expect("continue")
    else {
        panic!("not logged in after the verification")
    };
    let customer = medusa.customers().retrieve().expect("me");
    assert_eq!(token.actor_id().as_deref(), Some(customer.id.as_str()));
    assert_eq!(customer.email, email);
    (medusa, customer, email)
}

#[test]
#[ignore = "live: needs MEDUSA_V2_CHECKS_BACKEND_URL and MEDUSA_V2_CHECKS_PUBLISHABLE_KEY (tests/backend/start-v2-auth-checks.sh)"]
fn verification_required_then_requested_confirmed_and_continued() {
    let b = checks();
    let (_, customer, email) = verified_customer(&b, "verify");
    // Verified: a plain log-in now.
    let again = client(&b);
    let token = again
        .auth()
        .login(&email, PASSWORD)
        .expect("login once verified");
    assert_eq!(token.actor_id().as_deref(), Some(customer.id.as_str()));
}

#[test]
#[ignore = "live: needs MEDUSA_V2_CHECKS_BACKEND_URL and MEDUSA_V2_CHECKS_PUBLISHABLE_KEY (tests/backend/start-v2-auth-checks.sh)"]
fn mfa_enrolment_challenge_recovery_code_and_disabling() {
    let b = checks();
    let (medusa, customer, email) = verified_customer(&b, "mfa");
    let mfa = medusa.auth().mfa();

    let mut start = StartMfa::totp();
    start.label = Some("live".into());
    let enrolment = mfa.start(&start).expect("start");
    let secret = enrolment.secret.clone().expect("secret");
    assert!(!format!("{enrolment:?}").contains(secret.secret()));
    assert!(
        enrolment
            .otpauth_url
            .as_ref()
            .is_some_and(|u| u.secret().starts_with("otpauth://totp/"))
    );
    let factor = enrolment.factor.id.clone();
    expect_api_says(
        mfa.verify(&factor, "000000"),
        400,
        "not_allowed",
        "Invalid TOTP code",
    );
    let now = || unix_now();
    let enabled = mfa
        .verify(&factor, &totp::code(secret.secret(), now()))
        .expect("verify the factor");
    assert_eq!(
        enabled.status,
        Some(medusa_blocking::v2::models::MfaStatus::Enabled)
    );
    assert_eq!(mfa.list().expect("list")[0].id, factor);

    // A log-in now asks for the second factor; the client keeps nothing until it is answered.
    let other = client(&b);
    expect_incomplete(
        other.auth().login(&email, PASSWORD),
        LoginStep::SecondFactor,
    );
    let LoginOutcome::MfaRequired(pending) = other.auth().login_outcome(&email, PASSWORD).unwrap()
    else {
        panic!("no second factor asked for")
    };
    assert_eq!(pending.challenge.methods, vec![MfaMethod::Totp]);
    assert_eq!(pending.challenge.max_attempts, Some(5));
    assert_eq!(other.bearer_token(), None);
    expect_api_says(
        client_with_token(&b, &pending.token).customers().retrieve(),
        401,
        "unauthorized",
        "MFA verification is required to complete this request",
    );
    expect_api_says(
        other
            .auth()
            .mfa()
            .verify_challenge(&pending, MfaMethod::Totp, "000000"),
        400,
        "not_allowed",
        "Invalid MFA challenge code",
    );
    let token = other
        .auth()
        .mfa()
        .verify_challenge(
            &pending,
            MfaMethod::Totp,
            &totp::code(secret.secret(), now()),
        )
        .expect("answer the challenge");
    assert_eq!(token.actor_id().as_deref(), Some(customer.id.as_str()));
    assert_eq!(other.customers().retrieve().expect("me").id, customer.id);
    expect_api_says(
        other.auth().mfa().verify_challenge(
            &pending,
            MfaMethod::Totp,
            &totp::code(secret.secret(), now()),
        ),
        400,
        "not_allowed",
        "MFA challenge has already been completed",
    );

    // Recovery codes answer a challenge too.
    let codes = other
        .auth()
        .mfa()
        .generate_recovery_codes(Some(2))
        .expect("codes");
    assert_eq!(codes.len(), 2);
    let third = client(&b);
    let LoginOutcome::MfaRequired(pending) = third.auth().login_outcome(&email, PASSWORD).unwrap()
    else {
        panic!("no second factor asked for")
    };
    assert!(
        pending.challenge.methods.contains(&MfaMethod::RecoveryCode),
        "{pending:?}"
    );
    third
        .auth()
        .mfa()
        .verify_challenge(&pending, MfaMethod::RecoveryCode, codes[0].secret())
        .expect("answer with a recovery code");
    assert_eq!(third.customers().retrieve().expect("me").id, customer.id);

    // Disabled, the factor is asked for no more.
    let disabled = third.auth().mfa().disable(&factor, None).expect("disable");
    assert_eq!(
        disabled.status,
        Some(medusa_blocking::v2::models::MfaStatus::Disabled)
    );
    assert!(matches!(
        client(&b).auth().login_outcome(&email, PASSWORD).unwrap(),
        LoginOutcome::LoggedIn(_)
    ));
}
