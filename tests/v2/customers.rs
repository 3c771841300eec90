//! `medusa.customers()` of the v2 wing against a mock server answering with the exchanges
//! recorded from a real Medusa 2.21.2: `create`'s three steps and its recovery paths,
//! `create_with_token`, `retrieve`, `update`, the order calls of the handle, the password reset,
//! the handle's `fields(…)` and headers; for each, the exact request and what the user gets
//! back, errors included. Addresses are in `tests/v2/addresses.rs`, orders in
//! `tests/v2/orders.rs`.

use crate::support::v2::*;
use medusa_blocking::v2::models::{Metadata, OrderStatus};
use medusa_blocking::v2::store::params::{
    CreateCustomer, ListOrders, ResetPassword, UpdateCustomer,
};
use medusa_blocking::{ApiError, ErrorType, v2::auth::RegistrationToken};
use serde_json::{Value, json};

fn metadata(value: Value) -> Metadata {
    value.as_object().cloned().expect("an object")
}

/// The registration of captures 008 and 019.
fn jane() -> CreateCustomer {
    CreateCustomer {
        first_name: Some("Jane".into()),
        last_name: Some("Doe".into()),
        phone: Some("+15555550100".into()),
        company_name: Some("Acme".into()),
        metadata: Some(metadata(json!({"source": "acceptance"}))),
        ..CreateCustomer::new(EMAIL, PASSWORD)
    }
}

fn credentials() -> Body {
    Body::Json(json!({"email": EMAIL, "password": PASSWORD}))
}

// ---------------------------------------------------------------------------------------------
// create

#[test]
fn create_registers_then_creates_with_the_registration_token_then_logs_in_and_keeps_the_token() {
    let mut api = Api::new();
    let registration = registration_token();
    let token = login_token();
    let register = api
        .call(
            "POST",
            REGISTER,
            As::Anonymous,
            Body::Json(captured_request_json("008-auth-register")),
            &capture("008-auth-register"),
        )
        .create();
    let create = api
        .call(
            "POST",
            CUSTOMERS,
            As::Bearer(&registration),
            Body::Json(captured_request_json("019-customers-create")),
            &capture("019-customers-create"),
        )
        .create();
    let login = api
        .call(
            "POST",
            LOGIN,
            As::Anonymous,
            Body::Json(captured_request_json("024-auth-login")),
            &capture("024-auth-login"),
        )
        .create();
    let me = api
        .call(
            "GET",
            ME,
            As::Bearer(&token),
            Body::None,
            &capture("031-customers-me"),
        )
        .create();
    let medusa = api.medusa();

    let customer = medusa.customers().create(&jane()).expect("create");

    assert_eq!(customer.id, CUSTOMER_ID);
    assert_eq!(customer.email, EMAIL);
    assert_eq!(customer.first_name.as_deref(), Some("Jane"));
    assert_eq!(customer.last_name.as_deref(), Some("Doe"));
    assert_eq!(customer.phone.as_deref(), Some("+15555550100"));
    assert_eq!(customer.company_name.as_deref(), Some("Acme"));
    assert_eq!(
        customer.metadata,
        Some(metadata(json!({"source": "acceptance"})))
    );
    assert!(customer.has_account);
    assert!(customer.addresses.is_empty());
    assert_eq!(
        api.lines_seen(),
        [
            format!("POST {REGISTER}"),
            format!("POST {CUSTOMERS}"),
            format!("POST {LOGIN}"),
        ]
    );
    // The password goes to the auth identity only.
    assert!(!api.seen()[1].body.contains(PASSWORD));
    // Logged in as the new customer.
    assert_eq!(
        medusa.bearer_token().map(|t| t.secret().to_string()),
        Some(token)
    );
    medusa.customers().retrieve().expect("retrieve");
    for mock in [&register, &create, &login, &me] {
        mock.assert();
    }
}

