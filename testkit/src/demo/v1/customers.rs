//! Customer views and the customer routes: registration, profile update, addresses.

use super::*;

// ---------------------------------------------------------------------------------------------
// JSON views
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
pub(super) enum View {
    /// `defaultStoreCustomersFields` + `billing_address`, `shipping_addresses`.
    Store,
    /// `/store/auth`: all columns + `orders` (with items) + `shipping_addresses`.
    Auth,
    /// Columns only (password reset, the `customer` relation of an order).
    Plain,
}

pub(super) fn address_json(a: &Address) -> J {
    let mut m = vec![
        ("id".to_string(), js(&a.id)),
        ("created_at".to_string(), js(&iso(a.created_at))),
        ("updated_at".to_string(), js(&iso(a.updated_at))),
        (
            "deleted_at".to_string(),
            a.deleted_at.map_or(J::Null, |t| js(&iso(t))),
        ),
        ("customer_id".to_string(), jopt(&a.customer_id)),
    ];
    for (name, value) in ADDRESS_COLUMNS.iter().zip(&a.columns) {
        m.push((name.to_string(), jopt(value)));
    }
    m.push((
        "metadata".to_string(),
        a.metadata.clone().unwrap_or(J::Null),
    ));
    J::Obj(m)
}

pub(super) fn customer_json(st: &State, ci: usize, view: View) -> J {
    let c = &st.customers[ci];
    let mut m = vec![
        ("id".to_string(), js(&c.id)),
        ("created_at".to_string(), js(&iso(c.created_at))),
        ("updated_at".to_string(), js(&iso(c.updated_at))),
        ("deleted_at".to_string(), J::Null),
        ("email".to_string(), js(&c.email)),
        ("first_name".to_string(), jopt(&c.first_name)),
        ("last_name".to_string(), jopt(&c.last_name)),
        (
            "billing_address_id".to_string(),
            jopt(&c.billing_address_id),
        ),
        ("phone".to_string(), jopt(&c.phone)),
        ("has_account".to_string(), J::Bool(c.has_account)),
        (
            "metadata".to_string(),
            c.metadata.clone().unwrap_or(J::Null),
        ),
    ];
    let shipping = || {
        J::Arr(
            st.addresses
                .iter()
                .filter(|a| a.deleted_at.is_none() && a.customer_id.as_deref() == Some(&c.id))
                .map(address_json)
                .collect(),
        )
    };
    match view {
        View::Store => {
            let billing = c
                .billing_address_id
                .as_deref()
                .and_then(|id| st.live_address_idx(id))
                .map_or(J::Null, |i| address_json(&st.addresses[i]));
            m.push(("billing_address".to_string(), billing));
            m.push(("shipping_addresses".to_string(), shipping()));
        }
        View::Auth => {
            let mut orders: Vec<&Order> =
                st.orders.iter().filter(|o| o.customer_id == c.id).collect();
            orders.sort_by_key(|o| o.display_id);
            m.push((
                "orders".to_string(),
                J::Arr(orders.iter().map(|o| o.auth_json.clone()).collect()),
            ));
            m.push(("shipping_addresses".to_string(), shipping()));
        }
        View::Plain => {}
    }
    J::Obj(m)
}

pub(super) fn me_response(_call: &mut Call, st: &mut State, ci: usize) -> Resp {
    Resp::json(
        200,
        &jobj(vec![("customer", customer_json(st, ci, View::Store))]),
    )
}

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

