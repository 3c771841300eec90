//! `admin.customers().addresses(id)` against a mock server: the crate asks for the default flags,
//! reads `{}` and another customer's address as 404, and sends an update or a delete only after
//! reading the address as this customer's (the 2.21 server would change or delete another
//! customer's address).

use super::*;
use medusa_blocking::v2::admin::params::{AddressCreate, AddressUpdate, ListCustomerAddresses};
use medusa_blocking::{Error, ErrorType};
use serde_json::json;

const A: &str = "cus_A";
const B: &str = "cus_B";
const ADDR: &str = "cuaddr_01M93HGJ245Z7Z4SCMY1Q18PDG";
const FLAGS: &str = "fields=%2Bis_default_shipping%2C%2Bis_default_billing";

fn address_json(owner: &str) -> Value {
    json!({"id": ADDR, "address_name": null, "company": null, "customer_id": owner, "first_name": "Jane",
           "last_name": "Doe", "address_1": "1 Main St", "address_2": null, "city": "Springfield",
           "province": null, "postal_code": null, "country_code": "us", "phone": null, "metadata": null,
           "created_at": "2026-12-05T17:03:41.000Z", "updated_at": "2026-12-05T17:03:41.000Z",
           "is_default_shipping": true, "is_default_billing": false})
}

#[test]
fn list_asks_for_the_default_flags_unless_fields_are_given() {
    let mut server = Server::new();
    let page = json!({"addresses": [address_json(A)], "count": 1, "offset": 0, "limit": 50});
    server
        .call(
            "GET",
            &format!("/admin/customers/{A}/addresses?{FLAGS}"),
            Who::Key,
            None,
            200,
            page.clone(),
        )
        .create();
    server
        .call(
            "GET",
            &format!("/admin/customers/{A}/addresses?company%5B0%5D=Acme&province%5B0%5D=on&fields=id&limit=1"),
            Who::Key,
            None,
            200,
            page,
        )
        .create();
    let admin = server.with_key();
    let got = admin
        .customers()
        .addresses(A)
        .list(&ListCustomerAddresses::default())
        .unwrap();
    assert!(got.addresses[0].is_default_shipping);
    admin
        .customers()
        .addresses(A)
        .list(&ListCustomerAddresses {
            province: vec!["on".into()],
            company: vec!["Acme".into()],
            fields: Some("id".into()),
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    server.assert_nothing_unexpected();
}

#[test]
fn retrieve_reads_an_empty_answer_or_another_owner_as_not_found() {
    let mut server = Server::new();
    server
        .call(
            "GET",
            &format!("/admin/customers/{A}/addresses/{ADDR}?{FLAGS}"),
            Who::Key,
            None,
            200,
            json!({"address": address_json(A)}),
        )
        .create();
    server
        .call(
            "GET",
            &format!("/admin/customers/{B}/addresses/{ADDR}?{FLAGS}"),
            Who::Key,
            None,
            200,
            json!({}),
        )
        .create();
    server
        .call(
            "GET",
            &format!("/admin/customers/{B}/addresses/cuaddr_x?{FLAGS}"),
            Who::Key,
            None,
            200,
            json!({"address": address_json(A)}),
        )
        .create();
    let admin = server.with_key();
    assert_eq!(
        admin.customers().addresses(A).retrieve(ADDR).unwrap().id,
        ADDR
    );
    for id in [ADDR, "cuaddr_x"] {
        match admin.customers().addresses(B).retrieve(id) {
            Err(e @ Error::Api { .. }) => {
                assert_eq!(e.status(), Some(404));
                assert_eq!(e.api_error().unwrap().error_type(), ErrorType::NotFound);
                assert!(e.to_string().contains(B), "{e}");
            }
            other => panic!("{other:?}"),
        }
    }
    server.assert_nothing_unexpected();
}

#[test]
fn update_and_delete_of_another_customers_address_send_nothing_but_the_look() {
    let mut server = Server::new();
    server
        .call(
            "GET",
            &format!("/admin/customers/{B}/addresses/{ADDR}?{FLAGS}"),
            Who::Key,
            None,
            200,
            json!({}),
        )
        .expect(2)
        .create();
    let admin = server.with_key();
    let through_b = admin.customers().addresses(B);
    let update = AddressUpdate {
        city: Some("Evil".into()),
        ..Default::default()
    };
    assert_eq!(
        through_b.update(ADDR, &update).unwrap_err().status(),
        Some(404)
    );
    assert_eq!(through_b.delete(ADDR).unwrap_err().status(), Some(404));
    assert!(server.lines_seen().iter().all(|l| l.starts_with("GET ")));
    server.assert_nothing_unexpected();
}

#[test]
fn add_update_and_delete_of_the_customers_own_address() {
    let mut server = Server::new();
    let customer = json!({"customer": {"id": A, "addresses": [address_json(A)]}});
    server
        .call(
            "POST",
            &format!("/admin/customers/{A}/addresses?fields=id%2C*addresses"),
            Who::Key,
            Some(json!({"city": "Springfield", "is_default_shipping": true})),
            200,
            customer.clone(),
        )
        .create();
    server
        .call(
            "GET",
            &format!("/admin/customers/{A}/addresses/{ADDR}?{FLAGS}"),
            Who::Key,
            None,
            200,
            json!({"address": address_json(A)}),
        )
        .expect(2)
        .create();
    server
        .call(
            "POST",
            &format!("/admin/customers/{A}/addresses/{ADDR}?fields=id%2C*addresses"),
            Who::Key,
            Some(json!({"city": "Chicago"})),
            200,
            customer.clone(),
        )
        .create();
    server
        .call(
            "DELETE",
            &format!("/admin/customers/{A}/addresses/{ADDR}?fields=id%2C*addresses"),
            Who::Key,
            None,
            200,
            json!({"id": ADDR, "object": "customer_address", "deleted": true, "parent": {"id": A}}),
        )
        .create();
    let admin = server.with_key();
    let addresses = admin.customers().fields("id,*addresses").addresses(A);
    let c = addresses
        .add(&AddressCreate {
            city: Some("Springfield".into()),
            is_default_shipping: Some(true),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(c.addresses[0].id, ADDR);
    addresses
        .update(
            ADDR,
            &AddressUpdate {
                city: Some("Chicago".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let deleted = addresses.delete(ADDR).unwrap();
    assert_eq!(
        (deleted.id.as_str(), deleted.object.as_str()),
        (ADDR, "customer_address")
    );
    assert_eq!(deleted.parent.unwrap().id, A);
    assert_eq!(
        server
            .lines_seen()
            .iter()
            .map(|l| l.split(' ').next().unwrap())
            .collect::<Vec<_>>(),
        ["POST", "GET", "POST", "GET", "DELETE"]
    );
    assert!(matches!(
        admin.customers().addresses("").list(&Default::default()),
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        addresses.retrieve(""),
        Err(Error::InvalidInput(_))
    ));
    server.assert_nothing_unexpected();
}
