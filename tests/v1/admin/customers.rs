//! `admin.customers()` against a mock server.

use medusa_blocking::v1::admin::params::{
    CreateCustomer, DateRange, ListCustomers, UpdateCustomer,
};
use medusa_blocking::v1::models::Metadata;
use mockito::Matcher;
use serde_json::json;

use super::{
    CREATED, CUSTOMER_ID, DUPLICATE_RECORD, EMAIL, GROUP, GROUP_ID, Harness, MockExt, RETRIEVED,
    expect_api, expect_invalid_input, json,
};

fn page(ids: &[&str], count: u64, offset: u64, limit: u64) -> String {
    let customers: Vec<_> = ids
        .iter()
        .map(|id| json!({"id": id, "email": format!("{id}@example.com"), "has_account": false}))
        .collect();
    json!({"customers": customers, "count": count, "offset": offset, "limit": limit}).to_string()
}

#[test]
fn list_sends_every_filter_in_the_form_the_server_reads() {
    let mut h = Harness::new();
    let list = h
        .expect(
            "GET",
            "/admin/customers",
            Some(
                "q=jane&has_account=false&groups%5B0%5D=cgrp_1&groups%5B1%5D=cgrp_2\
                 &created_at%5Bgte%5D=2026-01-01T00%3A00%3A00Z&updated_at%5Blt%5D=2027-01-01\
                 &order=-created_at&expand=groups&limit=2&offset=4",
            ),
        )
        .no_body()
        .reply(json(200, super::GROUP_CUSTOMERS))
        .create();
    let page = h
        .admin()
        .customers()
        .list(&ListCustomers {
            q: Some("jane".into()),
            has_account: Some(false),
            groups: vec!["cgrp_1".into(), "cgrp_2".into()],
            created_at: Some(DateRange {
                gte: Some("2026-01-01T00:00:00Z".into()),
                ..Default::default()
            }),
            updated_at: Some(DateRange {
                lt: Some("2027-01-01".into()),
                ..Default::default()
            }),
            order: Some("-created_at".into()),
            expand: Some("groups".into()),
            limit: Some(2),
            offset: Some(4),
        })
        .unwrap();
    assert_eq!((page.count, page.offset, page.limit), (1, 0, 50));
    let jane = &page.customers[0];
    assert_eq!(jane.id, CUSTOMER_ID);
    assert_eq!(jane.email, EMAIL);
    assert_eq!(jane.groups.as_ref().unwrap()[0].id, GROUP_ID);
    list.assert();
}

#[test]
fn a_single_group_is_sent_as_an_array_never_in_the_form_that_crashes_the_server() {
    let mut h = Harness::new();
    let list = h
        .expect("GET", "/admin/customers", Some("groups%5B0%5D=cgrp_1"))
        .reply(json(200, &page(&[], 0, 0, 50)))
        .create();
    h.admin()
        .customers()
        .list(&ListCustomers {
            groups: vec!["cgrp_1".into()],
            ..Default::default()
        })
        .unwrap();
    list.assert();
}

#[test]
fn the_handles_relations_are_sent_when_the_list_names_none() {
    let mut h = Harness::new();
    let handle_only = h
        .expect("GET", "/admin/customers", Some("expand=groups"))
        .reply(json(200, &page(&[], 0, 0, 50)))
        .create();
    let params_win = h
        .expect("GET", "/admin/customers", Some("expand=orders"))
        .reply(json(200, &page(&[], 0, 0, 50)))
        .create();
    let customers = h.admin().customers().expand("groups");
    customers.list(&ListCustomers::default()).unwrap();
    customers
        .list(&ListCustomers {
            expand: Some("orders".into()),
            ..Default::default()
        })
        .unwrap();
    handle_only.assert();
    params_win.assert();
}

#[test]
fn iter_walks_every_page_lazily_and_stops_at_the_count() {
    let mut h = Harness::new();
    let first = h
        .expect(
            "GET",
            "/admin/customers",
            Some("order=created_at&limit=2&offset=0"),
        )
        .reply(json(200, &page(&["cus_1", "cus_2"], 3, 0, 2)))
        .create();
    let second = h
        .expect(
            "GET",
            "/admin/customers",
            Some("order=created_at&limit=2&offset=2"),
        )
        .reply(json(200, &page(&["cus_3"], 3, 2, 2)))
        .create();
    let mut iter = h.admin().customers().iter(&ListCustomers {
        order: Some("created_at".into()),
        limit: Some(2),
        ..Default::default()
    });
    assert_eq!(iter.next().unwrap().unwrap().id, "cus_1");
    first.assert();
    second.expect(0);
    let rest: Vec<String> = iter.map(|c| c.unwrap().id).collect();
    assert_eq!(rest, ["cus_2", "cus_3"]);
}