/// `POST /store/customers` (`StorePostCustomersReq`, `CustomerService.create`).
pub(super) fn create_customer(call: &mut Call, st: &mut State) -> Resp {
    let m = match body_object(call.body) {
        Ok(m) => m,
        Err(resp) => return resp,
    };
    let mut errors = Vec::new();
    whitelist(
        m,
        &["first_name", "last_name", "email", "password", "phone"],
        &mut errors,
    );
    check_string(m, "first_name", true, &mut errors);
    check_string(m, "last_name", true, &mut errors);
    check_email(m, "email", false, &mut errors);
    check_string(m, "password", false, &mut errors);
    check_string(m, "phone", true, &mut errors);
    if !errors.is_empty() {
        return invalid_data(&errors);
    }
    let email = field(m, "email")
        .and_then(J::as_str)
        .unwrap_or("")
        .to_lowercase();
    let password = field(m, "password").and_then(J::as_str).unwrap_or("");
    let existing: Vec<&Customer> = st.customers.iter().filter(|c| c.email == email).collect();
    if existing.iter().any(|c| c.has_account) && !password.is_empty() {
        return duplicate_error(
            "A customer with the given email already has an account. Log in instead",
        );
    }
    if existing.iter().any(|c| !c.has_account) && password.is_empty() {
        return duplicate_error("Guest customer with email already exists");
    }
    let now = call.now;
    let customer = Customer {
        id: call.shared.new_id("cus", now),
        created_at: now,
        updated_at: now,
        email,
        first_name: field(m, "first_name")
            .and_then(J::as_str)
            .map(str::to_string),
        last_name: field(m, "last_name")
            .and_then(J::as_str)
            .map(str::to_string),
        billing_address_id: None,
        phone: field(m, "phone").and_then(J::as_str).map(str::to_string),
        has_account: !password.is_empty(),
        metadata: None,
        password_hash: (!password.is_empty()).then(|| call.shared.hash_password(password)),
    };
    let id = customer.id.clone();
    add_demo_orders(call.shared, st, &customer, now);
    st.customers.push(customer);
    set_session_customer(call, st, &id);
    Resp::json(
        200,
        &jobj(vec![(
            "customer",
            customer_json(st, st.customers.len() - 1, View::Store),
        )]),
    )
}

/// `setMetadata`: merge, and a key set to "" is removed. Stored as jsonb.
pub(super) fn merge_metadata(existing: Option<&J>, update: &[(String, J)]) -> J {
    let mut merged: Vec<(String, J)> = match existing {
        Some(J::Obj(m)) => m.clone(),
        _ => Vec::new(),
    };
    for (k, v) in update {
        let is_unset = matches!(v, J::Str(s) if s.is_empty());
        if is_unset {
            merged.retain(|(mk, _)| mk != k);
        } else if let Some(slot) = merged.iter_mut().find(|(mk, _)| mk == k) {
            slot.1 = v.clone();
        } else {
            merged.push((k.clone(), v.clone()));
        }
    }
    jsonb(J::Obj(merged))
}

/// The `@IsType([AddressPayload, String])` failure: its message is a JSON document.
pub(super) fn is_type_failure(value: &J, address_errors: Option<Vec<String>>) -> String {
    let split =
        |msg: &str| -> Vec<J> { msg.split(',').filter(|s| !s.is_empty()).map(js).collect() };
    let string_msg = format!(
        "String validation failed: {} is not a string",
        value.js_string()
    );
    let address_msgs = match address_errors {
        Some(errors) => split(&errors.join(", ")),
        None => vec![js(UNKNOWN_VALUE)],
    };
    jobj(vec![
        (
            "message",
            js("billing_address must be one of: AddressPayload,String"),
        ),
        (
            "details",
            jobj(vec![
                ("String", J::Arr(split(&string_msg))),
                ("AddressPayload", J::Arr(address_msgs)),
            ]),
        ),
    ])
    .encode()
}

pub(super) fn address_from_payload(
    shared: &Shared,
    m: &[(String, J)],
    customer_id: Option<String>,
    now: i64,
) -> Address {
    let mut a = Address {
        id: shared.new_id("addr", now),
        created_at: now,
        updated_at: now,
        deleted_at: None,
        customer_id,
        columns: Default::default(),
        metadata: field(m, "metadata")
            .filter(|v| **v != J::Null)
            .cloned()
            .map(jsonb),
    };
    for (i, name) in ADDRESS_COLUMNS.iter().enumerate() {
        a.columns[i] = field(m, name).and_then(J::as_str).map(|s| {
            if *name == "country_code" {
                s.to_lowercase()
            } else {
                s.to_string()
            }
        });
    }
    a
}

/// Applies a flat `AddressPayload` to an address; returns whether anything changed.
pub(super) fn apply_address_payload(a: &mut Address, m: &[(String, J)]) -> bool {
    let mut changed = false;
    for name in ADDRESS_COLUMNS {
        let new = match (name, field(m, name)) {
            (_, None) => continue,
            // `address.country_code?.toLowerCase()` turns null into undefined: left as is.
            ("country_code", Some(J::Null)) => continue,
            ("country_code", Some(J::Str(s))) => Some(s.to_lowercase()),
            (_, Some(J::Str(s))) => Some(s.clone()),
            (_, Some(_)) => None,
        };
        if let Some(slot) = a.col_mut(name)
            && *slot != new
        {
            *slot = new;
            changed = true;
        }
    }
    if let Some(v) = field(m, "metadata") {
        let new = (*v != J::Null).then(|| jsonb(v.clone()));
        if a.metadata != new {
            a.metadata = new;
            changed = true;
        }
    }
    changed
}

