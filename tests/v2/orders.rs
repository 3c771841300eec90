//! `medusa.orders()` of the v2 wing against a mock server answering with the exchanges recorded
//! from a real Medusa 2.21.2: `list` (every `ListOrders` field), `iter` (pages, offsets, where it
//! stops), `retrieve`, and the order-transfer calls; the exact request of each (percent-encoded
//! ids, the handle's `fields(…)`, the transfer bodies) and what the user gets back, errors
//! included.

use crate::support::v2::*;
use medusa_blocking::ErrorType;
use medusa_blocking::v2::models::{FulfillmentStatus, OrderStatus, PaymentStatus};
use medusa_blocking::v2::store::params::{ListOrders, RequestTransfer};
use serde_json::{Value, json};

/// A page of orders shaped like the recorded one (084), with these ids.
fn orders_page(ids: &[&str], count: u64, offset: u64, limit: u64) -> Reply {
    let recorded = capture_json("084-orders-list")["orders"][0].clone();
    let orders: Vec<Value> = ids
        .iter()
        .map(|id| {
            let mut order = recorded.clone();
            order["id"] = json!(id);
            order
        })
        .collect();
    Reply::json(
        200,
        json!({"orders": orders, "count": count, "offset": offset, "limit": limit}).to_string(),
    )
}

fn ids(
    iter: impl Iterator<Item = Result<medusa_blocking::v2::models::Order, medusa_blocking::Error>>,
) -> Vec<String> {
    iter.map(|o| o.expect("order").id).collect()
}

// ---------------------------------------------------------------------------------------------
// list

#[test]
fn list_without_parameters_sends_no_query_and_reads_the_recorded_order() {
    let mut api = Api::new();
    let token = login_token();
    let list = api
        .call(
            "GET",
            ORDERS,
            As::Bearer(&token),
            Body::None,
            &capture("084-orders-list"),
        )
        .create();

    let page = api
        .logged_in()
        .orders()
        .list(&ListOrders::default())
        .expect("list");

    assert_eq!((page.count, page.offset, page.limit), (1, 0, 50));
    let order = &page.orders[0];
    assert_eq!(order.id, ORDER_ID);
    assert_eq!(order.display_id, Some(1));
    assert_eq!(order.status, Some(OrderStatus::Pending));
    assert_eq!(order.payment_status, Some(PaymentStatus::Authorized));
    assert_eq!(
        order.fulfillment_status,
        Some(FulfillmentStatus::NotFulfilled)
    );
    assert_eq!(order.currency_code.as_deref(), Some("usd"));
    assert_eq!(order.total.map(|t| t.to_string()).as_deref(), Some("4400"));
    let items = order.items.as_deref().unwrap_or_default();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].title, "Acceptance T-Shirt");
    assert_eq!(items[0].quantity, 2);
    assert_eq!(items[0].unit_price.to_string(), "1950");
    list.assert();
}

#[test]
fn list_sends_every_filter_as_the_server_reads_it() {
    let mut api = Api::new();
    let token = login_token();
    let list = api
        .call(
            "GET",
            &format!(
                "{ORDERS}?id%5B0%5D={ORDER_ID}&id%5B1%5D=id%2F1%3Fx%23y+z%40%C3%A9\
                 &status%5B0%5D=pending&status%5B1%5D=completed\
                 &order=-created_at&fields=id%2Cdisplay_id%2Cstatus%2Ctotal%2Cemail\
                 &limit=1&offset=0"
            ),
            As::Bearer(&token),
            Body::None,
            &capture("085-orders-list-paged"),
        )
        .create();

    let page = api
        .logged_in()
        .orders()
        .list(&ListOrders {
            id: vec![ORDER_ID.into(), ODD_ID.into()],
            status: vec![OrderStatus::Pending, OrderStatus::Completed],
            order: Some("-created_at".into()),
            fields: Some("id,display_id,status,total,email".into()),
            limit: Some(1),
            offset: Some(0),
        })
        .expect("list");

    assert_eq!((page.count, page.offset, page.limit), (1, 0, 1));
    let order = &page.orders[0];
    assert_eq!(order.email.as_deref(), Some(EMAIL));
    assert_eq!(order.total.map(|t| t.to_string()).as_deref(), Some("4400"));
    // Not selected.
    assert_eq!(order.currency_code, None);
    list.assert();
}

