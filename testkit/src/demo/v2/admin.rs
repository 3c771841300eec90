//! The Admin API's customer surface, as Medusa 2.21.2 answers it (the project's admin
//! contract): customers (list with `email`, `q`, `has_account`, `groups`, `id`, date ranges with
//! `$` operators and `fields`; create; get; update with metadata merge; delete) and customer
//! groups (list, create, get, update, delete, membership from both sides). Credentials: the
//! demo's secret API key as HTTP Basic, or a `user` token (`POST /auth/user/emailpass` with the
//! demo admin's e-mail and password).

use super::*;

/// The demo admin user's e-mail and password (the v2 contract's seeded admin).
pub(super) const ADMIN_EMAIL: &str = "admin@example.com";
pub(super) const ADMIN_PASSWORD: &str = "supersecret";

/// The fields of an admin customer, without `fields`.
const ADMIN_CUSTOMER_FIELDS: [&str; 12] = [
    "id",
    "company_name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "metadata",
    "has_account",
    "created_by",
    "created_at",
    "updated_at",
    "deleted_at",
];

const GROUP_FIELDS: [&str; 7] = [
    "id",
    "name",
    "created_by",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
];

/// A customer group.
#[derive(Clone)]
pub(super) struct Group {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) metadata: Option<J>,
    pub(super) created_by: Option<String>,
    pub(super) created_at: i64,
    pub(super) updated_at: i64,
}

/// The caller of an admin route: the key's id or the user's id (`created_by`), or the 401.
fn admin_actor(call: &Call, st: &State) -> Result<String, Resp> {
    if let Some(auth) = call.req.header("authorization") {
        let auth = auth.trim();
        if let Some((scheme, rest)) = auth.split_once(' ')
            && scheme.eq_ignore_ascii_case("basic")
        {
            let rest = rest.trim();
            let decoded = b64_decode(rest).unwrap_or_default();
            let user = decoded.split(':').next().unwrap_or_default();
            if rest == call.shared.secret_api_key || user == call.shared.secret_api_key {
                return Ok(call.shared.secret_key_id.clone());
            }
            return Err(unauthorized());
        }
        if bearer_token(call.req).is_some_and(|t| t.starts_with("sk_")) {
            return Err(Resp::json(
                401,
                &jobj(vec![(
                    "message",
                    js(
                        "A secret API key was passed as a Bearer token. Secret API keys must be \
                        sent using HTTP Basic authentication instead (Authorization: Basic \
                        <secret-api-key>).",
                    ),
                )]),
            ));
        }
    }
    let auth = authenticate(call, st, "user", Methods::SessionOrBearer).ok_or_else(unauthorized)?;
    let actor = auth_str(&auth, "actor_id");
    if actor.is_empty() {
        return Err(unauthorized());
    }
    Ok(actor)
}

/// Standard base64 (with or without padding), as Node's `Buffer.from(s, "base64")` reads it.
fn b64_decode(s: &str) -> Option<String> {
    let url = s.replace('+', "-").replace('/', "_");
    b64url_decode(url.trim_end_matches('=')).and_then(|b| String::from_utf8(b).ok())
}

