//! `medusa.customers().addresses()` of the v2 wing against a mock server answering with the
//! exchanges recorded from a real Medusa 2.21.2: `list` (every filter), `iter` (pages, offsets,
//! where it stops), `retrieve`, `add_address`, `update_address`, `delete_address` (v2's delete
//! envelope); the exact request of each (percent-encoded ids, only the fields set in a body, the
//! handle's `fields(…)`) and what the user gets back, errors included.

use crate::support::v2::*;
use medusa_blocking::ErrorType;
use medusa_blocking::v2::store::params::{AddressCreate, AddressUpdate, ListAddresses};
use serde_json::{Value, json};

/// A page of `{addresses, count, offset, limit}` with these recorded addresses of 062.
fn addresses_page(indices: &[usize], count: u64, offset: u64, limit: u64) -> Reply {
    let recorded = capture_json("062-addresses-list");
    let addresses: Vec<Value> = indices
        .iter()
        .map(|&i| recorded["addresses"][i].clone())
        .collect();
    Reply::json(
        200,
        json!({"addresses": addresses, "count": count, "offset": offset, "limit": limit})
            .to_string(),
    )
}

// ---------------------------------------------------------------------------------------------
// list

#[test]
fn list_without_parameters_sends_no_query_and_reads_the_recorded_page() {
    let mut api = Api::new();
    let token = login_token();
    let list = api
        .call(
            "GET",
            ADDRESSES,
            As::Bearer(&token),
            Body::None,
            &capture("062-addresses-list"),
        )
        .create();

    let page = api
        .logged_in()
        .customers()
        .addresses()
        .list(&ListAddresses::default())
        .expect("list");

    assert_eq!((page.count, page.offset, page.limit), (3, 0, 50));
    let ids: Vec<&str> = page.addresses.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, [ADDRESS_ID, TORONTO_ID, EMPTY_ADDRESS_ID]);
    let home = &page.addresses[0];
    assert_eq!(home.address_name.as_deref(), Some("Home"));
    assert_eq!(home.city.as_deref(), Some("Springfield"));
    assert_eq!(home.customer_id.as_deref(), Some(CUSTOMER_ID));
    assert!(home.is_default_shipping && home.is_default_billing);
    assert!(!page.addresses[1].is_default_shipping);
    assert_eq!(page.addresses[2].city, None);
    list.assert();
}

#[test]
fn list_of_no_addresses_is_an_empty_page() {
    let mut api = Api::new();
    let token = login_token();
    let list = api
        .call(
            "GET",
            ADDRESSES,
            As::Bearer(&token),
            Body::None,
            &capture("057-addresses-list-empty"),
        )
        .create();

    let page = api
        .logged_in()
        .customers()
        .addresses()
        .list(&ListAddresses::default())
        .expect("list");

    assert!(page.addresses.is_empty());
    assert_eq!((page.count, page.offset, page.limit), (0, 0, 50));
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
                "{ADDRESSES}?q=Side+St\
                 &city%5B0%5D=Toronto&city%5B1%5D=Saint-J%C3%A9r%C3%B4me\
                 &country_code%5B0%5D=ca\
                 &postal_code%5B0%5D=M5V+2T6&postal_code%5B1%5D=J7Y+1A1\
                 &order=-created_at&fields=id%2Ccity&limit=1&offset=1"
            ),
            As::Bearer(&token),
            Body::None,
            &capture("063-addresses-list-paged"),
        )
        .create();

    let page = api
        .logged_in()
        .customers()
        .addresses()
        .list(&ListAddresses {
            q: Some("Side St".into()),
            city: vec!["Toronto".into(), "Saint-Jérôme".into()],
            country_code: vec!["ca".into()],
            postal_code: vec!["M5V 2T6".into(), "J7Y 1A1".into()],
            order: Some("-created_at".into()),
            fields: Some("id,city".into()),
            limit: Some(1),
            offset: Some(1),
        })
        .expect("list");

    assert_eq!((page.count, page.offset, page.limit), (3, 1, 1));
    assert_eq!(page.addresses.len(), 1);
    assert_eq!(page.addresses[0].id, TORONTO_ID);
    assert_eq!(page.addresses[0].city.as_deref(), Some("Toronto"));
    // Fields not selected are absent.
    assert_eq!(page.addresses[0].address_1, None);
    list.assert();
}

