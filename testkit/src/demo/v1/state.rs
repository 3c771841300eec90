//! The in-memory state of the demo backend: customers, addresses, orders and sessions.

use super::*;

#[derive(Default)]
pub(super) struct State {
    pub(super) customers: Vec<Customer>,
    pub(super) addresses: Vec<Address>,
    pub(super) orders: Vec<Order>,
    pub(super) sessions: HashMap<String, Session>,
    pub(super) reset_hook: HashMap<String, J>,
    pub(super) next_display_id: u64,
    pub(super) session_inserts: u64,
}

impl State {
    pub(super) fn customer_idx(&self, id: &str) -> Option<usize> {
        self.customers.iter().position(|c| c.id == id)
    }

    /// `retrieveRegisteredByEmail`: lower-cased e-mail, `has_account = true`.
    pub(super) fn registered_idx(&self, email: &str) -> Option<usize> {
        let email = email.to_lowercase();
        self.customers
            .iter()
            .position(|c| c.has_account && c.email == email)
    }

    pub(super) fn live_address_idx(&self, id: &str) -> Option<usize> {
        self.addresses
            .iter()
            .position(|a| a.id == id && a.deleted_at.is_none())
    }
}

pub(super) struct Session {
    pub(super) customer_id: Option<String>,
    pub(super) expires: i64,
}

#[derive(Clone)]
pub(super) struct Customer {
    pub(super) id: String,
    pub(super) created_at: i64,
    pub(super) updated_at: i64,
    pub(super) email: String,
    pub(super) first_name: Option<String>,
    pub(super) last_name: Option<String>,
    pub(super) billing_address_id: Option<String>,
    pub(super) phone: Option<String>,
    pub(super) has_account: bool,
    pub(super) metadata: Option<J>,
    pub(super) password_hash: Option<PasswordHash>,
}

#[derive(Clone)]
pub(super) struct Address {
    pub(super) id: String,
    pub(super) created_at: i64,
    pub(super) updated_at: i64,
    pub(super) deleted_at: Option<i64>,
    pub(super) customer_id: Option<String>,
    pub(super) columns: [Option<String>; 10], // ADDRESS_COLUMNS
    pub(super) metadata: Option<J>,
}

impl Address {
    pub(super) fn col(&self, name: &str) -> Option<&Option<String>> {
        ADDRESS_COLUMNS
            .iter()
            .position(|c| *c == name)
            .map(|i| &self.columns[i])
    }

    pub(super) fn col_mut(&mut self, name: &str) -> Option<&mut Option<String>> {
        ADDRESS_COLUMNS
            .iter()
            .position(|c| *c == name)
            .map(move |i| &mut self.columns[i])
    }
}

pub(super) struct Order {
    pub(super) id: String,
    pub(super) customer_id: String,
    pub(super) created_at: i64,
    pub(super) updated_at: i64,
    pub(super) canceled_at: Option<i64>,
    pub(super) display_id: u64,
    pub(super) status: &'static str,
    pub(super) fulfillment_status: &'static str,
    pub(super) payment_status: &'static str,
    pub(super) cart_id: String,
    pub(super) email: String,
    pub(super) region_id: String,
    pub(super) currency_code: String,
    pub(super) shipping_first_name: Option<String>,
    /// The order as `GET /store/customers/me/orders` shows it; `customer` is filled per response.
    pub(super) list_json: J,
    /// The order as the `orders` relation of `/store/auth` shows it (columns plus items).
    pub(super) auth_json: J,
}
