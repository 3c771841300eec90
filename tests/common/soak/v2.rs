//! The v2 soak target: the crate's typed calls ([`Crate`]) or the naive client.

use std::sync::Arc;
use std::time::Duration;

use medusa_blocking::v2::Medusa;
use medusa_blocking::v2::models::{Customer, CustomerAddress};
use medusa_blocking::v2::store::params::{
    AddressCreate, AddressUpdate, CreateCustomer, ListAddresses, ListOrders, ResetPassword,
    UpdateCustomer,
};

use super::{Addr, Driver, Make, Out, Target, naive, out};

/// A v2 client as a soaked program would build one: retries on, short delays.
pub fn client(url: &str, key: &str) -> Medusa {
    Medusa::builder(url)
        .publishable_api_key(key)
        .max_retries(3)
        .retry_delays(Duration::from_millis(10), Duration::from_millis(100))
        .retry_after_max(Duration::from_secs(2))
        .timeout(Duration::from_secs(15))
        .build()
        .expect("a v2 client")
}

/// The v2 target, for the crate or the naive client.
pub fn target(url: String, key: String, naive: bool) -> Target {
    let k = key.clone();
    let make: Make = if naive {
        Arc::new(move |u: &str| Box::new(naive::V2::new(u, &k)) as Box<dyn Driver>)
    } else {
        Arc::new(move |u: &str| Box::new(Crate::new(u, &k)) as Box<dyn Driver>)
    };
    Target {
        server_dedups_and_ignores_unknown_ids: false,
        api: "v2",
        url,
        make,
        direct: Arc::new(move |u: &str| Box::new(Crate::new(u, &key)) as Box<dyn Driver>),
    }
}

fn addrs(c: &Customer) -> Vec<Addr> {
    c.addresses
        .iter()
        .map(|a| Addr {
            id: a.id.clone(),
            line: a.address_1.clone().unwrap_or_default(),
            city: a.city.clone().unwrap_or_default(),
            postal: a.postal_code.clone().unwrap_or_default(),
        })
        .collect()
}

/// The crate's v2 client.
pub struct Crate {
    m: Medusa,
    url: String,
    key: String,
}

impl Crate {
    pub fn new(url: &str, key: &str) -> Crate {
        Crate {
            m: client(url, key),
            url: url.into(),
            key: key.into(),
        }
    }
}

impl Driver for Crate {
    fn fork(&self) -> Box<dyn Driver> {
        Box::new(Crate {
            m: self.m.clone(),
            url: self.url.clone(),
            key: self.key.clone(),
        })
    }
    fn fresh(&self) -> Box<dyn Driver> {
        Box::new(Crate::new(&self.url, &self.key))
    }
    fn create(&self, email: &str, password: &str) -> Out<String> {
        let c = CreateCustomer {
            first_name: Some("Soak".into()),
            last_name: Some("Test".into()),
            ..CreateCustomer::new(email, password)
        };
        match out(self.m.customers().create(&c)) {
            Out::Ok(c) => Out::Ok(c.id),
            other => super::map_err(other),
        }
    }
    fn login(&self, email: &str, password: &str) -> Out<()> {
        match out(self.m.auth().login(email, password)) {
            Out::Ok(_) => Out::Ok(()),
            other => super::map_err(other),
        }
    }
    fn logout(&self) -> Out<()> {
        out(self.m.auth().logout())
    }
    fn refresh(&self) -> Out<()> {
        match out(self.m.auth().refresh()) {
            Out::Ok(_) => Out::Ok(()),
            other => super::map_err(other),
        }
    }
    fn me(&self) -> Out<(String, Option<String>)> {
        match out(self.m.customers().retrieve()) {
            Out::Ok(c) => Out::Ok((c.id, c.first_name)),
            other => super::map_err(other),
        }
    }
    fn update_name(&self, name: &str) -> Out<()> {
        let u = UpdateCustomer {
            first_name: Some(name.into()),
            ..Default::default()
        };
        match out(self.m.customers().update(&u)) {
            Out::Ok(_) => Out::Ok(()),
            other => super::map_err(other),
        }
    }
    fn addresses(&self) -> Out<Vec<Addr>> {
        // One page when the list fits, so that it is one snapshot: paging by offset while
        // clones add and delete can skip an address or show one twice (a fact of offsets,
        // not of the crate), which the model would count against it.
        let to_addr = |a: &CustomerAddress| Addr {
            id: a.id.clone(),
            line: a.address_1.clone().unwrap_or_default(),
            city: a.city.clone().unwrap_or_default(),
            postal: a.postal_code.clone().unwrap_or_default(),
        };
        let q = ListAddresses {
            limit: Some(1000),
            order: Some("id".into()),
            ..Default::default()
        };
        let page = match out(self.m.customers().addresses().list(&q)) {
            Out::Ok(page) => page,
            other => return super::map_err(other),
        };
        if page.count as usize <= page.addresses.len() {
            return Out::Ok(page.addresses.iter().map(to_addr).collect());
        }
        let mut all = Vec::new();
        for a in self.m.customers().addresses().iter(&q) {
            match out(a) {
                Out::Ok(a) => all.push(to_addr(&a)),
                other => return super::map_err(other),
            }
        }
        Out::Ok(all)
    }
    fn add_address(&self, line: &str, city: &str, postal: &str) -> Out<Vec<Addr>> {
        let a = AddressCreate::new("Jane", "Doe", line, city, "ca", postal);
        match out(self.m.customers().addresses().add_address(&a)) {
            Out::Ok(c) => Out::Ok(addrs(&c)),
            other => super::map_err(other),
        }
    }
    fn update_address(&self, id: &str, city: &str, postal: &str) -> Out<()> {
        let u = AddressUpdate {
            city: Some(city.into()),
            postal_code: Some(postal.into()),
            ..Default::default()
        };
        match out(self.m.customers().addresses().update_address(id, &u)) {
            Out::Ok(_) => Out::Ok(()),
            other => super::map_err(other),
        }
    }
    fn delete_address(&self, id: &str) -> Out<()> {
        match out(self.m.customers().addresses().delete_address(id)) {
            Out::Ok(_) => Out::Ok(()),
            other => super::map_err(other),
        }
    }
    fn orders(&self) -> Out<usize> {
        let page = match out(self.m.orders().list(&ListOrders::default())) {
            Out::Ok(p) => p,
            other => return super::map_err(other),
        };
        let mut n = 0;
        for o in self.m.orders().iter(&ListOrders::default()) {
            match out(o) {
                Out::Ok(_) => n += 1,
                other => return super::map_err(other),
            }
        }
        Out::Ok(n.max(page.count as usize))
    }
    fn request_reset(&self, email: &str) -> Out<()> {
        out(self.m.customers().generate_password_token(email))
    }
    fn reset(&self, email: &str, token: &str, password: &str) -> Out<()> {
        out(self
            .m
            .customers()
            .reset_password(&ResetPassword::new(email, token, password)))
    }
    fn missing_address_id(&self) -> String {
        super::missing_id()
    }
}