#[test]
fn list_filtered_by_city_and_by_text_reads_the_recorded_answers() {
    let mut api = Api::new();
    let token = login_token();
    let city = api
        .call(
            "GET",
            &format!("{ADDRESSES}?city%5B0%5D=Toronto"),
            As::Bearer(&token),
            Body::None,
            &capture("064-addresses-list-filter-city"),
        )
        .create();
    let text = api
        .call(
            "GET",
            &format!("{ADDRESSES}?q=Main"),
            As::Bearer(&token),
            Body::None,
            &capture("065-addresses-list-q"),
        )
        .create();
    let addresses = api.logged_in().customers().addresses();

    let in_toronto = addresses
        .list(&ListAddresses {
            city: vec!["Toronto".into()],
            ..Default::default()
        })
        .expect("city");
    let main = addresses
        .list(&ListAddresses {
            q: Some("Main".into()),
            ..Default::default()
        })
        .expect("q");

    assert_eq!(in_toronto.count, 1);
    assert_eq!(
        in_toronto.addresses[0].postal_code.as_deref(),
        Some("M5V 2T6")
    );
    assert_eq!(main.count, 1);
    assert_eq!(main.addresses[0].address_1.as_deref(), Some("1 Main St"));
    city.assert();
    text.assert();
}

#[test]
fn list_when_not_logged_in_is_the_json_401_without_a_type() {
    let mut api = Api::new();
    let list = api
        .call(
            "GET",
            ADDRESSES,
            As::Anonymous,
            Body::None,
            &capture("073-addresses-list-no-auth"),
        )
        .create();

    expect_api_error(
        api.medusa()
            .customers()
            .addresses()
            .list(&ListAddresses::default()),
        401,
        ErrorType::Unauthorized,
        "Unauthorized",
    );
    list.assert();
}

// ---------------------------------------------------------------------------------------------
// iter

#[test]
fn iter_asks_each_page_at_its_offset_and_stops_at_count() {
    let mut api = Api::new();
    let token = login_token();
    let mut mocks = Vec::new();
    for offset in 0..3u64 {
        mocks.push(
            api.call(
                "GET",
                &format!("{ADDRESSES}?country_code%5B0%5D=us&limit=1&offset={offset}"),
                As::Bearer(&token),
                Body::None,
                &addresses_page(&[offset as usize], 3, offset, 1),
            )
            .create(),
        );
    }

    let ids: Vec<String> = api
        .logged_in()
        .customers()
        .addresses()
        .iter(&ListAddresses {
            country_code: vec!["us".into()],
            limit: Some(1),
            ..Default::default()
        })
        .map(|a| a.expect("address").id)
        .collect();

    // No fourth request: offset 3 reaches the count.
    assert_eq!(ids, [ADDRESS_ID, TORONTO_ID, EMPTY_ADDRESS_ID]);
    assert_eq!(api.seen().len(), 3);
    for mock in &mocks {
        mock.assert();
    }
}

#[test]
fn iter_starts_at_the_offset_asked() {
    let mut api = Api::new();
    let token = login_token();
    let page = api
        .call(
            "GET",
            &format!("{ADDRESSES}?limit=2&offset=1"),
            As::Bearer(&token),
            Body::None,
            &addresses_page(&[1, 2], 3, 1, 2),
        )
        .create();

    let ids: Vec<String> = api
        .logged_in()
        .customers()
        .addresses()
        .iter(&ListAddresses {
            limit: Some(2),
            offset: Some(1),
            ..Default::default()
        })
        .map(|a| a.expect("address").id)
        .collect();

    assert_eq!(ids, [TORONTO_ID, EMPTY_ADDRESS_ID]);
    page.assert();
}

