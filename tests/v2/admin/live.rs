//! Live tests of the v2 Admin API against a REAL Medusa 2.21 backend: `tests/backend/start.sh v2`
//! starts it, makes the admin user [`ADMIN_EMAIL`] / [`ADMIN_PASSWORD`] (fixed test values, also
//! in `tests/backend/v2-admin.js`) and a secret API key, and prints `MEDUSA_V2_BACKEND_URL`,
//! `MEDUSA_V2_PUBLISHABLE_KEY` and `MEDUSA_V2_SECRET_API_KEY`. Every admin call is made for
//! real, with both credentials (the key, and the user's token; the cookie session too).
//!
//! `#[ignore]`d as every live test (see `tests/support/live.rs`): they run with
//! `cargo test --test v2 -- --include-ignored live::` and then fail without their server or
//! without `MEDUSA_V2_SECRET_API_KEY`. Each test makes its own records with unique e-mails and
//! names, so tests and concurrent runs do not meet.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use medusa_blocking::v2::Medusa;
use medusa_blocking::v2::admin::Admin;
use medusa_blocking::v2::admin::params::{
    AddressCreate, AddressUpdate, CALL_ID_KEY, CreateCustomer, CreateCustomerGroup, DateRange,
    ListCustomerAddresses, ListCustomerGroups, ListCustomers, UpdateCustomer, UpdateCustomerGroup,
};
use medusa_blocking::v2::models::{Customer, Metadata};
use medusa_blocking::{Error, ErrorType};
use serde_json::json;

use crate::support;
use crate::support::live::Backend;

/// The admin user `tests/backend/v2-admin.js` makes.
const ADMIN_EMAIL: &str = "live-admin@example.com";
const ADMIN_PASSWORD: &str = "live-admin-Secret-1";

fn backend() -> Backend {
    support::live::backend(&support::live::V2)
}

/// The secret API key start.sh printed; the test fails without it.
#[track_caller]
fn secret_key() -> String {
    let _env = support::env_lock();
    std::env::var("MEDUSA_V2_SECRET_API_KEY")
        .ok()
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .unwrap_or_else(|| {
            panic!(
                "MEDUSA_V2_SECRET_API_KEY is not set (export the lines `bash tests/backend/start.sh \
                 v2` prints); this live test was asked for, so it fails rather than pass untested"
            )
        })
}

/// An admin client with the secret API key.
fn with_key(b: &Backend) -> Admin {
    Admin::builder(&b.url)
        .secret_api_key(secret_key())
        .build()
        .expect("admin client")
}

/// An admin client logged in as the admin user.
fn logged_in(b: &Backend) -> Admin {
    let admin = Admin::new(&b.url).expect("admin client");
    admin
        .auth()
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .unwrap_or_else(|e| panic!("admin login {ADMIN_EMAIL}: {e} (start.sh v2 makes the user)"));
    admin
}

