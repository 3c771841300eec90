//! A deliberately naive client: the same calls through the crate's escape hatch, with the
//! crate's own retries off and a loop that retries blindly on anything that is not a 4xx, taking
//! the last answer as the truth. It never says "unknown". The soak must catch it diverging
//! (`live::soak_v1_naive_client_diverges`, `live::soak_v2_naive_client_diverges`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use medusa_blocking::Result;
use serde_json::{Value, json};

use super::{Addr, Driver, Out};

/// Up to four attempts; a 4xx stops, anything else (no answer, a 5xx) is tried again.
pub(super) fn blind<T>(f: impl Fn() -> Result<T>) -> Out<T> {
    let mut last = (None, String::new());
    for _ in 0..4 {
        match f() {
            Ok(v) => return Out::Ok(v),
            Err(e) => {
                last = (e.status(), e.to_string());
                if e.status().is_some_and(|s| s < 500) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
    Out::Definite(last.0, last.1)
}

fn then<A, B>(o: Out<A>, f: impl FnOnce(A) -> Out<B>) -> Out<B> {
    match o {
        Out::Ok(a) => f(a),
        other => super::map_err(other),
    }
}

fn addrs(list: &Value) -> Vec<Addr> {
    let s = |a: &Value, k: &str| a[k].as_str().unwrap_or_default().to_string();
    list.as_array()
        .into_iter()
        .flatten()
        .map(|a| Addr {
            id: s(a, "id"),
            line: s(a, "address_1"),
            city: s(a, "city"),
            postal: s(a, "postal_code"),
        })
        .collect()
}

fn who(c: &Value) -> (String, Option<String>) {
    (
        c["id"].as_str().unwrap_or_default().to_string(),
        c["first_name"].as_str().map(str::to_string),
    )
}

/// The naive v1 client.
pub struct V1 {
    m: medusa_blocking::v1::Medusa,
    url: String,
}

impl V1 {
    pub fn new(url: &str) -> V1 {
        let m = medusa_blocking::v1::Medusa::builder(url)
            .max_retries(0)
            .timeout(Duration::from_secs(15))
            .build()
            .expect("a v1 client");
        V1 { m, url: url.into() }
    }
    fn send(&self, method: &str, path: &str, body: Option<Value>) -> Out<Value> {
        blind(|| {
            let r = self.m.request(method, path);
            let r = match &body {
                Some(b) => r.json(b),
                None => r,
            };
            let text = r.text()?;
            Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
        })
    }
}

impl Driver for V1 {
    fn fork(&self) -> Box<dyn Driver> {
        Box::new(V1 {
            m: self.m.clone(),
            url: self.url.clone(),
        })
    }
    fn fresh(&self) -> Box<dyn Driver> {
        Box::new(V1::new(&self.url))
    }
    fn create(&self, email: &str, password: &str) -> Out<String> {
        let body = json!({"email": email, "password": password, "first_name": "Soak", "last_name": "Test"});
        then(self.send("POST", "/store/customers", Some(body)), |v| {
            Out::Ok(who(&v["customer"]).0)
        })
    }
    fn login(&self, email: &str, password: &str) -> Out<()> {
        let body = json!({"email": email, "password": password});
        then(
            self.send("POST", "/store/auth", Some(body)),
            |_| Out::Ok(()),
        )
    }
    fn logout(&self) -> Out<()> {
        let o = self.send("DELETE", "/store/auth", None);
        self.m.clear_session();
        then(o, |_| Out::Ok(()))
    }
    fn refresh(&self) -> Out<()> {
        then(self.send("GET", "/store/auth", None), |_| Out::Ok(()))
    }
    fn me(&self) -> Out<(String, Option<String>)> {
        then(self.send("GET", "/store/customers/me", None), |v| {
            Out::Ok(who(&v["customer"]))
        })
    }
    fn update_name(&self, name: &str) -> Out<()> {
        let body = json!({ "first_name": name });
        then(self.send("POST", "/store/customers/me", Some(body)), |_| {
            Out::Ok(())
        })
    }
    fn addresses(&self) -> Out<Vec<Addr>> {
        then(self.send("GET", "/store/customers/me", None), |v| {
            Out::Ok(addrs(&v["customer"]["shipping_addresses"]))
        })
    }
    fn add_address(&self, line: &str, city: &str, postal: &str) -> Out<Vec<Addr>> {
        let body = json!({"address": {"first_name": "Jane", "last_name": "Doe", "address_1": line,
            "city": city, "country_code": "us", "postal_code": postal, "phone": null,
            "address_2": null, "province": null}});
        then(
            self.send("POST", "/store/customers/me/addresses", Some(body)),
            |v| Out::Ok(addrs(&v["customer"]["shipping_addresses"])),
        )
    }
    fn update_address(&self, id: &str, city: &str, postal: &str) -> Out<()> {
        let body = json!({"city": city, "postal_code": postal});
        let path = format!("/store/customers/me/addresses/{id}");
        then(self.send("POST", &path, Some(body)), |_| Out::Ok(()))
    }
    fn delete_address(&self, id: &str) -> Out<()> {
        let path = format!("/store/customers/me/addresses/{id}");
        then(self.send("DELETE", &path, None), |_| Out::Ok(()))
    }
    fn orders(&self) -> Out<usize> {
        then(self.send("GET", "/store/customers/me/orders", None), |v| {
            Out::Ok(v["count"].as_u64().unwrap_or(0) as usize)
        })
    }
    fn request_reset(&self, email: &str) -> Out<()> {
        let body = json!({ "email": email });
        then(
            self.send("POST", "/store/customers/password-token", Some(body)),
            |_| Out::Ok(()),
        )
    }
    fn reset(&self, email: &str, token: &str, password: &str) -> Out<()> {
        let body = json!({"email": email, "token": token, "password": password});
        then(
            self.send("POST", "/store/customers/password-reset", Some(body)),
            |_| Out::Ok(()),
        )
    }
    fn missing_address_id(&self) -> String {
        super::missing_id()
    }
}

/// The naive v2 client: it keeps its token itself and sends it on every call.
pub struct V2 {
    m: medusa_blocking::v2::Medusa,
    url: String,
    key: String,
    token: Arc<Mutex<Option<String>>>,
}

impl V2 {
    pub fn new(url: &str, key: &str) -> V2 {
        let m = medusa_blocking::v2::Medusa::builder(url)
            .publishable_api_key(key)
            .max_retries(0)
            .timeout(Duration::from_secs(15))
            .build()
            .expect("a v2 client");
        V2 {
            m,
            url: url.into(),
            key: key.into(),
            token: Arc::new(Mutex::new(None)),
        }
    }
    fn send_as(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        token: Option<String>,
    ) -> Out<Value> {
        blind(|| {
            let mut r = self.m.request(method, path);
            if let Some(t) = &token {
                r = r.header("Authorization", &format!("Bearer {t}"));
            }
            let r = match &body {
                Some(b) => r.json(b),
                None => r,
            };
            let text = r.text()?;
            Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
        })
    }
    fn send(&self, method: &str, path: &str, body: Option<Value>) -> Out<Value> {
        let token = self.token.lock().unwrap().clone();
        self.send_as(method, path, body, token)
    }
}

impl Driver for V2 {
    fn fork(&self) -> Box<dyn Driver> {
        Box::new(V2 {
            m: self.m.clone(),
            url: self.url.clone(),
            key: self.key.clone(),
            token: Arc::clone(&self.token),
        })
    }
    fn fresh(&self) -> Box<dyn Driver> {
        Box::new(V2::new(&self.url, &self.key))
    }
    fn create(&self, email: &str, password: &str) -> Out<String> {
        let creds = json!({"email": email, "password": password});
        let reg = self.send_as(
            "POST",
            "/auth/customer/emailpass/register",
            Some(creds),
            None,
        );
        then(reg, |v| {
            let token = v["token"].as_str().unwrap_or_default().to_string();
            let body = json!({"email": email, "first_name": "Soak", "last_name": "Test"});
            then(
                self.send_as("POST", "/store/customers", Some(body), Some(token)),
                |c| {
                    let id = who(&c["customer"]).0;
                    then(self.login(email, password), |_| Out::Ok(id))
                },
            )
        })
    }
    fn login(&self, email: &str, password: &str) -> Out<()> {
        let creds = json!({"email": email, "password": password});
        then(
            self.send_as("POST", "/auth/customer/emailpass", Some(creds), None),
            |v| {
                *self.token.lock().unwrap() = v["token"].as_str().map(str::to_string);
                Out::Ok(())
            },
        )
    }
    fn logout(&self) -> Out<()> {
        *self.token.lock().unwrap() = None;
        self.m.clear_session();
        Out::Ok(())
    }
    fn refresh(&self) -> Out<()> {
        then(
            self.send("POST", "/auth/token/refresh", Some(json!({}))),
            |v| {
                if let Some(t) = v["token"].as_str() {
                    *self.token.lock().unwrap() = Some(t.to_string());
                }
                Out::Ok(())
            },
        )
    }
    fn me(&self) -> Out<(String, Option<String>)> {
        then(self.send("GET", "/store/customers/me", None), |v| {
            Out::Ok(who(&v["customer"]))
        })
    }
    fn update_name(&self, name: &str) -> Out<()> {
        let body = json!({ "first_name": name });
        then(self.send("POST", "/store/customers/me", Some(body)), |_| {
            Out::Ok(())
        })
    }
    fn addresses(&self) -> Out<Vec<Addr>> {
        // Every address, as the crate's listing in the soak: one page of up to 1,000 when the
        // list fits (one snapshot; paging by offset while clones add and delete can skip one),
        // in a stable order. A customer of a long run holds hundreds of addresses, and a
        // listing that stopped early would count the rest as lost (a divergence of the soak,
        // not of the client).
        let mut all = Vec::new();
        loop {
            let path = format!(
                "/store/customers/me/addresses?order=id&limit=1000&offset={}",
                all.len()
            );
            let page = match self.send("GET", &path, None) {
                Out::Ok(v) => v,
                other => return super::map_err(other),
            };
            let items = addrs(&page["addresses"]);
            let count = page["count"].as_u64().unwrap_or(0) as usize;
            let empty = items.is_empty();
            all.extend(items);
            if empty || all.len() >= count {
                return Out::Ok(all);
            }
        }
    }
    fn add_address(&self, line: &str, city: &str, postal: &str) -> Out<Vec<Addr>> {
        let body = json!({"first_name": "Jane", "last_name": "Doe", "address_1": line,
            "city": city, "country_code": "ca", "postal_code": postal});
        then(
            self.send("POST", "/store/customers/me/addresses", Some(body)),
            |v| Out::Ok(addrs(&v["customer"]["addresses"])),
        )
    }
    fn update_address(&self, id: &str, city: &str, postal: &str) -> Out<()> {
        let body = json!({"city": city, "postal_code": postal});
        let path = format!("/store/customers/me/addresses/{id}");
        then(self.send("POST", &path, Some(body)), |_| Out::Ok(()))
    }
    fn delete_address(&self, id: &str) -> Out<()> {
        let path = format!("/store/customers/me/addresses/{id}");
        then(self.send("DELETE", &path, None), |_| Out::Ok(()))
    }
    fn orders(&self) -> Out<usize> {
        then(self.send("GET", "/store/orders", None), |v| {
            Out::Ok(v["count"].as_u64().unwrap_or(0) as usize)
        })
    }
    fn request_reset(&self, email: &str) -> Out<()> {
        let body = json!({ "identifier": email });
        then(
            self.send_as(
                "POST",
                "/auth/customer/emailpass/reset-password",
                Some(body),
                None,
            ),
            |_| Out::Ok(()),
        )
    }
    fn reset(&self, _email: &str, token: &str, password: &str) -> Out<()> {
        let body = json!({ "password": password });
        then(
            self.send_as(
                "POST",
                "/auth/customer/emailpass/update",
                Some(body),
                Some(token.to_string()),
            ),
            |_| Out::Ok(()),
        )
    }
    fn missing_address_id(&self) -> String {
        super::missing_id()
    }
}