#[test]
fn iter_yields_the_first_error_and_ends() {
    let mut h = Harness::new();
    let failing = h
        .expect("GET", "/admin/customers", Some("offset=0"))
        .reply(json(
            400,
            r#"{"type":"invalid_data","message":"property foo should not exist"}"#,
        ))
        .expect(1)
        .create();
    let results: Vec<_> = h
        .admin()
        .customers()
        .iter(&ListCustomers::default())
        .collect();
    assert_eq!(results.len(), 1);
    expect_api(results.into_iter().next().unwrap(), 400, "invalid_data");
    failing.assert();
}

#[test]
fn a_page_of_zero_is_refused_before_sending() {
    let h = Harness::new();
    let zero = ListCustomers {
        limit: Some(0),
        ..Default::default()
    };
    expect_invalid_input(h.admin().customers().list(&zero), "limit");
}

#[test]
fn retrieve_gets_one_customer_by_its_id_as_one_path_segment() {
    let mut h = Harness::new();
    let plain = h
        .expect("GET", &format!("/admin/customers/{CUSTOMER_ID}"), None)
        .no_body()
        .reply(json(200, RETRIEVED))
        .create();
    let odd = h
        .expect("GET", "/admin/customers/a%2F..%3Fb", Some("expand=groups"))
        .reply(json(200, RETRIEVED))
        .create();
    let jane = h.admin().customers().retrieve(CUSTOMER_ID).unwrap();
    assert_eq!(jane.id, CUSTOMER_ID);
    assert_eq!(jane.orders, Some(vec![]));
    assert_eq!(jane.shipping_addresses, Some(vec![]));
    assert!(!jane.has_account);
    h.admin()
        .customers()
        .expand("groups")
        .retrieve("a/..?b")
        .unwrap();
    expect_invalid_input(h.admin().customers().retrieve(" "), "customer id");
    plain.assert();
    odd.assert();
}

#[test]
fn retrieve_of_an_unknown_id_is_the_servers_404() {
    let mut h = Harness::new();
    let unknown = h
        .expect("GET", "/admin/customers/cus_nope", None)
        .reply(json(
            404,
            r#"{"type":"not_found","message":"Customer with id: cus_nope was not found"}"#,
        ))
        .create();
    let message = expect_api(h.admin().customers().retrieve("cus_nope"), 404, "not_found");
    assert_eq!(message, "Customer with id: cus_nope was not found");
    unknown.assert();
}

#[test]
fn create_sends_an_empty_password_for_a_record_and_drops_the_password_hash() {
    let mut h = Harness::new();
    let create = h
        .expect("POST", "/admin/customers", None)
        .match_header("idempotency-key", Matcher::Missing)
        .json_body(&format!(
            r#"{{"email":"{EMAIL}","first_name":"Jane","last_name":"Doe","password":""}}"#
        ))
        .reply(json(201, CREATED))
        .create();
    let jane = h
        .admin()
        .customers()
        .create(&CreateCustomer::new(EMAIL, "Jane", "Doe"))
        .unwrap();
    assert_eq!(jane.id, CUSTOMER_ID);
    assert!(!jane.has_account);
    assert!(
        !serde_json::to_string(&jane)
            .unwrap()
            .contains("password_hash")
    );
    create.assert();
}

#[test]
fn create_of_an_account_sends_the_password_and_every_optional_field() {
    let mut h = Harness::new();
    let create = h
        .expect("POST", "/admin/customers", None)
        .json_body(
            r#"{"email":"a@b.c","first_name":"A","last_name":"B","password":"hunter2-PW",
                "phone":"+1555","metadata":{"import_ref":"row-1"}}"#,
        )
        .reply(json(201, CREATED))
        .create();
    let mut metadata = Metadata::new();
    metadata.insert("import_ref".into(), json!("row-1"));
    h.admin()
        .customers()
        .create(&CreateCustomer {
            password: Some("hunter2-PW".into()),
            phone: Some("+1555".into()),
            metadata: Some(metadata),
            ..CreateCustomer::new("a@b.c", "A", "B")
        })
        .unwrap();
    create.assert();
}

#[test]
fn create_refuses_an_empty_email_or_password_before_sending() {
    let h = Harness::new();
    let customers = h.admin().customers();
    expect_invalid_input(
        customers.create(&CreateCustomer::new(" ", "A", "B")),
        "email",
    );
    expect_invalid_input(
        customers.create(&CreateCustomer {
            password: Some(String::new()),
            ..CreateCustomer::new("a@b.c", "A", "B")
        }),
        "password",
    );
}