#[test]
fn create_sends_no_key_for_an_unset_customer_field() {
    let mut api = Api::new();
    let registration = registration_token();
    let mocks = [
        api.call(
            "POST",
            REGISTER,
            As::Anonymous,
            credentials(),
            &capture("008-auth-register"),
        )
        .create(),
        api.call(
            "POST",
            CUSTOMERS,
            As::Bearer(&registration),
            Body::Json(json!({"email": EMAIL})),
            &capture("019-customers-create"),
        )
        .create(),
        api.call(
            "POST",
            LOGIN,
            As::Anonymous,
            credentials(),
            &capture("024-auth-login"),
        )
        .create(),
    ];

    api.medusa()
        .customers()
        .create(&CreateCustomer::new(EMAIL, PASSWORD))
        .expect("create");

    for mock in &mocks {
        mock.assert();
    }
}

#[test]
fn create_asks_for_the_handles_fields_when_creating_the_customer_only() {
    let mut api = Api::new();
    let registration = registration_token();
    let mocks = [
        api.call(
            "POST",
            REGISTER,
            As::Anonymous,
            credentials(),
            &capture("008-auth-register"),
        )
        .create(),
        api.call(
            "POST",
            &format!("{CUSTOMERS}?fields=%2Bmetadata%2C*addresses%2C-phone"),
            As::Bearer(&registration),
            Body::Json(json!({"email": EMAIL})),
            &capture("019-customers-create"),
        )
        .create(),
        api.call(
            "POST",
            LOGIN,
            As::Anonymous,
            credentials(),
            &capture("024-auth-login"),
        )
        .create(),
    ];

    api.medusa()
        .customers()
        .fields("+metadata,*addresses,-phone")
        .create(&CreateCustomer::new(EMAIL, PASSWORD))
        .expect("create");

    for mock in &mocks {
        mock.assert();
    }
}

#[test]
fn create_reuses_an_identity_left_without_a_customer() {
    let mut api = Api::new();
    // The log-in token of an identity without a customer: `actor_id` is "".
    let identity = token_of("009-auth-register-again-same-password");
    let token = login_token();
    let register = api
        .call(
            "POST",
            REGISTER,
            As::Anonymous,
            credentials(),
            &capture("010-auth-register-again-other-password"),
        )
        .create();
    let first_login = api
        .call(
            "POST",
            LOGIN,
            As::Anonymous,
            credentials(),
            &capture("009-auth-register-again-same-password"),
        )
        .expect(1)
        .create();
    let create = api
        .call(
            "POST",
            CUSTOMERS,
            As::Bearer(&identity),
            Body::Json(captured_request_json("019-customers-create")),
            &capture("019-customers-create"),
        )
        .create();
    let second_login = api
        .call(
            "POST",
            LOGIN,
            As::Anonymous,
            credentials(),
            &capture("024-auth-login"),
        )
        .expect(1)
        .create();
    let medusa = api.medusa();

    let customer = medusa.customers().create(&jane()).expect("create");

    assert_eq!(customer.id, CUSTOMER_ID);
    assert_eq!(
        api.lines_seen(),
        [
            format!("POST {REGISTER}"),
            format!("POST {LOGIN}"),
            format!("POST {CUSTOMERS}"),
            format!("POST {LOGIN}"),
        ]
    );
    assert_eq!(
        medusa.bearer_token().map(|t| t.secret().to_string()),
        Some(token)
    );
    for mock in [&register, &first_login, &create, &second_login] {
        mock.assert();
    }
}

