//! The catalog routes: regions, products with their calculated prices, product categories (the
//! tree) and collections, answering like Medusa 2.21.2 (bodies shaped as the recordings in
//! `tests/fixtures/v2/shop/`). Two regions: `US` (usd; us, ca; no tax rates) and `EU` (eur;
//! de 19 %, fr 20 %); the T-shirt costs 1950 usd / 45.5 eur, the sticker 19.99 usd / 2.49 eur
//! (tax-exclusive); categories `Acceptance Apparel` > `Acceptance Shirts`; one collection. A
//! `cart_id` price context is accepted and gives no prices.

use super::*;

const PRODUCTS_TEMPLATE: &str =
    include_str!("../../../../tests/fixtures/v2/shop/products-list-eu-de.json");
const REGIONS_TEMPLATE: &str = include_str!("../../../../tests/fixtures/v2/shop/regions-list.json");
const COLLECTIONS_TEMPLATE: &str =
    include_str!("../../../../tests/fixtures/v2/shop/collections-list.json");

/// The ids of the recording, replaced by the demo's own where the demo makes them.
const REC_US: &str = "reg_01M93Q7BWDEMP2130SPQEPSNJF";
const REC_TSHIRT: &str = "prod_01M93Q7C0W7AGZWFSGY0DH7014";
const REC_TSHIRT_VARIANT: &str = "variant_01M93Q7C2PRA8WBSWC91J16APQ";
const REC_STICKER: &str = "prod_01M93Q7C0W8XHBS4BF2AGR0FW7";
const REC_STICKER_VARIANT: &str = "variant_01M93Q7C2QXRXWECNMMHB21V6V";
const APPAREL: &str = "pcat_01M940RK0YJS1YMZ85CVM6RM3T";
const SHIRTS: &str = "pcat_01M940RK18ZPWVATR87FE18SRT";

/// The catalog as the demo serves it, built once per backend.
pub(super) struct Shop {
    regions: Vec<J>,
    /// Products with their variants, without prices.
    products: Vec<J>,
    collections: Vec<J>,
    /// Variant id → (currency, price in ten-thousandths).
    prices: Vec<(String, &'static str, i64)>,
    /// Product id → its category.
    product_category: Vec<(String, &'static str)>,
}

struct Category {
    id: &'static str,
    name: &'static str,
    handle: &'static str,
    description: &'static str,
    parent: Option<&'static str>,
    created: &'static str,
}

const CATEGORIES: [Category; 2] = [
    Category {
        id: APPAREL,
        name: "Acceptance Apparel",
        handle: "acceptance-apparel",
        description: "parent",
        parent: None,
        created: "2026-12-05T21:11:35.198Z",
    },
    Category {
        id: SHIRTS,
        name: "Acceptance Shirts",
        handle: "acceptance-shirts",
        description: "child",
        parent: Some(APPAREL),
        created: "2026-12-05T21:11:35.208Z",
    },
];

pub(super) fn tax_rate(country: &str) -> i64 {
    match country {
        "de" => 19,
        "fr" => 20,
        _ => 0,
    }
}

impl Shop {
    pub(super) fn new(catalog: &Catalog) -> Option<Shop> {
        let swap = |text: &str| {
            text.replace(REC_US, &catalog.region_id)
                .replace(REC_TSHIRT_VARIANT, &catalog.tshirt.variant_id)
                .replace(REC_TSHIRT, &catalog.tshirt.product_id)
                .replace(REC_STICKER_VARIANT, &catalog.sticker.variant_id)
                .replace(REC_STICKER, &catalog.sticker.product_id)
        };
        let array = |text: &str, key: &str| match parse_json(&swap(text)).ok()?.get(key)? {
            J::Arr(items) => Some(items.clone()),
            _ => None,
        };
        let mut products = array(PRODUCTS_TEMPLATE, "products")?;
        for p in &mut products {
            if let Some(J::Arr(variants)) = p.get_mut("variants") {
                for v in variants {
                    if let J::Obj(m) = v {
                        m.retain(|(k, _)| k != "calculated_price");
                    }
                }
            }
        }
        Some(Shop {
            regions: array(REGIONS_TEMPLATE, "regions")?,
            products,
            collections: array(COLLECTIONS_TEMPLATE, "collections")?,
            prices: vec![
                (
                    catalog.tshirt.variant_id.clone(),
                    "usd",
                    catalog.tshirt.unit_cents * 100,
                ),
                (catalog.tshirt.variant_id.clone(), "eur", 455_000),
                (
                    catalog.sticker.variant_id.clone(),
                    "usd",
                    catalog.sticker.unit_cents * 100,
                ),
                (catalog.sticker.variant_id.clone(), "eur", 24_900),
            ],
            product_category: vec![
                (catalog.tshirt.product_id.clone(), SHIRTS),
                (catalog.sticker.product_id.clone(), APPAREL),
            ],
        })
    }
}

impl Shop {
    /// The price of a variant in a currency, in ten-thousandths.
    pub(super) fn price(&self, variant_id: &str, currency: &str) -> Option<i64> {
        self.prices
            .iter()
            .find(|(v, c, _)| v == variant_id && *c == currency)
            .map(|(_, _, units)| *units)
    }
}

/// A region of the catalog by id.
pub(super) fn shop_region<'a>(call: &Call<'a>, id: &str) -> Option<&'a J> {
    shop(call).regions.iter().find(|r| str_of(r, "id") == id)
}