#[test]
fn a_duplicate_is_the_servers_422_and_is_not_retried() {
    let mut h = Harness::new();
    let create = h
        .expect("POST", "/admin/customers", None)
        .reply(json(422, DUPLICATE_RECORD))
        .expect(1)
        .create();
    let admin = medusa_blocking::v1::admin::Admin::builder(h.url())
        .api_token(super::TOKEN)
        .max_retries(2)
        .build()
        .unwrap();
    let message = expect_api(
        admin
            .customers()
            .create(&CreateCustomer::new(EMAIL, "Jane", "Doe")),
        422,
        "duplicate_error",
    );
    assert_eq!(message, "Guest customer with email already exists");
    create.assert();
}

#[test]
fn update_sends_only_what_is_set_and_the_groups_as_objects() {
    let mut h = Harness::new();
    let update = h
        .expect("POST", &format!("/admin/customers/{CUSTOMER_ID}"), None)
        .json_body(
            r#"{"first_name":"Janet","password":"new-PW","metadata":{"k":"","tier":"gold"},
                "groups":[{"id":"cgrp_1"},{"id":"cgrp_2"}]}"#,
        )
        .reply(json(200, RETRIEVED))
        .create();
    let expanded = h
        .expect(
            "POST",
            &format!("/admin/customers/{CUSTOMER_ID}"),
            Some("expand=groups"),
        )
        .json_body(r#"{"groups":[]}"#)
        .reply(json(200, RETRIEVED))
        .create();
    let mut metadata = Metadata::new();
    metadata.insert("k".into(), json!(""));
    metadata.insert("tier".into(), json!("gold"));
    let u = UpdateCustomer {
        first_name: Some("Janet".into()),
        password: Some("new-PW".into()),
        metadata: Some(metadata),
        groups: Some(vec!["cgrp_1".into(), "cgrp_2".into()]),
        ..Default::default()
    };
    assert!(!format!("{u:?}").contains("new-PW"));
    h.admin().customers().update(CUSTOMER_ID, &u).unwrap();
    h.admin()
        .customers()
        .expand("groups")
        .update(
            CUSTOMER_ID,
            &UpdateCustomer {
                groups: Some(vec![]),
                ..Default::default()
            },
        )
        .unwrap();
    expect_invalid_input(
        h.admin()
            .customers()
            .update(" ", &UpdateCustomer::default()),
        "customer id",
    );
    update.assert();
    expanded.assert();
}

#[test]
fn update_is_retried_as_it_is_idempotent() {
    let mut h = Harness::new();
    let failing = h
        .expect("POST", &format!("/admin/customers/{CUSTOMER_ID}"), None)
        .reply(super::json(
            503,
            r#"{"type":"unknown_error","message":"busy"}"#,
        ))
        .expect(1)
        .create();
    let ok = h
        .expect("POST", &format!("/admin/customers/{CUSTOMER_ID}"), None)
        .reply(json(200, RETRIEVED))
        .expect(1)
        .create();
    let admin = medusa_blocking::v1::admin::Admin::builder(h.url())
        .api_token(super::TOKEN)
        .max_retries(1)
        .sleeper(|_| {})
        .build()
        .unwrap();
    admin
        .customers()
        .update(CUSTOMER_ID, &UpdateCustomer::default())
        .unwrap();
    failing.assert();
    ok.assert();
}

