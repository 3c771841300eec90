use std::sync::Mutex;

use super::*;

/// A customer of the fake server.
#[derive(Debug, Clone, PartialEq)]
struct Fake {
    id: usize,
    email: String,
    metadata: Option<Map<String, Value>>,
    account: bool,
    groups: Vec<String>,
}

/// A server in memory that refuses a second e-mail (as both Medusa servers do for records
/// without account), and can lose the answer of the next create or fail the next look-up.
#[derive(Default)]
struct Server {
    customers: Mutex<Vec<Fake>>,
    lose_next_create: Mutex<bool>,
    fail_groups: Mutex<bool>,
    creates: AtomicUsize,
}

impl Importer for Server {
    type Customer = Fake;

    fn lookup(&self, email: &str) -> Result<Vec<Fake>> {
        let all = self.customers.lock().unwrap();
        Ok(all.iter().filter(|c| c.email == email).cloned().collect())
    }

    fn create(&self, row: &ImportRow, metadata: Map<String, Value>) -> Result<Fake> {
        self.creates.fetch_add(1, Ordering::SeqCst);
        let mut all = self.customers.lock().unwrap();
        if all.iter().any(|c| c.email == row.email && !c.account) {
            return Err(Error::InvalidInput("duplicate".into()));
        }
        let c = Fake {
            id: all.len(),
            email: row.email.clone(),
            metadata: Some(metadata),
            account: false,
            groups: vec![],
        };
        all.push(c.clone());
        let mut lose = self.lose_next_create.lock().unwrap();
        if *lose {
            *lose = false;
            return Err(Error::OutcomeUnknown {
                operation: "create",
                error: Box::new(Error::InvalidInput("lost".into())),
            });
        }
        Ok(c)
    }

    fn groups_of<'c>(&self, customer: &'c Fake) -> Option<Vec<&'c str>> {
        Some(customer.groups.iter().map(String::as_str).collect())
    }

    fn add_groups(&self, customer: &Fake, groups: &[&str]) -> Result<()> {
        if *self.fail_groups.lock().unwrap() {
            return Err(Error::InvalidInput("groups down".into()));
        }
        let mut all = self.customers.lock().unwrap();
        let c = all.iter_mut().find(|c| c.id == customer.id).unwrap();
        for g in groups {
            if !c.groups.iter().any(|have| have == g) {
                c.groups.push(g.to_string());
            }
        }
        Ok(())
    }

    fn metadata<'c>(&self, customer: &'c Fake) -> Option<&'c Map<String, Value>> {
        customer.metadata.as_ref()
    }

    fn has_account(&self, customer: &Fake) -> bool {
        customer.account
    }

    fn is_duplicate(&self, error: &Error) -> bool {
        matches!(error, Error::InvalidInput(m) if m == "duplicate")
    }
}

fn with_reference(r: &str) -> Option<Map<String, Value>> {
    let mut m = Map::new();
    m.insert("import_ref".into(), Value::String(r.into()));
    Some(m)
}

fn rows(n: usize) -> Vec<ImportRow> {
    (0..n)
        .map(|i| ImportRow::new(format!("r-{i}"), format!("c{i}@example.com")).group("g1"))
        .collect()
}

fn import(server: &Server, rows: &[ImportRow], threads: usize) -> (ImportSummary, Vec<String>) {
    let mut labels = vec![String::new(); rows.len()];
    let summary = run(
        rows,
        threads,
        |row| import_row(server, row, DEFAULT_REFERENCE_KEY),
        |i, _, outcome| labels[i] = outcome.label().to_string(),
    );
    (summary, labels)
}

#[test]
fn a_rerun_creates_nothing_and_reports_every_row_already_there() {
    let server = Server::default();
    let rows = rows(40);
    let (first, _) = import(&server, &rows, 4);
    assert_eq!((first.rows, first.created, first.failed), (40, 40, 0));
    let (second, labels) = import(&server, &rows, 4);
    assert_eq!((second.created, second.already_there), (0, 40));
    assert!(labels.iter().all(|l| l == "already there"));
    assert_eq!(server.creates.load(Ordering::SeqCst), 40);
    assert!(
        server
            .customers
            .lock()
            .unwrap()
            .iter()
            .all(|c| c.groups == ["g1"])
    );
}

#[test]
fn an_existing_customer_that_is_not_the_rows_is_a_conflict_and_is_left_alone() {
    let server = Server::default();
    let before = vec![
        Fake {
            id: 0,
            email: "c0@example.com".into(),
            metadata: None,
            account: false,
            groups: vec![],
        },
        Fake {
            id: 1,
            email: "c1@example.com".into(),
            metadata: with_reference("r-1"),
            account: true,
            groups: vec![],
        },
        Fake {
            id: 2,
            email: "c2@example.com".into(),
            metadata: with_reference("other"),
            account: false,
            groups: vec![],
        },
    ];
    *server.customers.lock().unwrap() = before.clone();
    let (summary, labels) = import(&server, &rows(3), 2);
    assert_eq!(summary.conflicts, 3, "{labels:?}");
    assert!(!summary.is_clean());
    assert_eq!(*server.customers.lock().unwrap(), before, "nothing changed");
}