fn shop<'a>(call: &Call<'a>) -> &'a Shop {
    &call.shared.shop
}

fn list_body(key: &str, page: Vec<J>, count: usize, params: &ListParams) -> Resp {
    Resp::json(
        200,
        &jobj(vec![
            (key, J::Arr(page)),
            ("count", J::Num(count as f64)),
            ("offset", J::Num(params.offset as f64)),
            ("limit", J::Num(params.limit as f64)),
        ]),
    )
}

fn keys_of(row: &J) -> Vec<&str> {
    match row {
        J::Obj(m) => m.iter().map(|(k, _)| k.as_str()).collect(),
        _ => Vec::new(),
    }
}

fn str_of<'a>(row: &'a J, key: &str) -> &'a str {
    row.get(key).and_then(J::as_str).unwrap_or_default()
}

/// Whether `row` passes the filter `name` (one value or any of a list; `q` searches `texts`).
fn passes(row: &J, name: &str, value: &Q, texts: &[&str]) -> bool {
    if name == "q" {
        let needle = value.js_string().to_lowercase();
        return texts
            .iter()
            .any(|t| str_of(row, t).to_lowercase().contains(&needle));
    }
    let values = filter_values(value);
    values.iter().any(|v| str_of(row, name) == v)
}

/// A list: filters, order, page and fields over `rows`.
fn page_of(rows: Vec<J>, params: &ListParams, defaults: &[&str]) -> (Vec<J>, usize) {
    let mut rows = rows;
    if let Some((field, desc)) = &params.order {
        sort_by_field(&mut rows, field, *desc);
    }
    let count = rows.len();
    let keys = select_fields(defaults, params.fields.as_deref());
    let page = rows
        .iter()
        .skip(params.offset)
        .take(params.limit)
        .map(|r| project(r, &keys))
        .collect();
    (page, count)
}

fn one_of(row: &J, fields: Option<&str>) -> J {
    match fields {
        None => row.clone(),
        Some(f) => project(row, &select_fields(&keys_of(row), Some(f))),
    }
}

fn decoded(raw_id: &str) -> String {
    percent_decode(raw_id).unwrap_or_else(|| raw_id.to_string())
}

// ---------------------------------------------------------------------------------------------
// Regions

const REGION_FILTERS: [&str; 4] = ["id", "name", "currency_code", "q"];
const ORDERABLE: [&str; 5] = ["id", "name", "created_at", "updated_at", "currency_code"];