#[test]
fn list_sends_a_fields_selection_with_plus_star_and_minus_as_the_server_reads_them() {
    let mut api = Api::new();
    let token = login_token();
    let list = api
        .call(
            "GET",
            &format!("{ORDERS}?fields=%2Bmetadata%2C*items%2C-summary"),
            As::Bearer(&token),
            Body::None,
            &capture("084-orders-list"),
        )
        .create();

    api.logged_in()
        .orders()
        .list(&ListOrders {
            fields: Some("+metadata,*items,-summary".into()),
            ..Default::default()
        })
        .expect("list");

    list.assert();
}

#[test]
fn list_with_an_order_field_the_server_rejects_is_a_400_invalid_data() {
    let mut api = Api::new();
    let token = login_token();
    let list = api
        .call(
            "GET",
            &format!("{ORDERS}?order=-no_such_field"),
            As::Bearer(&token),
            Body::None,
            &capture("086-orders-list-bad-order-field"),
        )
        .create();

    expect_api_error(
        api.logged_in().orders().list(&ListOrders {
            order: Some("-no_such_field".into()),
            ..Default::default()
        }),
        400,
        ErrorType::InvalidData,
        "Order field no_such_field is not valid",
    );
    list.assert();
}

#[test]
fn list_when_not_logged_in_is_the_json_401_without_a_type() {
    let mut api = Api::new();
    let list = api
        .call(
            "GET",
            ORDERS,
            As::Anonymous,
            Body::None,
            &capture("088-orders-list-no-auth"),
        )
        .create();

    expect_api_error(
        api.medusa().orders().list(&ListOrders::default()),
        401,
        ErrorType::Unauthorized,
        "Unauthorized",
    );
    list.assert();
}

#[test]
fn list_and_iter_send_the_handles_fields_selection() {
    let mut api = Api::new();
    let token = login_token();
    let list = api
        .call(
            "GET",
            &format!("{ORDERS}?fields=%2Bmetadata"),
            As::Bearer(&token),
            Body::None,
            &capture("084-orders-list"),
        )
        .create();
    let iter = api
        .call(
            "GET",
            &format!("{ORDERS}?fields=%2Bmetadata&offset=0"),
            As::Bearer(&token),
            Body::None,
            &capture("084-orders-list"),
        )
        .create();
    let orders = api.logged_in().orders().fields("+metadata");

    orders.list(&ListOrders::default()).expect("list");
    assert_eq!(ids(orders.iter(&ListOrders::default())), [ORDER_ID]);

    list.assert();
    iter.assert();
}

// ---------------------------------------------------------------------------------------------
// iter

#[test]
fn iter_asks_each_page_at_its_offset_with_the_same_filters() {
    let mut api = Api::new();
    let token = login_token();
    let pages: [(u64, &[&str]); 3] = [
        (0, &["order_5", "order_4"]),
        (2, &["order_3", "order_2"]),
        (4, &["order_1"]),
    ];
    let mut mocks = Vec::new();
    for (offset, page_ids) in pages {
        mocks.push(
            api.call(
                "GET",
                &format!(
                    "{ORDERS}?status%5B0%5D=completed&order=-created_at&limit=2&offset={offset}"
                ),
                As::Bearer(&token),
                Body::None,
                &orders_page(page_ids, 5, offset, 2),
            )
            .create(),
        );
    }

    let got = ids(api.logged_in().orders().iter(&ListOrders {
        status: vec![OrderStatus::Completed],
        order: Some("-created_at".into()),
        limit: Some(2),
        ..Default::default()
    }));

    assert_eq!(got, ["order_5", "order_4", "order_3", "order_2", "order_1"]);
    for mock in &mocks {
        mock.assert();
    }
}

#[test]
fn iter_stops_at_count_without_asking_for_an_empty_page() {
    let mut api = Api::new();
    let token = login_token();
    let first = api
        .call(
            "GET",
            &format!("{ORDERS}?limit=2&offset=0"),
            As::Bearer(&token),
            Body::None,
            &orders_page(&["order_4", "order_3"], 4, 0, 2),
        )
        .create();
    let second = api
        .call(
            "GET",
            &format!("{ORDERS}?limit=2&offset=2"),
            As::Bearer(&token),
            Body::None,
            &orders_page(&["order_2", "order_1"], 4, 2, 2),
        )
        .create();

    let got = ids(api.logged_in().orders().iter(&ListOrders {
        limit: Some(2),
        ..Default::default()
    }));

    assert_eq!(got, ["order_4", "order_3", "order_2", "order_1"]);
    // No third request (the catch-all would have answered it).
    assert_eq!(api.seen().len(), 2);
    first.assert();
    second.assert();
}

