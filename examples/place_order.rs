//! Places an order — a synthetic checkout, as a CI job or a load test makes it — and prints it
//! with its exact totals. Medusa v2 only (the cart API is v2's).
//!
//! ```text
//! cargo run --example place_order            # as a guest (a new e-mail)
//! cargo run --example place_order login      # as a newly registered, logged-in customer
//! cargo run --example place_order guest US ACC-STICKER 3
//! ```
//!
//! Arguments: `guest` or `login`, then the region's name (default `US`), the SKU (default
//! `ACC-STICKER`) and the quantity (default 3). The order ships to a US address with the
//! cheapest shipping option and is paid with the system provider (`pp_system_default`). The
//! backend is `MEDUSA_V2_BACKEND_URL` with `MEDUSA_V2_PUBLISHABLE_KEY`; without a URL the example
//! runs on the embedded Medusa v2 demo backend. Logged in, it also checks that the order is the
//! one the customer's order list shows, with the same exact total.

use std::error::Error;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use medusa_blocking::v2::Medusa;
use medusa_blocking::v2::models::Order;
use medusa_blocking::v2::store::params::{
    CartAddressInput, Checkout, CreateCustomer, LineItem, ListOrders, ListProducts, ListRegions,
    PriceContext, ShippingChoice,
};
use medusa_testkit::demo::v2;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("place_order: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "guest".into());
    let region_name = args.next().unwrap_or_else(|| "US".into());
    let sku = args.next().unwrap_or_else(|| "ACC-STICKER".into());
    let quantity: u32 = args.next().map_or(Ok(3), |q| q.parse())?;
    let login = match mode.as_str() {
        "guest" => false,
        "login" => true,
        other => return Err(format!("{other:?}: say `guest` or `login`").into()),
    };

    let backend = v2::Backend::from_env()?;
    if let Some(notice) = backend.notice() {
        eprintln!("{notice}");
    }
    // Retries are safe: the checkout places one order whatever is retried.
    let medusa = Medusa::builder(backend.url())
        .publishable_api_key(backend.publishable_key())
        .timeout(Duration::from_secs(30))
        .max_retries(2)
        .build()?;

    let email = format!(
        "place-order-{}-{}@example.com",
        std::process::id(),
        SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis()
    );
    if login {
        medusa
            .customers()
            .create(&CreateCustomer::new(&email, "place-order-Secret-1"))?;
        eprintln!("registered and logged in as {email}");
    }

    let region = medusa
        .regions()
        .iter(&ListRegions::default())
        .find_map(|r| match r {
            Ok(r) if r.name.as_deref() == Some(region_name.as_str()) || r.id == region_name => {
                Some(Ok(r))
            }
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
        .ok_or_else(|| format!("no region {region_name:?}"))??;
    let variant = medusa
        .products()
        .iter(&ListProducts {
            price: PriceContext::region(&region.id),
            ..Default::default()
        })
        .find_map(|p| match p {
            Ok(p) => p
                .variants
                .unwrap_or_default()
                .into_iter()
                .find(|v| v.sku.as_deref() == Some(sku.as_str()))
                .map(Ok),
            Err(e) => Some(Err(e)),
        })
        .ok_or_else(|| format!("no variant {sku:?}"))??;
    let price = variant.calculated_price.as_ref().and_then(|p| p.amount());
    eprintln!(
        "{quantity} × {sku} at {} {} in region {region_name}",
        price.map_or("?".into(), |p| p.to_string()),
        region.currency_code.as_deref().unwrap_or("")
    );

    let checkout = Checkout {
        email: (!login).then(|| email.clone()),
        ..Checkout::new(
            &region.id,
            vec![LineItem::new(&variant.id, quantity)],
            CartAddressInput {
                province: Some("il".into()),
                ..CartAddressInput::new(
                    "Synthetic",
                    "Checkout",
                    "1 Main St",
                    "Springfield",
                    "us",
                    "62701",
                )
            },
            ShippingChoice::Cheapest,
        )
    };
    let started = Instant::now();
    let order = medusa.carts().place_order(&checkout)?;
    let took = started.elapsed();
    print_order(&order);
    println!("took      {} ms", took.as_millis());

    if login {
        let listed = medusa.customers().list_orders(&ListOrders::default())?;
        let mine = listed
            .orders
            .iter()
            .find(|o| o.id == order.id)
            .ok_or("the order is not in the customer's order list")?;
        let exact = |o: &Order| o.summary.as_ref().and_then(|s| s.raw_current_order_total);
        if exact(mine) != exact(&order) || mine.total != order.total {
            return Err("the order list shows other totals".into());
        }
        println!("listed    yes, {} order(s), same exact total", listed.count);
    }
    Ok(())
}

fn print_order(order: &Order) {
    let currency = order.currency_code.as_deref().unwrap_or("");
    let show = |a: Option<medusa_blocking::money::Amount>| a.map_or("-".into(), |a| a.to_string());
    println!(
        "order     {} (#{})",
        order.id,
        order.display_id.unwrap_or_default()
    );
    println!("email     {}", order.email.as_deref().unwrap_or("-"));
    for item in order.items.as_deref().unwrap_or_default() {
        println!(
            "item      {} × {} at {} = {} {currency}",
            item.quantity,
            item.variant_sku.as_deref().unwrap_or(&item.title),
            item.raw_unit_price.unwrap_or(item.unit_price),
            show(item.raw_total.or(item.total)),
        );
    }
    println!("items     {} {currency}", show(order.item_total));
    println!("shipping  {} {currency}", show(order.shipping_total));
    println!("tax       {} {currency}", show(order.tax_total));
    println!("total     {} {currency}", show(order.total));
    println!(
        "exact     {} {currency} (summary.raw_current_order_total)",
        show(
            order
                .summary
                .as_ref()
                .and_then(|s| s.raw_current_order_total)
        )
    );
}