pub(super) fn list_regions(call: &mut Call) -> Resp {
    let params = match check_query(call, true, &REGION_FILTERS, &ORDERABLE, &[]) {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let rows: Vec<J> = shop(call)
        .regions
        .iter()
        .filter(|r| {
            params
                .filters
                .iter()
                .all(|(k, v)| passes(r, k, v, &["name"]))
        })
        .cloned()
        .collect();
    let defaults = keys_of(&shop(call).regions[0]);
    let (page, count) = page_of(rows, &params, &defaults);
    list_body("regions", page, count, &params)
}

pub(super) fn get_region(call: &mut Call, raw_id: &str) -> Resp {
    let params = match check_query(call, false, &[], &[], &[]) {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let id = decoded(raw_id);
    match shop(call).regions.iter().find(|r| str_of(r, "id") == id) {
        Some(r) => Resp::json(
            200,
            &jobj(vec![("region", one_of(r, params.fields.as_deref()))]),
        ),
        None => not_found_error(&format!("Region with id: {id} was not found")),
    }
}

// ---------------------------------------------------------------------------------------------
// Products

const PRODUCT_FILTERS: [&str; 14] = [
    "q",
    "id",
    "handle",
    "title",
    "category_id",
    "collection_id",
    "tag_id",
    "type_id",
    "is_giftcard",
    "region_id",
    "country_code",
    "province",
    "cart_id",
    "sales_channel_id",
];
const PRICE_PARAMS: [&str; 4] = ["region_id", "country_code", "province", "cart_id"];
const PRODUCT_ORDERABLE: [&str; 5] = ["id", "title", "handle", "created_at", "updated_at"];

/// The price context of a query: the region's currency and the country's tax rate, `Ok(None)`
/// without a region, the server's 400 for an unknown region.
fn price_context(
    call: &Call,
    params: &ListParams,
) -> Result<Option<(&'static str, Option<i64>)>, Resp> {
    let get = |name: &str| {
        params
            .filters
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.js_string())
    };
    let Some(region_id) = get("region_id") else {
        return Ok(None);
    };
    let Some(region) = shop(call)
        .regions
        .iter()
        .find(|r| str_of(r, "id") == region_id)
    else {
        return Err(invalid_data(&format!(
            "Region with id {region_id} not found when populating the pricing context"
        )));
    };
    let currency = if str_of(region, "currency_code") == "eur" {
        "eur"
    } else {
        "usd"
    };
    Ok(Some((
        currency,
        get("country_code").map(|c| tax_rate(&c.to_lowercase())),
    )))
}

/// Ten-thousandths as BigNumber prints them: `54.145`, `1950`.
fn decimal4(units: i64) -> String {
    let (whole, frac) = (units / 10_000, units % 10_000);
    if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{frac:04}")
            .trim_end_matches('0')
            .to_string()
    }
}

pub(super) fn money(units: i64) -> J {
    J::Num(js_number(&decimal4(units)).unwrap_or_default())
}

pub(super) fn raw(units: i64) -> J {
    jobj(vec![
        ("value", js(&decimal4(units))),
        ("precision", J::Num(20.0)),
    ])
}

/// A variant's `calculated_price` in a currency, with the tax figures when a country is given.
fn calculated_price(variant_id: &str, units: i64, currency: &str, tax: Option<i64>) -> J {
    let price = |id: &str| {
        jobj(vec![
            ("id", js(id)),
            ("price_list_id", J::Null),
            ("price_list_type", J::Null),
            ("min_quantity", J::Null),
            ("max_quantity", J::Null),
        ])
    };
    let record = format!("price_{}", variant_id.trim_start_matches("variant_"));
    let mut p = jobj(vec![
        (
            "id",
            js(&format!(
                "pset_{}",
                variant_id.trim_start_matches("variant_")
            )),
        ),
        ("is_calculated_price_price_list", J::Bool(false)),
        ("is_calculated_price_tax_inclusive", J::Bool(false)),
        ("calculated_amount", money(units)),
        ("raw_calculated_amount", raw(units)),
        ("is_original_price_price_list", J::Bool(false)),
        ("is_original_price_tax_inclusive", J::Bool(false)),
        ("original_amount", money(units)),
        ("raw_original_amount", raw(units)),
        ("currency_code", js(currency)),
        ("calculated_price", price(&record)),
        ("original_price", price(&record)),
    ]);
    if let Some(rate) = tax {
        let with = units * (100 + rate) / 100;
        p.set("calculated_amount_with_tax", money(with));
        p.set("calculated_amount_without_tax", money(units));
        p.set("original_amount_with_tax", money(with));
        p.set("original_amount_without_tax", money(units));
    }
    p
}

