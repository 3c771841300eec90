//! Customers and their addresses: JSON views, `POST /store/customers`, `/store/customers/me`
//! and `/store/customers/me/addresses`.

use super::*;

/// The customer's default fields (`GET /store/customers/me`).
const CUSTOMER_FIELDS: [&str; 12] = [
    "id",
    "email",
    "company_name",
    "first_name",
    "last_name",
    "phone",
    "metadata",
    "has_account",
    "deleted_at",
    "created_at",
    "updated_at",
    "addresses",
];

/// An address's fields as `GET …/addresses[/:id]` shows them.
const ADDRESS_FIELDS: [&str; 18] = [
    "id",
    "address_name",
    "company",
    "customer_id",
    "first_name",
    "last_name",
    "address_1",
    "address_2",
    "city",
    "province",
    "postal_code",
    "country_code",
    "phone",
    "metadata",
    "is_default_shipping",
    "is_default_billing",
    "created_at",
    "updated_at",
];

/// The body of `POST /store/customers/me/addresses[/:id]`.
const ADDRESS_BODY: [(&str, Ty, bool); 14] = [
    ("address_name", Ty::Str, false),
    ("is_default_shipping", Ty::Bool, false),
    ("is_default_billing", Ty::Bool, false),
    ("company", Ty::Str, false),
    ("first_name", Ty::Str, false),
    ("last_name", Ty::Str, false),
    ("address_1", Ty::Str, false),
    ("address_2", Ty::Str, false),
    ("city", Ty::Str, false),
    ("country_code", Ty::Str, false),
    ("province", Ty::Str, false),
    ("postal_code", Ty::Str, false),
    ("phone", Ty::Str, false),
    ("metadata", Ty::Record, false),
];

/// The filters of the address list.
const ADDRESS_FILTERS: [&str; 4] = ["q", "city", "country_code", "postal_code"];

// ---------------------------------------------------------------------------------------------
// JSON views
// ---------------------------------------------------------------------------------------------

/// An address among a customer's `addresses`.
fn address_in_customer(a: &Address) -> J {
    let mut m = vec![
        ("id".to_string(), js(&a.id)),
        ("address_name".to_string(), jopt(&a.text[0])),
        (
            "is_default_shipping".to_string(),
            J::Bool(a.is_default_shipping),
        ),
        (
            "is_default_billing".to_string(),
            J::Bool(a.is_default_billing),
        ),
    ];
    for (name, value) in ADDRESS_TEXT.iter().zip(&a.text).skip(1) {
        m.push((name.to_string(), jopt(value)));
    }
    m.extend([
        (
            "metadata".to_string(),
            a.metadata.clone().unwrap_or(J::Null),
        ),
        ("customer_id".to_string(), js(&a.customer_id)),
        ("created_at".to_string(), js(&iso(a.created_at))),
        ("updated_at".to_string(), js(&iso(a.updated_at))),
        ("deleted_at".to_string(), J::Null),
    ]);
    J::Obj(m)
}

/// An address as the address routes show it (other key order, no `deleted_at`).
fn address_json(a: &Address) -> J {
    let text = |name: &str| a.col(name).map_or(J::Null, js);
    J::Obj(
        ADDRESS_FIELDS
            .iter()
            .map(|&k| {
                let v = match k {
                    "id" => js(&a.id),
                    "customer_id" => js(&a.customer_id),
                    "metadata" => a.metadata.clone().unwrap_or(J::Null),
                    "is_default_shipping" => J::Bool(a.is_default_shipping),
                    "is_default_billing" => J::Bool(a.is_default_billing),
                    "created_at" => js(&iso(a.created_at)),
                    "updated_at" => js(&iso(a.updated_at)),
                    column => text(column),
                };
                (k.to_string(), v)
            })
            .collect(),
    )
}

