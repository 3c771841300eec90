//! Planned: the store's regions (`GET /store/regions`, `GET /store/regions/{id}`): list with
//! their countries and currency, retrieve. The handle will be `Medusa::regions()`, its request
//! types in [`super::params`], its models in `v2::models`. Until then the escape hatch reaches
//! them: `medusa.request("GET", "/store/regions").page::<serde_json::Value>("regions")`.