/// A product with everything the query asked for: prices, stock, categories.
fn full_product(
    call: &Call,
    product: &J,
    ctx: Option<(&str, Option<i64>)>,
    fields: Option<&str>,
) -> J {
    let shop = shop(call);
    let mut p = product.clone();
    let stock = fields.is_some_and(|f| f.contains("variants.inventory_quantity"));
    if let Some(J::Arr(variants)) = p.get_mut("variants") {
        for v in variants {
            let id = str_of(v, "id").to_string();
            if stock {
                v.set("inventory_quantity", J::Num(1000.0));
            }
            if let Some((currency, tax)) = ctx {
                let units = shop
                    .prices
                    .iter()
                    .find(|(vid, c, _)| *vid == id && *c == currency)
                    .map(|(_, _, u)| *u);
                v.set(
                    "calculated_price",
                    units.map_or(J::Null, |u| calculated_price(&id, u, currency, tax)),
                );
            }
        }
    }
    let pid = str_of(product, "id");
    let categories: Vec<J> = shop
        .product_category
        .iter()
        .filter(|(p, _)| p == pid)
        .filter_map(|(_, c)| CATEGORIES.iter().find(|cat| cat.id == *c))
        .map(|c| category_row(c, false))
        .collect();
    p.set("categories", J::Arr(categories));
    p
}

/// A product as the query selects it; with a price context the variants keep their
/// `calculated_price` whatever the selection.
fn select_product(full: &J, defaults: &[&str], fields: Option<&str>, priced: bool) -> J {
    let keys = select_fields(defaults, fields);
    let mut p = project(full, &keys);
    if priced && !keys.iter().any(|k| k == "variants") {
        let variants: Vec<J> = match full.get("variants") {
            Some(J::Arr(vs)) => vs
                .iter()
                .map(|v| {
                    jobj(vec![
                        ("id", v.get("id").cloned().unwrap_or(J::Null)),
                        (
                            "calculated_price",
                            v.get("calculated_price").cloned().unwrap_or(J::Null),
                        ),
                    ])
                })
                .collect(),
            _ => Vec::new(),
        };
        p.set("variants", J::Arr(variants));
    }
    p
}

fn product_passes(call: &Call, row: &J, name: &str, value: &Q) -> bool {
    let pid = str_of(row, "id");
    match name {
        _ if PRICE_PARAMS.contains(&name) || name == "sales_channel_id" => true,
        "q" => {
            let needle = value.js_string().to_lowercase();
            let variant_hit = match row.get("variants") {
                Some(J::Arr(vs)) => vs.iter().any(|v| {
                    ["title", "sku"]
                        .iter()
                        .any(|k| str_of(v, k).to_lowercase().contains(&needle))
                }),
                _ => false,
            };
            variant_hit || passes(row, "q", value, &["title", "subtitle", "description"])
        }
        "category_id" => {
            let wanted = filter_values(value);
            shop(call)
                .product_category
                .iter()
                .any(|(p, c)| p == pid && wanted.iter().any(|w| w == c))
        }
        "is_giftcard" => row.get("is_giftcard") == Some(&J::Bool(value.js_string() == "true")),
        "tag_id" | "type_id" => false,
        other => passes(row, other, value, &[]),
    }
}