#[test]
fn two_rows_racing_for_one_email_create_it_once() {
    let server = Server::default();
    let mut rows = rows(1);
    rows.push(rows[0].clone());
    rows.push(ImportRow::new("r-other", "c0@example.com"));
    let (summary, _) = import(&server, &rows, 3);
    assert_eq!(server.customers.lock().unwrap().len(), 1);
    assert_eq!(summary.created, 1);
    assert_eq!(summary.already_there + summary.conflicts, 2);
}

#[test]
fn a_create_whose_outcome_stayed_unknown_fails_the_row_and_a_rerun_finds_it() {
    // The wing's create could not settle a lost answer: the row is not counted created (an
    // identical import may have made the customer), and a rerun reports it already there.
    let server = Server::default();
    *server.lose_next_create.lock().unwrap() = true;
    let (summary, labels) = import(&server, &rows(1), 1);
    assert_eq!(labels, ["failed"]);
    assert_eq!((summary.created, summary.failed), (0, 1));
    let (again, labels) = import(&server, &rows(1), 1);
    assert_eq!(labels, ["already there"]);
    assert_eq!((again.created, again.already_there), (0, 1));
    assert_eq!(server.customers.lock().unwrap().len(), 1, "made once");
    assert_eq!(server.customers.lock().unwrap()[0].groups, ["g1"]);
}

#[test]
fn failed_groups_fail_the_row_and_a_rerun_completes_it() {
    let server = Server::default();
    *server.fail_groups.lock().unwrap() = true;
    let (summary, labels) = import(&server, &rows(1), 1);
    assert_eq!((summary.failed, labels[0].as_str()), (1, "failed"));
    *server.fail_groups.lock().unwrap() = false;
    let (summary, _) = import(&server, &rows(1), 1);
    assert_eq!((summary.created, summary.already_there), (0, 1));
    assert_eq!(server.customers.lock().unwrap()[0].groups, ["g1"]);
    assert_eq!(server.creates.load(Ordering::SeqCst), 1);
}

#[test]
fn rows_are_checked_before_any_request() {
    let server = Server::default();
    let bad = vec![
        ImportRow::new("", "a@example.com"),
        ImportRow::new("r", "not-an-email"),
        ImportRow::new("r", " a@example.com"),
        ImportRow::new("r", "a@example.com").metadata("import_ref", "x"),
        ImportRow::new("r", "a@example.com").group(" "),
    ];
    let (summary, _) = import(&server, &bad, 2);
    assert_eq!(summary.failed, 5);
    assert_eq!(server.creates.load(Ordering::SeqCst), 0);
    // The reference may be repeated in the metadata with its own value.
    assert!(
        ImportRow::new("r", "a@example.com")
            .metadata("import_ref", "r")
            .check("import_ref")
            .is_ok()
    );
}

#[test]
fn the_pool_hands_every_row_once_to_the_callers_thread() {
    let caller = std::thread::current().id();
    let rows = rows(100);
    let mut seen = vec![0; 100];
    let summary = run(
        &rows,
        8,
        |row| RowOutcome::Created(row.reference.clone()),
        |i, row, outcome| {
            assert_eq!(std::thread::current().id(), caller);
            assert_eq!(outcome.customer(), Some(&row.reference));
            seen[i] += 1;
        },
    );
    assert!(seen.iter().all(|&n| n == 1));
    assert_eq!(summary.created, 100);
    let empty = run(&[], 4, |_| RowOutcome::Created(()), |_, _, _| {});
    assert_eq!(empty.rows, 0);
}

#[test]
fn one_thread_works_the_rows_in_order_on_the_callers_thread() {
    let caller = std::thread::current().id();
    let rows = rows(20);
    let mut order = Vec::new();
    let summary = run(
        &rows,
        1,
        |row| {
            assert_eq!(std::thread::current().id(), caller);
            RowOutcome::Created(row.reference.clone())
        },
        |i, row, outcome| {
            assert_eq!(outcome.customer(), Some(&row.reference));
            order.push(i);
        },
    );
    assert_eq!(order, (0..20).collect::<Vec<_>>());
    assert_eq!(summary.created, 20);
    assert_eq!(
        run(&[], 1, |_| RowOutcome::Created(()), |_, _, _| {}).rows,
        0
    );
}