#[test]
fn create_for_an_email_that_has_a_customer_is_a_422_duplicate_and_creates_nothing() {
    let mut api = Api::new();
    let register = api
        .call(
            "POST",
            REGISTER,
            As::Anonymous,
            credentials(),
            &capture("010-auth-register-again-other-password"),
        )
        .create();
    // The identity's token names its customer.
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

    let err = expect_api_error(
        medusa.customers().create(&jane()),
        422,
        ErrorType::DuplicateError,
        "Customer with this email already has an account",
    );

    // The same error as the server's own 422 for a second customer.
    let servers: ApiError =
        serde_json::from_slice(&capture("020-customers-create-again-same-token").body).unwrap();
    assert_eq!(err.api_error(), Some(&servers));
    assert_eq!(
        err.api_error().unwrap().code.as_deref(),
        Some("invalid_request_error")
    );
    assert_eq!(
        api.lines_seen(),
        [format!("POST {REGISTER}"), format!("POST {LOGIN}")]
    );
    assert_eq!(medusa.bearer_token(), None);
    register.assert();
    login.assert();
}

#[test]
fn create_with_another_password_for_a_registered_email_returns_the_register_401() {
    let mut api = Api::new();
    let register = api
        .call(
            "POST",
            REGISTER,
            As::Anonymous,
            Body::Json(json!({"email": EMAIL, "password": "other-password"})),
            &capture("010-auth-register-again-other-password"),
        )
        .create();
    let login = api
        .call(
            "POST",
            LOGIN,
            As::Anonymous,
            Body::Json(json!({"email": EMAIL, "password": "other-password"})),
            &capture("025-auth-login-wrong-password"),
        )
        .create();
    let medusa = api.medusa();

    expect_api_error(
        medusa
            .customers()
            .create(&CreateCustomer::new(EMAIL, "other-password")),
        401,
        ErrorType::Unauthorized,
        "Identity with email already exists",
    );

    assert_eq!(
        api.lines_seen(),
        [format!("POST {REGISTER}"), format!("POST {LOGIN}")]
    );
    assert_eq!(medusa.bearer_token(), None);
    register.assert();
    login.assert();
}

#[test]
fn create_stops_without_logging_in_when_the_customer_is_refused() {
    let mut api = Api::new();
    let registration = registration_token();
    let register = api
        .call(
            "POST",
            REGISTER,
            As::Anonymous,
            credentials(),
            &capture("008-auth-register"),
        )
        .create();
    let create = api
        .call(
            "POST",
            CUSTOMERS,
            As::Bearer(&registration),
            Body::Json(captured_request_json(
                "020-customers-create-again-same-token",
            )),
            &capture("020-customers-create-again-same-token"),
        )
        .create();
    let medusa = api.medusa();

    expect_api_error(
        medusa.customers().create(&CreateCustomer {
            first_name: Some("Jane".into()),
            ..CreateCustomer::new(EMAIL, PASSWORD)
        }),
        422,
        ErrorType::DuplicateError,
        "Customer with this email already has an account",
    );

    assert_eq!(
        api.lines_seen(),
        [format!("POST {REGISTER}"), format!("POST {CUSTOMERS}")]
    );
    assert_eq!(medusa.bearer_token(), None);
    register.assert();
    create.assert();
}

#[test]
fn create_refuses_an_empty_email_or_password_without_sending() {
    let api = Api::new();
    let customers = api.medusa().customers();

    expect_invalid_input(
        customers.create(&CreateCustomer::new("", PASSWORD)),
        "email",
    );
    expect_invalid_input(
        customers.create(&CreateCustomer::new(" ", PASSWORD)),
        "email",
    );
    expect_invalid_input(
        customers.create(&CreateCustomer::new(EMAIL, "")),
        "password",
    );

    api.assert_nothing_sent();
}

// ---------------------------------------------------------------------------------------------
// create_with_token

