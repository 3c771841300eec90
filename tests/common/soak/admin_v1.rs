//! The v1 admin soak target: the crate's admin client with a user's API token ([`Crate`]), or a
//! naive one ([`Naive`]: the creates through the escape hatch with blind retries).

use std::sync::Arc;
use std::time::Duration;

use medusa_blocking::import::{ImportOptions, ImportRow, RowOutcome};
use medusa_blocking::v1::admin::Admin;
use medusa_blocking::v1::admin::params::{
    CreateCustomer, CreateCustomerGroup, ListCustomerGroups, UpdateCustomer,
};
use medusa_blocking::v1::models::Customer;
use serde_json::{Map, Value, json};

use super::admin::{AdminDriver, AdminTarget, Cust, MakeAdmin, PoolRow, RowOut};
use super::{Out, map_err, out};

/// A v1 admin client as a soaked job would build one: retries on, short delays.
pub fn client(url: &str, key: &str) -> Admin {
    Admin::builder(url)
        .api_token(key)
        .max_retries(3)
        .retry_delays(Duration::from_millis(10), Duration::from_millis(100))
        .retry_after_max(Duration::from_secs(2))
        .timeout(Duration::from_secs(15))
        .build()
        .expect("a v1 admin client")
}

/// The v1 admin target, for the crate or the naive client.
pub fn target(url: String, key: String, naive: bool) -> AdminTarget {
    let k = key.clone();
    let make: MakeAdmin = if naive {
        Arc::new(move |u: &str| Box::new(Naive::new(u, &k)) as Box<dyn AdminDriver>)
    } else {
        Arc::new(move |u: &str| Box::new(Crate::new(u, &k)) as Box<dyn AdminDriver>)
    };
    AdminTarget {
        api: "v1",
        url,
        make,
        direct: Arc::new(move |u: &str| Box::new(Crate::new(u, &key)) as Box<dyn AdminDriver>),
    }
}

fn cust(c: &Customer) -> Cust {
    Cust {
        id: c.id.clone(),
        email: c.email.clone(),
        first: c.first_name.clone(),
        meta: c.metadata.clone().unwrap_or_default(),
        groups: c.groups.iter().flatten().map(|g| g.id.clone()).collect(),
        has_account: c.has_account,
    }
}

fn done<T>(o: Out<T>) -> Out<()> {
    match o {
        Out::Ok(_) => Out::Ok(()),
        other => map_err(other),
    }
}

/// The crate's v1 admin client.
pub struct Crate {
    a: Admin,
    url: String,
    key: String,
}

impl Crate {
    pub fn new(url: &str, key: &str) -> Crate {
        Crate {
            a: client(url, key),
            url: url.into(),
            key: key.into(),
        }
    }
}

impl AdminDriver for Crate {
    fn fork(&self) -> Box<dyn AdminDriver> {
        Box::new(Crate {
            a: self.a.clone(),
            url: self.url.clone(),
            key: self.key.clone(),
        })
    }
    fn can_delete(&self) -> bool {
        false
    }
    fn create(&self, email: &str, first: &str, meta: &Map<String, Value>) -> Out<String> {
        let c = CreateCustomer {
            metadata: Some(meta.clone()),
            ..CreateCustomer::new(email, first, "Soak")
        };
        match out(self.a.customers().create(&c)) {
            Out::Ok(c) => Out::Ok(c.id),
            other => map_err(other),
        }
    }
    fn update(&self, id: &str, first: &str, set: &[(String, String)], unset: &[String]) -> Out<()> {
        let mut metadata: Map<String, Value> = set
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        for k in unset {
            metadata.insert(k.clone(), Value::String(String::new()));
        }
        let u = UpdateCustomer {
            first_name: Some(first.into()),
            metadata: Some(metadata),
            ..Default::default()
        };
        done(out(self.a.customers().update(id, &u)))
    }
    fn delete(&self, _id: &str) -> Out<()> {
        unreachable!("Medusa v1 has no customer delete")
    }
    fn create_group(&self, name: &str) -> Out<String> {
        match out(self
            .a
            .customer_groups()
            .create(&CreateCustomerGroup::new(name)))
        {
            Out::Ok(g) => Out::Ok(g.id),
            other => map_err(other),
        }
    }
    fn group_members(&self, group: &str, customers: &[&str], add: bool) -> Out<()> {
        let g = self.a.customer_groups();
        done(out(if add {
            g.add_customers(group, customers)
        } else {
            g.remove_customers(group, customers)
        }))
    }
    fn customer_groups(&self, customer: &str, groups: &[&str], add: bool) -> Out<()> {
        let c = self.a.customers();
        done(out(if add {
            c.add_groups(customer, groups)
        } else {
            c.remove_groups(customer, groups)
        }))
    }
    fn import(&self, rows: &[PoolRow]) -> Vec<(usize, RowOut)> {
        let rows: Vec<ImportRow> = rows.iter().map(import_row).collect();
        let mut outs = Vec::new();
        self.a
            .customers()
            .import(&rows, &ImportOptions::default().threads(2), |i, _, o| {
                outs.push((
                    i,
                    match o {
                        RowOutcome::Created(c) => RowOut::Created(cust(&c)),
                        RowOutcome::AlreadyThere(c) => RowOut::Already(cust(&c)),
                        RowOutcome::Conflict { existing, .. } => RowOut::Conflict(cust(&existing)),
                        RowOutcome::Failed(e) => RowOut::Failed(
                            matches!(e, medusa_blocking::Error::OutcomeUnknown { .. }),
                            e.to_string(),
                        ),
                        _ => RowOut::Failed(false, "an outcome the soak does not know".into()),
                    },
                ))
            });
        outs
    }
    fn get(&self, id: &str) -> Out<Option<Cust>> {
        match out(self.a.customers().expand("groups").retrieve(id)) {
            Out::Ok(c) => Out::Ok(Some(cust(&c))),
            Out::Definite(Some(404), _) => Out::Ok(None),
            other => map_err(other),
        }
    }
    fn by_email(&self, email: &str) -> Out<Vec<Cust>> {
        // v1 has no e-mail filter: the crate's look-up (`q`, compared exactly), then each
        // customer with its groups.
        let found = match out(self.a.customers().find_by_email(email)) {
            Out::Ok(f) => f,
            other => return map_err(other),
        };
        let mut all = Vec::new();
        for c in found {
            match self.get(&c.id) {
                Out::Ok(Some(c)) => all.push(c),
                Out::Ok(None) => {}
                other => return map_err(other),
            }
        }
        Out::Ok(all)
    }
    fn groups_named(&self, name: &str) -> Out<Vec<String>> {
        let q = ListCustomerGroups {
            name: vec![name.to_string()],
            limit: Some(50),
            ..Default::default()
        };
        match out(self.a.customer_groups().list(&q)) {
            Out::Ok(p) => Out::Ok(p.customer_groups.iter().map(|g| g.id.clone()).collect()),
            other => map_err(other),
        }
    }
}