#[test]
fn iter_yields_the_error_of_a_page_then_ends() {
    let mut api = Api::new();
    let token = login_token();
    let first = api
        .call(
            "GET",
            &format!("{ADDRESSES}?limit=2&offset=0"),
            As::Bearer(&token),
            Body::None,
            &addresses_page(&[0, 1], 5, 0, 2),
        )
        .create();
    let second = api
        .call(
            "GET",
            &format!("{ADDRESSES}?limit=2&offset=2"),
            As::Bearer(&token),
            Body::None,
            &capture("073-addresses-list-no-auth"),
        )
        .create();
    let addresses = api.logged_in().customers().addresses();
    let mut iter = addresses.iter(&ListAddresses {
        limit: Some(2),
        ..Default::default()
    });

    assert_eq!(iter.next().unwrap().expect("first").id, ADDRESS_ID);
    assert_eq!(iter.next().unwrap().expect("second").id, TORONTO_ID);
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
fn retrieve_gets_one_address() {
    let mut api = Api::new();
    let token = login_token();
    let one = api
        .call(
            "GET",
            &format!("{ADDRESSES}/{ADDRESS_ID}"),
            As::Bearer(&token),
            Body::None,
            &capture("067-addresses-get"),
        )
        .create();

    let address = api
        .logged_in()
        .customers()
        .addresses()
        .retrieve(ADDRESS_ID)
        .expect("retrieve");

    assert_eq!(address.id, ADDRESS_ID);
    assert_eq!(address.address_1.as_deref(), Some("1 Main St"));
    assert_eq!(address.address_2.as_deref(), Some("Apt 2"));
    assert_eq!(address.province.as_deref(), Some("il"));
    assert_eq!(address.country_code.as_deref(), Some("us"));
    assert_eq!(address.metadata, json!({"k": "v"}).as_object().cloned());
    one.assert();
}

#[test]
fn retrieve_an_unknown_address_is_a_404_not_found() {
    let mut api = Api::new();
    let token = login_token();
    let one = api
        .call(
            "GET",
            &format!("{ADDRESSES}/cuaddr_does_not_exist"),
            As::Bearer(&token),
            Body::None,
            &capture("068-addresses-get-not-found"),
        )
        .create();

    expect_api_error(
        api.logged_in()
            .customers()
            .addresses()
            .retrieve("cuaddr_does_not_exist"),
        404,
        ErrorType::NotFound,
        "Address with id: cuaddr_does_not_exist was not found",
    );
    one.assert();
}

// ---------------------------------------------------------------------------------------------
// add_address

#[test]
fn add_address_sends_a_flat_body_of_every_field_set_and_returns_the_customer() {
    let mut api = Api::new();
    let token = login_token();
    let add = api
        .call(
            "POST",
            ADDRESSES,
            As::Bearer(&token),
            Body::Json(captured_request_json("058-addresses-create")),
            &capture("058-addresses-create"),
        )
        .create();

    let customer = api
        .logged_in()
        .customers()
        .addresses()
        .add_address(&AddressCreate {
            address_name: Some("Home".into()),
            is_default_shipping: Some(true),
            is_default_billing: Some(true),
            phone: Some("+15555550100".into()),
            company: Some("Acme".into()),
            address_2: Some("Apt 2".into()),
            province: Some("il".into()),
            metadata: json!({"k": "v"}).as_object().cloned(),
            ..AddressCreate::new("Jane", "Doe", "1 Main St", "Springfield", "us", "62701")
        })
        .expect("add_address");

    assert_eq!(customer.id, CUSTOMER_ID);
    assert_eq!(customer.addresses.len(), 1);
    let home = &customer.addresses[0];
    assert_eq!(home.id, ADDRESS_ID);
    assert_eq!(home.city.as_deref(), Some("Springfield"));
    assert!(home.is_default_shipping && home.is_default_billing);
    add.assert();
}

#[test]
fn add_address_sends_only_the_fields_set() {
    let mut api = Api::new();
    let token = login_token();
    let six = api
        .call(
            "POST",
            ADDRESSES,
            As::Bearer(&token),
            Body::Json(captured_request_json("059-addresses-create-2")),
            &capture("059-addresses-create-2"),
        )
        .create();
    let none = api
        .call(
            "POST",
            ADDRESSES,
            As::Bearer(&token),
            Body::Json(json!({})),
            &capture("060-addresses-create-empty"),
        )
        .create();
    let addresses = api.logged_in().customers().addresses();

    let after_six = addresses
        .add_address(&AddressCreate {
            address_name: Some("Work".into()),
            ..AddressCreate::new("Jane", "Doe", "2 Side St", "Toronto", "ca", "M5V 2T6")
        })
        .expect("v1's six fields and a name");
    let after_none = addresses
        .add_address(&AddressCreate::default())
        .expect("nothing set");

    assert_eq!(after_six.addresses.len(), 2);
    assert_eq!(after_none.addresses.len(), 3);
    let empty = after_none
        .addresses
        .iter()
        .find(|a| a.id == EMPTY_ADDRESS_ID)
        .expect("the empty address");
    assert_eq!(
        (empty.city.as_deref(), empty.first_name.as_deref()),
        (None, None)
    );
    six.assert();
    none.assert();
}

// ---------------------------------------------------------------------------------------------
// update_address

#[test]
fn update_address_sends_only_the_fields_set_and_returns_the_customer() {
    let mut api = Api::new();
    let token = login_token();
    let update = api
        .call(
            "POST",
            &format!("{ADDRESSES}/{ADDRESS_ID}"),
            As::Bearer(&token),
            Body::Json(captured_request_json("069-addresses-update")),
            &capture("069-addresses-update"),
        )
        .create();
    let default_billing = api
        .call(
            "POST",
            &format!("{ADDRESSES}/{TORONTO_ID}"),
            As::Bearer(&token),
            Body::Json(json!({"is_default_billing": false})),
            &capture("069-addresses-update"),
        )
        .create();
    let addresses = api.logged_in().customers().addresses();

    let customer = addresses
        .update_address(
            ADDRESS_ID,
            &AddressUpdate {
                city: Some("Chicago".into()),
                postal_code: Some("60601".into()),
                ..Default::default()
            },
        )
        .expect("update_address");
    addresses
        .update_address(
            TORONTO_ID,
            &AddressUpdate {
                is_default_billing: Some(false),
                ..Default::default()
            },
        )
        .expect("a false flag is sent");

    let chicago = customer
        .addresses
        .iter()
        .find(|a| a.id == ADDRESS_ID)
        .expect("the updated address");
    assert_eq!(chicago.city.as_deref(), Some("Chicago"));
    assert_eq!(chicago.postal_code.as_deref(), Some("60601"));
    update.assert();
    default_billing.assert();
}

#[test]
fn update_address_of_an_unknown_id_is_a_404_not_found() {
    let mut api = Api::new();
    let token = login_token();
    let update = api
        .call(
            "POST",
            &format!("{ADDRESSES}/cuaddr_does_not_exist"),
            As::Bearer(&token),
            Body::Json(captured_request_json("070-addresses-update-not-found")),
            &capture("070-addresses-update-not-found"),
        )
        .create();

    expect_api_error(
        api.logged_in().customers().addresses().update_address(
            "cuaddr_does_not_exist",
            &AddressUpdate {
                city: Some("Chicago".into()),
                ..Default::default()
            },
        ),
        404,
        ErrorType::NotFound,
        "Address with id: cuaddr_does_not_exist was not found",
    );
    update.assert();
}

// ---------------------------------------------------------------------------------------------
// delete_address

#[test]
fn delete_address_sends_no_body_and_decodes_v2s_envelope() {
    let mut api = Api::new();
    let token = login_token();
    let delete = api
        .call(
            "DELETE",
            &format!("{ADDRESSES}/{TORONTO_ID}"),
            As::Bearer(&token),
            Body::None,
            &capture("071-addresses-delete"),
        )
        .create();

    let deleted = api
        .logged_in()
        .customers()
        .addresses()
        .delete_address(TORONTO_ID)
        .expect("delete_address");

    assert!(deleted.deleted);
    assert_eq!(deleted.object, "address");
    // Sic: the customer's id, as the 2.21 server sends it.
    assert_eq!(deleted.id, CUSTOMER_ID);
    let parent = deleted.parent.expect("the customer");
    assert_eq!(parent.id, CUSTOMER_ID);
    let left: Vec<&str> = parent.addresses.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(left, [ADDRESS_ID, EMPTY_ADDRESS_ID]);
    delete.assert();
}

#[test]
fn delete_address_again_is_a_404_not_found() {
    let mut api = Api::new();
    let token = login_token();
    let delete = api
        .call(
            "DELETE",
            &format!("{ADDRESSES}/{TORONTO_ID}"),
            As::Bearer(&token),
            Body::None,
            &capture("072-addresses-delete-again"),
        )
        .create();

    expect_api_error(
        api.logged_in()
            .customers()
            .addresses()
            .delete_address(TORONTO_ID),
        404,
        ErrorType::NotFound,
        &format!("Address with id: {TORONTO_ID} was not found"),
    );
    delete.assert();
}

// ---------------------------------------------------------------------------------------------
// ids, fields, headers

#[test]
fn an_address_id_is_sent_as_one_percent_encoded_segment() {
    let mut api = Api::new();
    let token = login_token();
    let path = format!("{ADDRESSES}/{ODD_SEGMENT}");
    let mocks = [
        api.call(
            "GET",
            &path,
            As::Bearer(&token),
            Body::None,
            &capture("067-addresses-get"),
        )
        .create(),
        api.call(
            "POST",
            &path,
            As::Bearer(&token),
            Body::Json(json!({"city": "Chicago"})),
            &capture("069-addresses-update"),
        )
        .create(),
        api.call(
            "DELETE",
            &path,
            As::Bearer(&token),
            Body::None,
            &capture("071-addresses-delete"),
        )
        .create(),
    ];
    let addresses = api.logged_in().customers().addresses();

    addresses.retrieve(ODD_ID).expect("retrieve");
    addresses
        .update_address(
            ODD_ID,
            &AddressUpdate {
                city: Some("Chicago".into()),
                ..Default::default()
            },
        )
        .expect("update_address");
    addresses.delete_address(ODD_ID).expect("delete_address");

    for mock in &mocks {
        mock.assert();
    }
}

#[test]
fn an_empty_address_id_is_refused_without_sending() {
    let api = Api::new();
    let addresses = api.logged_in().customers().addresses();

    expect_invalid_input(addresses.retrieve(""), "address id");
    expect_invalid_input(
        addresses.update_address(
            " ",
            &AddressUpdate {
                city: Some("Chicago".into()),
                ..Default::default()
            },
        ),
        "address id",
    );
    expect_invalid_input(addresses.delete_address(""), "address id");

    api.assert_nothing_sent();
}

#[test]
fn the_customers_fields_selection_goes_on_each_single_address_call() {
    let mut api = Api::new();
    let token = login_token();
    let query = "fields=%2Bmetadata%2C*addresses%2C-phone";
    let mocks = [
        api.call(
            "GET",
            &format!("{ADDRESSES}/{ADDRESS_ID}?{query}"),
            As::Bearer(&token),
            Body::None,
            &capture("067-addresses-get"),
        )
        .create(),
        api.call(
            "POST",
            &format!("{ADDRESSES}?{query}"),
            As::Bearer(&token),
            Body::Json(json!({})),
            &capture("060-addresses-create-empty"),
        )
        .create(),
        api.call(
            "POST",
            &format!("{ADDRESSES}/{ADDRESS_ID}?{query}"),
            As::Bearer(&token),
            Body::Json(json!({"city": "Chicago"})),
            &capture("069-addresses-update"),
        )
        .create(),
        api.call(
            "DELETE",
            &format!("{ADDRESSES}/{TORONTO_ID}?{query}"),
            As::Bearer(&token),
            Body::None,
            &capture("071-addresses-delete"),
        )
        .create(),
    ];
    let addresses = api
        .logged_in()
        .customers()
        .fields("+metadata,*addresses,-phone")
        .addresses();

    addresses.retrieve(ADDRESS_ID).expect("retrieve");
    addresses
        .add_address(&AddressCreate::default())
        .expect("add_address");
    addresses
        .update_address(
            ADDRESS_ID,
            &AddressUpdate {
                city: Some("Chicago".into()),
                ..Default::default()
            },
        )
        .expect("update_address");
    addresses
        .delete_address(TORONTO_ID)
        .expect("delete_address");

    for mock in &mocks {
        mock.assert();
    }
}

#[test]
fn a_customers_handle_header_goes_on_its_address_calls_only() {
    let mut api = Api::new();
    let token = login_token();
    // Exact matchers: a request carrying both values would match neither.
    let us = api
        .call(
            "GET",
            ADDRESSES,
            As::Bearer(&token),
            Body::None,
            &capture("062-addresses-list"),
        )
        .match_header("x-tenant", "us")
        .create();
    let eu = api
        .call(
            "DELETE",
            &format!("{ADDRESSES}/{TORONTO_ID}"),
            As::Bearer(&token),
            Body::None,
            &capture("071-addresses-delete"),
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
        .customers()
        .header("x-tenant", "us")
        .addresses()
        .list(&ListAddresses::default())
        .expect("with the handle's header");
    medusa
        .customers()
        .addresses()
        .delete_address(TORONTO_ID)
        .expect("with the client's");

    us.assert();
    eu.assert();
}
