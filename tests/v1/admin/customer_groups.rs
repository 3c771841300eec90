//! `admin.customer_groups()` against a mock server.

use medusa_blocking::v1::admin::params::{
    CreateCustomerGroup, DateRange, ListCustomerGroups, ListCustomers, UpdateCustomerGroup,
};
use medusa_blocking::v1::models::Metadata;
use serde_json::json;

use super::{
    GROUP, GROUP_CUSTOMERS, GROUP_DELETED, GROUP_ID, GROUP_NAME, Harness, MockExt, expect_api,
    expect_invalid_input, json,
};

const NOT_FOUND: &str =
    r#"{"type":"not_found","message":"CustomerGroup with id cgrp_nope was not found"}"#;

fn groups_page(names: &[&str], count: u64, offset: u64, limit: u64) -> String {
    let groups: Vec<_> = names
        .iter()
        .map(|n| json!({"id": format!("cgrp_{n}"), "name": n}))
        .collect();
    json!({"count": count, "customer_groups": groups, "offset": offset, "limit": limit}).to_string()
}

#[test]
fn list_sends_every_filter_and_iter_walks_the_pages() {
    let mut h = Harness::new();
    let filtered = h
        .expect(
            "GET",
            "/admin/customer-groups",
            Some(
                "q=vip&name%5B0%5D=VIP&discount_condition_id=discon_1\
                 &created_at%5Bgt%5D=2026-01-01&order=name&expand=customers&fields=id%2Cname\
                 &limit=5&offset=1",
            ),
        )
        .no_body()
        .reply(json(200, &groups_page(&["VIP"], 1, 1, 5)))
        .create();
    let page = h
        .admin()
        .customer_groups()
        .list(&ListCustomerGroups {
            q: Some("vip".into()),
            name: vec!["VIP".into()],
            discount_condition_id: Some("discon_1".into()),
            created_at: Some(DateRange {
                gt: Some("2026-01-01".into()),
                ..Default::default()
            }),
            order: Some("name".into()),
            expand: Some("customers".into()),
            fields: Some("id,name".into()),
            limit: Some(5),
            offset: Some(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.customer_groups[0].name, "VIP");
    assert_eq!((page.count, page.offset, page.limit), (1, 1, 5));
    filtered.assert();

    let first = h
        .expect("GET", "/admin/customer-groups", Some("limit=1&offset=0"))
        .reply(json(200, &groups_page(&["a"], 2, 0, 1)))
        .create();
    let second = h
        .expect("GET", "/admin/customer-groups", Some("limit=1&offset=1"))
        .reply(json(200, &groups_page(&["b"], 2, 1, 1)))
        .create();
    let names: Vec<String> = h
        .admin()
        .customer_groups()
        .iter(&ListCustomerGroups {
            limit: Some(1),
            ..Default::default()
        })
        .map(|g| g.unwrap().name)
        .collect();
    assert_eq!(names, ["a", "b"]);
    first.assert();
    second.assert();
}

#[test]
fn retrieve_create_update_send_what_the_server_reads() {
    let mut h = Harness::new();
    let retrieve = h
        .expect(
            "GET",
            &format!("/admin/customer-groups/{GROUP_ID}"),
            Some("expand=customers"),
        )
        .no_body()
        .reply(json(200, GROUP))
        .create();
    let create = h
        .expect("POST", "/admin/customer-groups", None)
        .json_body(r#"{"name":"VIP","metadata":{"a":1}}"#)
        .reply(json(200, GROUP))
        .create();
    let update = h
        .expect("POST", &format!("/admin/customer-groups/{GROUP_ID}"), None)
        .json_body(r#"{"name":"Gold","metadata":{"a":""}}"#)
        .reply(json(200, GROUP))
        .create();
    let groups = h.admin().customer_groups();
    let got = groups
        .clone()
        .expand("customers")
        .retrieve(GROUP_ID)
        .unwrap();
    assert_eq!((got.id.as_str(), got.name.as_str()), (GROUP_ID, GROUP_NAME));
    let mut metadata = Metadata::new();
    metadata.insert("a".into(), json!(1));
    groups
        .create(&CreateCustomerGroup {
            metadata: Some(metadata),
            ..CreateCustomerGroup::new("VIP")
        })
        .unwrap();
    let mut remove_a = Metadata::new();
    remove_a.insert("a".into(), json!(""));
    groups
        .update(
            GROUP_ID,
            &UpdateCustomerGroup {
                name: Some("Gold".into()),
                metadata: Some(remove_a),
            },
        )
        .unwrap();
    for mock in [retrieve, create, update] {
        mock.assert();
    }
    expect_invalid_input(groups.create(&CreateCustomerGroup::new(" ")), "group name");
    expect_invalid_input(groups.retrieve(""), "group id");
    expect_invalid_input(
        groups.update(
            GROUP_ID,
            &UpdateCustomerGroup {
                name: Some(String::new()),
                ..Default::default()
            },
        ),
        "group name",
    );
}

#[test]
fn a_taken_name_is_the_servers_422() {
    let mut h = Harness::new();
    let create = h
        .expect("POST", "/admin/customer-groups", None)
        .reply(json(
            422,
            r#"{"code":"invalid_request_error","type":"duplicate_error","message":"Key (name)=(VIP) already exists."}"#,
        ))
        .create();
    let message = expect_api(
        h.admin()
            .customer_groups()
            .create(&CreateCustomerGroup::new("VIP")),
        422,
        "duplicate_error",
    );
    assert_eq!(message, "Key (name)=(VIP) already exists.");
    create.assert();
}

#[test]
fn delete_reads_the_group_first_so_an_unknown_id_is_a_404_and_nothing_is_deleted() {
    let mut h = Harness::new();
    let path = format!("/admin/customer-groups/{GROUP_ID}");
    let read = h
        .expect("GET", &path, None)
        .no_body()
        .reply(json(200, GROUP))
        .create();
    let delete = h
        .expect("DELETE", &path, None)
        .no_body()
        .reply(json(200, GROUP_DELETED))
        .create();
    let gone = h.admin().customer_groups().delete(GROUP_ID).unwrap();
    assert_eq!(
        (gone.id.as_str(), gone.object.as_str(), gone.deleted),
        (GROUP_ID, "customer_group", true)
    );
    read.assert();
    delete.assert();

    let unknown = h
        .expect("GET", "/admin/customer-groups/cgrp_nope", None)
        .reply(json(404, NOT_FOUND))
        .create();
    // The server would answer `deleted: true`; it is never asked.
    let never = h
        .expect("DELETE", "/admin/customer-groups/cgrp_nope", None)
        .reply(json(200, GROUP_DELETED))
        .expect(0)
        .create();
    expect_api(
        h.admin().customer_groups().delete("cgrp_nope"),
        404,
        "not_found",
    );
    unknown.assert();
    never.assert();
}

#[test]
fn add_and_remove_customers_send_the_ids_as_objects() {
    let mut h = Harness::new();
    let body = r#"{"customer_ids":[{"id":"cus_1"},{"id":"cus_2"}]}"#;
    let path = format!("/admin/customer-groups/{GROUP_ID}/customers/batch");
    let add = h
        .expect("POST", &path, None)
        .json_body(body)
        .reply(json(200, GROUP))
        .create();
    let remove = h
        .expect("DELETE", &path, None)
        .json_body(body)
        .reply(json(200, GROUP))
        .create();
    let groups = h.admin().customer_groups();
    let g = groups.add_customers(GROUP_ID, &["cus_1", "cus_2"]).unwrap();
    assert_eq!(g.id, GROUP_ID);
    let ids = vec!["cus_1".to_string(), "cus_2".to_string()];
    groups.remove_customers(GROUP_ID, &ids).unwrap();
    add.assert();
    remove.assert();
    expect_invalid_input(groups.add_customers::<&str>(GROUP_ID, &[]), "customer ids");
    expect_invalid_input(
        groups.remove_customers(GROUP_ID, &["cus_1", " "]),
        "customer id",
    );
    expect_invalid_input(groups.add_customers("", &["cus_1"]), "group id");
}

#[test]
fn an_unknown_member_is_the_servers_404() {
    let mut h = Harness::new();
    let add = h
        .expect(
            "POST",
            &format!("/admin/customer-groups/{GROUP_ID}/customers/batch"),
            None,
        )
        .reply(json(
            404,
            r#"{"type":"not_found","message":"The following customer ids do not exist: \"cus_nope\""}"#,
        ))
        .create();
    let message = expect_api(
        h.admin()
            .customer_groups()
            .add_customers(GROUP_ID, &["cus_nope"]),
        404,
        "not_found",
    );
    assert!(message.contains("cus_nope"));
    add.assert();
}

#[test]
fn the_members_of_a_group_are_paged_with_the_customer_filters_but_groups() {
    let mut h = Harness::new();
    let path = format!("/admin/customer-groups/{GROUP_ID}/customers");
    let list = h
        .expect(
            "GET",
            &path,
            Some("q=jane&has_account=false&order=created_at&limit=1"),
        )
        .no_body()
        .reply(json(200, GROUP_CUSTOMERS))
        .create();
    let params = ListCustomers {
        q: Some("jane".into()),
        has_account: Some(false),
        groups: vec!["ignored".into()],
        order: Some("created_at".into()),
        limit: Some(1),
        ..Default::default()
    };
    let page = h
        .admin()
        .customer_groups()
        .list_customers(GROUP_ID, &params)
        .unwrap();
    assert_eq!(page.customers[0].groups.as_ref().unwrap()[0].id, GROUP_ID);
    list.assert();

    let walk = h
        .expect("GET", &path, Some("limit=50&offset=0"))
        .reply(json(200, GROUP_CUSTOMERS))
        .create();
    let members: Vec<_> = h
        .admin()
        .customer_groups()
        .iter_customers(
            GROUP_ID,
            &ListCustomers {
                limit: Some(50),
                ..Default::default()
            },
        )
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(members.len(), 1);
    walk.assert();
    expect_invalid_input(
        h.admin()
            .customer_groups()
            .list_customers(" ", &ListCustomers::default()),
        "group id",
    );
}