/// `POST /store/customers/me` (`StorePostCustomersCustomerReq`, `CustomerService.update`).
pub(super) fn update_customer(call: &mut Call, st: &mut State, ci: usize) -> Resp {
    let m = match body_object(call.body) {
        Ok(m) => m,
        Err(resp) => return resp,
    };
    let mut errors = Vec::new();
    whitelist(
        m,
        &[
            "billing_address",
            "first_name",
            "last_name",
            "password",
            "phone",
            "email",
            "metadata",
        ],
        &mut errors,
    );
    // The async IsType validator throws, which rejects the whole validation with its message.
    match field(m, "billing_address") {
        None | Some(J::Null) | Some(J::Str(_)) => {}
        Some(J::Obj(a)) => {
            let address_errors = validate_address_payload(a);
            if !address_errors.is_empty() {
                let v = J::Obj(a.clone());
                return invalid_data(&[is_type_failure(&v, Some(address_errors))]);
            }
        }
        Some(other) => return invalid_data(&[is_type_failure(other, None)]),
    }
    check_string(m, "first_name", true, &mut errors);
    check_string(m, "last_name", true, &mut errors);
    check_string(m, "password", true, &mut errors);
    check_string(m, "phone", true, &mut errors);
    check_email(m, "email", true, &mut errors);
    check_object(m, "metadata", &mut errors);
    if !errors.is_empty() {
        return invalid_data(&errors);
    }

    let now = call.now;
    let mut c = st.customers[ci].clone();
    let mut changed = false;

    // Billing address: null unsets, a string links an existing address, an object creates one
    // or merges into the current one.
    let mut new_address: Option<Address> = None;
    let mut merged_address: Option<(usize, Address)> = None;
    if let Some(billing) = field(m, "billing_address") {
        let new_id = match billing {
            J::Null => None,
            J::Str(id) => {
                if st.live_address_idx(id).is_none() {
                    return medusa_error(
                        404,
                        "not_found",
                        &format!("Address with id {id} was not found"),
                    );
                }
                Some(id.clone())
            }
            J::Obj(a) => {
                if let Some(J::Str(cc)) = field(a, "country_code")
                    && !country_exists(&cc.to_lowercase())
                {
                    return country_not_found(&cc.to_lowercase());
                }
                match c
                    .billing_address_id
                    .as_deref()
                    .and_then(|id| st.live_address_idx(id))
                {
                    Some(ai) => {
                        let mut addr = st.addresses[ai].clone();
                        if apply_address_payload(&mut addr, a) {
                            addr.updated_at = now;
                        }
                        merged_address = Some((ai, addr));
                        c.billing_address_id.clone()
                    }
                    None => {
                        let addr = address_from_payload(call.shared, a, None, now);
                        let id = addr.id.clone();
                        new_address = Some(addr);
                        Some(id)
                    }
                }
            }
            _ => c.billing_address_id.clone(),
        };
        if c.billing_address_id != new_id {
            c.billing_address_id = new_id;
            changed = true;
        }
    }

    if let Some(J::Obj(update)) = field(m, "metadata") {
        let merged = merge_metadata(c.metadata.as_ref(), update);
        if c.metadata.as_ref() != Some(&merged) {
            c.metadata = Some(merged);
            changed = true;
        }
    }
    for (key, slot) in [
        ("first_name", &mut c.first_name),
        ("last_name", &mut c.last_name),
        ("phone", &mut c.phone),
    ] {
        if let Some(v) = field(m, key) {
            let new = v.as_str().map(str::to_string);
            if *slot != new {
                *slot = new;
                changed = true;
            }
        }
    }
    match field(m, "email") {
        None => {}
        Some(J::Str(email)) => {
            // Assigned as given (not lower-cased); unique index on (email, has_account).
            let taken = st
                .customers
                .iter()
                .any(|o| o.id != c.id && o.email == *email && o.has_account == c.has_account);
            if taken {
                return duplicate_error(&format!(
                    "Customer with email, has_account {email}, {} already exists.",
                    if c.has_account { "t" } else { "f" }
                ));
            }
            if c.email != *email {
                c.email = email.clone();
                changed = true;
            }
        }
        Some(_) => {
            return medusa_error(
                400,
                "invalid_data",
                "Can't insert null value in field email on insert.",
            );
        }
    }
    if let Some(J::Str(password)) = field(m, "password")
        && !password.is_empty()
    {
        c.password_hash = Some(call.shared.hash_password(password));
        changed = true;
    }

    if changed {
        c.updated_at = now;
    }
    st.customers[ci] = c;
    if let Some(addr) = new_address {
        st.addresses.push(addr);
    }
    if let Some((ai, addr)) = merged_address {
        st.addresses[ai] = addr;
    }
    me_response(call, st, ci)
}

