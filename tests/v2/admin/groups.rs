//! `admin.customer_groups()` against a mock server: the exact request of every call and what
//! comes back; a delete of an unknown group is a 404 with no delete sent.

use super::*;
use medusa_blocking::Error;
use medusa_blocking::v2::admin::params::{
    CreateCustomerGroup, ListCustomerGroups, UpdateCustomerGroup,
};
use serde_json::json;

const GROUP: &str = "cusgroup_01M93JK0000000000000000000";

fn group_json(name: &str) -> Value {
    json!({"id": GROUP, "name": name, "created_by": "apk_1", "created_at": "2026-12-05T17:03:41.000Z",
           "updated_at": "2026-12-05T17:03:41.000Z", "deleted_at": null, "metadata": {"a": 1}})
}

#[test]
fn list_iter_and_retrieve() {
    let mut server = Server::new();
    server
        .call(
            "GET",
            "/admin/customer-groups?q=vip&name%5B0%5D=VIP&customers%5B0%5D=cus_1&limit=10",
            Who::Key,
            None,
            200,
            json!({"customer_groups": [group_json("VIP")], "count": 1, "offset": 0, "limit": 10}),
        )
        .create();
    server
        .call(
            "GET",
            "/admin/customer-groups?order=id&fields=id%2Cname&offset=0",
            Who::Key,
            None,
            200,
            json!({"customer_groups": [group_json("VIP")], "count": 1, "offset": 0, "limit": 50}),
        )
        .create();
    server
        .call(
            "GET",
            &format!("/admin/customer-groups/{GROUP}?fields=id%2Cname%2C*customers"),
            Who::Key,
            None,
            200,
            json!({"customer_group": {"id": GROUP, "name": "VIP", "customers": [{"id": "cus_1", "email": "a@b.c"}]}}),
        )
        .create();
    let admin = server.with_key();
    let page = admin
        .customer_groups()
        .list(&ListCustomerGroups {
            q: Some("vip".into()),
            name: vec!["VIP".into()],
            customers: vec!["cus_1".into()],
            limit: Some(10),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.customer_groups[0].created_by.as_deref(), Some("apk_1"));
    let all: Vec<_> = admin
        .customer_groups()
        .fields("id,name")
        .iter(&ListCustomerGroups::default())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(all.len(), 1);
    let vip = admin
        .customer_groups()
        .fields("id,name,*customers")
        .retrieve(GROUP)
        .unwrap();
    assert_eq!(vip.customers.unwrap()[0].email, "a@b.c");
    server.assert_nothing_unexpected();
}

#[test]
fn create_update_delete_and_members() {
    let mut server = Server::new();
    server
        .call(
            "POST",
            "/admin/customer-groups",
            Who::Key,
            Some(json!({"name": "VIP"})),
            200,
            json!({"customer_group": group_json("VIP")}),
        )
        .create();
    server
        .call(
            "POST",
            &format!("/admin/customer-groups/{GROUP}"),
            Who::Key,
            Some(json!({"name": "Gold", "metadata": {"b": 2}})),
            200,
            json!({"customer_group": group_json("Gold")}),
        )
        .create();
    let members = format!("/admin/customer-groups/{GROUP}/customers");
    server
        .call(
            "POST",
            &members,
            Who::Key,
            Some(json!({"add": ["cus_1", "cus_2"]})),
            200,
            json!({"customer_group": group_json("Gold")}),
        )
        .create();
    server
        .call(
            "POST",
            &members,
            Who::Key,
            Some(json!({"remove": ["cus_2"]})),
            200,
            json!({"customer_group": group_json("Gold")}),
        )
        .create();
    server
        .call(
            "GET",
            &format!("/admin/customer-groups/{GROUP}?fields=id"),
            Who::Key,
            None,
            200,
            json!({"customer_group": {"id": GROUP}}),
        )
        .create();
    server
        .call(
            "DELETE",
            &format!("/admin/customer-groups/{GROUP}"),
            Who::Key,
            None,
            200,
            json!({"id": GROUP, "object": "customer_group", "deleted": true}),
        )
        .create();
    server
        .call(
            "GET",
            "/admin/customer-groups/cusgroup_nope?fields=id",
            Who::Key,
            None,
            404,
            json!({"type": "not_found", "message": "Customer group with id: cusgroup_nope not found"}),
        )
        .create();
    let admin = server.with_key();
    let groups = admin.customer_groups();
    assert_eq!(groups.create(&"VIP".into()).unwrap().name, "VIP");
    let mut b = serde_json::Map::new();
    b.insert("b".into(), 2.into());
    let gold = groups
        .update(
            GROUP,
            &UpdateCustomerGroup {
                name: Some("Gold".into()),
                metadata: Some(b),
            },
        )
        .unwrap();
    assert_eq!(gold.name, "Gold");
    groups.add_customers(GROUP, &["cus_1", "cus_2"]).unwrap();
    groups.remove_customers(GROUP, &["cus_2"]).unwrap();
    assert!(groups.delete(GROUP).unwrap().deleted);
    assert_eq!(
        groups.delete("cusgroup_nope").unwrap_err().status(),
        Some(404)
    );
    assert!(matches!(
        groups.create(&CreateCustomerGroup::from(" ")),
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        groups.add_customers(GROUP, &[]),
        Err(Error::InvalidInput(_))
    ));
    assert_eq!(server.lines_seen().len(), 7);
    server.assert_nothing_unexpected();
}
