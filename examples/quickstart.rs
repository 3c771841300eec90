//! Registers a customer, logs in, updates the profile, lists orders, and prints typed results,
//! on Medusa v2 or v1.
//!
//! ```text
//! cargo run --example quickstart                                            # embedded Medusa v2 demo backend
//! MEDUSA_API=v1 cargo run --example quickstart                              # embedded Medusa v1 demo backend
//! MEDUSA_BACKEND_URL=http://localhost:9000 cargo run --example quickstart   # a real Medusa (v1 or v2: detected)
//! MEDUSA_V2_BACKEND_URL=http://localhost:9000 MEDUSA_V2_PUBLISHABLE_KEY=pk_… cargo run --example quickstart
//! ```
//!
//! `examples/common/mod.rs` says how the API and the backend are chosen.

mod common;

use std::error::Error;
use std::time::{SystemTime, UNIX_EPOCH};

use common::Target;
use medusa_testkit::demo::{v1, v2};

fn main() -> Result<(), Box<dyn Error>> {
    match common::choose()? {
        Target::V1(backend) => run_v1(&backend),
        Target::V2(backend, how) => run_v2(&backend, how),
    }
}

/// A fresh e-mail and password for this run.
fn credentials() -> Result<(String, String), Box<dyn Error>> {
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
    Ok((
        format!("quickstart.{stamp}@example.com"),
        format!("pw-{stamp}"),
    ))
}

fn run_v1(backend: &v1::Backend) -> Result<(), Box<dyn Error>> {
    use medusa_blocking::v1::Medusa;
    use medusa_blocking::v1::models::OrderStatus;
    use medusa_blocking::v1::store::params::{CreateCustomer, ListOrders, UpdateCustomer};

    // A real backend when MEDUSA_BACKEND_URL is set, else a demo one in this process.
    if let Some(notice) = backend.notice() {
        println!("{notice}");
    }
    let medusa = Medusa::builder(backend.url()).max_retries(2).build()?;
    let (email, password) = credentials()?;

    // 1. Register: the server logs the new customer in with a session cookie.
    let created = medusa.customers().create(&CreateCustomer {
        email: email.clone(),
        password: password.clone(),
        first_name: Some("Jane".into()),
        last_name: Some("Doe".into()),
        ..Default::default()
    })?;
    println!(
        "registered     {} ({}), has_account={}",
        created.email, created.id, created.has_account
    );

    // 2. The cookie is sent back: retrieve works with no other step.
    let me = medusa.customers().retrieve()?;
    println!(
        "retrieved      {} {:?} {:?}",
        me.id, me.first_name, me.last_name
    );

    // 3. Log out and in again.
    medusa.auth().delete_session()?;
    match medusa.customers().retrieve() {
        Err(e) if e.status() == Some(401) => println!("logged out     retrieve now fails: {e}"),
        other => println!("logged out     unexpected: {other:?}"),
    }
    let me = medusa.auth().authenticate(&email, &password)?;
    println!(
        "logged in      {} ({} orders)",
        me.email,
        me.orders.as_ref().map_or(0, Vec::len)
    );
    println!("exists         {}", medusa.auth().exists(&email)?);

    // 4. Update the profile: only the fields set are sent; metadata is merged.
    let mut metadata = serde_json::Map::new();
    metadata.insert("newsletter".into(), true.into());
    let me = medusa.customers().update(&UpdateCustomer {
        first_name: Some("Janet".into()),
        phone: Some("+15550001111".into()),
        metadata: Some(metadata),
        ..Default::default()
    })?;
    println!(
        "updated        {:?} {:?} metadata={}",
        me.first_name,
        me.phone,
        serde_json::to_string(&me.metadata)?
    );

    // 5. Orders: one page, then a filter, then every order lazily.
    let page = medusa.customers().list_orders(&ListOrders {
        limit: Some(5),
        ..Default::default()
    })?;
    println!(
        "orders         page of {} (count {}, offset {}, limit {})",
        page.orders.len(),
        page.count,
        page.offset,
        page.limit
    );
    for order in &page.orders {
        println!(
            "  #{:<4} {:<10} {:<10} total {} {}",
            order.display_id.unwrap_or_default(),
            order.status.as_ref().map_or("?", |s| s.as_str()),
            order.payment_status.as_ref().map_or("?", |s| s.as_str()),
            order.total.unwrap_or_default(),
            order.currency_code.as_deref().unwrap_or(""),
        );
    }
    let completed = medusa.customers().list_orders(&ListOrders {
        status: vec![OrderStatus::Completed],
        ..Default::default()
    })?;
    println!("completed      {} orders", completed.count);
    let mut all = 0;
    for order in medusa.customers().iter_orders(&ListOrders::default()) {
        order?;
        all += 1;
    }
    println!("iter_orders    walked {all} orders");
    println!("done");
    Ok(())
}