#[test]
fn create_with_token_sends_the_registration_token_for_that_call_only() {
    let mut api = Api::new();
    let registration = registration_token();
    let create = api
        .call(
            "POST",
            CUSTOMERS,
            As::Bearer(&registration),
            Body::Json(captured_request_json("019-customers-create")),
            &capture("019-customers-create"),
        )
        .create();
    let me = api
        .call(
            "GET",
            ME,
            As::Anonymous,
            Body::None,
            &capture("032-customers-me-no-auth"),
        )
        .create();
    let medusa = api.medusa();

    let customer = medusa
        .customers()
        .create_with_token(&RegistrationToken::from(registration.as_str()), &jane())
        .expect("create_with_token");

    assert_eq!(customer.id, CUSTOMER_ID);
    assert!(!api.seen()[0].body.contains(PASSWORD));
    // Not logged in by it.
    assert_eq!(medusa.bearer_token(), None);
    assert_eq!(
        medusa.customers().retrieve().unwrap_err().status(),
        Some(401)
    );
    create.assert();
    me.assert();
}

#[test]
fn create_with_token_replaces_the_sessions_token_on_that_call_and_keeps_it() {
    let mut api = Api::new();
    let registration = registration_token();
    let token = login_token();
    let create = api
        .call(
            "POST",
            CUSTOMERS,
            As::Bearer(&registration),
            Body::Json(json!({"email": EMAIL})),
            &capture("019-customers-create"),
        )
        .create();
    let me = api
        .call(
            "GET",
            ME,
            As::Bearer(&token),
            Body::None,
            &capture("031-customers-me"),
        )
        .create();
    let medusa = api.logged_in();

    medusa
        .customers()
        .create_with_token(
            &RegistrationToken::from(registration.as_str()),
            &CreateCustomer::new(EMAIL, ""),
        )
        .expect("create_with_token");
    medusa.customers().retrieve().expect("retrieve");

    assert_eq!(
        medusa.bearer_token().map(|t| t.secret().to_string()),
        Some(token)
    );
    create.assert();
    me.assert();
}

#[test]
fn create_with_token_with_an_email_the_validator_refuses_is_a_400_invalid_data() {
    let mut api = Api::new();
    let registration = registration_token();
    let create = api
        .call(
            "POST",
            CUSTOMERS,
            As::Bearer(&registration),
            Body::Json(captured_request_json("017-customers-create-bad-email")),
            &capture("017-customers-create-bad-email"),
        )
        .create();

    expect_api_error(
        api.medusa().customers().create_with_token(
            &RegistrationToken::from(registration.as_str()),
            &CreateCustomer {
                first_name: Some("Jane".into()),
                ..CreateCustomer::new("not-an-email", "")
            },
        ),
        400,
        ErrorType::InvalidData,
        "Invalid request: Invalid email address",
    );
    create.assert();
}

#[test]
fn create_with_token_refuses_an_empty_email_without_sending() {
    let api = Api::new();

    expect_invalid_input(
        api.medusa().customers().create_with_token(
            &RegistrationToken::from(registration_token().as_str()),
            &CreateCustomer::new("", PASSWORD),
        ),
        "email",
    );

    api.assert_nothing_sent();
}

#[test]
fn create_with_token_refuses_an_empty_registration_token_without_sending() {
    let api = Api::new();

    expect_invalid_input(
        api.medusa().customers().create_with_token(
            &RegistrationToken::from(""),
            &CreateCustomer::new(EMAIL, ""),
        ),
        "token",
    );

    api.assert_nothing_sent();
}

// ---------------------------------------------------------------------------------------------
// retrieve, update

#[test]
fn retrieve_gets_me_with_the_sessions_token() {
    let mut api = Api::new();
    let token = login_token();
    let me = api
        .call(
            "GET",
            ME,
            As::Bearer(&token),
            Body::None,
            &capture("031-customers-me"),
        )
        .create();

    let customer = api.logged_in().customers().retrieve().expect("retrieve");

    assert_eq!(customer.id, CUSTOMER_ID);
    assert_eq!(customer.email, EMAIL);
    assert_eq!(customer.created_at, "2026-11-26T17:43:47.762Z");
    assert_eq!(customer.deleted_at, None);
    me.assert();
}

