//! The catalog of the v2 wing — `medusa.regions()`, `products()`, `categories()`,
//! `collections()` — against a mock server answering with bodies recorded from a real Medusa
//! 2.21.2 (`tests/fixtures/v2/shop/`): the exact request of each call (path, query with
//! filters, `fields`, the price context and `locale`; the publishable key; no login; the
//! `x-medusa-locale` header of the client, of a handle), and what the user gets back: exact
//! prices, the category tree, errors (the server's, and the crate's own 404 for the `{}` an
//! unknown category gets and for an unknown handle).

use crate::support::v2::*;
use medusa_blocking::ErrorType;
use medusa_blocking::money::Amount;
use medusa_blocking::v2::models::Product;
use medusa_blocking::v2::store::params::{
    CategoryTree, ListCategories, ListCollections, ListProducts, ListRegions, PriceContext,
};
use mockito::Matcher;
use serde_json::{Value, json};

const US: &str = "reg_01M93Q7BWDEMP2130SPQEPSNJF";
const EU: &str = "reg_01M940RJYK7GYY8YBKWFX4DPDT";
const TSHIRT: &str = "prod_01M93Q7C0W7AGZWFSGY0DH7014";
const STICKER: &str = "prod_01M93Q7C0W8XHBS4BF2AGR0FW7";
const APPAREL: &str = "pcat_01M940RK0YJS1YMZ85CVM6RM3T";
const SHIRTS: &str = "pcat_01M940RK18ZPWVATR87FE18SRT";
const COLLECTION: &str = "pcol_01M940RK1E82J2SHSX81HCNWEV";

/// The recorded body `tests/fixtures/v2/shop/<name>.json`, answered with `status`.
fn shop(status: usize, name: &str) -> Reply {
    Reply::json(status, shop_body(name))
}