/// `/admin/...`: routing, credentials, body.
pub(super) fn admin(call: &mut Call, st: &mut State, segs: &[&str]) -> Resp {
    let method = call.req.method.as_str();
    let get = method == "GET" || method == "HEAD";
    let post = method == "POST";
    let delete = method == "DELETE";
    enum R<'a> {
        ListCustomers,
        CreateCustomer,
        GetCustomer(&'a str),
        UpdateCustomer(&'a str),
        DeleteCustomer(&'a str),
        CustomerGroups(&'a str),
        ListGroups,
        CreateGroup,
        GetGroup(&'a str),
        UpdateGroup(&'a str),
        DeleteGroup(&'a str),
        GroupCustomers(&'a str),
    }
    let route = match segs {
        [c] if is(c, "customers") && get => R::ListCustomers,
        [c] if is(c, "customers") && post => R::CreateCustomer,
        [c, id] if is(c, "customers") && get => R::GetCustomer(id),
        [c, id] if is(c, "customers") && post => R::UpdateCustomer(id),
        [c, id] if is(c, "customers") && delete => R::DeleteCustomer(id),
        [c, id, g] if is(c, "customers") && is(g, "customer-groups") && post => {
            R::CustomerGroups(id)
        }
        [g] if is(g, "customer-groups") && get => R::ListGroups,
        [g] if is(g, "customer-groups") && post => R::CreateGroup,
        [g, id] if is(g, "customer-groups") && get => R::GetGroup(id),
        [g, id] if is(g, "customer-groups") && post => R::UpdateGroup(id),
        [g, id] if is(g, "customer-groups") && delete => R::DeleteGroup(id),
        [g, id, c] if is(g, "customer-groups") && is(c, "customers") && post => {
            R::GroupCustomers(id)
        }
        _ => return not_found(call.req),
    };
    match parse_json_body(call.req) {
        Ok(body) => call.body = body,
        Err(_) => return invalid_data("Invalid request: body is not JSON"),
    }
    let actor = match admin_actor(call, st) {
        Ok(actor) => actor,
        Err(resp) => return resp,
    };
    match route {
        R::ListCustomers => list_customers(call, st),
        R::CreateCustomer => create_admin_customer(call, st, &actor),
        R::GetCustomer(id) => with_customer(call, st, id, true, |_, _, _| Ok(())),
        R::UpdateCustomer(id) => update_admin_customer(call, st, id),
        R::DeleteCustomer(id) => {
            if let Some(ci) = st.customer_idx(id) {
                let cid = st.customers.remove(ci).id;
                st.addresses.retain(|a| a.customer_id != cid);
                st.memberships.retain(|(c, _)| *c != cid);
                st.identities
                    .iter_mut()
                    .for_each(|i| i.app_metadata.retain(|(_, v)| *v != cid));
            }
            deleted(id, "customer")
        }
        R::CustomerGroups(id) => customer_groups(call, st, id),
        R::ListGroups => list_groups(call, st),
        R::CreateGroup => create_group(call, st, &actor),
        R::GetGroup(id) => match st.groups.iter().position(|g| g.id == id) {
            Some(gi) => group_response(call, st, gi),
            None => not_found_error(&format!("Customer group with id: {id} not found")),
        },
        R::UpdateGroup(id) => update_group(call, st, id),
        R::DeleteGroup(id) => {
            st.groups.retain(|g| g.id != id);
            st.memberships.retain(|(_, g)| g != id);
            deleted(id, "customer_group")
        }
        R::GroupCustomers(id) => group_customers(call, st, id),
    }
}

fn deleted(id: &str, object: &str) -> Resp {
    Resp::json(
        200,
        &jobj(vec![
            ("id", js(id)),
            ("object", js(object)),
            ("deleted", J::Bool(true)),
        ]),
    )
}

fn group_json(st: &State, gi: usize, with_customers: bool) -> J {
    let g = &st.groups[gi];
    let mut o = jobj(vec![
        ("id", js(&g.id)),
        ("name", js(&g.name)),
        ("created_by", jopt(&g.created_by)),
        ("created_at", js(&iso(g.created_at))),
        ("updated_at", js(&iso(g.updated_at))),
        ("deleted_at", J::Null),
        ("metadata", g.metadata.clone().unwrap_or(J::Null)),
    ]);
    if with_customers {
        let members = st
            .memberships
            .iter()
            .filter(|(_, gid)| *gid == g.id)
            .filter_map(|(cid, _)| st.customer_idx(cid))
            .map(|ci| admin_customer_json(st, ci, false))
            .collect();
        o.set("customers", J::Arr(members));
    }
    o
}

/// Every field of a customer as the admin routes show it (`groups` and `addresses` included
/// when asked).
fn admin_customer_json(st: &State, ci: usize, relations: bool) -> J {
    let c = &st.customers[ci];
    let mut o = jobj(vec![
        ("id", js(&c.id)),
        ("company_name", jopt(&c.company_name)),
        ("first_name", jopt(&c.first_name)),
        ("last_name", jopt(&c.last_name)),
        (
            "email",
            if c.email.is_empty() {
                J::Null
            } else {
                js(&c.email)
            },
        ),
        ("phone", jopt(&c.phone)),
        ("metadata", c.metadata.clone().unwrap_or(J::Null)),
        ("has_account", J::Bool(c.has_account)),
        ("created_by", jopt(&c.created_by)),
        ("created_at", js(&iso(c.created_at))),
        ("updated_at", js(&iso(c.updated_at))),
        ("deleted_at", J::Null),
    ]);
    if relations {
        let groups = st
            .memberships
            .iter()
            .filter(|(cid, _)| *cid == c.id)
            .filter_map(|(_, gid)| st.groups.iter().position(|g| g.id == *gid))
            .map(|gi| group_json(st, gi, false))
            .collect();
        o.set("groups", J::Arr(groups));
        let full = customer_json(st, ci);
        o.set(
            "addresses",
            full.get("addresses").cloned().unwrap_or(J::Arr(vec![])),
        );
    }
    o
}

fn customer_out(st: &State, ci: usize, fields: Option<&str>) -> J {
    let keys = select_fields(&ADMIN_CUSTOMER_FIELDS, fields);
    project(&admin_customer_json(st, ci, true), &keys)
}

fn with_customer(
    call: &mut Call,
    st: &mut State,
    id: &str,
    get: bool,
    change: impl FnOnce(&Call, &mut State, usize) -> Result<(), Resp>,
) -> Resp {
    let fields = match check_query(call, false, &[], &[], &[]) {
        Ok(p) => p.fields,
        Err(resp) => return resp,
    };
    let Some(ci) = st.customer_idx(id) else {
        return not_found_error(&if get {
            format!("Customer with id: {id} not found")
        } else {
            format!("Customer with id \"{id}\" not found")
        });
    };
    if let Err(resp) = change(call, st, ci) {
        return resp;
    }
    Resp::json(
        200,
        &jobj(vec![("customer", customer_out(st, ci, fields.as_deref()))]),
    )
}

/// A date-range filter with Medusa's `$` operators; without `$` the filter is ignored, as on the
/// real server.
fn date_ok(ms: i64, filter: &Q) -> bool {
    let Q::O(ops) = filter else { return true };
    ops.iter().all(|(op, v)| {
        let Some(at) = parse_date_ms(&v.js_string()) else {
            return true;
        };
        match op.as_str() {
            "$gt" => ms > at,
            "$gte" => ms >= at,
            "$lt" => ms < at,
            "$lte" => ms <= at,
            "$eq" => ms == at,
            _ => true,
        }
    })
}

fn list_customers(call: &mut Call, st: &mut State) -> Resp {
    let filters = [
        "q",
        "email",
        "has_account",
        "groups",
        "id",
        "first_name",
        "last_name",
        "company_name",
        "created_by",
        "created_at",
        "updated_at",
    ];
    let orderable = [
        "id",
        "email",
        "first_name",
        "last_name",
        "created_at",
        "updated_at",
    ];
    let p = match check_query(call, true, &filters, &orderable, &[]) {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let mut rows: Vec<usize> = (0..st.customers.len()).collect();
    for (name, value) in &p.filters {
        let values = filter_values(value);
        rows.retain(|&ci| {
            let c = &st.customers[ci];
            match name.as_str() {
                "q" => {
                    let q = value.js_string().to_lowercase();
                    [
                        Some(&c.email),
                        c.first_name.as_ref(),
                        c.last_name.as_ref(),
                        c.company_name.as_ref(),
                        c.phone.as_ref(),
                    ]
                    .iter()
                    .flatten()
                    .any(|s| s.to_lowercase().contains(&q))
                }
                "email" => values.contains(&c.email),
                "id" => values.contains(&c.id),
                "first_name" => c.first_name.as_ref().is_some_and(|v| values.contains(v)),
                "last_name" => c.last_name.as_ref().is_some_and(|v| values.contains(v)),
                "company_name" => c.company_name.as_ref().is_some_and(|v| values.contains(v)),
                "created_by" => c.created_by.as_ref().is_some_and(|v| values.contains(v)),
                "has_account" => c.has_account.to_string() == value.js_string(),
                "groups" => {
                    let wanted = match value {
                        Q::O(m) => m
                            .iter()
                            .filter(|(k, _)| k == "id")
                            .flat_map(|(_, v)| filter_values(v))
                            .collect(),
                        other => filter_values(other),
                    };
                    st.memberships
                        .iter()
                        .any(|(cid, gid)| *cid == c.id && wanted.contains(gid))
                }
                "created_at" => date_ok(c.created_at, value),
                "updated_at" => date_ok(c.updated_at, value),
                _ => true,
            }
        });
    }
    let mut items: Vec<J> = rows
        .iter()
        .map(|&ci| customer_out(st, ci, p.fields.as_deref()))
        .collect();
    if let Some((field, desc)) = &p.order {
        sort_by_field(&mut items, field, *desc);
    }
    page("customers", items, p.limit, p.offset)
}

fn page(key: &str, items: Vec<J>, limit: usize, offset: usize) -> Resp {
    let count = items.len();
    let items: Vec<J> = items.into_iter().skip(offset).take(limit).collect();
    Resp::json(
        200,
        &jobj(vec![
            (key, J::Arr(items)),
            ("count", J::Num(count as f64)),
            ("offset", J::Num(offset as f64)),
            ("limit", J::Num(limit as f64)),
        ]),
    )
}

const CUSTOMER_BODY: [(&str, Ty, bool); 7] = [
    ("email", Ty::Email, false),
    ("company_name", Ty::Str, false),
    ("first_name", Ty::Str, false),
    ("last_name", Ty::Str, false),
    ("phone", Ty::Str, false),
    ("metadata", Ty::Record, false),
    ("additional_data", Ty::Record, false),
];

fn text(body: &J, key: &str) -> Option<Option<String>> {
    body.get(key).map(|v| v.as_str().map(str::to_string))
}

fn duplicate_customer(email: &str, has_account: bool) -> Resp {
    invalid_data(&format!(
        "Customer with email: {email}, has_account: {has_account}, already exists."
    ))
}

fn create_admin_customer(call: &mut Call, st: &mut State, actor: &str) -> Resp {
    let fields = match check_query(call, false, &[], &[], &[]) {
        Ok(p) => p.fields,
        Err(resp) => return resp,
    };
    if let Err(resp) = check_body(&call.body, &CUSTOMER_BODY) {
        return resp;
    }
    let body = &call.body;
    let email = text(body, "email").flatten().unwrap_or_default();
    if !email.is_empty()
        && st
            .customers
            .iter()
            .any(|c| c.email == email && !c.has_account)
    {
        return duplicate_customer(&email, false);
    }
    let now = call.now;
    st.customers.push(Customer {
        id: call.shared.keys.new_id("cus", now),
        email,
        company_name: text(body, "company_name").flatten(),
        first_name: text(body, "first_name").flatten(),
        last_name: text(body, "last_name").flatten(),
        phone: text(body, "phone").flatten(),
        metadata: body.get("metadata").filter(|m| **m != J::Null).cloned(),
        has_account: false,
        created_by: Some(actor.to_string()),
        created_at: now,
        updated_at: now,
    });
    let ci = st.customers.len() - 1;
    Resp::json(
        200,
        &jobj(vec![("customer", customer_out(st, ci, fields.as_deref()))]),
    )
}

fn update_admin_customer(call: &mut Call, st: &mut State, id: &str) -> Resp {
    if let Err(resp) = check_body(&call.body, &CUSTOMER_BODY) {
        return resp;
    }
    with_customer(call, st, id, false, |call, st, ci| {
        let body = &call.body;
        if let Some(Some(email)) = text(body, "email") {
            let has_account = st.customers[ci].has_account;
            let taken = st
                .customers
                .iter()
                .enumerate()
                .any(|(i, c)| i != ci && c.email == email && c.has_account == has_account);
            if taken {
                return Err(duplicate_customer(&email, has_account));
            }
            st.customers[ci].email = email;
        }
        let c = &mut st.customers[ci];
        for (key, slot) in [
            ("company_name", &mut c.company_name),
            ("first_name", &mut c.first_name),
            ("last_name", &mut c.last_name),
            ("phone", &mut c.phone),
        ] {
            if let Some(v) = text(body, key) {
                *slot = v;
            }
        }
        if let Some(m) = body.get("metadata") {
            c.metadata = if *m == J::Null {
                None
            } else {
                merge_metadata(c.metadata.as_ref(), m)
            };
        }
        c.updated_at = call.now;
        Ok(())
    })
}

/// `{"add"?: [ids], "remove"?: [ids]}` of a membership route, checked.
fn add_remove(body: &J) -> Result<(Vec<String>, Vec<String>), Resp> {
    let mut lists = (Vec::new(), Vec::new());
    let unknown: Vec<&str> = match body {
        J::Obj(m) => m
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| *k != "add" && *k != "remove")
            .collect(),
        _ => vec![],
    };
    if !unknown.is_empty() {
        return Err(invalid_request(&[format!(
            "Unrecognized fields: '{}'",
            unknown.join(", ")
        )]));
    }
    for (key, out) in [("add", &mut lists.0), ("remove", &mut lists.1)] {
        match body.get(key) {
            None => {}
            Some(J::Arr(items)) => {
                for item in items {
                    match item.as_str() {
                        Some(s) => out.push(s.to_string()),
                        None => {
                            return Err(invalid_request(&[format!(
                                "Expected type: 'string' for field '{key}', got: '{}'",
                                item.js_string()
                            )]));
                        }
                    }
                }
            }
            Some(other) => {
                return Err(invalid_request(&[format!(
                    "Expected type: 'array' for field '{key}', got: '{}'",
                    other.js_string()
                )]));
            }
        }
    }
    Ok(lists)
}

fn link(st: &mut State, customer: &str, group: &str, add: bool) -> Result<(), Resp> {
    if st.customer_idx(customer).is_none() {
        return Err(not_found_error(&format!(
            "You tried to set relationship customer_id: {customer}, but such entity does not exist"
        )));
    }
    if !st.groups.iter().any(|g| g.id == group) {
        return Err(not_found_error(&format!(
            "You tried to set relationship customer_group_id: {group}, but such entity does not exist"
        )));
    }
    let pair = (customer.to_string(), group.to_string());
    if add {
        if !st.memberships.contains(&pair) {
            st.memberships.push(pair);
        }
    } else {
        st.memberships.retain(|p| *p != pair);
    }
    Ok(())
}

fn customer_groups(call: &mut Call, st: &mut State, id: &str) -> Resp {
    let (add, remove) = match add_remove(&call.body) {
        Ok(lists) => lists,
        Err(resp) => return resp,
    };
    let fields = match check_query(call, false, &[], &[], &[]) {
        Ok(p) => p.fields,
        Err(resp) => return resp,
    };
    for (groups, adding) in [(&add, true), (&remove, false)] {
        for g in groups {
            if let Err(resp) = link(st, id, g, adding) {
                return resp;
            }
        }
    }
    match st.customer_idx(id) {
        Some(ci) => Resp::json(
            200,
            &jobj(vec![("customer", customer_out(st, ci, fields.as_deref()))]),
        ),
        None => not_found_error(&format!("Customer with id: {id} not found")),
    }
}

fn group_response(call: &Call, st: &State, gi: usize) -> Resp {
    let fields = match check_query(call, false, &[], &[], &[]) {
        Ok(p) => p.fields,
        Err(resp) => return resp,
    };
    let keys = select_fields(&GROUP_FIELDS, fields.as_deref());
    Resp::json(
        200,
        &jobj(vec![(
            "customer_group",
            project(&group_json(st, gi, true), &keys),
        )]),
    )
}

fn list_groups(call: &mut Call, st: &mut State) -> Resp {
    let p = match check_query(
        call,
        true,
        &["q", "id", "name", "customers", "created_by"],
        &["id", "name", "created_at", "updated_at"],
        &[],
    ) {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let mut rows: Vec<usize> = (0..st.groups.len()).collect();
    for (name, value) in &p.filters {
        let values = filter_values(value);
        rows.retain(|&gi| {
            let g = &st.groups[gi];
            match name.as_str() {
                "q" => g
                    .name
                    .to_lowercase()
                    .contains(&value.js_string().to_lowercase()),
                "id" => values.contains(&g.id),
                "name" => values.contains(&g.name),
                "created_by" => g.created_by.as_ref().is_some_and(|v| values.contains(v)),
                "customers" => st
                    .memberships
                    .iter()
                    .any(|(cid, gid)| *gid == g.id && values.contains(cid)),
                _ => true,
            }
        });
    }
    let keys = select_fields(&GROUP_FIELDS, p.fields.as_deref());
    let mut items: Vec<J> = rows
        .iter()
        .map(|&gi| project(&group_json(st, gi, true), &keys))
        .collect();
    if let Some((field, desc)) = &p.order {
        sort_by_field(&mut items, field, *desc);
    }
    page("customer_groups", items, p.limit, p.offset)
}

const GROUP_BODY: [(&str, Ty, bool); 2] =
    [("name", Ty::Str, false), ("metadata", Ty::Record, false)];

fn create_group(call: &mut Call, st: &mut State, actor: &str) -> Resp {
    if let Err(resp) = check_body(&call.body, &GROUP_BODY) {
        return resp;
    }
    let Some(name) = text(&call.body, "name").flatten() else {
        return invalid_request(&["Field 'name' is required".into()]);
    };
    if st.groups.iter().any(|g| g.name == name) {
        return invalid_data(&format!(
            "Customer group with name: {name}, already exists."
        ));
    }
    let now = call.now;
    st.groups.push(Group {
        id: call.shared.keys.new_id("cusgroup", now),
        name,
        metadata: call
            .body
            .get("metadata")
            .filter(|m| **m != J::Null)
            .cloned(),
        created_by: Some(actor.to_string()),
        created_at: now,
        updated_at: now,
    });
    group_response(call, st, st.groups.len() - 1)
}

fn update_group(call: &mut Call, st: &mut State, id: &str) -> Resp {
    if let Err(resp) = check_body(&call.body, &GROUP_BODY) {
        return resp;
    }
    let Some(gi) = st.groups.iter().position(|g| g.id == id) else {
        return not_found_error(&format!("Customer group with id \"{id}\" not found"));
    };
    if let Some(Some(name)) = text(&call.body, "name") {
        if st.groups.iter().any(|g| g.name == name && g.id != id) {
            return invalid_data(&format!(
                "Customer group with name: {name}, already exists."
            ));
        }
        st.groups[gi].name = name;
    }
    if let Some(m) = call.body.get("metadata") {
        st.groups[gi].metadata = if *m == J::Null {
            None
        } else {
            merge_metadata(st.groups[gi].metadata.as_ref(), m)
        };
    }
    st.groups[gi].updated_at = call.now;
    group_response(call, st, gi)
}

fn group_customers(call: &mut Call, st: &mut State, id: &str) -> Resp {
    let (add, remove) = match add_remove(&call.body) {
        Ok(lists) => lists,
        Err(resp) => return resp,
    };
    for (customers, adding) in [(&add, true), (&remove, false)] {
        for c in customers {
            if let Err(resp) = link(st, c, id, adding) {
                return resp;
            }
        }
    }
    match st.groups.iter().position(|g| g.id == id) {
        Some(gi) => {
            let keys = select_fields(&GROUP_FIELDS, None);
            Resp::json(
                200,
                &jobj(vec![(
                    "customer_group",
                    project(&group_json(st, gi, false), &keys),
                )]),
            )
        }
        None => not_found_error(&format!("Customer group with id: {id} not found")),
    }
}