fn run_v2(backend: &v2::Backend, how: &str) -> Result<(), Box<dyn Error>> {
    use medusa_blocking::money::Amount;
    use medusa_blocking::v2::models::OrderStatus;
    use medusa_blocking::v2::store::params::{
        AddressCreate, CreateCustomer, ListAddresses, ListOrders, UpdateCustomer,
    };

    if let Some(notice) = backend.notice() {
        println!("{notice}");
    }
    println!("api            Medusa v2 ({how}); MEDUSA_API=v1 for Medusa v1");
    let medusa = common::v2_client(backend, 2).build()?;
    let (email, password) = credentials()?;

    // 1. Register: v2's three steps (auth identity, customer, log-in) in one call. The client
    //    keeps the log-in token and sends it from now on.
    let created = medusa.customers().create(&CreateCustomer {
        first_name: Some("Jane".into()),
        last_name: Some("Doe".into()),
        ..CreateCustomer::new(&email, &password)
    })?;
    println!(
        "registered     {} ({}), has_account={}",
        created.email, created.id, created.has_account
    );
    let me = medusa.customers().retrieve()?;
    println!(
        "retrieved      {} {:?} {:?}",
        me.id, me.first_name, me.last_name
    );

    // 2. Log out (a JWT cannot be revoked: the client forgets it) and in again; refresh.
    medusa.auth().logout()?;
    match medusa.customers().retrieve() {
        Err(e) if e.status() == Some(401) => println!("logged out     retrieve now fails: {e}"),
        other => println!("logged out     unexpected: {other:?}"),
    }
    let me = medusa.auth().authenticate(&email, &password)?;
    let hours_left = |token: Option<medusa_blocking::AccessToken>| -> Option<u64> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
        Some(token?.expires_at()?.saturating_sub(now).div_ceil(3600))
    };
    println!(
        "logged in      {} (token valid {} h)",
        me.email,
        hours_left(medusa.bearer_token()).unwrap_or_default()
    );
    let refreshed = medusa.auth().refresh()?;
    println!(
        "refreshed      a new token, valid {} h",
        hours_left(Some(refreshed)).unwrap_or_default()
    );

    // 3. Update the profile: only the fields set are sent; metadata is merged.
    let mut metadata = serde_json::Map::new();
    metadata.insert("newsletter".into(), true.into());
    let me = medusa.customers().update(&UpdateCustomer {
        first_name: Some("Janet".into()),
        phone: Some("+15550001111".into()),
        company_name: Some("Acme".into()),
        metadata: Some(metadata),
        ..Default::default()
    })?;
    println!(
        "updated        {:?} {:?} company={:?} metadata={}",
        me.first_name,
        me.phone,
        me.company_name,
        serde_json::to_string(&me.metadata)?
    );

    // 4. Addresses: v2 keeps a list, each possibly the default for shipping or billing.
    let addresses = medusa.customers().addresses();
    addresses.add_address(&AddressCreate {
        address_name: Some("Home".into()),
        is_default_shipping: Some(true),
        ..AddressCreate::new("Jane", "Doe", "1 Main St", "Springfield", "us", "62701")
    })?;
    let page = addresses.list(&ListAddresses::default())?;
    for a in &page.addresses {
        println!(
            "address        {} {:?} {:?}, default shipping={}",
            a.id, a.address_name, a.city, a.is_default_shipping
        );
    }

    // 5. Orders: one page (newest first), a filter, every order lazily; money is exact.
    let page = medusa.customers().list_orders(&ListOrders {
        order: Some("-created_at".into()),
        limit: Some(5),
        ..Default::default()
    })?;
    println!(
        "orders         page of {} (count {}, offset {}, limit {})",
        page.orders.len(),
        page.count,
        page.offset,
        page.limit
    );
    for order in &page.orders {
        println!(
            "  #{:<4} {:<10} {:<10} total {} {}",
            order.display_id.unwrap_or_default(),
            order.status.as_ref().map_or("?", |s| s.as_str()),
            order.payment_status.as_ref().map_or("?", |s| s.as_str()),
            order.total.unwrap_or_default(),
            order.currency_code.as_deref().unwrap_or(""),
        );
    }
    let completed = medusa.customers().list_orders(&ListOrders {
        status: vec![OrderStatus::Completed],
        ..Default::default()
    })?;
    println!("completed      {} orders", completed.count);
    let mut totals = Vec::new();
    for order in medusa.customers().iter_orders(&ListOrders::default()) {
        totals.push(order?.total.unwrap_or_default());
    }
    let sum: Amount = totals.iter().sum::<Result<Amount, _>>()?;
    println!(
        "iter_orders    walked {} orders, totals add up to exactly {sum}",
        totals.len()
    );
    if let Some(newest) = page.orders.first() {
        let order = medusa.customers().retrieve_order(&newest.id)?;
        for item in order.items.iter().flatten() {
            println!(
                "  {} x {} at {} = {}",
                item.quantity,
                item.title,
                item.unit_price,
                item.total.unwrap_or_default()
            );
        }
        println!(
            "  shipping {}, order #{} total {}",
            order.shipping_total.unwrap_or_default(),
            order.display_id.unwrap_or_default(),
            order.total.unwrap_or_default()
        );
    }

    // 6. A password reset token goes to the store's notification module, never to the caller.
    medusa.customers().generate_password_token(&email)?;
    println!("reset          password reset requested for {email}");
    println!("done");
    Ok(())
}
