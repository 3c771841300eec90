//! Planned: the catalog (`/store/products`, `/store/product-categories`, `/store/collections`):
//! products with filters, `fields` and the price context of a region, so that variants carry
//! exact calculated prices; retrieve by id and by handle; lazy iteration; the category tree and
//! collections. The handles will be `Medusa::products()`, `categories()` and `collections()`.