#[test]
fn add_and_remove_groups_go_through_each_group_then_read_the_customer() {
    let mut h = Harness::new();
    let body = format!(r#"{{"customer_ids":[{{"id":"{CUSTOMER_ID}"}}]}}"#);
    let add_1 = h
        .expect(
            "POST",
            "/admin/customer-groups/cgrp_1/customers/batch",
            None,
        )
        .json_body(&body)
        .reply(json(200, GROUP))
        .create();
    let add_2 = h
        .expect(
            "POST",
            "/admin/customer-groups/cgrp_2/customers/batch",
            None,
        )
        .json_body(&body)
        .reply(json(200, GROUP))
        .create();
    let remove_1 = h
        .expect(
            "DELETE",
            "/admin/customer-groups/cgrp_1/customers/batch",
            None,
        )
        .json_body(&body)
        .reply(json(200, GROUP))
        .create();
    let read = h
        .expect(
            "GET",
            &format!("/admin/customers/{CUSTOMER_ID}"),
            Some("expand=groups"),
        )
        .no_body()
        .reply(json(200, super::CUSTOMER_WITH_GROUPS))
        .expect(2)
        .create();
    let customers = h.admin().customers();
    let jane = customers
        .add_groups(CUSTOMER_ID, &["cgrp_1", "cgrp_2"])
        .unwrap();
    assert_eq!(jane.groups.unwrap()[0].id, GROUP_ID);
    customers.remove_groups(CUSTOMER_ID, &["cgrp_1"]).unwrap();
    for mock in [add_1, add_2, remove_1, read] {
        mock.assert();
    }
    expect_invalid_input(customers.add_groups::<&str>(CUSTOMER_ID, &[]), "group ids");
    expect_invalid_input(customers.add_groups(CUSTOMER_ID, &[""]), "group id");
    expect_invalid_input(customers.remove_groups("", &["cgrp_1"]), "customer id");
}

#[test]
fn add_groups_stops_at_the_first_error() {
    let mut h = Harness::new();
    let unknown = h
        .expect(
            "POST",
            "/admin/customer-groups/cgrp_nope/customers/batch",
            None,
        )
        .reply(json(
            404,
            r#"{"type":"not_found","message":"CustomerGroup with id cgrp_nope was not found"}"#,
        ))
        .create();
    expect_api(
        h.admin()
            .customers()
            .add_groups(CUSTOMER_ID, &["cgrp_nope", "cgrp_2"]),
        404,
        "not_found",
    );
    unknown.assert();
}

#[test]
fn find_by_email_pages_through_the_text_matches_and_keeps_the_exact_ones() {
    let mut h = Harness::new();
    let customer = |id: &str, email: &str, account: bool| json!({"id": id, "email": email, "has_account": account, "created_at": "2026-12-05T21:16:43.286Z"});
    let first = h
        .expect(
            "GET",
            "/admin/customers",
            Some("q=jane%40example.com&order=-created_at&limit=100&offset=0"),
        )
        .no_body()
        .reply(json(
            200,
            &json!({"customers": [
                customer("cus_account", "jane@example.com", true),
                customer("cus_longer", "jane@example.com.au", false),
            ], "count": 3, "offset": 0, "limit": 100})
            .to_string(),
        ))
        .create();
    let second = h
        .expect(
            "GET",
            "/admin/customers",
            Some("q=jane%40example.com&order=-created_at&limit=100&offset=2"),
        )
        .reply(json(
            200,
            &json!({"customers": [customer("cus_record", "Jane@Example.com", false)],
                    "count": 3, "offset": 2, "limit": 100})
            .to_string(),
        ))
        .create();
    let found = h
        .admin()
        .customers()
        .find_by_email(" JANE@example.com ")
        .unwrap();
    let ids: Vec<&str> = found.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["cus_account", "cus_record"]);
    first.assert();
    second.assert();
    expect_invalid_input(h.admin().customers().find_by_email(""), "email");
}

#[test]
fn find_by_email_stops_on_a_server_that_ignores_the_offset() {
    let mut h = Harness::new();
    let body = json!({"customers": [{"id": "cus_1", "email": "a@b.c"}], "count": 5, "offset": 0, "limit": 1})
        .to_string();
    let mocks: Vec<_> = ["0", "1"]
        .into_iter()
        .map(|offset| {
            h.expect(
                "GET",
                "/admin/customers",
                Some(&format!(
                    "q=a%40b.c&order=-created_at&limit=100&offset={offset}"
                )),
            )
            .reply(json(200, &body))
            .create()
        })
        .collect();
    let found = h.admin().customers().find_by_email("a@b.c").unwrap();
    assert_eq!(found.len(), 1);
    for mock in mocks {
        mock.assert();
    }
}

/// A definite error says that nothing changed: once a group's step has changed the customer's
/// memberships, a later error (another group's 404, the final read's 500) is an unknown outcome
/// with that error as its source, never a plain error (the chaos soak's rule).
#[test]
fn an_error_after_a_group_was_changed_is_an_unknown_outcome() {
    for (second_group, read_status) in [("cgrp_nope", 200), ("cgrp_2", 500)] {
        let mut h = Harness::new();
        let add_1 = h
            .expect(
                "POST",
                "/admin/customer-groups/cgrp_1/customers/batch",
                None,
            )
            .reply(json(200, GROUP))
            .create();
        let second = h
            .expect(
                "POST",
                &format!("/admin/customer-groups/{second_group}/customers/batch"),
                None,
            )
            .reply(if second_group == "cgrp_nope" {
                json(
                    404,
                    r#"{"type":"not_found","message":"CustomerGroup with id cgrp_nope was not found"}"#,
                )
            } else {
                json(200, GROUP)
            })
            .create();
        let _read = h
            .expect(
                "GET",
                &format!("/admin/customers/{CUSTOMER_ID}"),
                Some("expand=groups"),
            )
            .reply(json(
                read_status,
                r#"{"type":"unknown_error","message":"An unknown error occurred."}"#,
            ))
            .create();
        match h
            .admin()
            .customers()
            .add_groups(CUSTOMER_ID, &["cgrp_1", second_group])
        {
            Err(medusa_blocking::Error::OutcomeUnknown { operation, error }) => {
                assert_eq!(operation, "add customer groups");
                let status = if second_group == "cgrp_nope" {
                    404
                } else {
                    500
                };
                assert_eq!(error.status(), Some(status));
            }
            other => panic!("{second_group}: {other:?}"),
        }
        add_1.assert();
        second.assert();
    }
}
