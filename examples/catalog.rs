//! Writes the products of a region with their prices as JSON Lines on stdout (one product per
//! line: handle, title, and each variant's SKU and exact price, with tax when a country is
//! given); progress and the backend used go to stderr. Medusa v2 only (the catalog API is v2's).
//!
//! ```text
//! cargo run --example catalog [REGION [COUNTRY]] > catalog.jsonl
//! cargo run --example catalog EU de
//! ```
//!
//! `REGION` is a region's name or id (default: the first region); `COUNTRY` a lower-case ISO
//! code of that region (`de`) for the prices with its tax. The backend is
//! `MEDUSA_V2_BACKEND_URL` with `MEDUSA_V2_PUBLISHABLE_KEY`; without a URL the example runs on
//! the embedded Medusa v2 demo backend (regions `US` and `EU`, two products).
//!
//! The same fetch in a build script (a file at build time, bounded in time, a clear error when
//! the store is down, no rebuild storm) is the recipe in the `products` module's documentation
//! (`medusa_blocking::v2::store::products`, "In a build script").

use std::error::Error;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Duration;

use medusa_blocking::money::Amount;
use medusa_blocking::v2::Medusa;
use medusa_blocking::v2::models::Region;
use medusa_blocking::v2::store::params::{ListProducts, ListRegions, PriceContext};
use medusa_testkit::demo::v2;
use serde::Serialize;

/// One line of the output.
#[derive(Serialize)]
struct Line<'a> {
    region: &'a str,
    currency_code: &'a str,
    id: String,
    handle: Option<String>,
    title: Option<String>,
    variants: Vec<VariantLine>,
}

#[derive(Serialize)]
struct VariantLine {
    id: String,
    sku: Option<String>,
    title: Option<String>,
    /// Exact, in major units of the currency (serialized as a JSON number that reads back
    /// exactly, or as a string when an f64 could not hold it).
    price: Option<Amount>,
    price_with_tax: Option<Amount>,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("catalog: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (wanted, country) = (args.next(), args.next());
    let backend = v2::Backend::from_env()?;
    if let Some(notice) = backend.notice() {
        eprintln!("{notice}");
    }
    // Bounded: every attempt within 10 s, one retry of a lost or refused attempt.
    let medusa = Medusa::builder(backend.url())
        .publishable_api_key(backend.publishable_key())
        .timeout(Duration::from_secs(10))
        .max_retries(1)
        .build()?;

    let region = find_region(&medusa, wanted.as_deref())?;
    let currency = region.currency_code.clone().unwrap_or_default();
    let name = region.name.clone().unwrap_or_else(|| region.id.clone());
    let mut price = PriceContext::region(&region.id);
    if let Some(country) = &country {
        price = price.country(country);
    }
    eprintln!(
        "region {name} ({}), prices in {currency}{}",
        region.id,
        country
            .as_deref()
            .map(|c| format!(" with the tax of {c}"))
            .unwrap_or_default()
    );

    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let params = ListProducts {
        price,
        limit: Some(100),
        ..Default::default()
    };
    let mut n = 0u64;
    for product in medusa.products().iter(&params) {
        let product = product?;
        let variants = product
            .variants
            .unwrap_or_default()
            .into_iter()
            .map(|v| {
                let price = v.calculated_price;
                VariantLine {
                    price: price.as_ref().and_then(|p| p.amount()),
                    price_with_tax: price.and_then(|p| p.calculated_amount_with_tax),
                    id: v.id,
                    sku: v.sku,
                    title: v.title,
                }
            })
            .collect();
        let line = Line {
            region: &name,
            currency_code: &currency,
            id: product.id,
            handle: product.handle,
            title: product.title,
            variants,
        };
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
        n += 1;
    }
    out.flush()?;
    eprintln!("{n} products");
    Ok(())
}

/// The region named or numbered `wanted` (its name, case-insensitive, or its id), else the
/// first one.
fn find_region(medusa: &Medusa, wanted: Option<&str>) -> Result<Region, Box<dyn Error>> {
    let mut names = Vec::new();
    for region in medusa.regions().iter(&ListRegions::default()) {
        let region = region?;
        let name = region.name.clone().unwrap_or_default();
        match wanted {
            None => return Ok(region),
            Some(w) if region.id == w || name.eq_ignore_ascii_case(w) => return Ok(region),
            _ => names.push(name),
        }
    }
    Err(match wanted {
        None => "the store has no region".into(),
        Some(w) => format!("no region {w:?} (the store has: {})", names.join(", ")).into(),
    })
}