/// Every field of a customer, addresses included, in Medusa's order.
pub(super) fn customer_json(st: &State, ci: usize) -> J {
    let c = &st.customers[ci];
    let addresses = st
        .addresses
        .iter()
        .filter(|a| a.customer_id == c.id)
        .map(address_in_customer)
        .collect();
    jobj(vec![
        ("id", js(&c.id)),
        ("email", js(&c.email)),
        ("company_name", jopt(&c.company_name)),
        ("first_name", jopt(&c.first_name)),
        ("last_name", jopt(&c.last_name)),
        ("phone", jopt(&c.phone)),
        ("metadata", c.metadata.clone().unwrap_or(J::Null)),
        ("has_account", J::Bool(c.has_account)),
        ("deleted_at", J::Null),
        ("created_at", js(&iso(c.created_at))),
        ("updated_at", js(&iso(c.updated_at))),
        ("addresses", J::Arr(addresses)),
    ])
}

/// `{"customer": …}` with the request's `fields` selection.
fn customer_response(st: &State, ci: usize, fields: Option<&str>) -> Resp {
    let keys = select_fields(&CUSTOMER_FIELDS, fields);
    Resp::json(
        200,
        &jobj(vec![("customer", project(&customer_json(st, ci), &keys))]),
    )
}

/// The `fields` of a route that takes nothing else in its query.
pub(super) fn fields_only(call: &Call) -> Result<Option<String>, Resp> {
    check_query(call, false, &[], &[], &[]).map(|p| p.fields)
}

/// `metadata` of a body: `null` clears, an object is merged key by key (`""` removes a key) and
/// stored as `jsonb` (keys come back by length, then bytes).
pub(super) fn merge_metadata(current: Option<&J>, update: &J) -> Option<J> {
    let J::Obj(update) = update else {
        return None;
    };
    let mut merged = match current {
        Some(J::Obj(m)) => m.clone(),
        _ => Vec::new(),
    };
    for (k, v) in update {
        if matches!(v, J::Str(s) if s.is_empty()) {
            merged.retain(|(mk, _)| mk != k);
        } else if let Some(slot) = merged.iter_mut().find(|(mk, _)| mk == k) {
            slot.1 = v.clone();
        } else {
            merged.push((k.clone(), v.clone()));
        }
    }
    Some(jsonb(J::Obj(merged)))
}

fn text_field(body: &J, key: &str) -> Option<Option<String>> {
    body.get(key).map(|v| v.as_str().map(str::to_string))
}

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

/// `POST /store/customers` with a registration token: the identity's customer.
pub(super) fn create_customer(call: &mut Call, st: &mut State, auth: &J) -> Resp {
    let fields = match fields_only(call) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let schema = [
        ("email", Ty::Email, false),
        ("company_name", Ty::Str, false),
        ("first_name", Ty::Str, false),
        ("last_name", Ty::Str, false),
        ("phone", Ty::Str, false),
        ("metadata", Ty::Record, false),
    ];
    if let Err(resp) = check_body(&call.body, &schema) {
        return resp;
    }
    if !auth_str(auth, "actor_id").is_empty() {
        return invalid_data("Request already authenticated as a customer.");
    }
    let Some(email) = call
        .body
        .get("email")
        .and_then(J::as_str)
        .map(str::to_string)
    else {
        return invalid_data("Email is required to create a customer");
    };
    let identity_id = auth_str(auth, "auth_identity_id");
    let Some(ii) = st.identities.iter().position(|i| i.id == identity_id) else {
        return unauthorized();
    };
    let duplicate = st
        .customers
        .iter()
        .any(|c| c.email == email && c.has_account)
        || !st.identities[ii].actor_id("customer").is_empty();
    if duplicate {
        return duplicate_error("Customer with this email already has an account");
    }
    let now = call.now;
    let body = &call.body;
    let customer = Customer {
        id: call.shared.keys.new_id("cus", now),
        email,
        company_name: text_field(body, "company_name").flatten(),
        first_name: text_field(body, "first_name").flatten(),
        last_name: text_field(body, "last_name").flatten(),
        phone: text_field(body, "phone").flatten(),
        // As given: the created row is answered without a reload.
        metadata: body.get("metadata").filter(|m| **m != J::Null).cloned(),
        has_account: true,
        created_by: None,
        created_at: now,
        updated_at: now,
    };
    st.identities[ii]
        .app_metadata
        .push(("customer_id".into(), customer.id.clone()));
    add_demo_orders(call.shared, st, &customer, now);
    st.customers.push(customer);
    customer_response(st, st.customers.len() - 1, fields.as_deref())
}

