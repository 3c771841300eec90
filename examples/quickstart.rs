//! Registers a customer, logs in, updates the profile, lists orders, and prints typed results.
//!
//! ```text
//! cargo run --example quickstart                                            # embedded demo backend
//! MEDUSA_BACKEND_URL=http://localhost:9000 cargo run --example quickstart   # a real Medusa 1.x
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use medusa_blocking::Medusa;
use medusa_blocking::customers::{CreateCustomer, ListOrders, UpdateCustomer};
use medusa_blocking::models::OrderStatus;
use medusa_testkit::demo::v1::Backend;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A real backend when MEDUSA_BACKEND_URL is set, else a demo one in this process.
    let backend = Backend::from_env()?;
    if let Some(notice) = backend.notice() {
        println!("{notice}");
    }
    let medusa = Medusa::builder(backend.url()).max_retries(2).build()?;

    let stamp = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
    let email = format!("quickstart.{stamp}@example.com");
    let password = format!("pw-{stamp}");

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