pub(super) fn list_products(call: &mut Call) -> Resp {
    let params = match check_query(call, true, &PRODUCT_FILTERS, &PRODUCT_ORDERABLE, &[]) {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let ctx = match price_context(call, &params) {
        Ok(ctx) => ctx,
        Err(resp) => return resp,
    };
    let shop = shop(call);
    let mut rows: Vec<J> = shop
        .products
        .iter()
        .filter(|p| {
            params
                .filters
                .iter()
                .all(|(k, v)| product_passes(call, p, k, v))
        })
        .cloned()
        .collect();
    if let Some((field, desc)) = &params.order {
        sort_by_field(&mut rows, field, *desc);
    }
    let count = rows.len();
    let defaults = keys_of(&shop.products[0]);
    let fields = params.fields.as_deref();
    let page = rows
        .iter()
        .skip(params.offset)
        .take(params.limit)
        .map(|p| {
            select_product(
                &full_product(call, p, ctx, fields),
                &defaults,
                fields,
                ctx.is_some(),
            )
        })
        .collect();
    list_body("products", page, count, &params)
}

pub(super) fn get_product(call: &mut Call, raw_id: &str) -> Resp {
    let params = match check_query(call, false, &PRICE_PARAMS, &[], &[]) {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let ctx = match price_context(call, &params) {
        Ok(ctx) => ctx,
        Err(resp) => return resp,
    };
    let id = decoded(raw_id);
    let shop = shop(call);
    let Some(product) = shop.products.iter().find(|p| str_of(p, "id") == id) else {
        return not_found_error(&format!("Product with id: {id} was not found"));
    };
    let defaults = keys_of(product);
    let fields = params.fields.as_deref();
    let full = full_product(call, product, ctx, fields);
    let mut view = select_product(&full, &defaults, fields, ctx.is_some());
    // The retrieve route filters internal categories with a selection of its own: unless the
    // categories were asked for, each shows as `{"is_internal": false}`.
    if view.get("categories").is_none() {
        let n = match full.get("categories") {
            Some(J::Arr(c)) => c.len(),
            _ => 0,
        };
        let marks = (0..n)
            .map(|_| jobj(vec![("is_internal", J::Bool(false))]))
            .collect();
        view.set("categories", J::Arr(marks));
    }
    Resp::json(200, &jobj(vec![("product", view)]))
}

// ---------------------------------------------------------------------------------------------
// Categories

const CATEGORY_FILTERS: [&str; 9] = [
    "q",
    "id",
    "name",
    "description",
    "handle",
    "parent_category_id",
    "external_id",
    "include_descendants_tree",
    "include_ancestors_tree",
];
const CATEGORY_ORDERABLE: [&str; 6] = ["id", "name", "handle", "rank", "created_at", "updated_at"];
const CATEGORY_DEFAULTS: [&str; 12] = [
    "id",
    "name",
    "description",
    "handle",
    "rank",
    "external_id",
    "parent_category_id",
    "created_at",
    "updated_at",
    "metadata",
    "parent_category",
    "category_children",
];

/// A category's own columns; `nested` adds what a related category shows (`mpath`, flags).
fn category_row(c: &Category, nested: bool) -> J {
    let mut row = jobj(vec![
        ("id", js(c.id)),
        ("name", js(c.name)),
        ("description", js(c.description)),
        ("handle", js(c.handle)),
    ]);
    if nested {
        let mpath = match c.parent {
            Some(p) => format!("{p}.{}", c.id),
            None => c.id.to_string(),
        };
        row.set("mpath", js(&mpath));
        row.set("is_active", J::Bool(true));
        row.set("is_internal", J::Bool(false));
    }
    row.set("rank", J::Num(0.0));
    row.set("external_id", J::Null);
    if nested {
        row.set("metadata", J::Null);
    }
    row.set("parent_category_id", c.parent.map_or(J::Null, js));
    row.set("created_at", js(c.created));
    row.set("updated_at", js(c.created));
    if nested {
        row.set("deleted_at", J::Null);
    } else {
        row.set("metadata", J::Null);
    }
    row
}

fn children(id: &str) -> impl Iterator<Item = &'static Category> + '_ {
    CATEGORIES.iter().filter(move |c| c.parent == Some(id))
}

fn descendants(c: &Category) -> J {
    let mut row = category_row(c, true);
    row.set(
        "category_children",
        J::Arr(children(c.id).map(descendants).collect()),
    );
    row
}

/// An ancestor: its own parent (recursively) after `parent_category_id`, and one level of
/// children at the end.
fn ancestors(c: &Category) -> J {
    let mut row = category_row(c, true);
    let parent = c.parent.and_then(|p| CATEGORIES.iter().find(|x| x.id == p));
    if let J::Obj(m) = &mut row {
        let at = m
            .iter()
            .position(|(k, _)| k == "parent_category_id")
            .map_or(m.len(), |i| i + 1);
        m.insert(
            at,
            ("parent_category".into(), parent.map_or(J::Null, ancestors)),
        );
    }
    row.set(
        "category_children",
        J::Arr(children(c.id).map(|k| category_row(k, true)).collect()),
    );
    row
}

/// A category as a list or retrieve shows it, with the tree the query asks for.
fn category_view(c: &Category, down: bool, up: bool) -> J {
    let mut row = category_row(c, false);
    let parent = c.parent.and_then(|p| CATEGORIES.iter().find(|x| x.id == p));
    let parent_json = match (parent, up) {
        (None, _) => J::Null,
        (Some(p), true) => ancestors(p),
        (Some(p), false) => category_row(p, true),
    };
    if up || !down {
        row.set("parent_category", parent_json);
    }
    let kids: Vec<J> = if down {
        children(c.id).map(descendants).collect()
    } else {
        children(c.id).map(|k| category_row(k, true)).collect()
    };
    row.set("category_children", J::Arr(kids));
    row
}

fn flag(params: &ListParams, name: &str) -> bool {
    params
        .filters
        .iter()
        .any(|(k, v)| k == name && v.js_string() == "true")
}

pub(super) fn list_categories(call: &mut Call) -> Resp {
    let params = match check_query(call, true, &CATEGORY_FILTERS, &CATEGORY_ORDERABLE, &[]) {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let (down, up) = (
        flag(&params, "include_descendants_tree"),
        flag(&params, "include_ancestors_tree"),
    );
    let rows: Vec<J> = CATEGORIES
        .iter()
        .map(|c| category_view(c, down, up))
        .filter(|row| {
            params.filters.iter().all(|(k, v)| match k.as_str() {
                "include_descendants_tree" | "include_ancestors_tree" => true,
                // Only the plain `parent_category_id=null` means "no parent".
                "parent_category_id" if matches!(v, Q::S(s) if s == "null") => {
                    row.get("parent_category_id") == Some(&J::Null)
                }
                _ => passes(row, k, v, &["name", "handle", "description"]),
            })
        })
        .collect();
    let (page, count) = page_of(rows, &params, &CATEGORY_DEFAULTS);
    list_body("product_categories", page, count, &params)
}

/// `GET /store/product-categories/:id`: an unknown id is answered 200 `{}`, as on the real server.
pub(super) fn get_category(call: &mut Call, raw_id: &str) -> Resp {
    let params = match check_query(
        call,
        false,
        &["include_descendants_tree", "include_ancestors_tree"],
        &[],
        &[],
    ) {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let id = decoded(raw_id);
    let Some(c) = CATEGORIES.iter().find(|c| c.id == id) else {
        return Resp::json(200, &J::Obj(Vec::new()));
    };
    let (down, up) = (
        flag(&params, "include_descendants_tree"),
        flag(&params, "include_ancestors_tree"),
    );
    let row = category_view(c, down, up);
    let row = match params.fields.as_deref() {
        None => row,
        Some(f) => project(&row, &select_fields(&CATEGORY_DEFAULTS, Some(f))),
    };
    Resp::json(200, &jobj(vec![("product_category", row)]))
}

// ---------------------------------------------------------------------------------------------
// Collections

const COLLECTION_FILTERS: [&str; 5] = ["q", "id", "title", "handle", "external_id"];
const COLLECTION_ORDERABLE: [&str; 5] = ["id", "title", "handle", "created_at", "updated_at"];

pub(super) fn list_collections(call: &mut Call) -> Resp {
    let mut params = match check_query(call, true, &COLLECTION_FILTERS, &COLLECTION_ORDERABLE, &[])
    {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    // The collections' page is 10 by default.
    if !call.query().iter().any(|(k, _)| k == "limit") {
        params.limit = 10;
    }
    let rows: Vec<J> = shop(call)
        .collections
        .iter()
        .filter(|r| {
            params
                .filters
                .iter()
                .all(|(k, v)| passes(r, k, v, &["title", "handle"]))
        })
        .cloned()
        .collect();
    let defaults = keys_of(&shop(call).collections[0]);
    let (page, count) = page_of(rows, &params, &defaults);
    list_body("collections", page, count, &params)
}

pub(super) fn get_collection(call: &mut Call, raw_id: &str) -> Resp {
    let params = match check_query(call, false, &[], &[], &[]) {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let id = decoded(raw_id);
    match shop(call)
        .collections
        .iter()
        .find(|r| str_of(r, "id") == id)
    {
        Some(r) => {
            let mut full = r.clone();
            full.set("metadata", J::Null);
            let row = match params.fields.as_deref() {
                None => r.clone(),
                Some(f) => project(&full, &select_fields(&keys_of(r), Some(f))),
            };
            Resp::json(200, &jobj(vec![("collection", row)]))
        }
        None => not_found_error(&format!("Collection with id: {id} was not found")),
    }
}