#[test]
fn retrieve_sends_the_handles_fields_encoded_as_the_server_reads_them() {
    let mut api = Api::new();
    let token = login_token();
    let replace = api
        .call(
            "GET",
            &format!("{ME}?fields=id%2Cemail%2Cfirst_name"),
            As::Bearer(&token),
            Body::None,
            &capture("035-customers-me-fields"),
        )
        .create();
    let add = api
        .call(
            "GET",
            &format!("{ME}?fields=%2Bmetadata%2C*addresses"),
            As::Bearer(&token),
            Body::None,
            &capture("036-customers-me-fields-plus"),
        )
        .create();
    let remove = api
        .call(
            "GET",
            &format!("{ME}?fields=-phone%2C-metadata"),
            As::Bearer(&token),
            Body::None,
            &capture("031-customers-me"),
        )
        .create();
    let medusa = api.logged_in();

    let few = medusa
        .customers()
        .fields("id,email,first_name")
        .retrieve()
        .expect("a plain list");
    let more = medusa
        .customers()
        .fields("+metadata,*addresses")
        .retrieve()
        .expect("+ and *");
    medusa
        .customers()
        .fields("-phone,-metadata")
        .retrieve()
        .expect("-");

    assert_eq!(few.first_name.as_deref(), Some("Jane"));
    assert_eq!((few.last_name, few.phone), (None, None));
    assert_eq!(
        more.metadata,
        Some(metadata(json!({"source": "acceptance"})))
    );
    replace.assert();
    add.assert();
    remove.assert();
}

#[test]
fn retrieve_when_not_logged_in_is_the_json_401_without_a_type() {
    let mut api = Api::new();
    let me = api
        .call(
            "GET",
            ME,
            As::Anonymous,
            Body::None,
            &capture("032-customers-me-no-auth"),
        )
        .create();

    expect_api_error(
        api.medusa().customers().retrieve(),
        401,
        ErrorType::Unauthorized,
        "Unauthorized",
    );
    me.assert();
}

#[test]
fn a_publishable_key_the_server_does_not_know_is_a_400_not_allowed() {
    let mut api = Api::new();
    let token = login_token();
    let me = api
        .call(
            "GET",
            ME,
            As::Bearer(&token),
            Body::None,
            &capture("003-store-regions-bad-publishable-key"),
        )
        .create();

    expect_api_error(
        api.logged_in().customers().retrieve(),
        400,
        ErrorType::NotAllowed,
        "A valid publishable key is required to proceed with the request",
    );
    me.assert();
}

#[test]
fn update_sends_the_recorded_change_and_returns_the_merged_customer() {
    let mut api = Api::new();
    let token = login_token();
    let update = api
        .call(
            "POST",
            ME,
            As::Bearer(&token),
            Body::Json(captured_request_json("038-customers-me-update")),
            &capture("038-customers-me-update"),
        )
        .create();

    let customer = api
        .logged_in()
        .customers()
        .update(&UpdateCustomer {
            first_name: Some("Janet".into()),
            phone: Some("+15555550199".into()),
            metadata: Some(metadata(json!({"vip": true}))),
            ..Default::default()
        })
        .expect("update");

    assert_eq!(customer.first_name.as_deref(), Some("Janet"));
    assert_eq!(customer.phone.as_deref(), Some("+15555550199"));
    assert_eq!(
        customer.metadata,
        Some(metadata(json!({"vip": true, "source": "acceptance"})))
    );
    update.assert();
}

