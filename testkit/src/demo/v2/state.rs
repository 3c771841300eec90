//! The in-memory state of the demo backend: auth identities, sessions, customers, addresses,
//! orders and the reset tokens the test hook shows.

use super::*;

#[derive(Default)]
pub(super) struct State {
    pub(super) identities: Vec<Identity>,
    pub(super) customers: Vec<Customer>,
    pub(super) addresses: Vec<Address>,
    pub(super) orders: Vec<Order>,
    pub(super) carts: Vec<Cart>,
    pub(super) groups: Vec<Group>,
    /// (customer id, group id) pairs.
    pub(super) memberships: Vec<(String, String)>,
    pub(super) sessions: HashMap<String, Session>,
    /// `"<actor type>:<e-mail, lower case>"` → the hook's record of the latest reset token.
    pub(super) reset_hook: HashMap<String, J>,
    pub(super) next_display_id: u64,
    pub(super) session_inserts: u64,
}

impl State {
    /// The `emailpass` identity of an e-mail (case-sensitive, as Medusa 2 compares it).
    pub(super) fn identity_idx(&self, email: &str) -> Option<usize> {
        self.identities.iter().position(|i| i.entity_id == email)
    }

    pub(super) fn customer_idx(&self, id: &str) -> Option<usize> {
        self.customers.iter().position(|c| c.id == id)
    }

    /// An address of customer `customer_id`.
    pub(super) fn address_idx(&self, customer_id: &str, id: &str) -> Option<usize> {
        self.addresses
            .iter()
            .position(|a| a.id == id && a.customer_id == customer_id)
    }
}

/// An auth identity with its `emailpass` provider identity.
pub(super) struct Identity {
    /// `authid_…`.
    pub(super) id: String,
    /// The e-mail, as registered.
    pub(super) entity_id: String,
    pub(super) password: PasswordHash,
    /// `app_metadata`: `<actor type>_id` → actor id (`customer_id` once the customer exists).
    pub(super) app_metadata: Vec<(String, String)>,
    /// The `jti` of the one reset token that is still good: a newer token or a use voids it.
    pub(super) reset_jti: Option<String>,
}

impl Identity {
    /// The actor of this type the identity is linked to, or `""`.
    pub(super) fn actor_id(&self, actor_type: &str) -> String {
        let key = format!("{actor_type}_id");
        self.app_metadata
            .iter()
            .find(|(k, _)| *k == key)
            .map_or_else(String::new, |(_, v)| v.clone())
    }
}

/// A cookie session: the auth context it carries (a token's payload) and its expiry.
pub(super) struct Session {
    pub(super) auth: J,
    pub(super) expires: i64,
}

#[derive(Clone)]
pub(super) struct Customer {
    pub(super) id: String,
    pub(super) email: String,
    pub(super) company_name: Option<String>,
    pub(super) first_name: Option<String>,
    pub(super) last_name: Option<String>,
    pub(super) phone: Option<String>,
    pub(super) metadata: Option<J>,
    /// A store sign-up (`true`) or a record made through the Admin API.
    pub(super) has_account: bool,
    /// The admin user or secret key that made it (`None` for a sign-up).
    pub(super) created_by: Option<String>,
    pub(super) created_at: i64,
    pub(super) updated_at: i64,
}

/// The text columns of a customer address, in the order the customer's `addresses` show them.
pub(super) const ADDRESS_TEXT: [&str; 11] = [
    "address_name",
    "company",
    "first_name",
    "last_name",
    "address_1",
    "address_2",
    "city",
    "country_code",
    "province",
    "postal_code",
    "phone",
];

#[derive(Clone)]
pub(super) struct Address {
    pub(super) id: String,
    pub(super) customer_id: String,
    pub(super) text: [Option<String>; 11], // ADDRESS_TEXT
    pub(super) is_default_shipping: bool,
    pub(super) is_default_billing: bool,
    pub(super) metadata: Option<J>,
    pub(super) created_at: i64,
    pub(super) updated_at: i64,
}

impl Address {
    pub(super) fn col(&self, name: &str) -> Option<&str> {
        ADDRESS_TEXT
            .iter()
            .position(|c| *c == name)
            .and_then(|i| self.text[i].as_deref())
    }
}

pub(super) struct Order {
    pub(super) id: String,
    pub(super) customer_id: String,
    pub(super) status: &'static str,
    pub(super) created_at: i64,
    /// The order as `GET /store/orders/:id` shows it by default.
    pub(super) view: J,
    /// The order as `GET /store/orders` lists it by default.
    pub(super) list: J,
}