#[test]
fn iter_starts_at_the_offset_asked() {
    let mut api = Api::new();
    let token = login_token();
    let page = api
        .call(
            "GET",
            &format!("{ORDERS}?limit=2&offset=3"),
            As::Bearer(&token),
            Body::None,
            &orders_page(&["order_2", "order_1"], 5, 3, 2),
        )
        .create();

    let got = ids(api.logged_in().orders().iter(&ListOrders {
        limit: Some(2),
        offset: Some(3),
        ..Default::default()
    }));

    assert_eq!(got, ["order_2", "order_1"]);
    page.assert();
}

#[test]
fn iter_over_the_recorded_single_page_asks_once() {
    let mut api = Api::new();
    let token = login_token();
    let page = api
        .call(
            "GET",
            &format!("{ORDERS}?offset=0"),
            As::Bearer(&token),
            Body::None,
            &capture("084-orders-list"),
        )
        .create();

    let got = ids(api.logged_in().orders().iter(&ListOrders::default()));

    assert_eq!(got, [ORDER_ID]);
    page.assert();
}

#[test]
fn iter_yields_the_error_of_a_page_then_ends() {
    let mut api = Api::new();
    let token = login_token();
    let first = api
        .call(
            "GET",
            &format!("{ORDERS}?limit=2&offset=0"),
            As::Bearer(&token),
            Body::None,
            &orders_page(&["order_5", "order_4"], 5, 0, 2),
        )
        .create();
    let second = api
        .call(
            "GET",
            &format!("{ORDERS}?limit=2&offset=2"),
            As::Bearer(&token),
            Body::None,
            &capture("091-orders-list-other-customer"),
        )
        .create();
    let orders = api.logged_in().orders();
    let mut iter = orders.iter(&ListOrders {
        limit: Some(2),
        ..Default::default()
    });

    assert_eq!(iter.next().unwrap().expect("first").id, "order_5");
    assert_eq!(iter.next().unwrap().expect("second").id, "order_4");
    let err = iter.next().expect("the error").unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert!(iter.next().is_none());
    assert!(iter.next().is_none());

    assert_eq!(api.seen().len(), 2, "no request after the error");
    first.assert();
    second.assert();
}

// ---------------------------------------------------------------------------------------------
// retrieve

#[test]
fn retrieve_gets_the_order_with_the_publishable_key_alone() {
    let mut api = Api::new();
    let one = api
        .call(
            "GET",
            &format!("{ORDERS}/{ORDER_ID}"),
            As::Anonymous,
            Body::None,
            &capture("089-orders-get"),
        )
        .create();

    let order = api.medusa().orders().retrieve(ORDER_ID).expect("retrieve");

    assert_eq!(order.id, ORDER_ID);
    assert_eq!(order.email.as_deref(), Some(EMAIL));
    assert_eq!(
        order.region_id.as_deref(),
        Some("reg_01M8CF965M1VYKVS0H3AM8DJWG")
    );
    let amount = |a: Option<medusa_blocking::money::Amount>| a.map(|a| a.to_string());
    assert_eq!(amount(order.total).as_deref(), Some("4400"));
    assert_eq!(amount(order.item_total).as_deref(), Some("3900"));
    assert_eq!(amount(order.shipping_total).as_deref(), Some("500"));
    let summary = order.summary.expect("summary");
    assert_eq!(
        amount(summary.raw_current_order_total).as_deref(),
        Some("4400")
    );
    one.assert();
}

#[test]
fn retrieve_reads_money_as_written_and_names_a_bad_amount() {
    use medusa_blocking::Error;
    use medusa_blocking::money::Amount;

    let mut api = Api::new();
    let path = format!("{ORDERS}/{ORDER_ID}");
    let exact = api
        .call(
            "GET",
            &path,
            As::Anonymous,
            Body::None,
            &Reply::json(
                200,
                r#"{"order": {"id": "order_1", "total": 99999999999999999999,
                    "subtotal": 1.6666666666666666667,
                    "summary": {"raw_current_order_total":
                                {"value": "99999999999999999999", "precision": 20}}}}"#,
            ),
        )
        .create();
    let order = api.medusa().orders().retrieve(ORDER_ID).expect("retrieve");
    let big: Amount = "99999999999999999999".parse().expect("big");
    assert_eq!(order.total, Some(big));
    assert_eq!(order.subtotal, "1.6666666666666666667".parse().ok());
    assert_eq!(
        order.summary.expect("summary").raw_current_order_total,
        Some(big)
    );
    exact.assert();
    exact.remove();

    for (body, want_path, says) in [
        (
            r#"{"order": {"id": "o", "total": "12,50", "email": null}}"#,
            "order.total",
            r#"string "12,50""#,
        ),
        (
            r#"{"order": {"id": "o", "total": 1e39}}"#,
            "order.total",
            "number 1e39",
        ),
        (
            r#"{"order": {"id": "o", "summary": {"raw_current_order_total": {"value": "x"},
                "paid_total": 0}}}"#,
            "order.summary.raw_current_order_total.value",
            r#"string "x""#,
        ),
    ] {
        let bad = api
            .call(
                "GET",
                &path,
                As::Anonymous,
                Body::None,
                &Reply::json(200, body),
            )
            .create();
        match api.medusa().orders().retrieve(ORDER_ID) {
            Err(Error::Decode { path, message, .. }) => {
                assert_eq!(path, want_path, "{body}");
                assert!(message.contains(says), "{body}: {message}");
            }
            other => panic!("{body}: {other:?}"),
        }
        bad.assert();
        bad.remove();
    }
}