#[test]
fn update_sends_each_field_set_and_nothing_else() {
    let mut api = Api::new();
    let token = login_token();
    let every = api
        .call(
            "POST",
            ME,
            As::Bearer(&token),
            Body::Json(json!({
                "first_name": "Janet",
                "last_name": "Roe",
                "phone": "+15555550199",
                "company_name": "Acme",
                "metadata": {"vip": true, "tier": null},
            })),
            &capture("038-customers-me-update"),
        )
        .create();
    let none = api
        .call(
            "POST",
            &format!("{ME}?fields=id%2Cfirst_name"),
            As::Bearer(&token),
            Body::Json(json!({})),
            &capture("038-customers-me-update"),
        )
        .create();
    let medusa = api.logged_in();

    medusa
        .customers()
        .update(&UpdateCustomer {
            first_name: Some("Janet".into()),
            last_name: Some("Roe".into()),
            phone: Some("+15555550199".into()),
            company_name: Some("Acme".into()),
            metadata: Some(metadata(json!({"vip": true, "tier": null}))),
        })
        .expect("every field");
    medusa
        .customers()
        .fields("id,first_name")
        .update(&UpdateCustomer::default())
        .expect("no field");

    every.assert();
    none.assert();
}

#[test]
fn a_malformed_json_400_reads_as_invalid_data_with_the_servers_message() {
    let mut api = Api::new();
    let token = login_token();
    // The client never sends malformed JSON; the answer's format (`message` before `type`) is
    // what is checked.
    let update = api
        .call(
            "POST",
            ME,
            As::Bearer(&token),
            Body::Json(json!({"first_name": "x"})),
            &capture("043-customers-me-malformed-json"),
        )
        .create();

    expect_api_error(
        api.logged_in().customers().update(&UpdateCustomer {
            first_name: Some("x".into()),
            ..Default::default()
        }),
        400,
        ErrorType::InvalidData,
        "Expected double-quoted property name in JSON at position 19",
    );
    update.assert();
}

// ---------------------------------------------------------------------------------------------
// the order calls of the customers handle

#[test]
fn list_orders_and_retrieve_order_go_to_store_orders_with_the_sessions_token() {
    let mut api = Api::new();
    let token = login_token();
    let list = api
        .call(
            "GET",
            &format!(
                "{ORDERS}?status%5B0%5D=pending&order=-created_at\
                 &fields=id%2Cdisplay_id%2Cstatus%2Ctotal%2Cemail&limit=1&offset=0"
            ),
            As::Bearer(&token),
            Body::None,
            &capture("085-orders-list-paged"),
        )
        .create();
    let one = api
        .call(
            "GET",
            &format!("{ORDERS}/{ORDER_ID}"),
            As::Bearer(&token),
            Body::None,
            &capture("089-orders-get"),
        )
        .create();
    let customers = api.logged_in().customers();

    let page = customers
        .list_orders(&ListOrders {
            status: vec![OrderStatus::Pending],
            order: Some("-created_at".into()),
            fields: Some("id,display_id,status,total,email".into()),
            limit: Some(1),
            offset: Some(0),
            ..Default::default()
        })
        .expect("list_orders");
    let order = customers.retrieve_order(ORDER_ID).expect("retrieve_order");

    assert_eq!((page.count, page.offset, page.limit), (1, 0, 1));
    assert_eq!(page.orders[0].id, ORDER_ID);
    assert_eq!(page.orders[0].email.as_deref(), Some(EMAIL));
    assert_eq!(order.id, ORDER_ID);
    assert_eq!(order.display_id, Some(1));
    list.assert();
    one.assert();
}

#[test]
fn iter_orders_of_the_customers_handle_pages_through_store_orders() {
    let mut api = Api::new();
    let token = login_token();
    let order = capture_json("084-orders-list")["orders"][0].clone();
    let page = |ids: &[&str], offset: u64| {
        let orders: Vec<Value> = ids
            .iter()
            .map(|id| {
                let mut o = order.clone();
                o["id"] = json!(id);
                o
            })
            .collect();
        Reply::json(
            200,
            json!({"orders": orders, "count": 3, "offset": offset, "limit": 2}).to_string(),
        )
    };
    let first = api
        .call(
            "GET",
            &format!("{ORDERS}?limit=2&offset=0"),
            As::Bearer(&token),
            Body::None,
            &page(&["order_3", "order_2"], 0),
        )
        .create();
    let second = api
        .call(
            "GET",
            &format!("{ORDERS}?limit=2&offset=2"),
            As::Bearer(&token),
            Body::None,
            &page(&["order_1"], 2),
        )
        .create();

    let ids: Vec<String> = api
        .logged_in()
        .customers()
        .iter_orders(&ListOrders {
            limit: Some(2),
            ..Default::default()
        })
        .map(|o| o.expect("order").id)
        .collect();

    assert_eq!(ids, ["order_3", "order_2", "order_1"]);
    first.assert();
    second.assert();
}