/// `GET /store/customers/me`.
pub(super) fn me(call: &mut Call, st: &mut State, ci: usize) -> Resp {
    match fields_only(call) {
        Ok(fields) => customer_response(st, ci, fields.as_deref()),
        Err(resp) => resp,
    }
}

/// `POST /store/customers/me`: the profile; no e-mail or password here.
pub(super) fn update_me(call: &mut Call, st: &mut State, ci: usize) -> Resp {
    let fields = match fields_only(call) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let schema = [
        ("company_name", Ty::Str, false),
        ("first_name", Ty::Str, false),
        ("last_name", Ty::Str, false),
        ("phone", Ty::Str, false),
        ("metadata", Ty::Record, false),
    ];
    if let Err(resp) = check_body(&call.body, &schema) {
        return resp;
    }
    let body = &call.body;
    let mut c = st.customers[ci].clone();
    for (key, slot) in [
        ("company_name", &mut c.company_name),
        ("first_name", &mut c.first_name),
        ("last_name", &mut c.last_name),
        ("phone", &mut c.phone),
    ] {
        if let Some(value) = text_field(body, key) {
            *slot = value;
        }
    }
    if let Some(update) = body.get("metadata") {
        c.metadata = merge_metadata(c.metadata.as_ref(), update);
    }
    c.updated_at = call.now;
    st.customers[ci] = c;
    customer_response(st, ci, fields.as_deref())
}

// ---------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------

fn address_not_found(id: &str) -> Resp {
    not_found_error(&format!("Address with id: {id} was not found"))
}

/// Applies a checked address body; a new default unsets the customer's other one.
fn apply_address(st: &mut State, ai: usize, body: &J) {
    let a = &mut st.addresses[ai];
    for (i, name) in ADDRESS_TEXT.iter().enumerate() {
        if let Some(value) = text_field(body, name) {
            a.text[i] = value;
        }
    }
    if let Some(m) = body.get("metadata") {
        a.metadata = (*m != J::Null).then(|| jsonb(m.clone()));
    }
    let flag = |k: &str| body.get(k).map(|v| *v == J::Bool(true));
    let (shipping, billing) = (flag("is_default_shipping"), flag("is_default_billing"));
    if let Some(v) = shipping {
        a.is_default_shipping = v;
    }
    if let Some(v) = billing {
        a.is_default_billing = v;
    }
    let (id, customer_id) = (a.id.clone(), a.customer_id.clone());
    for other in st
        .addresses
        .iter_mut()
        .filter(|o| o.customer_id == customer_id && o.id != id)
    {
        if shipping == Some(true) {
            other.is_default_shipping = false;
        }
        if billing == Some(true) {
            other.is_default_billing = false;
        }
    }
}

