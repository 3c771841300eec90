//! Planned: carts to a placed order (`/store/carts`, `/store/shipping-options`,
//! `/store/payment-collections`): create, retrieve, update, line items, shipping methods,
//! promotions, the payment collection and session, complete (exactly once: completing a
//! completed cart returns the same order), and the guest-cart transfer. The handle will be
//! `Medusa::carts()`.