fn import_row(r: &PoolRow) -> ImportRow {
    let mut row = ImportRow::new(&r.reference, &r.email)
        .first_name(&r.first)
        .last_name(&r.last);
    if let Some(g) = &r.group {
        row = row.group(g);
    }
    row
}

/// A naive v1 admin client: creates (customers, groups) sent through the escape hatch with the
/// crate's retries off and blind retries on anything but a 4xx; every other call is the
/// crate's.
pub struct Naive {
    inner: Crate,
    raw: Admin,
}

impl Naive {
    pub fn new(url: &str, key: &str) -> Naive {
        let raw = Admin::builder(url)
            .api_token(key)
            .max_retries(0)
            .timeout(Duration::from_secs(15))
            .build()
            .expect("a v1 admin client");
        Naive {
            inner: Crate::new(url, key),
            raw,
        }
    }
    fn post(&self, path: &str, body: Value) -> Out<Value> {
        super::naive::blind(|| {
            let text = self.raw.request("POST", path).json(&body).text()?;
            Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
        })
    }
}

impl AdminDriver for Naive {
    fn fork(&self) -> Box<dyn AdminDriver> {
        Box::new(Naive {
            inner: Crate {
                a: self.inner.a.clone(),
                url: self.inner.url.clone(),
                key: self.inner.key.clone(),
            },
            raw: self.raw.clone(),
        })
    }
    fn can_delete(&self) -> bool {
        false
    }
    fn create(&self, email: &str, first: &str, meta: &Map<String, Value>) -> Out<String> {
        let body = json!({"email": email, "first_name": first, "last_name": "Soak", "password": "", "metadata": meta});
        match self.post("/admin/customers", body) {
            Out::Ok(v) => Out::Ok(v["customer"]["id"].as_str().unwrap_or_default().into()),
            other => map_err(other),
        }
    }
    fn update(&self, id: &str, first: &str, set: &[(String, String)], unset: &[String]) -> Out<()> {
        self.inner.update(id, first, set, unset)
    }
    fn delete(&self, id: &str) -> Out<()> {
        self.inner.delete(id)
    }
    fn create_group(&self, name: &str) -> Out<String> {
        match self.post("/admin/customer-groups", json!({ "name": name })) {
            Out::Ok(v) => Out::Ok(
                v["customer_group"]["id"]
                    .as_str()
                    .unwrap_or_default()
                    .into(),
            ),
            other => map_err(other),
        }
    }
    fn group_members(&self, group: &str, customers: &[&str], add: bool) -> Out<()> {
        self.inner.group_members(group, customers, add)
    }
    fn customer_groups(&self, customer: &str, groups: &[&str], add: bool) -> Out<()> {
        self.inner.customer_groups(customer, groups, add)
    }
    fn import(&self, rows: &[PoolRow]) -> Vec<(usize, RowOut)> {
        self.inner.import(rows)
    }
    fn get(&self, id: &str) -> Out<Option<Cust>> {
        self.inner.get(id)
    }
    fn by_email(&self, email: &str) -> Out<Vec<Cust>> {
        self.inner.by_email(email)
    }
    fn groups_named(&self, name: &str) -> Out<Vec<String>> {
        self.inner.groups_named(name)
    }
}