#[test]
fn retrieve_sends_the_handles_fields_and_the_encoded_id() {
    let mut api = Api::new();
    let token = login_token();
    let one = api
        .call(
            "GET",
            &format!("{ORDERS}/{ODD_SEGMENT}?fields=*items%2C%2Bmetadata%2C-summary"),
            As::Bearer(&token),
            Body::None,
            &capture("089-orders-get"),
        )
        .create();

    api.logged_in()
        .orders()
        .fields("*items,+metadata,-summary")
        .retrieve(ODD_ID)
        .expect("retrieve");

    one.assert();
}

#[test]
fn retrieve_an_unknown_order_is_a_404_not_found() {
    let mut api = Api::new();
    let one = api
        .call(
            "GET",
            &format!("{ORDERS}/order_does_not_exist"),
            As::Anonymous,
            Body::None,
            &capture("090-orders-get-not-found"),
        )
        .create();

    expect_api_error(
        api.medusa().orders().retrieve("order_does_not_exist"),
        404,
        ErrorType::NotFound,
        "Order id not found: order_does_not_exist",
    );
    one.assert();
}

// ---------------------------------------------------------------------------------------------
// transfers

#[test]
fn request_transfer_posts_the_fields_set() {
    let mut api = Api::new();
    let token = login_token();
    let path = format!("{ORDERS}/{ORDER_ID}/transfer/request");
    let with_both = api
        .call(
            "POST",
            &path,
            As::Bearer(&token),
            Body::Json(json!({"description": "my guest order", "update_order_email": false})),
            &capture("089-orders-get"),
        )
        .create();
    let with_none = api
        .call(
            "POST",
            &path,
            As::Bearer(&token),
            Body::Json(json!({})),
            &capture("089-orders-get"),
        )
        .create();
    let orders = api.logged_in().orders();

    let order = orders
        .request_transfer(
            ORDER_ID,
            &RequestTransfer {
                description: Some("my guest order".into()),
                update_order_email: Some(false),
            },
        )
        .expect("request_transfer");
    orders
        .request_transfer(ORDER_ID, &RequestTransfer::default())
        .expect("request_transfer with nothing set");

    assert_eq!(order.id, ORDER_ID);
    with_both.assert();
    with_none.assert();
}

#[test]
fn accept_and_decline_transfer_post_the_token() {
    let mut api = Api::new();
    let token = login_token();
    let accept = api
        .call(
            "POST",
            &format!("{ORDERS}/{ORDER_ID}/transfer/accept"),
            As::Bearer(&token),
            Body::Json(json!({"token": "transfer-token-1"})),
            &capture("089-orders-get"),
        )
        .create();
    let decline = api
        .call(
            "POST",
            &format!("{ORDERS}/{ORDER_ID}/transfer/decline"),
            As::Bearer(&token),
            Body::Json(json!({"token": "transfer-token-2"})),
            &capture("089-orders-get"),
        )
        .create();
    let orders = api.logged_in().orders();

    let accepted = orders
        .accept_transfer(ORDER_ID, "transfer-token-1")
        .expect("accept_transfer");
    let declined = orders
        .decline_transfer(ORDER_ID, "transfer-token-2")
        .expect("decline_transfer");

    assert_eq!(accepted.id, ORDER_ID);
    assert_eq!(declined.display_id, Some(1));
    accept.assert();
    decline.assert();
}