fn shop_body(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/v2/shop/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn amount(s: &str) -> Amount {
    s.parse().unwrap()
}

/// A GET the catalog makes: anonymous, no body, and no `x-medusa-locale` unless `locale`.
fn get(api: &mut Api, target: &str, locale: Option<&str>, reply: &Reply) -> mockito::Mock {
    api.call("GET", target, As::Anonymous, Body::None, reply)
        .match_header(
            "x-medusa-locale",
            match locale {
                Some(l) => Matcher::Exact(l.into()),
                None => Matcher::Missing,
            },
        )
        .create()
}

// ---------------------------------------------------------------------------------------------
// Regions

#[test]
fn regions_list_sends_no_query_and_reads_countries_and_currency() {
    let mut api = Api::new();
    let m = get(&mut api, "/store/regions", None, &shop(200, "regions-list"));
    let page = api
        .medusa()
        .regions()
        .list(&ListRegions::default())
        .unwrap();
    assert_eq!((page.count, page.offset, page.limit), (2, 0, 50));
    let eu = page.regions.iter().find(|r| r.id == EU).expect("EU");
    assert_eq!(eu.name.as_deref(), Some("EU"));
    assert_eq!(eu.currency_code.as_deref(), Some("eur"));
    let mut countries: Vec<&str> = eu
        .countries
        .as_deref()
        .unwrap()
        .iter()
        .map(|c| c.iso_2.as_str())
        .collect();
    countries.sort();
    assert_eq!(countries, ["de", "fr"]);
    assert_eq!(page.regions[0].id, US);
    m.assert();
}

#[test]
fn regions_list_sends_every_filter_and_the_handles_fields() {
    let mut api = Api::new();
    let m = get(
        &mut api,
        "/store/regions?q=e&id%5B0%5D=reg_1&name%5B0%5D=EU&currency_code%5B0%5D=eur\
         &order=name&fields=id%2Cname&locale=de-DE&limit=1&offset=1",
        None,
        &Reply::json(
            200,
            r#"{"regions":[{"id":"reg_1","name":"EU"}],"count":2,"offset":1,"limit":1}"#,
        ),
    );
    let params = ListRegions {
        q: Some("e".into()),
        id: vec!["reg_1".into()],
        name: vec!["EU".into()],
        currency_code: vec!["eur".into()],
        order: Some("name".into()),
        locale: Some("de-DE".into()),
        limit: Some(1),
        offset: Some(1),
        ..Default::default()
    };
    let page = api
        .medusa()
        .regions()
        .fields("id,name")
        .list(&params)
        .unwrap();
    assert_eq!(page.regions[0].countries, None);
    m.assert();
}

#[test]
fn regions_iter_walks_the_pages() {
    let mut api = Api::new();
    let first = get(
        &mut api,
        "/store/regions?limit=1&offset=0",
        None,
        &Reply::json(
            200,
            format!(r#"{{"regions":[{{"id":"{US}"}}],"count":2,"offset":0,"limit":1}}"#),
        ),
    );
    let second = get(
        &mut api,
        "/store/regions?limit=1&offset=1",
        None,
        &Reply::json(
            200,
            format!(r#"{{"regions":[{{"id":"{EU}"}}],"count":2,"offset":1,"limit":1}}"#),
        ),
    );
    let ids: Vec<String> = api
        .medusa()
        .regions()
        .iter(&ListRegions {
            limit: Some(1),
            ..Default::default()
        })
        .map(|r| r.unwrap().id)
        .collect();
    assert_eq!(ids, [US, EU]);
    first.assert();
    second.assert();
}

#[test]
fn regions_retrieve_and_its_not_found() {
    let mut api = Api::new();
    let m = get(
        &mut api,
        &format!("/store/regions/{EU}"),
        None,
        &shop(200, "regions-get"),
    );
    let nope = get(
        &mut api,
        "/store/regions/reg_nope",
        None,
        &shop(404, "regions-get-not-found"),
    );
    let odd = get(
        &mut api,
        &format!("/store/regions/{ODD_SEGMENT}?fields=id"),
        None,
        &shop(404, "regions-get-not-found"),
    );
    let medusa = api.medusa();
    let region = medusa.regions().retrieve(EU).unwrap();
    assert_eq!(region.currency_code.as_deref(), Some("eur"));
    assert_eq!(region.countries.unwrap().len(), 2);
    expect_api_error(
        medusa.regions().retrieve("reg_nope"),
        404,
        ErrorType::NotFound,
        "Region with id: reg_nope was not found",
    );
    let _ = medusa.regions().fields("id").retrieve(ODD_ID);
    expect_invalid_input(medusa.regions().retrieve(" "), "region id");
    m.assert();
    nope.assert();
    odd.assert();
}

// ---------------------------------------------------------------------------------------------
// Products

fn variant_price(product: &Product) -> medusa_blocking::v2::models::CalculatedPrice {
    product.variants.as_ref().unwrap()[0]
        .calculated_price
        .clone()
        .expect("calculated_price")
}

#[test]
fn products_list_in_a_region_and_country_reads_exact_prices_with_tax() {
    let mut api = Api::new();
    let m = get(
        &mut api,
        &format!("/store/products?region_id={EU}&country_code=de"),
        None,
        &shop(200, "products-list-eu-de"),
    );
    let page = api
        .medusa()
        .products()
        .list(&ListProducts {
            price: PriceContext::region(EU).country("de"),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((page.count, page.offset, page.limit), (2, 0, 50));
    let tshirt = &page.products[0];
    assert_eq!(tshirt.id, TSHIRT);
    assert_eq!(tshirt.handle.as_deref(), Some("acceptance-tshirt"));
    assert_eq!(tshirt.collection_id.as_deref(), Some(COLLECTION));
    assert_eq!(
        tshirt.collection.as_ref().unwrap().handle.as_deref(),
        Some("acceptance-collection")
    );
    let price = variant_price(tshirt);
    assert_eq!(price.currency_code.as_deref(), Some("eur"));
    assert_eq!(price.amount(), Some(amount("45.5")));
    assert_eq!(price.raw_calculated_amount, price.calculated_amount);
    assert_eq!(price.original(), Some(amount("45.5")));
    assert_eq!(price.calculated_amount_with_tax, Some(amount("54.145")));
    assert_eq!(price.calculated_amount_without_tax, Some(amount("45.5")));
    assert_eq!(price.is_calculated_price_tax_inclusive, Some(false));
    assert!(!price.is_on_sale());
    let sticker = variant_price(&page.products[1]);
    assert_eq!(sticker.amount(), Some(amount("2.49")));
    assert_eq!(sticker.calculated_amount_with_tax, Some(amount("2.9631")));
    let variant = &tshirt.variants.as_ref().unwrap()[0];
    assert_eq!(variant.sku.as_deref(), Some("ACC-TSHIRT-M"));
    let option = &variant.options.as_ref().unwrap()[0];
    assert_eq!(option.value, "M");
    assert_eq!(
        option.option.as_ref().unwrap().title.as_deref(),
        Some("Size")
    );
    m.assert();
}

#[test]
fn products_list_sends_every_filter_and_locale() {
    let mut api = Api::new();
    let m = get(
        &mut api,
        "/store/products?q=shirt&id%5B0%5D=prod_1&handle%5B0%5D=a&handle%5B1%5D=b\
         &title%5B0%5D=T&category_id%5B0%5D=pcat_1&collection_id%5B0%5D=pcol_1\
         &tag_id%5B0%5D=ptag_1&type_id%5B0%5D=ptyp_1&is_giftcard=false&cart_id=cart_1\
         &order=-created_at&fields=id%2Ctitle&locale=fr-FR&limit=2&offset=4",
        Some("de-DE"),
        &Reply::json(200, r#"{"products":[],"count":0,"offset":4,"limit":2}"#),
    );
    let page = api
        .medusa()
        .products()
        .fields("ignored,because,the,list,has,its,own")
        .locale("de-DE")
        .list(&ListProducts {
            q: Some("shirt".into()),
            id: vec!["prod_1".into()],
            handle: vec!["a".into(), "b".into()],
            title: vec!["T".into()],
            category_id: vec!["pcat_1".into()],
            collection_id: vec!["pcol_1".into()],
            tag_id: vec!["ptag_1".into()],
            type_id: vec!["ptyp_1".into()],
            is_giftcard: Some(false),
            price: PriceContext::cart("cart_1"),
            order: Some("-created_at".into()),
            fields: Some("id,title".into()),
            locale: Some("fr-FR".into()),
            limit: Some(2),
            offset: Some(4),
        })
        .unwrap();
    assert!(page.products.is_empty());
    m.assert();
}

#[test]
fn products_without_a_price_context_have_no_calculated_price() {
    let mut api = Api::new();
    let m = get(
        &mut api,
        "/store/products?limit=1&offset=1",
        None,
        &shop(200, "products-list-no-prices"),
    );
    let page = api
        .medusa()
        .products()
        .list(&ListProducts {
            limit: Some(1),
            offset: Some(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.products[0].id, STICKER);
    assert_eq!(
        page.products[0].variants.as_ref().unwrap()[0].calculated_price,
        None
    );
    m.assert();
}

#[test]
fn products_iter_walks_pages_with_the_price_context_on_each() {
    let mut api = Api::new();
    let body = |ids: &[&str], offset: u64| {
        let products: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
        Reply::json(
            200,
            json!({"products": products, "count": 3, "offset": offset, "limit": 2}).to_string(),
        )
    };
    let first = get(
        &mut api,
        &format!("/store/products?region_id={EU}&fields=id&limit=2&offset=0"),
        None,
        &body(&["p1", "p2"], 0),
    );
    let second = get(
        &mut api,
        &format!("/store/products?region_id={EU}&fields=id&limit=2&offset=2"),
        None,
        &body(&["p3"], 2),
    );
    let ids: Vec<String> = api
        .medusa()
        .products()
        .fields("id")
        .iter(&ListProducts {
            price: PriceContext::region(EU),
            limit: Some(2),
            ..Default::default()
        })
        .map(|p| p.unwrap().id)
        .collect();
    assert_eq!(ids, ["p1", "p2", "p3"]);
    first.assert();
    second.assert();
}

#[test]
fn products_retrieve_by_id_with_the_price_context_and_fields() {
    let mut api = Api::new();
    let m = get(
        &mut api,
        &format!("/store/products/{TSHIRT}?region_id={EU}"),
        None,
        &shop(200, "products-get-eu"),
    );
    let with_fields = get(
        &mut api,
        &format!(
            "/store/products/{TSHIRT}?region_id={EU}&country_code=de&fields=%2Bvariants.inventory_quantity"
        ),
        None,
        &shop(200, "products-get-eu"),
    );
    let medusa = api.medusa();
    let product = medusa
        .products()
        .retrieve(TSHIRT, &PriceContext::region(EU))
        .unwrap();
    let price = variant_price(&product);
    assert_eq!(price.amount(), Some(amount("45.5")));
    // No country: no tax figures.
    assert_eq!(price.calculated_amount_with_tax, None);
    medusa
        .products()
        .fields("+variants.inventory_quantity")
        .retrieve(TSHIRT, &PriceContext::region(EU).country("de"))
        .unwrap();
    m.assert();
    with_fields.assert();
}

#[test]
fn products_retrieve_errors_are_the_servers() {
    let mut api = Api::new();
    let nope = get(
        &mut api,
        "/store/products/prod_nope",
        None,
        &shop(404, "products-get-not-found"),
    );
    let bad_region = get(
        &mut api,
        "/store/products?region_id=reg_nope",
        None,
        &shop(400, "products-list-unknown-region"),
    );
    let medusa = api.medusa();
    expect_api_error(
        medusa
            .products()
            .retrieve("prod_nope", &PriceContext::default()),
        404,
        ErrorType::NotFound,
        "Product with id: prod_nope was not found",
    );
    expect_api_error(
        medusa.products().list(&ListProducts {
            price: PriceContext::region("reg_nope"),
            ..Default::default()
        }),
        400,
        ErrorType::InvalidData,
        "Region with id reg_nope not found when populating the pricing context",
    );
    expect_invalid_input(
        medusa.products().retrieve("", &PriceContext::default()),
        "product id",
    );
    expect_invalid_input(
        medusa.products().list(&ListProducts {
            limit: Some(0),
            ..Default::default()
        }),
        "limit",
    );
    nope.assert();
    bad_region.assert();
}

#[test]
fn products_retrieve_by_handle_is_a_list_of_one_and_a_miss_is_not_found() {
    let mut api = Api::new();
    let found = get(
        &mut api,
        &format!(
            "/store/products?handle%5B0%5D=acceptance-tshirt&region_id={EU}&country_code=de&limit=1"
        ),
        Some("de-DE"),
        &shop(200, "products-list-eu-de"),
    );
    let missing = get(
        &mut api,
        "/store/products?handle%5B0%5D=nope&limit=1",
        None,
        &shop(200, "products-list-by-handle-none"),
    );
    let medusa = api.medusa();
    let product = medusa
        .products()
        .locale("de-DE")
        .retrieve_by_handle("acceptance-tshirt", &PriceContext::region(EU).country("de"))
        .unwrap();
    assert_eq!(product.id, TSHIRT);
    assert_eq!(
        variant_price(&product).calculated_amount_with_tax,
        Some(amount("54.145"))
    );
    expect_api_error(
        medusa
            .products()
            .retrieve_by_handle("nope", &PriceContext::default()),
        404,
        ErrorType::NotFound,
        "Product with handle: nope was not found",
    );
    expect_invalid_input(
        medusa
            .products()
            .retrieve_by_handle(" ", &PriceContext::default()),
        "product handle",
    );
    found.assert();
    missing.assert();
}

// ---------------------------------------------------------------------------------------------
// Categories

#[test]
fn categories_list_reads_one_level_and_the_tree_reads_all() {
    let mut api = Api::new();
    let flat = get(
        &mut api,
        "/store/product-categories",
        None,
        &shop(200, "categories-list"),
    );
    let tree = get(
        &mut api,
        "/store/product-categories?parent_category_id=null&include_descendants_tree=true",
        None,
        &shop(200, "categories-tree"),
    );
    let medusa = api.medusa();
    let page = medusa
        .categories()
        .list(&ListCategories::default())
        .unwrap();
    assert_eq!(page.count, 2);
    let shirts = page
        .product_categories
        .iter()
        .find(|c| c.id == SHIRTS)
        .unwrap();
    assert_eq!(shirts.parent_category_id.as_deref(), Some(APPAREL));
    assert_eq!(
        shirts.parent_category.as_ref().unwrap().handle.as_deref(),
        Some("acceptance-apparel")
    );
    let page = medusa
        .categories()
        .list(&ListCategories {
            roots_only: true,
            include_descendants_tree: Some(true),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.product_categories.len(), 1);
    let root = &page.product_categories[0];
    assert_eq!(
        (root.id.as_str(), root.parent_category_id.as_deref()),
        (APPAREL, None)
    );
    let children = root.category_children.as_deref().unwrap();
    assert_eq!(children[0].id, SHIRTS);
    assert_eq!(children[0].category_children.as_deref(), Some(&[][..]));
    flat.assert();
    tree.assert();
}

#[test]
fn categories_retrieve_with_its_ancestors() {
    let mut api = Api::new();
    let m = get(
        &mut api,
        &format!(
            "/store/product-categories/{SHIRTS}?fields=%2Bis_active&include_ancestors_tree=true"
        ),
        Some("de-DE"),
        &shop(200, "categories-get-ancestors"),
    );
    let shirts = api
        .medusa()
        .categories()
        .fields("+is_active")
        .locale("de-DE")
        .retrieve(
            SHIRTS,
            &CategoryTree {
                ancestors: true,
                descendants: false,
            },
        )
        .unwrap();
    assert_eq!(shirts.handle.as_deref(), Some("acceptance-shirts"));
    let parent = shirts.parent_category.unwrap();
    assert_eq!(parent.id, APPAREL);
    assert_eq!(parent.parent_category, None);
    m.assert();
}

#[test]
fn categories_retrieve_of_an_unknown_id_answered_with_an_empty_object_is_not_found() {
    let mut api = Api::new();
    let m = get(
        &mut api,
        "/store/product-categories/pcat_nope?include_descendants_tree=true",
        None,
        &shop(200, "categories-get-not-found"),
    );
    let medusa = api.medusa();
    let err = expect_api_error(
        medusa.categories().retrieve(
            "pcat_nope",
            &CategoryTree {
                descendants: true,
                ..Default::default()
            },
        ),
        404,
        ErrorType::NotFound,
        "Product category with id: pcat_nope was not found",
    );
    assert_eq!(err.status(), Some(404));
    expect_invalid_input(
        medusa.categories().retrieve("", &CategoryTree::default()),
        "category id",
    );
    m.assert();
}

#[test]
fn categories_list_sends_every_filter() {
    let mut api = Api::new();
    let m = get(
        &mut api,
        "/store/product-categories?q=s&id%5B0%5D=pcat_1&name%5B0%5D=N&handle%5B0%5D=h\
         &parent_category_id%5B0%5D=pcat_0&include_descendants_tree=false\
         &include_ancestors_tree=true&order=rank&fields=*products&locale=de&limit=3&offset=0",
        None,
        &Reply::json(
            200,
            r#"{"product_categories":[],"count":0,"offset":0,"limit":3}"#,
        ),
    );
    let params = ListCategories {
        q: Some("s".into()),
        id: vec!["pcat_1".into()],
        name: vec!["N".into()],
        handle: vec!["h".into()],
        parent_category_id: vec!["pcat_0".into()],
        include_descendants_tree: Some(false),
        include_ancestors_tree: Some(true),
        order: Some("rank".into()),
        fields: Some("*products".into()),
        locale: Some("de".into()),
        limit: Some(3),
        offset: Some(0),
        ..Default::default()
    };
    let all: Vec<_> = api.medusa().categories().iter(&params).collect();
    assert!(all.is_empty());
    m.assert();
}

// ---------------------------------------------------------------------------------------------
// Collections

#[test]
fn collections_list_retrieve_and_not_found() {
    let mut api = Api::new();
    let list = get(
        &mut api,
        "/store/collections",
        None,
        &shop(200, "collections-list"),
    );
    let filtered = get(
        &mut api,
        "/store/collections?q=acc&id%5B0%5D=pcol_1&title%5B0%5D=T&handle%5B0%5D=h\
         &order=title&fields=id&locale=de&limit=1&offset=0",
        None,
        &Reply::json(200, r#"{"collections":[],"count":0,"offset":0,"limit":1}"#),
    );
    let one = get(
        &mut api,
        &format!("/store/collections/{COLLECTION}?fields=%2Bmetadata"),
        None,
        &shop(200, "collections-get"),
    );
    let nope = get(
        &mut api,
        "/store/collections/pcol_nope",
        None,
        &shop(404, "collections-get-not-found"),
    );
    let medusa = api.medusa();
    let page = medusa
        .collections()
        .list(&ListCollections::default())
        .unwrap();
    assert_eq!((page.count, page.limit), (1, 10));
    assert_eq!(
        page.collections[0].title.as_deref(),
        Some("Acceptance Collection")
    );
    medusa
        .collections()
        .list(&ListCollections {
            q: Some("acc".into()),
            id: vec!["pcol_1".into()],
            title: vec!["T".into()],
            handle: vec!["h".into()],
            order: Some("title".into()),
            fields: Some("id".into()),
            locale: Some("de".into()),
            limit: Some(1),
            offset: Some(0),
        })
        .unwrap();
    let collection = medusa
        .collections()
        .fields("+metadata")
        .retrieve(COLLECTION)
        .unwrap();
    assert_eq!(collection.handle.as_deref(), Some("acceptance-collection"));
    expect_api_error(
        medusa.collections().retrieve("pcol_nope"),
        404,
        ErrorType::NotFound,
        "Collection with id: pcol_nope was not found",
    );
    expect_invalid_input(medusa.collections().retrieve(""), "collection id");
    list.assert();
    filtered.assert();
    one.assert();
    nope.assert();
}

// ---------------------------------------------------------------------------------------------
// Locale

#[test]
fn the_clients_locale_goes_on_every_call_and_a_handles_wins() {
    let mut api = Api::new();
    let client_locale = get(
        &mut api,
        "/store/regions",
        Some("de-DE"),
        &shop(200, "regions-list"),
    );
    let handle_locale = get(
        &mut api,
        &format!("/store/collections/{COLLECTION}"),
        Some("fr-FR"),
        &shop(200, "collections-get"),
    );
    let orders_locale = get(
        &mut api,
        &format!("/store/orders/{ORDER_ID}"),
        Some("it-IT"),
        &Reply::json(200, format!(r#"{{"order":{{"id":"{ORDER_ID}"}}}}"#)),
    );
    let medusa = api.builder().locale("de-DE").build().unwrap();
    medusa.regions().list(&ListRegions::default()).unwrap();
    medusa
        .collections()
        .locale("fr-FR")
        .retrieve(COLLECTION)
        .unwrap();
    medusa.orders().locale("it-IT").retrieve(ORDER_ID).unwrap();
    let seen = api.seen();
    assert_eq!(seen[0].header_values("x-medusa-locale"), ["de-DE"]);
    assert_eq!(seen[1].header_values("x-medusa-locale"), ["fr-FR"]);
    client_locale.assert();
    handle_locale.assert();
    orders_locale.assert();
}

#[test]
fn a_bad_locale_is_refused_before_anything_is_sent() {
    let api = Api::new();
    expect_invalid_input(
        api.medusa()
            .products()
            .locale("de\nDE")
            .retrieve(TSHIRT, &PriceContext::default()),
        "x-medusa-locale",
    );
    api.assert_nothing_sent();
}
