//! Programs written against 0.1 used v1's names at the crate root. They must keep compiling
//! (deprecated, hidden from the docs) and mean the same types as the new paths.

#![allow(deprecated)]

use medusa_blocking::auth::{AccessToken, Auth};
use medusa_blocking::customers::{
    AddressCreate, AddressUpdate, Addresses, BillingAddress, CreateCustomer, Customers, DateFilter,
    ListOrders, Metadata, OrderIter, OrderPage, PaymentMethods, ResetPassword, UpdateCustomer,
};
use medusa_blocking::models::{Order, OrderStatus};
use medusa_blocking::{
    ApiError, CookieJar, DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT, Error, Medusa, MedusaBuilder,
    Result,
};

#[test]
fn the_0_1_root_paths_still_compile_and_name_the_v1_types() {
    let builder: MedusaBuilder = Medusa::builder("http://127.0.0.1:9");
    let medusa: Medusa = builder.build().unwrap();
    let _: medusa_blocking::v1::Medusa = medusa.clone();
    let customers: Customers = medusa.customers();
    let _: medusa_blocking::v1::store::customers::Customers = customers.clone();
    let _: Addresses = customers.addresses();
    let _: PaymentMethods = customers.payment_methods();
    let _: Auth = medusa.auth();
    let orders: OrderIter = customers.iter_orders(&ListOrders {
        status: vec![OrderStatus::Completed],
        created_at: Some(DateFilter::default()),
        ..Default::default()
    });
    drop(orders);
    let create: medusa_blocking::v1::store::params::CreateCustomer = CreateCustomer {
        email: "jane@example.com".into(),
        password: "pw".into(),
        ..Default::default()
    };
    let _ = create;
    let _: Option<(AddressCreate, AddressUpdate, BillingAddress, ResetPassword)> = None;
    let _: Option<(UpdateCustomer, OrderPage, Metadata, Order)> = None;
    let _: Option<(AccessToken, ApiError, CookieJar)> = None;
    let _: Result<()> = Err(Error::InvalidInput("x".into()));
    assert_eq!(DEFAULT_TIMEOUT.as_secs(), 30);
    assert_eq!(DEFAULT_MAX_BODY_SIZE, 8 * 1024 * 1024);
}