/// `POST /store/customers/me/addresses` with `{"address": AddressCreatePayload}`.
pub(super) fn add_address(call: &mut Call, st: &mut State, ci: usize) -> Resp {
    let m = match body_object(call.body) {
        Ok(m) => m,
        Err(resp) => return resp,
    };
    let mut errors = Vec::new();
    whitelist(m, &["address"], &mut errors);
    let payload = match field(m, "address") {
        // `@ValidateNested()` skips undefined; the service then fails on it.
        None => None,
        Some(J::Obj(a)) => {
            errors.extend(validate_address_create(a));
            Some(a)
        }
        Some(J::Arr(items)) => {
            for item in items {
                match item {
                    J::Obj(a) => errors.extend(validate_address_create(a)),
                    _ => {
                        errors.push("nested property address must be either object or array".into())
                    }
                }
            }
            None
        }
        Some(_) => {
            errors.push("nested property address must be either object or array".into());
            None
        }
    };
    if !errors.is_empty() {
        return invalid_data(&errors);
    }
    let Some(a) = payload else {
        return unknown_error();
    };
    let customer_id = st.customers[ci].id.clone();
    let country = field(a, "country_code")
        .and_then(J::as_str)
        .unwrap_or("")
        .to_lowercase();
    // De-duplication (`CustomerService.addAddress`): strict equality, so a stored null only
    // equals an explicit null, never a missing property.
    let same = |stored: &Option<String>, given: Option<&J>| match (stored, given) {
        (None, Some(J::Null)) => true,
        (Some(s), Some(J::Str(g))) => s == g,
        _ => false,
    };
    let duplicate = st.addresses.iter().any(|x| {
        x.deleted_at.is_none()
            && x.customer_id.as_deref() == Some(customer_id.as_str())
            && x.col("country_code")
                .and_then(|c| c.as_deref())
                .map(str::to_lowercase)
                .as_deref()
                == Some(country.as_str())
            && [
                "address_1",
                "address_2",
                "city",
                "phone",
                "postal_code",
                "province",
                "first_name",
                "last_name",
            ]
            .iter()
            .all(|k| x.col(k).is_some_and(|stored| same(stored, field(a, k))))
    });
    if !duplicate {
        if !country_exists(&country) {
            return country_not_found(&country);
        }
        let addr = address_from_payload(call.shared, a, Some(customer_id), call.now);
        st.addresses.push(addr);
    }
    me_response(call, st, ci)
}

pub(super) fn decode_param(raw: &str) -> Option<String> {
    percent_decode(raw)
}

/// `POST /store/customers/me/addresses/:address_id` with a flat `AddressPayload`.
pub(super) fn update_address(call: &mut Call, st: &mut State, ci: usize, raw_id: &str) -> Resp {
    let Some(id) = decode_param(raw_id) else {
        return unknown_error();
    };
    let m = match body_object(call.body) {
        Ok(m) => m,
        Err(resp) => return resp,
    };
    let errors = validate_address_payload(m);
    if !errors.is_empty() {
        return invalid_data(&errors);
    }
    let customer_id = st.customers[ci].id.clone();
    let Some(ai) = st
        .live_address_idx(&id)
        .filter(|&i| st.addresses[i].customer_id.as_deref() == Some(customer_id.as_str()))
    else {
        return medusa_error(400, "invalid_data", "Could not find address for customer");
    };
    if let Some(J::Str(cc)) = field(m, "country_code")
        && !country_exists(&cc.to_lowercase())
    {
        return country_not_found(&cc.to_lowercase());
    }
    let mut addr = st.addresses[ai].clone();
    if apply_address_payload(&mut addr, m) {
        addr.updated_at = call.now;
    }
    st.addresses[ai] = addr;
    me_response(call, st, ci)
}

/// `DELETE /store/customers/me/addresses/:address_id`: soft delete, idempotent.
pub(super) fn delete_address(call: &mut Call, st: &mut State, ci: usize, raw_id: &str) -> Resp {
    let Some(id) = decode_param(raw_id) else {
        return unknown_error();
    };
    let customer_id = st.customers[ci].id.clone();
    if let Some(ai) = st.live_address_idx(&id)
        && st.addresses[ai].customer_id.as_deref() == Some(customer_id.as_str())
    {
        st.addresses[ai].deleted_at = Some(call.now);
    }
    me_response(call, st, ci)
}
