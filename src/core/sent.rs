//! What sending a call gave: its result, and whether an attempt was lost on the way. Recovery
//! from a lost response is a method of it ([`Sent::settle`]).

use crate::core::error::{Error, Result};

/// The outcome of a sent call: the result of its last attempt, and whether an earlier attempt
/// got no response and was retried (the server may have acted on that attempt: a duplicate or
/// "used token" error of a later one may mean the call had taken effect).
#[must_use = "a sent call's outcome is its result"]
pub(crate) struct Sent<T> {
    result: Result<T>,
    lost: bool,
    /// Whether repeating the call is harmless (a read, a delete by id, an update that sets
    /// values): its error after a lost response stands as it came.
    idempotent: bool,
    /// Whether the call changes something on the server: a lost attempt of a read leaves
    /// nothing behind.
    changes: bool,
    /// What the call is, as [`Error::OutcomeUnknown`] names it.
    operation: &'static str,
}

impl<T> Sent<T> {
    /// An outcome, of an idempotent call until [`declared`](Self::declared) says otherwise.
    pub(crate) fn new(result: Result<T>, lost: bool) -> Sent<T> {
        Sent {
            result,
            lost,
            idempotent: true,
            changes: false,
            operation: "call",
        }
    }

    /// Says whether the call is idempotent, whether it changes something, and what it is called
    /// in an unknown outcome.
    pub(crate) fn declared(
        mut self,
        idempotent: bool,
        changes: bool,
        operation: &'static str,
    ) -> Sent<T> {
        self.idempotent = idempotent;
        self.changes = changes;
        self.operation = operation;
        self
    }

    /// The value, when the call succeeded.
    pub(crate) fn value(&self) -> Option<&T> {
        self.result.as_ref().ok()
    }

    /// Whether an attempt got no response and was retried.
    pub(crate) fn lost(&self) -> bool {
        self.lost
    }

    /// Turns the value into another (a decoded body), keeping whether an attempt was lost.
    pub(crate) fn and_then<U>(self, f: impl FnOnce(T) -> Result<U>) -> Sent<U> {
        Sent {
            result: self.result.and_then(f),
            lost: self.lost,
            idempotent: self.idempotent,
            changes: self.changes,
            operation: self.operation,
        }
    }

    /// Turns the error into another (a wing's words for it), keeping whether an attempt was
    /// lost.
    pub(crate) fn map_err(self, f: impl FnOnce(Error) -> Error) -> Sent<T> {
        Sent {
            result: self.result.map_err(f),
            lost: self.lost,
            idempotent: self.idempotent,
            changes: self.changes,
            operation: self.operation,
        }
    }

    /// The result, for a call that checks nothing: as it came, but for the error of a call that
    /// changes something after an attempt got no response. The lost attempt may have acted
    /// (the last attempt's 503 or reset says nothing about it), so that error is
    /// [`Error::OutcomeUnknown`], the last error kept as its source. An error that says what
    /// the server did (a 2xx that could not be decoded) or that nothing was sent stands; so
    /// does, for an idempotent call, the server's verdict on the request itself (a 4xx such as
    /// a 400 or 404, which the lost attempt, the same request, met too; not a 401 or 403, which
    /// judge credentials that may have changed since). A read's error stands.
    pub(crate) fn into_result(self) -> Result<T> {
        match self.result {
            Err(e)
                if self.lost
                    && self.changes
                    && !is_definite(&e)
                    && !(self.idempotent && is_verdict(&e)) =>
            {
                Err(Error::OutcomeUnknown {
                    operation: self.operation,
                    error: Box::new(e),
                })
            }
            other => other,
        }
    }

    /// The outcome of a call that is not idempotent on the server (a registration, a
    /// single-use token): when an attempt got no response and was retried, the server may have
    /// acted on the lost one, and the retry's error (a duplicate, a used token, another lost
    /// response) may mean success. `check` finds out, with calls that change nothing:
    /// `Ok(Some(value))`, it had taken effect (the call returns `value`); `Ok(None)`, it had not
    /// (the call returns its own error); `Err`, no way to know: [`Error::OutcomeUnknown`].
    pub(crate) fn settle(
        self,
        operation: &'static str,
        check: impl FnOnce() -> Result<Option<T>>,
    ) -> Result<T> {
        let lost = self.lost();
        match self.result {
            Err(e) if lost && !matches!(e, Error::InvalidInput(_) | Error::Config(_)) => {
                match check() {
                    Ok(Some(value)) => {
                        log::debug!(
                            "{operation}: a response was lost, and the call had taken effect"
                        );
                        Ok(value)
                    }
                    Ok(None) => Err(e),
                    Err(check_error) => Err(Error::OutcomeUnknown {
                        operation,
                        error: Box::new(check_error),
                    }),
                }
            }
            other => other,
        }
    }
}