/// Both kinds of admin client, named.
fn both(b: &Backend) -> [(&'static str, Admin); 2] {
    [("key", with_key(b)), ("token", logged_in(b))]
}

fn unique(tag: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("live2a-{tag}-{nanos}-{}-{n}", std::process::id())
}

fn unique_email(tag: &str) -> String {
    format!("{}@example.com", unique(tag))
}

fn metadata(value: serde_json::Value) -> Metadata {
    match value {
        serde_json::Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

#[track_caller]
fn expect_api<T: std::fmt::Debug>(
    result: Result<T, Error>,
    status: u16,
    kind: ErrorType,
    words: &str,
) {
    match result {
        Err(e @ Error::Api { .. }) => {
            let api = e.api_error().expect("api error");
            assert_eq!(e.status(), Some(status), "{e}");
            assert_eq!(api.error_type(), kind, "{e}");
            assert!(api.message.contains(words), "{words:?} not in {e}");
        }
        other => panic!("expected a {status} {kind:?} error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Auth
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL, MEDUSA_V2_PUBLISHABLE_KEY and MEDUSA_V2_SECRET_API_KEY (tests/backend/start.sh v2)"]
fn login_refresh_cookie_session_and_logout_as_the_admin_user() {
    let b = backend();
    let admin = Admin::new(&b.url).unwrap();
    // Not logged in: the server's 401.
    expect_api(
        admin.customers().list(&ListCustomers::default()),
        401,
        ErrorType::Unauthorized,
        "Unauthorized",
    );
    let token = admin.auth().login(ADMIN_EMAIL, ADMIN_PASSWORD).unwrap();
    assert!(token.actor_id().is_some_and(|id| id.starts_with("user_")));
    let me = admin.auth().get_session().unwrap();
    assert_eq!(me.email, ADMIN_EMAIL);
    assert!(me.id.starts_with("user_"), "{me:?}");
    let me = admin
        .auth()
        .authenticate(ADMIN_EMAIL, ADMIN_PASSWORD)
        .unwrap();
    assert_eq!(me.email, ADMIN_EMAIL);

    // Refresh: a new token, kept, and it works.
    let fresh = admin.auth().refresh().unwrap();
    assert_eq!(
        admin.bearer_token().map(|t| t.secret().to_string()),
        Some(fresh.secret().to_string())
    );
    admin
        .customers()
        .list(&ListCustomers {
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();

    // The cookie session alone.
    admin.auth().create_session().unwrap();
    admin.set_bearer_token(None).unwrap();
    assert_eq!(admin.auth().get_session().unwrap().email, ADMIN_EMAIL);
    admin.auth().logout().unwrap();
    expect_api(
        admin.auth().get_session(),
        401,
        ErrorType::Unauthorized,
        "Unauthorized",
    );
    // Logging out again is fine.
    admin.auth().logout().unwrap();

    // Wrong password: the server's 401.
    expect_api(
        admin.auth().login(ADMIN_EMAIL, "wrong-password"),
        401,
        ErrorType::Unauthorized,
        "Invalid email or password",
    );
    assert!(admin.bearer_token().is_none());
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL, MEDUSA_V2_PUBLISHABLE_KEY and MEDUSA_V2_SECRET_API_KEY (tests/backend/start.sh v2)"]
fn a_store_customers_credentials_are_not_an_admin_and_no_token_is_kept() {
    let b = backend();
    let shop = Medusa::builder(&b.url)
        .publishable_api_key(&b.key)
        .build()
        .unwrap();
    let email = unique_email("shopper");
    shop.customers()
        .create(&medusa_blocking::v2::store::params::CreateCustomer::new(
            &email,
            "shopper-Secret-1",
        ))
        .unwrap();
    let admin = Admin::new(&b.url).unwrap();
    // The server answers 200 with a token naming no user: refused here, nothing kept.
    let err = admin.auth().login(&email, "shopper-Secret-1").unwrap_err();
    assert!(
        matches!(
            err,
            medusa_blocking::Error::LoginIncomplete {
                step: medusa_blocking::LoginStep::NoActor
            }
        ),
        "{err:?}"
    );
    assert!(!err.to_string().contains("eyJ"), "{err}");
    assert!(admin.bearer_token().is_none());
    // What the server does with such a token, for the record: every admin route refuses it.
    let raw: serde_json::Value = Admin::new(&b.url)
        .unwrap()
        .post(
            "/auth/user/emailpass",
            &json!({"email": email, "password": "shopper-Secret-1"}),
        )
        .unwrap();
    let token = raw["token"].as_str().unwrap().to_string();
    let with_it = Admin::builder(&b.url).bearer_token(token).build().unwrap();
    expect_api(
        with_it.customers().list(&ListCustomers::default()),
        401,
        ErrorType::Unauthorized,
        "Unauthorized",
    );
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL, MEDUSA_V2_PUBLISHABLE_KEY and MEDUSA_V2_SECRET_API_KEY (tests/backend/start.sh v2)"]
fn the_secret_key_authenticates_and_a_bad_key_does_not() {
    let b = backend();
    let admin = with_key(&b);
    let page = admin
        .customers()
        .list(&ListCustomers {
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.limit, 1);
    // A key is no user.
    expect_api(admin.auth().get_session(), 404, ErrorType::NotFound, "apk_");
    // A key the server does not know.
    let wrong = Admin::builder(&b.url)
        .secret_api_key("sk_0000000000000000000000000000000000000000000000000000000000000000")
        .build()
        .unwrap();
    let err = wrong
        .customers()
        .list(&ListCustomers::default())
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    assert!(!format!("{err:?}{wrong:?}").contains("sk_0000"));
    // Records made with the key name it.
    let made = admin
        .customers()
        .create(&CreateCustomer::with_email(unique_email("bykey")))
        .unwrap();
    assert!(
        made.created_by
            .as_deref()
            .is_some_and(|c| c.starts_with("apk_")),
        "{made:?}"
    );
    admin.customers().delete(&made.id).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL, MEDUSA_V2_PUBLISHABLE_KEY and MEDUSA_V2_SECRET_API_KEY (tests/backend/start.sh v2)"]
fn create_retrieve_update_and_delete_customers_with_both_credentials() {
    let b = backend();
    for (how, admin) in both(&b) {
        let email = unique_email(how);
        let jane = admin
            .customers()
            .create(&CreateCustomer {
                first_name: Some("Jane".into()),
                last_name: Some("Doe".into()),
                phone: Some("+15550001111".into()),
                company_name: Some("Acme".into()),
                metadata: Some(metadata(json!({"import_ref": "row-1", "k": "v"}))),
                ..CreateCustomer::with_email(&email)
            })
            .unwrap_or_else(|e| panic!("{how}: {e}"));
        assert_eq!(jane.email, email);
        assert!(!jane.has_account, "{how}");
        assert_eq!(jane.company_name.as_deref(), Some("Acme"));
        assert!(jane.created_by.is_some(), "{how}");

        // The same e-mail again: the server's 400.
        expect_api(
            admin
                .customers()
                .create(&CreateCustomer::with_email(&email)),
            400,
            ErrorType::InvalidData,
            "already exists",
        );

        let got = admin.customers().retrieve(&jane.id).unwrap();
        assert_eq!(got, jane, "{how}");
        let trimmed = admin
            .customers()
            .fields("id,email")
            .retrieve(&jane.id)
            .unwrap();
        assert_eq!(trimmed.email, email);
        assert_eq!(trimmed.first_name, None);

        // Update: merged metadata, a key removed, a field changed, others kept.
        let updated = admin
            .customers()
            .update(
                &jane.id,
                &UpdateCustomer {
                    last_name: Some("Roe".into()),
                    metadata: Some(metadata(json!({"k2": "v2"}))),
                    ..Default::default()
                }
                .unset_metadata("k"),
            )
            .unwrap();
        assert_eq!(updated.last_name.as_deref(), Some("Roe"));
        assert_eq!(updated.first_name.as_deref(), Some("Jane"));
        assert_eq!(
            updated.metadata,
            Some(metadata(json!({"import_ref": "row-1", "k2": "v2"}))),
            "{how}"
        );

        // Without an e-mail.
        let nameless = admin
            .customers()
            .create(&CreateCustomer {
                first_name: Some(unique("nomail")),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(nameless.email, "");

        // Delete, then the id is unknown: 404 from the crate's look, nothing sent after it.
        let gone = admin.customers().delete(&jane.id).unwrap();
        assert!(gone.deleted);
        assert_eq!(gone.id, jane.id);
        expect_api(
            admin.customers().retrieve(&jane.id),
            404,
            ErrorType::NotFound,
            &jane.id,
        );
        expect_api(
            admin.customers().delete(&jane.id),
            404,
            ErrorType::NotFound,
            &jane.id,
        );
        expect_api(
            admin
                .customers()
                .update(&jane.id, &UpdateCustomer::default()),
            404,
            ErrorType::NotFound,
            &jane.id,
        );
        // Its e-mail is free again.
        let again = admin
            .customers()
            .create(&CreateCustomer::with_email(&email))
            .unwrap();
        admin.customers().delete(&again.id).unwrap();
        admin.customers().delete(&nameless.id).unwrap();
    }
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL, MEDUSA_V2_PUBLISHABLE_KEY and MEDUSA_V2_SECRET_API_KEY (tests/backend/start.sh v2)"]
fn every_list_filter_and_the_iterator() {
    let b = backend();
    let admin = with_key(&b);
    let tag = unique("filters");
    let emails: Vec<String> = (0..5).map(|i| format!("{tag}-{i}@example.com")).collect();
    let mut made = Vec::new();
    for (i, email) in emails.iter().enumerate() {
        made.push(
            admin
                .customers()
                .create(&CreateCustomer {
                    first_name: Some(format!("F{i}{tag}")),
                    last_name: Some(format!("L{i}")),
                    company_name: Some(format!("C{tag}")),
                    ..CreateCustomer::with_email(email)
                })
                .unwrap(),
        );
    }
    let ids = |page: &[Customer]| -> Vec<String> { page.iter().map(|c| c.id.clone()).collect() };
    let all_ids = ids(&made);

    // q over names/e-mails, case-insensitive.
    let page = admin
        .customers()
        .list(&ListCustomers {
            q: Some(tag.to_uppercase()),
            order: Some("created_at".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.count, 5);
    assert_eq!(ids(&page.customers), all_ids);

    // E-mails, exactly; letter case counts.
    let page = admin
        .customers()
        .list(&ListCustomers {
            email: vec![emails[1].clone(), emails[3].clone()],
            order: Some("email".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        ids(&page.customers),
        [made[1].id.clone(), made[3].id.clone()]
    );
    let page = admin
        .customers()
        .list(&ListCustomers {
            email: vec![emails[1].to_uppercase()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.count, 0);

    // Ids, names, company, has_account, created_by.
    let base = ListCustomers {
        company_name: vec![format!("C{tag}")],
        ..Default::default()
    };
    assert_eq!(admin.customers().list(&base).unwrap().count, 5);
    let by = |f: ListCustomers| admin.customers().list(&f).unwrap().count;
    assert_eq!(
        by(ListCustomers {
            id: vec![made[0].id.clone()],
            ..base.clone()
        }),
        1
    );
    assert_eq!(
        by(ListCustomers {
            first_name: vec![format!("F2{tag}")],
            ..base.clone()
        }),
        1
    );
    assert_eq!(
        by(ListCustomers {
            last_name: vec!["L3".into(), "L4".into()],
            ..base.clone()
        }),
        2
    );
    assert_eq!(
        by(ListCustomers {
            has_account: Some(false),
            ..base.clone()
        }),
        5
    );
    assert_eq!(
        by(ListCustomers {
            has_account: Some(true),
            ..base.clone()
        }),
        0
    );
    let creator = made[0].created_by.clone().unwrap();
    assert_eq!(
        by(ListCustomers {
            created_by: vec![creator],
            ..base.clone()
        }),
        5
    );

    // Date ranges with the `$` operators: the third one on.
    let third = made[2].created_at.clone();
    assert_eq!(
        by(ListCustomers {
            created_at: Some(DateRange::since(&third)),
            ..base.clone()
        }),
        3
    );
    assert_eq!(
        by(ListCustomers {
            created_at: Some(DateRange::before(&third)),
            ..base.clone()
        }),
        2
    );
    assert_eq!(
        by(ListCustomers {
            created_at: Some(DateRange {
                gt: Some(third.clone()),
                lte: Some(made[3].created_at.clone()),
                ..Default::default()
            }),
            ..base.clone()
        }),
        1
    );
    assert_eq!(
        by(ListCustomers {
            updated_at: Some(DateRange::since("2000-01-01T00:00:00Z")),
            ..base.clone()
        }),
        5
    );

    // fields, limit and offset.
    let page = admin
        .customers()
        .list(&ListCustomers {
            fields: Some("id,email".into()),
            order: Some("-created_at".into()),
            limit: Some(2),
            offset: Some(1),
            ..base.clone()
        })
        .unwrap();
    assert_eq!((page.count, page.offset, page.limit), (5, 1, 2));
    assert_eq!(
        ids(&page.customers),
        [made[3].id.clone(), made[2].id.clone()]
    );
    assert_eq!(page.customers[0].first_name, None);

    // The iterator, two at a time, in id order.
    let walked: Vec<String> = admin
        .customers()
        .iter(&ListCustomers {
            limit: Some(2),
            ..base.clone()
        })
        .map(|c| c.unwrap().id)
        .collect();
    let mut sorted = all_ids.clone();
    sorted.sort();
    assert_eq!(walked, sorted);

    // Deleted ones: gone from the list, and (2.21.2) not back with with_deleted either.
    admin.customers().delete(&made[4].id).unwrap();
    assert_eq!(by(base.clone()), 4);
    assert_eq!(
        by(ListCustomers {
            with_deleted: Some(true),
            ..base.clone()
        }),
        4
    );
    for c in &made[..4] {
        admin.customers().delete(&c.id).unwrap();
    }
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL, MEDUSA_V2_PUBLISHABLE_KEY and MEDUSA_V2_SECRET_API_KEY (tests/backend/start.sh v2)"]
fn a_create_with_retries_on_marks_its_record() {
    let b = backend();
    let admin = Admin::builder(&b.url)
        .secret_api_key(secret_key())
        .max_retries(2)
        .build()
        .unwrap();
    let made = admin
        .customers()
        .create(&CreateCustomer {
            metadata: Some(metadata(json!({"import_ref": "r1"}))),
            ..CreateCustomer::with_email(unique_email("marked"))
        })
        .unwrap();
    let m = made.metadata.clone().unwrap();
    assert_eq!(m["import_ref"], "r1");
    assert_eq!(m[CALL_ID_KEY].as_str().map(str::len), Some(36), "{m:?}");
    let group = admin
        .customer_groups()
        .create(&CreateCustomerGroup::from(unique("marked").as_str()))
        .unwrap();
    assert!(group.metadata.unwrap().contains_key(CALL_ID_KEY));
    admin.customers().delete(&made.id).unwrap();
    admin.customer_groups().delete(&group.id).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Groups and membership
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL, MEDUSA_V2_PUBLISHABLE_KEY and MEDUSA_V2_SECRET_API_KEY (tests/backend/start.sh v2)"]
fn groups_and_their_members_from_both_sides() {
    let b = backend();
    for (how, admin) in both(&b) {
        let name = unique(how);
        let group = admin
            .customer_groups()
            .create(&CreateCustomerGroup {
                name: name.clone(),
                metadata: Some(metadata(json!({"a": 1}))),
            })
            .unwrap();
        assert_eq!(group.name, name);
        assert!(group.id.starts_with("cusgroup_"), "{group:?}");
        expect_api(
            admin
                .customer_groups()
                .create(&CreateCustomerGroup::from(name.as_str())),
            400,
            ErrorType::InvalidData,
            "already exists",
        );
        assert_eq!(
            admin.customer_groups().retrieve(&group.id).unwrap().name,
            name
        );
        let page = admin
            .customer_groups()
            .list(&ListCustomerGroups {
                name: vec![name.clone()],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(page.count, 1);
        let page = admin
            .customer_groups()
            .list(&ListCustomerGroups {
                q: Some(name.to_uppercase()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(page.customer_groups[0].id, group.id);

        let updated = admin
            .customer_groups()
            .update(
                &group.id,
                &UpdateCustomerGroup {
                    metadata: Some(metadata(json!({"b": 2}))),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(updated.metadata, Some(metadata(json!({"a": 1, "b": 2}))));

        let c1 = admin
            .customers()
            .create(&CreateCustomer::with_email(unique_email("m1")))
            .unwrap();
        let c2 = admin
            .customers()
            .create(&CreateCustomer::with_email(unique_email("m2")))
            .unwrap();
        // From the group's side, twice (no change the second time).
        for _ in 0..2 {
            admin
                .customer_groups()
                .add_customers(&group.id, &[c1.id.as_str(), c2.id.as_str()])
                .unwrap();
        }
        let members = admin
            .customers()
            .list(&ListCustomers {
                groups: vec![group.id.clone()],
                order: Some("created_at".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(members.count, 2, "{how}");
        let with_members = admin
            .customer_groups()
            .fields("id,*customers")
            .retrieve(&group.id)
            .unwrap();
        assert_eq!(with_members.customers.map(|c| c.len()), Some(2));
        let of_c1 = admin
            .customer_groups()
            .list(&ListCustomerGroups {
                customers: vec![c1.id.clone()],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(of_c1.customer_groups[0].id, group.id);

        // From the customer's side.
        let c1_now = admin
            .customers()
            .fields("id,*groups")
            .remove_groups(&c1.id, &[group.id.as_str()])
            .unwrap();
        assert_eq!(c1_now.groups, Some(vec![]), "{how}");
        let c1_now = admin
            .customers()
            .fields("id,*groups")
            .add_groups(&c1.id, &[group.id.as_str()])
            .unwrap();
        assert_eq!(c1_now.groups.unwrap()[0].name, name);
        admin
            .customer_groups()
            .remove_customers(&group.id, &[c2.id.as_str()])
            .unwrap();
        let members = admin
            .customers()
            .list(&ListCustomers {
                groups: vec![group.id.clone()],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            members
                .customers
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>(),
            [c1.id.as_str()]
        );

        // Unknown customer in a link: the server's 404.
        expect_api(
            admin
                .customer_groups()
                .add_customers(&group.id, &["cus_nope"]),
            404,
            ErrorType::NotFound,
            "cus_nope",
        );

        // Delete: members detached; then 404 from the crate's look.
        assert!(admin.customer_groups().delete(&group.id).unwrap().deleted);
        expect_api(
            admin.customer_groups().delete(&group.id),
            404,
            ErrorType::NotFound,
            &group.id,
        );
        expect_api(
            admin.customer_groups().retrieve(&group.id),
            404,
            ErrorType::NotFound,
            &group.id,
        );
        let c1_now = admin
            .customers()
            .fields("id,*groups")
            .retrieve(&c1.id)
            .unwrap();
        assert_eq!(c1_now.groups, Some(vec![]));
        let walked = admin
            .customer_groups()
            .iter(&ListCustomerGroups {
                q: Some(name.clone()),
                limit: Some(1),
                ..Default::default()
            })
            .count();
        assert_eq!(walked, 0);
        admin.customers().delete(&c1.id).unwrap();
        admin.customers().delete(&c2.id).unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL, MEDUSA_V2_PUBLISHABLE_KEY and MEDUSA_V2_SECRET_API_KEY (tests/backend/start.sh v2)"]
fn addresses_are_checked_to_be_the_customers_own() {
    let b = backend();
    for (how, admin) in both(&b) {
        let a = admin
            .customers()
            .create(&CreateCustomer::with_email(unique_email("a")))
            .unwrap();
        let b_ = admin
            .customers()
            .create(&CreateCustomer::with_email(unique_email("b")))
            .unwrap();
        let added = admin
            .customers()
            .fields("id,*addresses")
            .addresses(&a.id)
            .add(&AddressCreate {
                address_name: Some("Home".into()),
                is_default_shipping: Some(true),
                ..AddressCreate::new("Jane", "Doe", "1 Main St", "Toronto", "ca", "M5V 2T6")
            })
            .unwrap();
        assert_eq!(added.addresses.len(), 1, "{how}");
        let home = added.addresses[0].clone();
        assert!(home.is_default_shipping);
        admin
            .customers()
            .addresses(&a.id)
            .add(&AddressCreate {
                city: Some("Ottawa".into()),
                ..Default::default()
            })
            .unwrap();

        // The list carries the default flags, which the server's defaults lack.
        let page = admin
            .customers()
            .addresses(&a.id)
            .list(&ListCustomerAddresses {
                order: Some("created_at".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(page.count, 2);
        assert!(
            page.addresses[0].is_default_shipping,
            "{:?}",
            page.addresses[0]
        );
        let filtered = admin
            .customers()
            .addresses(&a.id)
            .list(&ListCustomerAddresses {
                city: vec!["Ottawa".into()],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(filtered.count, 1);
        assert_eq!(
            admin
                .customers()
                .addresses(&a.id)
                .iter(&ListCustomerAddresses {
                    limit: Some(1),
                    ..Default::default()
                })
                .count(),
            2
        );

        let got = admin
            .customers()
            .addresses(&a.id)
            .retrieve(&home.id)
            .unwrap();
        assert_eq!(got.city.as_deref(), Some("Toronto"));
        assert!(got.is_default_shipping);

        // Through B: not found, and nothing changed or deleted.
        let through_b = admin.customers().addresses(&b_.id);
        expect_api(
            through_b.retrieve(&home.id),
            404,
            ErrorType::NotFound,
            &home.id,
        );
        expect_api(
            through_b.update(
                &home.id,
                &AddressUpdate {
                    city: Some("Evil".into()),
                    ..Default::default()
                },
            ),
            404,
            ErrorType::NotFound,
            &home.id,
        );
        expect_api(
            through_b.delete(&home.id),
            404,
            ErrorType::NotFound,
            &home.id,
        );
        let still = admin
            .customers()
            .addresses(&a.id)
            .retrieve(&home.id)
            .unwrap();
        assert_eq!(still.city.as_deref(), Some("Toronto"), "{how}");

        // Through A: update, delete, then not found.
        let a_now = admin
            .customers()
            .fields("id,*addresses")
            .addresses(&a.id)
            .update(
                &home.id,
                &AddressUpdate {
                    city: Some("Montreal".into()),
                    ..Default::default()
                },
            )
            .unwrap();
        assert!(
            a_now
                .addresses
                .iter()
                .any(|x| x.city.as_deref() == Some("Montreal"))
        );
        let deleted = admin.customers().addresses(&a.id).delete(&home.id).unwrap();
        assert!(deleted.deleted);
        assert_eq!(deleted.id, home.id);
        assert_eq!(deleted.parent.map(|p| p.id), Some(a.id.clone()));
        expect_api(
            admin.customers().addresses(&a.id).delete(&home.id),
            404,
            ErrorType::NotFound,
            &home.id,
        );
        // An unknown customer.
        expect_api(
            admin
                .customers()
                .addresses("cus_nope")
                .add(&AddressCreate::default()),
            404,
            ErrorType::NotFound,
            "cus_nope",
        );
        assert_eq!(
            admin
                .customers()
                .addresses("cus_nope")
                .list(&Default::default())
                .unwrap()
                .count,
            0
        );
        admin.customers().delete(&a.id).unwrap();
        admin.customers().delete(&b_.id).unwrap();
    }
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL, MEDUSA_V2_PUBLISHABLE_KEY and MEDUSA_V2_SECRET_API_KEY (tests/backend/start.sh v2)"]
fn an_import_run_again_creates_nothing_and_tells_conflicts_apart() {
    use medusa_blocking::import::{ImportOptions, ImportRow};
    let b = backend();
    let admin = Admin::builder(&b.url)
        .secret_api_key(secret_key())
        .max_retries(2)
        .build()
        .unwrap();
    let group = admin
        .customer_groups()
        .create(&CreateCustomerGroup::new(unique_email("import-group")))
        .unwrap();
    let run = unique_email("import").replace('@', "-at-");
    let mut rows: Vec<ImportRow> = (0..12)
        .map(|i| {
            ImportRow::new(format!("{run}-{i}"), format!("{run}-{i}@example.com"))
                .first_name("Row")
                .last_name(format!("{i}"))
                .metadata("tier", "gold")
                .group(&group.id)
        })
        .collect();
    // A customer with the e-mail of the last row, made by someone else: a conflict.
    let other = format!("{run}-other@example.com");
    admin
        .customers()
        .create(&CreateCustomer::with_email(&other))
        .unwrap();
    rows.push(ImportRow::new(format!("{run}-x"), &other));
    let options = ImportOptions::default().threads(4);
    let mut seen = Vec::new();
    let first = admin.customers().import(&rows, &options, |i, _, outcome| {
        seen.push((i, outcome.label()));
    });
    assert_eq!(
        (first.rows, first.created, first.conflicts, first.failed),
        (13, 12, 1, 0),
        "{first} {seen:?}"
    );
    let again = admin.customers().import(&rows, &options, |_, _, _| {});
    assert_eq!(
        (again.created, again.already_there, again.conflicts),
        (0, 12, 1),
        "{again}"
    );
    // Every imported customer is there once, with its reference and in the group.
    let members = admin
        .customers()
        .list(&ListCustomers {
            groups: vec![group.id.clone()],
            fields: Some("id,email,metadata".into()),
            limit: Some(100),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(members.count, 12);
    for c in &members.customers {
        let m = c.metadata.as_ref().unwrap();
        assert!(m["import_ref"].as_str().unwrap().starts_with(&run), "{m:?}");
        assert_eq!(m["tier"], "gold");
    }
    let conflicted = admin
        .customers()
        .list(&ListCustomers {
            email: vec![other],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(conflicted.count, 1, "the conflict was left alone");
}