#[test]
fn retrieve_order_refuses_an_empty_id_without_sending() {
    let api = Api::new();

    expect_invalid_input(api.logged_in().customers().retrieve_order(""), "order id");

    api.assert_nothing_sent();
}

// ---------------------------------------------------------------------------------------------
// password reset

#[test]
fn generate_password_token_posts_the_identifier_and_takes_the_201_created_text() {
    let mut api = Api::new();
    let request = api
        .call(
            "POST",
            RESET_REQUEST,
            As::Anonymous,
            Body::Json(captured_request_json("092-reset-password-request")),
            &capture("092-reset-password-request"),
        )
        .create();

    api.medusa()
        .customers()
        .generate_password_token(EMAIL)
        .expect("a 201 with a text body is a success");

    request.assert();
}

#[test]
fn generate_password_token_refuses_an_empty_email_without_sending() {
    let api = Api::new();
    let customers = api.medusa().customers();

    expect_invalid_input(customers.generate_password_token(""), "email");
    expect_invalid_input(customers.generate_password_token("   "), "email");

    api.assert_nothing_sent();
}

#[test]
fn reset_password_sends_the_reset_token_not_the_sessions_and_only_the_password() {
    let mut api = Api::new();
    let reset = reset_token();
    let token = login_token();
    let update = api
        .call(
            "POST",
            RESET_UPDATE,
            As::Bearer(&reset),
            Body::Json(captured_request_json("100-reset-update")),
            &capture("100-reset-update"),
        )
        .create();
    let me = api
        .call(
            "GET",
            ME,
            As::Bearer(&token),
            Body::None,
            &capture("105-customers-me-old-token-after-reset"),
        )
        .create();
    let medusa = api.logged_in();

    medusa
        .customers()
        .reset_password(&ResetPassword::new(EMAIL, reset.as_str(), "newpassword1"))
        .expect("reset_password");

    // Not logged in by it: the session keeps its own token, and sends it again.
    assert_eq!(
        medusa.bearer_token().map(|t| t.secret().to_string()),
        Some(token)
    );
    medusa.customers().retrieve().expect("retrieve");
    assert!(!api.seen()[0].body.contains(EMAIL));
    update.assert();
    me.assert();
}

#[test]
fn reset_password_with_a_used_token_is_the_auth_routes_401_invalid_token() {
    let mut api = Api::new();
    let reset = reset_token();
    let update = api
        .call(
            "POST",
            RESET_UPDATE,
            As::Bearer(&reset),
            Body::Json(captured_request_json("101-reset-update-reuse-token")),
            &capture("101-reset-update-reuse-token"),
        )
        .create();

    expect_api_error(
        api.medusa().customers().reset_password(&ResetPassword::new(
            EMAIL,
            reset.as_str(),
            "newpassword2",
        )),
        401,
        ErrorType::Unauthorized,
        "Invalid token",
    );
    update.assert();
}

#[test]
fn reset_password_refuses_an_empty_token_or_password_without_sending() {
    let api = Api::new();
    let customers = api.logged_in().customers();

    expect_invalid_input(
        customers.reset_password(&ResetPassword::new(EMAIL, "", "newpassword1")),
        "token",
    );
    expect_invalid_input(
        customers.reset_password(&ResetPassword::new(EMAIL, " ", "newpassword1")),
        "token",
    );
    expect_invalid_input(
        customers.reset_password(&ResetPassword::new(EMAIL, reset_token(), "")),
        "password",
    );

    api.assert_nothing_sent();
}