#[test]
fn cancel_transfer_posts_an_empty_object() {
    let mut api = Api::new();
    let token = login_token();
    let cancel = api
        .call(
            "POST",
            &format!("{ORDERS}/{ORDER_ID}/transfer/cancel"),
            As::Bearer(&token),
            Body::Json(json!({})),
            &capture("089-orders-get"),
        )
        .create();

    let order = api
        .logged_in()
        .orders()
        .cancel_transfer(ORDER_ID)
        .expect("cancel_transfer");

    assert_eq!(order.id, ORDER_ID);
    cancel.assert();
}

#[test]
fn transfers_use_the_encoded_id_and_the_handles_fields() {
    let mut api = Api::new();
    let token = login_token();
    let base = format!("{ORDERS}/{ODD_SEGMENT}/transfer");
    let query = "fields=%2Bmetadata%2C-summary";
    let mocks = [
        api.call(
            "POST",
            &format!("{base}/request?{query}"),
            As::Bearer(&token),
            Body::Json(json!({"update_order_email": true})),
            &capture("089-orders-get"),
        )
        .create(),
        api.call(
            "POST",
            &format!("{base}/accept?{query}"),
            As::Bearer(&token),
            Body::Json(json!({"token": "t"})),
            &capture("089-orders-get"),
        )
        .create(),
        api.call(
            "POST",
            &format!("{base}/decline?{query}"),
            As::Bearer(&token),
            Body::Json(json!({"token": "t"})),
            &capture("089-orders-get"),
        )
        .create(),
        api.call(
            "POST",
            &format!("{base}/cancel?{query}"),
            As::Bearer(&token),
            Body::Json(json!({})),
            &capture("089-orders-get"),
        )
        .create(),
    ];
    let orders = api.logged_in().orders().fields("+metadata,-summary");

    orders
        .request_transfer(
            ODD_ID,
            &RequestTransfer {
                update_order_email: Some(true),
                ..Default::default()
            },
        )
        .expect("request");
    orders.accept_transfer(ODD_ID, "t").expect("accept");
    orders.decline_transfer(ODD_ID, "t").expect("decline");
    orders.cancel_transfer(ODD_ID).expect("cancel");

    for mock in &mocks {
        mock.assert();
    }
}

#[test]
fn a_transfer_of_an_unknown_order_is_the_servers_404() {
    let mut api = Api::new();
    let token = login_token();
    let cancel = api
        .call(
            "POST",
            &format!("{ORDERS}/order_does_not_exist/transfer/cancel"),
            As::Bearer(&token),
            Body::Json(json!({})),
            &capture("090-orders-get-not-found"),
        )
        .create();

    expect_api_error(
        api.logged_in()
            .orders()
            .cancel_transfer("order_does_not_exist"),
        404,
        ErrorType::NotFound,
        "Order id not found: order_does_not_exist",
    );
    cancel.assert();
}

#[test]
fn an_empty_order_id_or_token_is_refused_without_sending() {
    let api = Api::new();
    let orders = api.logged_in().orders();

    expect_invalid_input(orders.retrieve(""), "order id");
    expect_invalid_input(
        orders.request_transfer(" ", &RequestTransfer::default()),
        "order id",
    );
    expect_invalid_input(orders.accept_transfer("", "t"), "order id");
    expect_invalid_input(orders.accept_transfer(ORDER_ID, ""), "token");
    expect_invalid_input(orders.decline_transfer("", "t"), "order id");
    expect_invalid_input(orders.decline_transfer(ORDER_ID, "  "), "token");
    expect_invalid_input(orders.cancel_transfer(""), "order id");

    api.assert_nothing_sent();
}

// ---------------------------------------------------------------------------------------------
// headers

#[test]
fn an_orders_handle_header_overrides_the_clients_on_that_handle_only() {
    let mut api = Api::new();
    let token = login_token();
    // Exact matchers: a request carrying both values would match neither.
    let us = api
        .call(
            "POST",
            &format!("{ORDERS}/{ORDER_ID}/transfer/cancel"),
            As::Bearer(&token),
            Body::Json(json!({})),
            &capture("089-orders-get"),
        )
        .match_header("x-tenant", "us")
        .create();
    let eu = api
        .call(
            "GET",
            ORDERS,
            As::Bearer(&token),
            Body::None,
            &capture("084-orders-list"),
        )
        .match_header("x-tenant", "eu")
        .create();
    let medusa = api
        .builder()
        .header("x-tenant", "eu")
        .bearer_token(login_token())
        .build()
        .expect("client");

    medusa
        .orders()
        .header("x-tenant", "us")
        .cancel_transfer(ORDER_ID)
        .expect("with the handle's header");
    medusa
        .orders()
        .list(&ListOrders::default())
        .expect("with the client's");

    us.assert();
    eu.assert();
}
