//! The Medusa v1 wing: the Store API of the 1.x backend (`@medusajs/medusa-js`).

pub mod models;