/// The server's verdict on the request itself, which an earlier attempt of the same request met
/// as well: a 4xx but 408 (timeout), 409 (conflict), 425 and 429 (come again), and but 401 and
/// 403, which judge the credentials, not the request: those can change between two attempts
/// (another clone logged out, a token ran out), so the lost attempt may have been let in.
fn is_verdict(e: &Error) -> bool {
    e.status()
        .is_some_and(|s| (400..500).contains(&s) && ![401, 403, 408, 409, 425, 429].contains(&s))
}

/// An error that says what happened whatever an earlier attempt did: nothing was sent (input,
/// configuration), the server answered 2xx (a body that could not be read or decoded), the
/// outcome is already unknown, or the server has no such route.
fn is_definite(e: &Error) -> bool {
    matches!(
        e,
        Error::InvalidInput(_)
            | Error::Config(_)
            | Error::Decode { .. }
            | Error::BodyTooLarge { .. }
            | Error::OutcomeUnknown { .. }
            | Error::WrongApi { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duplicate() -> Error {
        Error::InvalidInput("stands for a server error".into())
    }

    #[test]
    fn a_check_runs_only_after_a_lost_response_and_an_error() {
        let checked = std::cell::Cell::new(0);
        let check = || {
            checked.set(checked.get() + 1);
            Ok(Some(7))
        };
        assert_eq!(Sent::new(Ok(1), true).settle("x", check).unwrap(), 1);
        let http = || Error::Http {
            status: 422,
            content_type: None,
            body: String::new(),
            retry_after: None,
        };
        assert!(
            Sent::<i32>::new(Err(http()), false)
                .settle("x", check)
                .is_err()
        );
        assert_eq!(checked.get(), 0);
        assert_eq!(Sent::new(Err(http()), true).settle("x", check).unwrap(), 7);
        assert_eq!(checked.get(), 1);
        // Input errors are the caller's: never checked.
        assert!(
            Sent::<i32>::new(Err(duplicate()), true)
                .settle("x", check)
                .is_err()
        );
        assert_eq!(checked.get(), 1);
    }

    #[test]
    fn an_error_after_a_lost_response_of_a_call_that_changes_something_is_an_unknown_outcome() {
        let status = |status| Error::Http {
            status,
            content_type: None,
            body: String::new(),
            retry_after: None,
        };
        let unknown =
            |sent: Sent<i32>| matches!(sent.into_result(), Err(Error::OutcomeUnknown { .. }));
        // Not idempotent, an attempt lost: unknown, the last error kept (a duplicate included).
        match Sent::<i32>::new(Err(status(503)), true)
            .declared(false, true, "add address")
            .into_result()
        {
            Err(Error::OutcomeUnknown { operation, error }) => {
                assert_eq!(operation, "add address");
                assert_eq!(error.status(), Some(503));
            }
            other => panic!("{other:?}"),
        }
        assert!(unknown(
            Sent::new(Err(status(422)), true).declared(false, true, "x")
        ));
        // Idempotent and changing something (an update, a delete): unknown after a 503, a
        // reset or a 409, and after a 401 or 403 (the lost attempt may have been let in: another
        // clone logged out meanwhile); the server's verdict on the request (400, 404) stands.
        for s in [503, 500, 409, 429, 401, 403] {
            assert!(
                unknown(Sent::new(Err(status(s)), true).declared(true, true, "x")),
                "{s}"
            );
        }
        for s in [400, 404, 422] {
            let e = Sent::<i32>::new(Err(status(s)), true).declared(true, true, "x");
            assert_eq!(e.into_result().unwrap_err().status(), Some(s));
        }
        // Nothing lost, or a read (or a harmless log-in): the error stands.
        let plain = Sent::<i32>::new(Err(status(503)), false).declared(false, true, "x");
        assert_eq!(plain.into_result().unwrap_err().status(), Some(503));
        let read = Sent::<i32>::new(Err(status(503)), true).declared(true, false, "x");
        assert_eq!(read.into_result().unwrap_err().status(), Some(503));
        // An input error, a success: as they came.
        let input = Sent::<i32>::new(Err(duplicate()), true).declared(false, true, "x");
        assert!(matches!(input.into_result(), Err(Error::InvalidInput(_))));
        let ok = Sent::new(Ok(3), true).declared(false, true, "x");
        assert_eq!(ok.into_result().unwrap(), 3);
    }

    #[test]
    fn a_check_that_fails_makes_the_outcome_unknown_and_one_that_finds_nothing_keeps_the_error() {
        let http = || Error::Http {
            status: 503,
            content_type: None,
            body: String::new(),
            retry_after: None,
        };
        match Sent::<i32>::new(Err(http()), true).settle("create", || Err(http())) {
            Err(Error::OutcomeUnknown { operation, .. }) => assert_eq!(operation, "create"),
            other => panic!("{other:?}"),
        }
        match Sent::<i32>::new(Err(http()), true).settle("create", || Ok(None)) {
            Err(Error::Http { status: 503, .. }) => {}
            other => panic!("{other:?}"),
        }
    }
}
