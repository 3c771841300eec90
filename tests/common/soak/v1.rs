//! The v1 soak target: the crate's typed calls ([`Crate`]) or the naive client.

use std::sync::Arc;
use std::time::Duration;

use medusa_blocking::v1::Medusa;
use medusa_blocking::v1::models::Customer;
use medusa_blocking::v1::store::params::{
    AddressCreate, AddressUpdate, CreateCustomer, ListOrders, ResetPassword, UpdateCustomer,
};

use super::{Addr, Driver, Out, Target, naive, out};

/// A v1 client as a soaked program would build one: retries on, short delays.
pub fn client(url: &str) -> Medusa {
    Medusa::builder(url)
        .max_retries(3)
        .retry_delays(Duration::from_millis(10), Duration::from_millis(100))
        .retry_after_max(Duration::from_secs(2))
        .timeout(Duration::from_secs(15))
        .build()
        .expect("a v1 client")
}

/// The v1 target, for the crate or the naive client.
pub fn target(url: String, naive: bool) -> Target {
    Target {
        server_dedups_and_ignores_unknown_ids: true,
        api: "v1",
        url,
        make: if naive {
            Arc::new(|u: &str| Box::new(naive::V1::new(u)) as Box<dyn Driver>)
        } else {
            Arc::new(|u: &str| Box::new(Crate(client(u), u.to_string())) as Box<dyn Driver>)
        },
        direct: Arc::new(|u: &str| Box::new(Crate(client(u), u.to_string())) as Box<dyn Driver>),
    }
}

pub fn addrs(c: &Customer) -> Vec<Addr> {
    c.shipping_addresses
        .iter()
        .flatten()
        .map(|a| Addr {
            id: a.id.clone(),
            line: a.address_1.clone().unwrap_or_default(),
            city: a.city.clone().unwrap_or_default(),
            postal: a.postal_code.clone().unwrap_or_default(),
        })
        .collect()
}

/// The crate's v1 client.
pub struct Crate(pub Medusa, pub String);

impl Driver for Crate {
    fn fork(&self) -> Box<dyn Driver> {
        Box::new(Crate(self.0.clone(), self.1.clone()))
    }
    fn fresh(&self) -> Box<dyn Driver> {
        Box::new(Crate(client(&self.1), self.1.clone()))
    }
    fn create(&self, email: &str, password: &str) -> Out<String> {
        let c = CreateCustomer {
            first_name: Some("Soak".into()),
            last_name: Some("Test".into()),
            ..CreateCustomer::new(email, password)
        };
        match out(self.0.customers().create(&c)) {
            Out::Ok(c) => Out::Ok(c.id),
            other => super::map_err(other),
        }
    }
    fn login(&self, email: &str, password: &str) -> Out<()> {
        match out(self.0.auth().authenticate(email, password)) {
            Out::Ok(_) => Out::Ok(()),
            other => super::map_err(other),
        }
    }
    fn logout(&self) -> Out<()> {
        out(self.0.auth().delete_session())
    }
    fn refresh(&self) -> Out<()> {
        match out(self.0.auth().get_session()) {
            Out::Ok(_) => Out::Ok(()),
            other => super::map_err(other),
        }
    }
    fn me(&self) -> Out<(String, Option<String>)> {
        match out(self.0.customers().retrieve()) {
            Out::Ok(c) => Out::Ok((c.id, c.first_name)),
            other => super::map_err(other),
        }
    }
    fn update_name(&self, name: &str) -> Out<()> {
        let u = UpdateCustomer {
            first_name: Some(name.into()),
            ..Default::default()
        };
        match out(self.0.customers().update(&u)) {
            Out::Ok(_) => Out::Ok(()),
            other => super::map_err(other),
        }
    }
    fn addresses(&self) -> Out<Vec<Addr>> {
        match out(self.0.customers().retrieve()) {
            Out::Ok(c) => Out::Ok(addrs(&c)),
            other => super::map_err(other),
        }
    }
    fn add_address(&self, line: &str, city: &str, postal: &str) -> Out<Vec<Addr>> {
        let a = AddressCreate::new("Jane", "Doe", line, city, "us", postal);
        match out(self.0.customers().addresses().add_address(&a)) {
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
        match out(self.0.customers().addresses().update_address(id, &u)) {
            Out::Ok(_) => Out::Ok(()),
            other => super::map_err(other),
        }
    }
    fn delete_address(&self, id: &str) -> Out<()> {
        match out(self.0.customers().addresses().delete_address(id)) {
            Out::Ok(_) => Out::Ok(()),
            other => super::map_err(other),
        }
    }
    fn orders(&self) -> Out<usize> {
        let page = match out(self.0.customers().list_orders(&ListOrders::default())) {
            Out::Ok(p) => p,
            other => return super::map_err(other),
        };
        let mut n = 0;
        for o in self.0.customers().iter_orders(&ListOrders::default()) {
            match out(o) {
                Out::Ok(_) => n += 1,
                other => return super::map_err(other),
            }
        }
        Out::Ok(n.max(page.count as usize))
    }
    fn request_reset(&self, email: &str) -> Out<()> {
        out(self.0.customers().generate_password_token(email))
    }
    fn reset(&self, email: &str, token: &str, password: &str) -> Out<()> {
        match out(self
            .0
            .customers()
            .reset_password(&ResetPassword::new(email, token, password)))
        {
            Out::Ok(_) => Out::Ok(()),
            other => super::map_err(other),
        }
    }
    fn missing_address_id(&self) -> String {
        super::missing_id()
    }
}
