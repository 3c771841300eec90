//! `admin.customers()` against a mock server: the exact request of every call (filters as the
//! 2.21 server reads them, the handle's selection, bodies with only the fields set, membership
//! bodies), what comes back, and what is refused or checked before anything is changed.

use super::*;
use medusa_blocking::v2::admin::params::{
    CreateCustomer, DateRange, ListCustomers, UpdateCustomer,
};
use medusa_blocking::{Error, ErrorType};
use serde_json::json;

const ID: &str = "cus_01M93JJN9EV3EWRC5NXW2806T6";
const EMAIL: &str = "probe.1796490220793437106@example.com";

#[test]
fn list_sends_every_filter_and_reads_the_page() {
    let mut server = Server::new();
    let page = json!({"customers": [customer_json(ID, EMAIL), {"id": "cus_2", "email": null}],
                      "count": 7, "offset": 5, "limit": 2});
    server
        .call(
            "GET",
            "/admin/customers?q=pro&email%5B0%5D=probe%40example.com&has_account=false\
             &groups%5B0%5D=cusgroup_1&created_at%5B%24gte%5D=2026-12-05T17%3A03%3A41.000Z\
             &created_at%5B%24lt%5D=2026-12-06&order=-created_at&fields=%2Bgroups.id&limit=2&offset=5",
            Who::Key,
            None,
            200,
            page,
        )
        .create();
    let got = server
        .with_key()
        .customers()
        .list(&ListCustomers {
            q: Some("pro".into()),
            email: vec!["probe@example.com".into()],
            has_account: Some(false),
            groups: vec!["cusgroup_1".into()],
            created_at: Some(DateRange::since("2026-12-05T17:03:41.000Z").and_before("2026-12-06")),
            order: Some("-created_at".into()),
            fields: Some("+groups.id".into()),
            limit: Some(2),
            offset: Some(5),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((got.count, got.offset, got.limit), (7, 5, 2));
    assert_eq!(got.customers[0].email, EMAIL);
    assert_eq!(
        got.customers[0].created_by.as_deref(),
        Some("user_01M93G1X3C9Y0SWWPX9MM4045X")
    );
    assert_eq!(got.customers[1].email, "", "a null e-mail");
    server.assert_nothing_unexpected();
}

#[test]
fn the_handles_selection_is_sent_unless_the_list_has_its_own() {
    let mut server = Server::new();
    let empty = json!({"customers": [], "count": 0, "offset": 0, "limit": 50});
    server
        .call(
            "GET",
            "/admin/customers?fields=id%2Cemail",
            Who::Key,
            None,
            200,
            empty.clone(),
        )
        .create();
    server
        .call(
            "GET",
            "/admin/customers?fields=id",
            Who::Key,
            None,
            200,
            empty,
        )
        .create();
    let admin = server.with_key();
    let handle = admin.customers().fields("id,email");
    handle.list(&ListCustomers::default()).unwrap();
    handle
        .list(&ListCustomers {
            fields: Some("id".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(matches!(
        handle.list(&ListCustomers {
            limit: Some(0),
            ..Default::default()
        }),
        Err(Error::InvalidInput(_))
    ));
    assert_eq!(server.lines_seen().len(), 2);
    server.assert_nothing_unexpected();
}

#[test]
fn iter_pages_by_id_and_stops_at_count() {
    let mut server = Server::new();
    for (offset, ids) in [(0, ["cus_a", "cus_b"]), (2, ["cus_c", "cus_d"])] {
        let customers: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
        server
            .call(
                "GET",
                &format!("/admin/customers?has_account=false&order=id&limit=2&offset={offset}"),
                Who::Key,
                None,
                200,
                json!({"customers": customers, "count": 4, "offset": offset, "limit": 2}),
            )
            .create();
    }
    let ids: Vec<String> = server
        .with_key()
        .customers()
        .iter(&ListCustomers {
            has_account: Some(false),
            limit: Some(2),
            offset: Some(0),
            ..Default::default()
        })
        .map(|c| c.unwrap().id)
        .collect();
    assert_eq!(ids, ["cus_a", "cus_b", "cus_c", "cus_d"]);
    server.assert_nothing_unexpected();
}

#[test]
fn retrieve_create_and_update_send_exactly_this() {
    let mut server = Server::new();
    server
        .call(
            "GET",
            &format!("/admin/customers/{ID}?fields=%2Bgroups.id"),
            Who::Bearer(USER_TOKEN),
            None,
            200,
            json!({"customer": customer_json(ID, EMAIL)}),
        )
        .create();
    server
        .call(
            "POST",
            "/admin/customers?fields=%2Bgroups.id",
            Who::Bearer(USER_TOKEN),
            Some(json!({"email": EMAIL, "first_name": "Pro", "metadata": {"import_ref": "row-1"}})),
            200,
            json!({"customer": customer_json(ID, EMAIL)}),
        )
        .create();
    server
        .call(
            "POST",
            &format!("/admin/customers/{ID}?fields=%2Bgroups.id"),
            Who::Bearer(USER_TOKEN),
            Some(json!({"last_name": "Roe", "metadata": {"k2": "v2", "k": ""}})),
            200,
            json!({"customer": customer_json(ID, EMAIL)}),
        )
        .create();
    let admin = server.with_token();
    let customers = admin.customers().fields("+groups.id");
    assert_eq!(customers.retrieve(ID).unwrap().id, ID);
    let mut metadata = serde_json::Map::new();
    metadata.insert("import_ref".into(), "row-1".into());
    let made = customers
        .create(&CreateCustomer {
            first_name: Some("Pro".into()),
            metadata: Some(metadata),
            ..CreateCustomer::with_email(EMAIL)
        })
        .unwrap();
    assert!(!made.has_account);
    let mut k2 = serde_json::Map::new();
    k2.insert("k2".into(), "v2".into());
    customers
        .update(
            ID,
            &UpdateCustomer {
                last_name: Some("Roe".into()),
                metadata: Some(k2),
                ..Default::default()
            }
            .unset_metadata("k"),
        )
        .unwrap();
    server.assert_nothing_unexpected();
}

#[test]
fn a_duplicate_email_is_the_servers_400() {
    let mut server = Server::new();
    server
        .call(
            "POST",
            "/admin/customers",
            Who::Key,
            Some(json!({"email": EMAIL})),
            400,
            json!({"type": "invalid_data", "message": format!("Customer with email: {EMAIL}, has_account: false, already exists.")}),
        )
        .create();
    let err = server
        .with_key()
        .customers()
        .create(&CreateCustomer::with_email(EMAIL))
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(
        err.api_error().unwrap().error_type(),
        ErrorType::InvalidData
    );
    server.assert_nothing_unexpected();
}

#[test]
fn delete_looks_first_and_an_unknown_id_is_a_404_with_no_delete_sent() {
    let mut server = Server::new();
    server
        .call(
            "GET",
            &format!("/admin/customers/{ID}?fields=id"),
            Who::Key,
            None,
            200,
            json!({"customer": {"id": ID}}),
        )
        .create();
    server
        .call(
            "DELETE",
            &format!("/admin/customers/{ID}"),
            Who::Key,
            None,
            200,
            json!({"id": ID, "object": "customer", "deleted": true}),
        )
        .create();
    server
        .call(
            "GET",
            "/admin/customers/cus_nope?fields=id",
            Who::Key,
            None,
            404,
            json!({"type": "not_found", "message": "Customer with id: cus_nope not found"}),
        )
        .create();
    let admin = server.with_key();
    let gone = admin.customers().delete(ID).unwrap();
    assert!(gone.deleted);
    assert_eq!((gone.id.as_str(), gone.object.as_str()), (ID, "customer"));
    let err = admin.customers().delete("cus_nope").unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(
        server.lines_seen(),
        [
            format!("GET /admin/customers/{ID}?fields=id"),
            format!("DELETE /admin/customers/{ID}"),
            "GET /admin/customers/cus_nope?fields=id".to_string(),
        ]
    );
    server.assert_nothing_unexpected();
}

#[test]
fn group_membership_from_the_customers_side() {
    let mut server = Server::new();
    let path = format!("/admin/customers/{ID}/customer-groups?fields=id%2C*groups");
    let reply = json!({"customer": {"id": ID, "groups": [{"id": "cusgroup_1", "name": "VIP"}]}});
    server
        .call(
            "POST",
            &path,
            Who::Key,
            Some(json!({"add": ["cusgroup_1", "cusgroup_2"]})),
            200,
            reply.clone(),
        )
        .create();
    server
        .call(
            "POST",
            &path,
            Who::Key,
            Some(json!({"remove": ["cusgroup_2"]})),
            200,
            reply,
        )
        .create();
    let admin = server.with_key();
    let handle = admin.customers().fields("id,*groups");
    let c = handle
        .add_groups(ID, &["cusgroup_1", "cusgroup_2"])
        .unwrap();
    assert_eq!(c.groups.unwrap()[0].name, "VIP");
    handle.remove_groups(ID, &["cusgroup_2"]).unwrap();
    server.assert_nothing_unexpected();
}

#[test]
fn bad_input_is_refused_before_anything_is_sent() {
    let server = Server::new();
    let admin = server.with_key();
    let c = admin.customers();
    let refused = [
        c.retrieve("").map(|_| ()),
        c.update(" ", &UpdateCustomer::default()).map(|_| ()),
        c.delete("").map(|_| ()),
        c.add_groups(ID, &[]).map(|_| ()),
        c.remove_groups(ID, &[""]).map(|_| ()),
        c.add_groups("", &["cusgroup_1"]).map(|_| ()),
        c.create(&CreateCustomer::with_email(" ")).map(|_| ()),
    ];
    for r in refused {
        assert!(matches!(r, Err(Error::InvalidInput(_))), "{r:?}");
    }
    assert!(server.lines_seen().is_empty());
    server.assert_nothing_unexpected();
}

#[test]
fn an_id_is_one_path_segment() {
    let mut server = Server::new();
    server
        .call(
            "GET",
            "/admin/customers/a%2F..%2Fb%3Fx",
            Who::Key,
            None,
            200,
            json!({"customer": {"id": "x"}}),
        )
        .create();
    server.with_key().customers().retrieve("a/../b?x").unwrap();
    server.assert_nothing_unexpected();
}