/// `GET /store/customers/me/addresses`: paged, filtered by `city`, `country_code`,
/// `postal_code`, searched by `q`, sorted by `order` (creation order by default).
pub(super) fn list_addresses(call: &mut Call, st: &mut State, ci: usize) -> Resp {
    let mut orderable: Vec<&str> = ADDRESS_FIELDS.to_vec();
    orderable.retain(|f| *f != "metadata");
    let params = match check_query(call, true, &ADDRESS_FILTERS, &orderable, &[]) {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let customer_id = &st.customers[ci].id;
    let matching: Vec<&Address> = st
        .addresses
        .iter()
        .filter(|a| a.customer_id == *customer_id)
        .filter(|a| {
            params.filters.iter().all(|(name, value)| {
                let wanted = filter_values(value);
                if name == "q" {
                    let needle = wanted.join(",").to_lowercase();
                    ADDRESS_TEXT
                        .iter()
                        .any(|c| a.col(c).is_some_and(|v| v.to_lowercase().contains(&needle)))
                } else {
                    a.col(name).is_some_and(|v| wanted.iter().any(|w| w == v))
                }
            })
        })
        .collect();
    let mut rows: Vec<J> = matching.iter().map(|a| address_json(a)).collect();
    if let Some((field, desc)) = &params.order {
        sort_by_field(&mut rows, field, *desc);
    }
    let count = rows.len();
    let keys = select_fields(&ADDRESS_FIELDS, params.fields.as_deref());
    let page = rows
        .iter()
        .skip(params.offset)
        .take(params.limit)
        .map(|a| project(a, &keys))
        .collect();
    Resp::json(
        200,
        &jobj(vec![
            ("addresses", J::Arr(page)),
            ("count", J::Num(count as f64)),
            ("offset", J::Num(params.offset as f64)),
            ("limit", J::Num(params.limit as f64)),
        ]),
    )
}

/// `POST /store/customers/me/addresses`: every field optional (`{}` is an address); answers the
/// customer.
pub(super) fn create_address(call: &mut Call, st: &mut State, ci: usize) -> Resp {
    let fields = match fields_only(call) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    if let Err(resp) = check_body(&call.body, &ADDRESS_BODY) {
        return resp;
    }
    st.addresses.push(Address {
        id: call.shared.keys.new_id("cuaddr", call.now),
        customer_id: st.customers[ci].id.clone(),
        text: Default::default(),
        is_default_shipping: false,
        is_default_billing: false,
        metadata: None,
        created_at: call.now,
        updated_at: call.now,
    });
    apply_address(st, st.addresses.len() - 1, &call.body);
    customer_response(st, ci, fields.as_deref())
}

/// `GET /store/customers/me/addresses/:id`.
pub(super) fn get_address(call: &mut Call, st: &mut State, ci: usize, raw_id: &str) -> Resp {
    let fields = match fields_only(call) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let id = percent_decode(raw_id).unwrap_or_else(|| raw_id.to_string());
    match st.address_idx(&st.customers[ci].id, &id) {
        Some(ai) => {
            let keys = select_fields(&ADDRESS_FIELDS, fields.as_deref());
            Resp::json(
                200,
                &jobj(vec![(
                    "address",
                    project(&address_json(&st.addresses[ai]), &keys),
                )]),
            )
        }
        None => address_not_found(&id),
    }
}

/// `POST /store/customers/me/addresses/:id`: answers the customer.
pub(super) fn update_address(call: &mut Call, st: &mut State, ci: usize, raw_id: &str) -> Resp {
    let fields = match fields_only(call) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    if let Err(resp) = check_body(&call.body, &ADDRESS_BODY) {
        return resp;
    }
    let id = percent_decode(raw_id).unwrap_or_else(|| raw_id.to_string());
    let Some(ai) = st.address_idx(&st.customers[ci].id, &id) else {
        return address_not_found(&id);
    };
    apply_address(st, ai, &call.body);
    st.addresses[ai].updated_at = call.now;
    customer_response(st, ci, fields.as_deref())
}

/// `DELETE /store/customers/me/addresses/:id`: `{id: <the customer's id>, object: "address",
/// deleted: true, parent: <customer>}`.
pub(super) fn delete_address(call: &mut Call, st: &mut State, ci: usize, raw_id: &str) -> Resp {
    let fields = match fields_only(call) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let id = percent_decode(raw_id).unwrap_or_else(|| raw_id.to_string());
    let Some(ai) = st.address_idx(&st.customers[ci].id, &id) else {
        return address_not_found(&id);
    };
    st.addresses.remove(ai);
    let keys = select_fields(&CUSTOMER_FIELDS, fields.as_deref());
    Resp::json(
        200,
        &jobj(vec![
            ("id", js(&st.customers[ci].id)),
            ("object", js("address")),
            ("deleted", J::Bool(true)),
            ("parent", project(&customer_json(st, ci), &keys)),
        ]),
    )
}