// ---------------------------------------------------------------------------------------------
// headers

#[test]
fn a_customers_handle_header_overrides_the_clients_on_every_step_of_create_only() {
    let mut api = Api::new();
    let registration = registration_token();
    let token = login_token();
    // Exact matchers: a request carrying both values would match neither.
    let mocks = [
        api.call(
            "POST",
            REGISTER,
            As::Anonymous,
            credentials(),
            &capture("008-auth-register"),
        )
        .match_header("x-tenant", "us")
        .create(),
        api.call(
            "POST",
            CUSTOMERS,
            As::Bearer(&registration),
            Body::Json(json!({"email": EMAIL})),
            &capture("019-customers-create"),
        )
        .match_header("x-tenant", "us")
        .create(),
        api.call(
            "POST",
            LOGIN,
            As::Anonymous,
            credentials(),
            &capture("024-auth-login"),
        )
        .match_header("x-tenant", "us")
        .create(),
        api.call(
            "GET",
            ME,
            As::Bearer(&token),
            Body::None,
            &capture("031-customers-me"),
        )
        .match_header("x-tenant", "eu")
        .create(),
    ];
    let medusa = api
        .builder()
        .header("x-tenant", "eu")
        .build()
        .expect("client");

    medusa
        .customers()
        .header("x-tenant", "us")
        .create(&CreateCustomer::new(EMAIL, PASSWORD))
        .expect("create");
    medusa.customers().retrieve().expect("another handle");

    for mock in &mocks {
        mock.assert();
    }
}

#[test]
fn no_post_carries_an_idempotency_key_with_max_retries_0() {
    let mut api = Api::new();
    let registration = registration_token();
    let token = login_token();
    let reset = reset_token();
    let mocks = [
        api.call(
            "POST",
            REGISTER,
            As::Anonymous,
            credentials(),
            &capture("008-auth-register"),
        )
        .create(),
        api.call(
            "POST",
            CUSTOMERS,
            As::Bearer(&registration),
            Body::Json(json!({"email": EMAIL})),
            &capture("019-customers-create"),
        )
        .create(),
        api.call(
            "POST",
            LOGIN,
            As::Anonymous,
            credentials(),
            &capture("024-auth-login"),
        )
        .create(),
        api.call(
            "POST",
            ME,
            As::Bearer(&token),
            Body::Json(json!({})),
            &capture("038-customers-me-update"),
        )
        .create(),
        api.call(
            "POST",
            RESET_REQUEST,
            As::Bearer(&token),
            Body::Json(json!({"identifier": EMAIL})),
            &capture("092-reset-password-request"),
        )
        .create(),
        api.call(
            "POST",
            RESET_UPDATE,
            As::Bearer(&reset),
            Body::Json(json!({"password": "newpassword1"})),
            &capture("100-reset-update"),
        )
        .create(),
    ];
    let customers = api
        .builder()
        .max_retries(0)
        .build()
        .expect("client")
        .customers();

    customers
        .create(&CreateCustomer::new(EMAIL, PASSWORD))
        .expect("create");
    customers
        .update(&UpdateCustomer::default())
        .expect("update");
    customers
        .generate_password_token(EMAIL)
        .expect("generate_password_token");
    customers
        .reset_password(&ResetPassword::new(EMAIL, reset.as_str(), "newpassword1"))
        .expect("reset_password");

    for mock in &mocks {
        mock.assert();
    }
    let seen = api.seen();
    assert_eq!(seen.len(), 6);
    for request in &seen {
        assert_eq!(request.method, "POST");
        assert!(
            request.header_values("idempotency-key").is_empty(),
            "{}",
            request.line()
        );
    }
}
