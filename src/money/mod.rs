//! Exact decimal money: [`Amount`] and [`AmountError`], for both API versions.
//!
//! Medusa v2 computes money with bignumber.js and sends it in **major units** (`19.99` dollars,
//! not `1999` cents), twice: as a JSON number (`"total": 559.97`) and, beside most totals, as
//! an exact string in a `raw_*` object (`"raw_total": {"value": "559.97", "precision": 20}`;
//! `precision` is bignumber.js's setting, not a number of decimals, and is ignored). An
//! [`Amount`] reads the number, a decimal string and the raw object to the same exact value, so
//! totals compare with `==`, sum exactly and convert to cents without surprise; with `f64`,
//! `3 × 19.99 + 500` is `559.97` only by luck of rounding, and `0.1 + 0.2 != 0.3`.
//!
//! # Medusa v1: integer minor units
//!
//! Medusa v1 sends money as integer minor units (`1999` cents for 19.99 dollars), and the v1
//! models keep the types they had in 0.1 (`order.total: Option<i64>`), so that programs written
//! against it compile. `Amount` serves v1 in two ways:
//!
//! - The v1 models read their computed totals (the `*_total` fields of orders, line items and
//!   shipping methods, which Medusa 1.x computes in JavaScript and sometimes sends with a
//!   fraction) through `Amount`'s parser, then round them to whole minor units, halves away from
//!   zero: exact from the number's digits, with no second decimal parser in the v1 wing.
//! - A program converts with [`Amount::from_minor_units`] and [`Amount::to_minor_units`], given
//!   the currency's decimal places (2 for `usd` and `eur`): to compare a v1 total with a v2 one,
//!   or to sum v1 amounts as exact decimals.
//!
//! ```rust
//! use medusa_blocking::money::Amount;
//!
//! let v1_total: i64 = 55_997; // a v1 `order.total`, in cents
//! let v2_total: Amount = serde_json::from_str("559.97")?; // a v2 `order.total`, in dollars
//! assert_eq!(Amount::from_minor_units(v1_total, 2)?, v2_total);
//! assert_eq!(v2_total.to_minor_units(2), Some(v1_total));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Representation
//!
//! An `Amount` is a fixed-point decimal: an `i128` coefficient and a number of decimal places
//! (the scale), always normalised, so two equal values have the same fields and `==`, `Ord` and
//! `Hash` are *by value* (`1.50 == 1.5`). It holds any decimal of up to 38 significant digits
//! with up to 38 decimal places ([`Amount::MAX_SCALE`]), which covers the 20-significant-digit
//! values bignumber.js writes at any magnitude from 10^-18 to 10^18. Anything else (more
//! digits, `NaN`, `Infinity`, text that is not a decimal) is an [`AmountError`], never a panic
//! and never a silent rounding. Arithmetic is exact, and a result that does not fit is an error
//! too: `+`, `-` and `* quantity` give a `Result` (see [`Amount`] for how they chain), the
//! `checked_*` methods an `Option`.
//!
//! # Reading a JSON number exactly
//!
//! From JSON text (serde_json's `from_str`, `from_slice`, `from_reader`, and the client's own
//! decoding), an `Amount` reads a number **from its digits**, as written: `19.99` is exactly
//! 19.99 (never 19.989999999999998436805981327779591083526611328125), `99999999999999999999`
//! exactly that (serde_json alone would round an integer beyond `u64` to an `f64`), and a tax
//! share of 20 digits keeps them all. serde_json hands the text over through its `raw_value`
//! feature, which this crate turns on; that feature adds serde_json's `RawValue` and changes
//! nothing else, except that a `serde_json::Value` now reads an object whose first key is
//! serde_json's private `$serde_json::private::RawValue` as the JSON text it holds. (Its
//! `arbitrary_precision` feature would change how every `serde_json::Value` holds numbers, so
//! it is not used.) A JSON string (`"559.97"`) and the raw object are parsed exactly too.
//!
//! A deserializer that has no number text, such as a `serde_json::Value` (which already holds
//! an integer beyond `u64` as an `f64`) or another format, hands a fraction over as an `f64`:
//! it is read as the **shortest decimal** that rounds to that `f64`, which is exactly what was
//! written for any decimal of at most 15 significant digits (any amount with cents below ten
//! trillion).
//!
//! # Writing
//!
//! An `Amount` serializes as a JSON number that reads back as the same `Amount`: an integer as
//! an integer, a value of at most 15 significant digits and 22 decimal places as the `f64`
//! whose shortest form is exactly that value. Anything longer would not survive an `f64`, so it
//! is written as a decimal string (which this type reads back exactly).
//!
//! # What it costs
//!
//! Measured on a shared 2-core machine (Rust 1.95, optimised build; `measure_decode_cost` in
//! `tests/v2/models.rs`, `cargo test --release --test v2 -- --ignored measure`, re-measures against
//! `f64`):
//!
//! - **Size**: `Amount` is 32 bytes and `Option<Amount>` 48, against 8 and 16 for `f64`; a
//!   decoded v2 `Order` is about 1.5 times as large (3,776 bytes against 2,552).
//! - **Decoding**: about 20 ns per number, with cents or without, against 10 to 14 ns for an
//!   `f64`; about 50 ns per raw object, no more than the `String` it would otherwise be kept
//!   as (Medusa's compact `{"value":"…","precision":20}` is read without a second parse). A
//!   recorded orders page (4.3 kB) decodes in about 9.3 µs, a recorded decimal order (8.7 kB)
//!   in about 24 µs.
//! - **Arithmetic**: exact; about 6 ns per addition of amounts of mixed scales, against 0.5 ns
//!   for `f64`.
//! - **Build**: no dependency beyond serde and serde_json; no measurable build time.
//!
//! Small beside the HTTP call that fetched the page.

use std::cmp::Ordering;
use std::fmt::{self, Write as _};
use std::iter::Sum;
use std::ops::{Add, Mul, Neg, Sub};
use std::str::FromStr;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// `10^i` for `i` in `0..=38`; `10^38 < i128::MAX ≈ 1.7 × 10^38`, so every entry fits (an
/// overflow here would be a compile-time error, not a panic).
const POW10: [i128; 39] = {
    let mut table = [1i128; 39];
    let mut i = 1;
    while i < table.len() {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// `10^i` as `f64` for `i` in `0..=22`: the powers of ten an `f64` holds exactly.
const POW10_F64: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// 2^53: every integer of at most this magnitude is exactly an `f64`.
const F64_EXACT_INT: i128 = 1 << 53;

/// Values with a coefficient below 10^15 (at most 15 significant digits) survive a trip
/// through an `f64` and its shortest form.
const F64_SAFE_COEFFICIENT: u128 = 1_000_000_000_000_000;

/// The largest coefficient that can take one more digit without overflowing.
const NO_OVERFLOW_FOR_ONE_DIGIT: i128 = (i128::MAX - 9) / 10;

/// The map key under which serde_json's `arbitrary_precision` feature passes a number's text.
const SERDE_JSON_NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// The name of serde_json's `RawValue` (feature `raw_value`, turned on by this crate): asked
/// for a newtype struct of this name, serde_json hands over the value's JSON text.
const SERDE_JSON_RAW_TOKEN: &str = "$serde_json::private::RawValue";

fn pow10(exp: u32) -> Option<i128> {
    POW10.get(usize::try_from(exp).ok()?).copied()
}

/// An exact decimal amount of money, in **major units** of the currency of the object that
/// holds it (`19.99` is nineteen dollars ninety-nine for `usd`).
///
/// Read from a JSON number, a decimal string or Medusa's `{"value": "…", "precision": 20}` raw
/// object; printed as a plain decimal (`Display`, honouring `{:.2}`); compared, hashed and summed
/// by value, exactly. See [the module documentation](self) for the representation, how a JSON
/// number is read exactly, and what that costs.
///
/// Arithmetic never panics and never rounds. `+`, `-` and `* i64` (a quantity) return
/// `Result<Amount, AmountError>`, an error when the exact result does not fit; a `Result` can be
/// added to or subtracted from an `Amount` directly, so one `?` ends a chain. The `checked_*`
/// methods return an `Option` instead. A sum of amounts is a `Result` as well.
///
/// ```rust
/// use medusa_blocking::money::Amount;
///
/// let price: Amount = "19.99".parse()?;
/// let shipping = Amount::from(500);
/// let total = (price * 3 + shipping)?;
/// assert_eq!(total, "559.97".parse()?);
/// assert_eq!(total.to_string(), "559.97");
/// assert_eq!(total.to_minor_units(2), Some(55_997)); // cents
///
/// // Read from the JSON number, the string or the raw object: the same value.
/// let number: Amount = serde_json::from_str("559.97")?;
/// let raw: Amount = serde_json::from_str(r#"{"value": "559.97", "precision": 20}"#)?;
/// assert_eq!(number, total);
/// assert_eq!(raw, total);
///
/// // Exact where f64 is not.
/// let (a, b): (Amount, Amount) = ("0.1".parse()?, "0.2".parse()?);
/// assert_eq!((a + b)?, "0.3".parse()?);
/// assert_ne!(0.1_f64 + 0.2, 0.3);
///
/// // Equal by value; `{:.2}` pads or rounds (ties to even, like f64).
/// assert_eq!(Amount::new(150, 2)?, Amount::new(15, 1)?);
/// assert_eq!(format!("{:.2}", Amount::new(15, 1)?), "1.50");
///
/// let sum: Amount = [price, price, shipping].into_iter().sum::<Result<Amount, _>>()?;
/// assert_eq!(sum.to_string(), "539.98");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// Invariants, kept by every constructor (they all go through `from_parts`):
// 1. `scale <= 38` (`MAX_SCALE`), so `10^scale` fits an `i128`;
// 2. the coefficient is never `i128::MIN`, so negation and `abs` never overflow;
// 3. the form is normalised (no trailing zero in the coefficient when the scale is above zero,
//    zero has scale 0), so derived `==` and `Hash` are equality by value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Amount {
    /// The value times 10^scale. Never `i128::MIN`; no trailing zero when `scale > 0`.
    coef: i128,
    /// Decimal places, at most [`Amount::MAX_SCALE`].
    scale: u32,
}

/// Why a text, number or operation gave no [`Amount`].
///
/// ```rust
/// use medusa_blocking::money::{Amount, AmountError};
///
/// assert_eq!("12,50".parse::<Amount>(), Err(AmountError::Invalid));
/// assert_eq!("1e39".parse::<Amount>(), Err(AmountError::OutOfRange));
/// let max = Amount::new(i128::MAX, 0)?;
/// assert_eq!(max + Amount::from(1), Err(AmountError::OutOfRange));
/// # Ok::<(), AmountError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AmountError {
    /// Not a decimal number (empty, letters, `NaN`, infinity, two points, …).
    Invalid,
    /// A decimal that needs more than 38 significant digits or more than 38 decimal places,
    /// or an arithmetic result that would.
    OutOfRange,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Invalid => "not a decimal number",
            Self::OutOfRange => {
                "decimal out of range (more than 38 significant digits or 38 decimal places)"
            }
        })
    }
}

impl std::error::Error for AmountError {}

/// What a deserialization error says was expected, by cause.
impl de::Expected for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Invalid => "a decimal amount",
            Self::OutOfRange => {
                "a decimal amount of at most 38 significant digits and 38 decimal places"
            }
        })
    }
}

impl Amount {
    /// Zero.
    ///
    /// ```
    /// use medusa_blocking::money::Amount;
    /// assert!(Amount::ZERO.is_zero() && !Amount::ZERO.is_negative());
    /// ```
    pub const ZERO: Amount = Amount { coef: 0, scale: 0 };

    /// The most decimal places an `Amount` holds (38).
    ///
    /// ```
    /// use medusa_blocking::money::Amount;
    /// assert!(Amount::new(1, Amount::MAX_SCALE + 1).is_err());
    /// ```
    pub const MAX_SCALE: u32 = 38;

    /// The one door to the struct: normalises and checks the invariants (see `Amount`).
    fn from_parts(mut coef: i128, mut scale: u32) -> Result<Amount, AmountError> {
        if coef == i128::MIN {
            return Err(AmountError::OutOfRange);
        }
        if coef == 0 {
            return Ok(Amount::ZERO);
        }
        if scale > 0 {
            // Strip trailing zeros; in 64 bits when the value fits (an `i128` remainder is a
            // library call, ten times slower).
            if let Ok(mut small) = i64::try_from(coef) {
                while scale > 0 && small % 10 == 0 {
                    small /= 10;
                    scale -= 1;
                }
                coef = i128::from(small);
            } else {
                while scale > 0 && coef % 10 == 0 {
                    coef /= 10;
                    scale -= 1;
                }
            }
        }
        if scale > Self::MAX_SCALE {
            return Err(AmountError::OutOfRange);
        }
        Ok(Amount { coef, scale })
    }

    /// `mantissa / 10^scale`, exactly: `Amount::new(1999, 2)` is 19.99.
    ///
    /// Fails with [`AmountError::OutOfRange`] for `i128::MIN` and for more than 38 decimal
    /// places once trailing zeros are dropped.
    ///
    /// ```rust
    /// use medusa_blocking::money::Amount;
    ///
    /// let a = Amount::new(1990, 2)?;
    /// assert_eq!((a.mantissa(), a.scale()), (199, 1)); // normalised
    /// assert_eq!(a.to_string(), "19.9");
    /// # Ok::<(), medusa_blocking::money::AmountError>(())
    /// ```
    pub fn new(mantissa: i128, scale: u32) -> Result<Amount, AmountError> {
        Self::from_parts(mantissa, scale)
    }

    /// An amount from integer minor units with `decimals` places (cents: 2), the v1 form of
    /// money: `Amount::from_minor_units(4400, 2)` is 44.
    ///
    /// ```rust
    /// use medusa_blocking::money::Amount;
    ///
    /// assert_eq!(Amount::from_minor_units(1999, 2)?.to_string(), "19.99");
    /// # Ok::<(), medusa_blocking::money::AmountError>(())
    /// ```
    pub fn from_minor_units(units: i64, decimals: u32) -> Result<Amount, AmountError> {
        Self::from_parts(i128::from(units), decimals)
    }

    /// The normalised coefficient: the value is `mantissa() / 10^scale()`.
    ///
    /// ```
    /// use medusa_blocking::money::Amount;
    /// let a: Amount = "19.90".parse().unwrap();
    /// assert_eq!((a.mantissa(), a.scale()), (199, 1));
    /// ```
    pub fn mantissa(self) -> i128 {
        self.coef
    }

    /// The normalised number of decimal places (0 for a whole number).
    ///
    /// ```
    /// use medusa_blocking::money::Amount;
    /// assert_eq!("500.00".parse::<Amount>().unwrap().scale(), 0);
    /// ```
    pub fn scale(self) -> u32 {
        self.scale
    }

    /// `true` for zero.
    ///
    /// ```
    /// use medusa_blocking::money::Amount;
    /// assert!("0.00".parse::<Amount>().unwrap().is_zero());
    /// ```
    pub fn is_zero(self) -> bool {
        self.coef == 0
    }

    /// `true` below zero.
    ///
    /// ```
    /// use medusa_blocking::money::Amount;
    /// assert!("-0.01".parse::<Amount>().unwrap().is_negative());
    /// ```
    pub fn is_negative(self) -> bool {
        self.coef < 0
    }

    /// The absolute value (never overflows: the coefficient is never `i128::MIN`).
    ///
    /// ```
    /// use medusa_blocking::money::Amount;
    /// assert_eq!("-2.5".parse::<Amount>().unwrap().abs().to_string(), "2.5");
    /// ```
    pub fn abs(self) -> Amount {
        Amount {
            coef: self.coef.abs(),
            scale: self.scale,
        }
    }

    /// Both coefficients at the larger scale, or `None` when one does not fit an `i128`.
    fn aligned(self, other: Amount) -> Option<(i128, i128, u32)> {
        let scale = self.scale.max(other.scale);
        let a = self.coef.checked_mul(pow10(scale - self.scale)?)?;
        let b = other.coef.checked_mul(pow10(scale - other.scale)?)?;
        Some((a, b, scale))
    }

    /// `self + rhs`, or `None` when the exact result does not fit.
    ///
    /// ```rust
    /// use medusa_blocking::money::Amount;
    ///
    /// let a: Amount = "0.1".parse()?;
    /// assert_eq!(a.checked_add("0.2".parse()?), Some("0.3".parse()?));
    /// assert_eq!(Amount::new(i128::MAX, 0)?.checked_add(a), None);
    /// # Ok::<(), medusa_blocking::money::AmountError>(())
    /// ```
    pub fn checked_add(self, rhs: Amount) -> Option<Amount> {
        if self.scale == rhs.scale {
            return Self::from_parts(self.coef.checked_add(rhs.coef)?, self.scale).ok();
        }
        let (a, b, scale) = self.aligned(rhs)?;
        Self::from_parts(a.checked_add(b)?, scale).ok()
    }

    /// `self - rhs`, or `None` when the exact result does not fit.
    ///
    /// ```
    /// use medusa_blocking::money::Amount;
    /// let a: Amount = "0.3".parse().unwrap();
    /// assert_eq!(a.checked_sub("0.1".parse().unwrap()), Some("0.2".parse().unwrap()));
    /// ```
    pub fn checked_sub(self, rhs: Amount) -> Option<Amount> {
        self.checked_add(-rhs)
    }

    /// `self × quantity`, or `None` when the exact result does not fit.
    ///
    /// ```rust
    /// use medusa_blocking::money::Amount;
    ///
    /// let price: Amount = "19.99".parse()?;
    /// assert_eq!(price.checked_mul(3), Some("59.97".parse()?));
    /// assert_eq!(price.checked_mul(0), Some(Amount::ZERO));
    /// # Ok::<(), medusa_blocking::money::AmountError>(())
    /// ```
    pub fn checked_mul(self, quantity: i64) -> Option<Amount> {
        Self::from_parts(self.coef.checked_mul(i128::from(quantity))?, self.scale).ok()
    }

    /// The nearest `f64` (correctly rounded), for charts and other approximate uses.
    ///
    /// ```rust
    /// use medusa_blocking::money::Amount;
    ///
    /// assert_eq!("19.99".parse::<Amount>()?.to_f64(), 19.99);
    /// # Ok::<(), medusa_blocking::money::AmountError>(())
    /// ```
    pub fn to_f64(self) -> f64 {
        if (-F64_EXACT_INT..=F64_EXACT_INT).contains(&self.coef)
            && let Some(&divisor) = POW10_F64.get(self.scale as usize)
        {
            // Both operands are exact `f64`s, so the one IEEE division is correctly rounded
            // (Clinger's fast path); the cast is exact below 2^53.
            return self.coef as f64 / divisor;
        }
        // Otherwise let the standard library's correctly rounded parser do it. The text is at
        // most 40 + 4 bytes ("-" and 39 digits, "e-38"), within the buffer, and always parses.
        let mut buf = StackBuf::new();
        if write!(buf, "{}e-{}", self.coef, self.scale).is_err() {
            return f64::NAN;
        }
        buf.as_str().parse().unwrap_or(f64::NAN)
    }

    /// The amount as a whole number of minor units with `decimals` places (cents of a
    /// 2-decimal currency: `to_minor_units(2)`), or `None` when it is not a whole number of them
    /// (19.999 in cents) or does not fit an `i64`.
    ///
    /// ```rust
    /// use medusa_blocking::money::Amount;
    ///
    /// let total: Amount = "559.97".parse()?;
    /// assert_eq!(total.to_minor_units(2), Some(55_997));
    /// assert_eq!(total.to_minor_units(0), None); // not a whole number of dollars
    /// assert_eq!("0.005".parse::<Amount>()?.to_minor_units(2), None);
    /// # Ok::<(), medusa_blocking::money::AmountError>(())
    /// ```
    pub fn to_minor_units(self, decimals: u32) -> Option<i64> {
        if self.coef == 0 {
            return Some(0);
        }
        // Normalised: with scale > decimals the coefficient does not end in enough zeros to make
        // a whole number of minor units.
        let factor = pow10(decimals.checked_sub(self.scale)?)?;
        i64::try_from(self.coef.checked_mul(factor)?).ok()
    }

    /// The amount as a whole number of minor units with `decimals` places, rounded half away
    /// from zero (as `f64::round`), or `None` when that does not fit an `i64`. The v1 models
    /// read computed totals through it; [`to_minor_units`](Self::to_minor_units) is the exact
    /// one.
    ///
    /// ```
    /// use medusa_blocking::money::Amount;
    /// let a: Amount = "174.4525".parse().unwrap();
    /// assert_eq!(a.round_to_minor_units(2), Some(17445));
    /// assert_eq!(a.to_minor_units(2), None);
    /// ```
    pub fn round_to_minor_units(self, decimals: u32) -> Option<i64> {
        if self.scale <= decimals {
            return self.to_minor_units(decimals);
        }
        // 1 <= scale - decimals <= 38: a power of ten of at least 10, so `half` is exact.
        let divisor = pow10(self.scale - decimals)?;
        let half = divisor / 2;
        let (quotient, remainder) = (self.coef / divisor, self.coef % divisor);
        // |quotient| <= i128::MAX / 10: adding one cannot overflow.
        let rounded = if remainder.abs() >= half {
            quotient + self.coef.signum()
        } else {
            quotient
        };
        i64::try_from(rounded).ok()
    }
}

/// Strict decimal syntax: an optional sign, digits with at most one `.` (at least one digit),
/// then an optional exponent (`e` or `E`, optional sign, digits). No spaces, no `_`, no
/// `NaN`/`Infinity`. This is JSON's number syntax, loosened to what bignumber.js and Rust's
/// `{:e}` write (`+1`, `.5`, `5.`, `1e21`).
fn parse_decimal(text: &[u8]) -> Result<Amount, AmountError> {
    if let Some(amount) = parse_short_decimal(text) {
        return Ok(amount);
    }
    let (negative, rest) = match text {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, text),
    };

    // The coefficient is built from the significant digits, from the first non-zero one to the
    // last non-zero one; the zeros after that last one are counted, not multiplied in, so that a
    // long tail of zeros ("1.500000…") never overflows. It stays non-negative and is built with
    // checked operations, so it is at most i128::MAX.
    let mut coef: i128 = 0;
    let mut pending_zeros: i64 = 0;
    let mut fraction_digits: i64 = 0;
    let mut any_digit = false;
    let mut seen_point = false;
    let mut exponent_part: &[u8] = &[];
    for (i, &byte) in rest.iter().enumerate() {
        match byte {
            b'0'..=b'9' => {
                any_digit = true;
                if seen_point {
                    fraction_digits = fraction_digits.saturating_add(1);
                }
                let digit = i128::from(byte - b'0');
                if digit == 0 {
                    if coef != 0 {
                        pending_zeros = pending_zeros.saturating_add(1);
                    }
                } else if pending_zeros == 0 && coef <= NO_OVERFLOW_FOR_ONE_DIGIT {
                    // The common case, without the (slow) checked 128-bit multiplication:
                    // coef × 10 + 9 <= i128::MAX here.
                    coef = coef * 10 + digit;
                } else {
                    let factor = u32::try_from(pending_zeros.saturating_add(1))
                        .ok()
                        .and_then(pow10)
                        .ok_or(AmountError::OutOfRange)?;
                    coef = coef
                        .checked_mul(factor)
                        .and_then(|c| c.checked_add(digit))
                        .ok_or(AmountError::OutOfRange)?;
                    pending_zeros = 0;
                }
            }
            b'.' if !seen_point => seen_point = true,
            b'e' | b'E' => {
                // `i < rest.len()`, so `i + 1 <= rest.len()`: the range is in bounds.
                exponent_part = rest.get(i + 1..).unwrap_or(&[]);
                if exponent_part.is_empty() {
                    return Err(AmountError::Invalid);
                }
                break;
            }
            _ => return Err(AmountError::Invalid),
        }
    }
    if !any_digit {
        return Err(AmountError::Invalid);
    }

    let exponent = parse_exponent(exponent_part)?;
    if coef == 0 {
        return Ok(Amount::ZERO);
    }
    let value = if negative { -coef } else { coef }; // 0 < coef <= i128::MAX: no overflow
    // value × 10^power, all three terms saturating: a saturated power is far out of range.
    let power = pending_zeros
        .saturating_add(exponent)
        .saturating_sub(fraction_digits);
    if power >= 0 {
        let factor = u32::try_from(power)
            .ok()
            .and_then(pow10)
            .ok_or(AmountError::OutOfRange)?;
        let coef = value.checked_mul(factor).ok_or(AmountError::OutOfRange)?;
        Amount::from_parts(coef, 0)
    } else {
        let scale = u32::try_from(power.unsigned_abs()).map_err(|_| AmountError::OutOfRange)?;
        Amount::from_parts(value, scale)
    }
}

/// The fast path of `parse_decimal` for what money looks like (`19.99`, `-1950`): at most 18
/// bytes of an optional `-`, digits and at most one `.`, in 64 bits. `None` for anything else,
/// which `parse_decimal` reads the long way (with the same result).
fn parse_short_decimal(text: &[u8]) -> Option<Amount> {
    if text.len() > 18 {
        return None;
    }
    let (negative, rest) = match text {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, text),
    };
    // At most 18 digits: below 10^18 < i64::MAX, no overflow.
    let mut coef: i64 = 0;
    let mut scale: u32 = 0;
    let mut seen_point = false;
    let mut any_digit = false;
    for &byte in rest {
        match byte {
            b'0'..=b'9' => {
                coef = coef * 10 + i64::from(byte - b'0');
                any_digit = true;
                scale += u32::from(seen_point);
            }
            b'.' if !seen_point => seen_point = true,
            _ => return None,
        }
    }
    if !any_digit {
        return None;
    }
    Amount::from_parts(i128::from(if negative { -coef } else { coef }), scale).ok()
}

/// The digits after `e`: an optional sign and at least one digit; saturates far out of range.
fn parse_exponent(part: &[u8]) -> Result<i64, AmountError> {
    if part.is_empty() {
        return Ok(0);
    }
    let (negative, digits) = match part {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, part),
    };
    if digits.is_empty() {
        return Err(AmountError::Invalid);
    }
    let mut exponent: i64 = 0;
    for &byte in digits {
        if !byte.is_ascii_digit() {
            return Err(AmountError::Invalid);
        }
        exponent = exponent
            .saturating_mul(10)
            .saturating_add(i64::from(byte - b'0'));
    }
    Ok(if negative { -exponent } else { exponent })
}

/// A small text buffer on the stack for the `f64` ↔ decimal conversions (no allocation).
struct StackBuf {
    bytes: [u8; 64],
    len: usize,
}

impl StackBuf {
    fn new() -> Self {
        StackBuf {
            bytes: [0; 64],
            len: 0,
        }
    }

    fn as_bytes(&self) -> &[u8] {
        // `len <= 64` (see `write_str`), so the range is in bounds.
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    fn as_str(&self) -> &str {
        // Only whole `&str`s are copied in, so the bytes are UTF-8.
        std::str::from_utf8(self.as_bytes()).unwrap_or("")
    }
}

impl fmt::Write for StackBuf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        let dst = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    /// Parses a plain or exponent decimal (`559.97`, `-0.5`, `1e3`, `1.5E-3`) exactly.
    fn from_str(s: &str) -> Result<Amount, AmountError> {
        parse_decimal(s.as_bytes())
    }
}

impl TryFrom<f64> for Amount {
    type Error = AmountError;

    /// The shortest decimal that reads back as `value` (what JavaScript and Rust print):
    /// `Amount::try_from(19.99)` is exactly 19.99. `NaN` and infinities are
    /// [`AmountError::Invalid`]; magnitudes beyond 38 digits or below 10^-38 are
    /// [`AmountError::OutOfRange`].
    fn try_from(value: f64) -> Result<Amount, AmountError> {
        if !value.is_finite() {
            return Err(AmountError::Invalid);
        }
        if value.fract() == 0.0 && value.abs() <= F64_EXACT_INT as f64 {
            // A whole number up to 2^53: the cast is exact, and a scale-0 value is normalised.
            return Amount::from_parts(value as i128, 0);
        }
        if let Some(amount) = short_decimal(value) {
            return Ok(amount);
        }
        // `{:e}` writes the shortest round-trip digits: 19.99 → "1.999e1". At most 24 bytes
        // ("-", 17 digits, ".", "e-324"), within the buffer.
        let mut buf = StackBuf::new();
        write!(buf, "{value:e}").map_err(|_| AmountError::Invalid)?;
        parse_decimal(buf.as_bytes())
    }
}

/// The fast path of `TryFrom<f64>` for a value whose shortest decimal has fewer than 16
/// significant digits and at most 22 places (every money value): the same result as formatting
/// it with `{:e}` and parsing that, in a few multiplications.
///
/// For k = 0, 1, 2, … it takes m = round(|value| × 10^k) and checks that m / 10^k reads back as
/// `value`; the first k that passes gives the shortest decimal. Why that is exact, while
/// m < 10^15 (beyond that it gives up, and the slow path decides):
///
/// - m < 10^15 < 2^53 and 10^k (k <= 22) are exact `f64`s, so `m / 10^k` is one correctly
///   rounded division: the check is exactly "the decimal m / 10^k rounds to `value`".
/// - The decimals that round to `value` form an interval of width at most ulp(value) <=
///   2^-52 × |value|; scaled by 10^k that is at most 2^-52 × 10^15 < 1/4, so at each k at most
///   one integer m can pass, and it lies within 1/8 of |value| × 10^k. The product
///   |value| × 10^k is computed with an error below 2^-53 × 10^15 < 1/8, so rounding it finds
///   that integer whenever it exists: no k is skipped, and the first k that passes is the
///   fewest digits, which is what the shortest form is.
fn short_decimal(value: f64) -> Option<Amount> {
    let magnitude = value.abs();
    for (k, &power) in POW10_F64.iter().enumerate() {
        let scaled = magnitude * power;
        if scaled >= 1e15 {
            return None;
        }
        let m = scaled.round();
        if m != 0.0 && m / power == magnitude {
            // 0 < m < 10^15: the cast is exact; k <= 22.
            let coef = m as i128;
            let scale = u32::try_from(k).ok()?;
            return Amount::from_parts(if value < 0.0 { -coef } else { coef }, scale).ok();
        }
    }
    None
}

macro_rules! from_integer {
    ($($t:ty),*) => {$(
        impl From<$t> for Amount {
            /// The whole number, exactly.
            fn from(value: $t) -> Amount {
                // A scale-0 value is normalised, and these types never reach i128::MIN.
                Amount { coef: i128::from(value), scale: 0 }
            }
        }
    )*};
}

from_integer!(i32, i64, u32, u64);

impl PartialOrd for Amount {
    fn partial_cmp(&self, other: &Amount) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Amount {
    /// By value, across scales, without overflow.
    fn cmp(&self, other: &Amount) -> Ordering {
        // Bring the value with fewer places (`low`) to the other's scale.
        let (low, high, flipped) = if self.scale <= other.scale {
            (self, other, false)
        } else {
            (other, self, true)
        };
        let scaled = pow10(high.scale - low.scale).and_then(|p| low.coef.checked_mul(p));
        let ordering = match scaled {
            Some(scaled) => scaled.cmp(&high.coef),
            // |low.coef × 10^d| exceeds i128::MAX, and |high.coef| <= i128::MAX (invariant 2),
            // so `low` is the larger in magnitude and its sign decides (low.coef != 0 here:
            // 0 × anything fits; and 10^d with d > 38 exceeds i128::MAX too).
            None if low.coef > 0 => Ordering::Greater,
            None => Ordering::Less,
        };
        if flipped {
            ordering.reverse()
        } else {
            ordering
        }
    }
}

impl fmt::Display for Amount {
    /// A plain decimal, never an exponent: `559.97`, `-0.5`, `1950`. A precision (`{:.2}`) pads
    /// with zeros or rounds half to even; width, fill, alignment, `+` and `0` work as for numbers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut magnitude = self.coef.unsigned_abs();
        let mut scale = self.scale as usize;
        let mut places = scale;
        if let Some(precision) = f.precision() {
            if precision < scale {
                // 1 <= scale - precision <= 38, so the divisor exists and is positive.
                let divisor = POW10
                    .get(scale - precision)
                    .map_or(1, |&p| p.unsigned_abs());
                let (quotient, remainder) = (magnitude / divisor, magnitude % divisor);
                let half = divisor / 2;
                let up = remainder > half || (remainder == half && quotient % 2 == 1);
                // quotient <= u128::MAX / 10, so adding one cannot overflow.
                magnitude = quotient + u128::from(up);
                scale = precision;
            }
            places = precision;
        }
        let mut text = String::with_capacity(places.saturating_add(48).min(256));
        write!(text, "{magnitude}")?;
        if scale > 0 {
            // Insert the point `scale` digits from the right, after zero-padding the digits to at
            // least `scale + 1` so that there is an integer digit.
            if text.len() <= scale {
                let zeros = scale + 1 - text.len();
                text.insert_str(0, &"0".repeat(zeros));
            }
            text.insert(text.len() - scale, '.');
        }
        if places > scale {
            if scale == 0 {
                text.push('.');
            }
            text.extend(std::iter::repeat_n('0', places - scale));
        }
        // A value that rounds to zero prints without a sign ("0.00", not "-0.00").
        f.pad_integral(self.coef >= 0 || magnitude == 0, "", &text)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({self})")
    }
}

impl Neg for Amount {
    type Output = Amount;

    /// Never overflows: the coefficient is never `i128::MIN`, and negation keeps the form
    /// normalised.
    fn neg(self) -> Amount {
        Amount {
            coef: -self.coef,
            scale: self.scale,
        }
    }
}

/// The operators on `Amount` and on the `Result` of a previous operation, so that one `?`
/// ends a chain: `(price * 3 + shipping)?`.
macro_rules! fallible_op {
    ($trait:ident, $method:ident, $checked:ident) => {
        impl $trait for Amount {
            type Output = Result<Amount, AmountError>;

            /// Exact; [`AmountError::OutOfRange`] when the result does not fit.
            fn $method(self, rhs: Amount) -> Result<Amount, AmountError> {
                self.$checked(rhs).ok_or(AmountError::OutOfRange)
            }
        }

        impl $trait<Amount> for Result<Amount, AmountError> {
            type Output = Result<Amount, AmountError>;

            /// Exact; passes an earlier error on.
            fn $method(self, rhs: Amount) -> Result<Amount, AmountError> {
                self?.$checked(rhs).ok_or(AmountError::OutOfRange)
            }
        }

        impl $trait<Result<Amount, AmountError>> for Amount {
            type Output = Result<Amount, AmountError>;

            /// Exact; passes an earlier error on.
            fn $method(self, rhs: Result<Amount, AmountError>) -> Result<Amount, AmountError> {
                self.$checked(rhs?).ok_or(AmountError::OutOfRange)
            }
        }
    };
}

fallible_op!(Add, add, checked_add);
fallible_op!(Sub, sub, checked_sub);

impl Mul<i64> for Amount {
    type Output = Result<Amount, AmountError>;

    /// `amount × quantity`, exact; [`AmountError::OutOfRange`] when it does not fit.
    fn mul(self, quantity: i64) -> Result<Amount, AmountError> {
        self.checked_mul(quantity).ok_or(AmountError::OutOfRange)
    }
}

impl Mul<Amount> for i64 {
    type Output = Result<Amount, AmountError>;

    /// `quantity × amount`, exact; [`AmountError::OutOfRange`] when it does not fit.
    fn mul(self, amount: Amount) -> Result<Amount, AmountError> {
        amount.checked_mul(self).ok_or(AmountError::OutOfRange)
    }
}

impl Sum<Amount> for Result<Amount, AmountError> {
    /// The exact sum (zero for none); [`AmountError::OutOfRange`] as soon as a partial sum does
    /// not fit.
    fn sum<I: Iterator<Item = Amount>>(mut iter: I) -> Self {
        iter.try_fold(Amount::ZERO, |acc, x| acc.checked_add(x))
            .ok_or(AmountError::OutOfRange)
    }
}

impl<'a> Sum<&'a Amount> for Result<Amount, AmountError> {
    /// The exact sum (zero for none); [`AmountError::OutOfRange`] as soon as a partial sum does
    /// not fit.
    fn sum<I: Iterator<Item = &'a Amount>>(iter: I) -> Self {
        iter.copied().sum()
    }
}

impl Serialize for Amount {
    /// A JSON number that reads back as the same `Amount` (an integer, or an `f64` for at most
    /// 15 significant digits and 22 places); a decimal string beyond that.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.scale == 0 {
            if let Ok(v) = i64::try_from(self.coef) {
                return serializer.serialize_i64(v);
            }
            if let Ok(v) = u64::try_from(self.coef) {
                return serializer.serialize_u64(v);
            }
        } else if self.coef.unsigned_abs() < F64_SAFE_COEFFICIENT && self.scale <= 22 {
            return serializer.serialize_f64(self.to_f64());
        }
        serializer.collect_str(self)
    }
}

/// Reads an `Amount` from whatever the deserializer offers. `in_raw_object` is set for the
/// `value` of a raw object, which may not be an object itself (so that nesting cannot make
/// serde_json read the same text again and again, see `from_json_text`).
#[derive(Clone, Copy)]
struct AmountVisitor {
    in_raw_object: bool,
}

impl<'de> DeserializeSeed<'de> for AmountVisitor {
    type Value = Amount;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Amount, D::Error> {
        // serde_json (feature `raw_value`) answers this name with the value's JSON text, through
        // `visit_map` (one entry: the name, then the text): a number is then read from the
        // digits as written, never through an `f64`. Other deserializers call
        // `visit_newtype_struct`, which reads the value as they offer it.
        deserializer.deserialize_newtype_struct(SERDE_JSON_RAW_TOKEN, self)
    }
}

impl<'de> Visitor<'de> for AmountVisitor {
    type Value = Amount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.in_raw_object {
            f.write_str("a decimal amount (a number or a decimal string)")
        } else {
            f.write_str(r#"a decimal amount (a number, a decimal string or {"value": "…"})"#)
        }
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Amount, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
        Ok(Amount::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
        Ok(Amount::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Amount, E> {
        Amount::from_parts(v, 0)
            .map_err(|e| E::invalid_value(Unexpected::Other("a 128-bit integer"), &e))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Amount, E> {
        i128::try_from(v)
            .map_err(|_| AmountError::OutOfRange)
            .and_then(|v| Amount::from_parts(v, 0))
            .map_err(|e| E::invalid_value(Unexpected::Other("a 128-bit integer"), &e))
    }

    /// A deserializer that has no number text (a `serde_json::Value`, another format) hands a
    /// fraction over as an `f64`: read through its shortest decimal form.
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
        Amount::try_from(v).map_err(|e| E::invalid_value(Unexpected::Float(v), &e))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
        v.parse()
            .map_err(|e: AmountError| E::invalid_value(Unexpected::Str(v), &e))
    }

    /// Medusa's raw form `{"value": "559.97", "precision": 20}` (`precision` and other keys
    /// are ignored); serde_json's answer to [`SERDE_JSON_RAW_TOKEN`] (the value's JSON text);
    /// serde_json's `arbitrary_precision` form of a number.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Amount, A::Error> {
        let mut value = None;
        while let Some(key) = map.next_key::<RawKey>()? {
            let read = match key {
                RawKey::JsonText => map.next_value_seed(JsonText {
                    in_raw_object: self.in_raw_object,
                })?,
                // An object where a raw object's `value` was expected.
                _ if self.in_raw_object => {
                    return Err(de::Error::invalid_type(Unexpected::Map, &self));
                }
                RawKey::Value => map.next_value_seed(AmountVisitor {
                    in_raw_object: true,
                })?,
                RawKey::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                    continue;
                }
            };
            if value.replace(read).is_some() {
                return Err(de::Error::duplicate_field("value"));
            }
        }
        match value {
            Some(value) => Ok(value),
            // An empty object where a raw object's `value` was expected.
            None if self.in_raw_object => Err(de::Error::invalid_type(Unexpected::Map, &self)),
            None => Err(de::Error::missing_field("value")),
        }
    }
}

impl<'de> Deserialize<'de> for Amount {
    /// From a JSON number (from its text with serde_json; through the shortest decimal form of
    /// an `f64` from a deserializer that has no text), a decimal string, or the raw object
    /// `{"value": "…"}`. Anything else, and values out of range, are errors.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Amount, D::Error> {
        AmountVisitor {
            in_raw_object: false,
        }
        .deserialize(deserializer)
    }
}

/// The JSON text of one value, as serde_json hands it over for [`SERDE_JSON_RAW_TOKEN`].
struct JsonText {
    in_raw_object: bool,
}

impl<'de> DeserializeSeed<'de> for JsonText {
    type Value = Amount;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Amount, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for JsonText {
    type Value = Amount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the JSON text of a decimal amount")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Amount, E> {
        from_json_text(text, self.in_raw_object)
    }
}

/// An amount from the JSON text of one value, which serde_json has checked is valid JSON (and
/// stripped of surrounding whitespace).
///
/// A number (the common case) and a string without escapes (a raw object's `value`) are parsed
/// here, without allocating. Anything else (an object, a string with escapes, a value of the
/// wrong type) is read by a serde_json deserializer over the text: at most once more for an
/// `Amount`, because the `value` of a raw object may not be an object.
fn from_json_text<E: de::Error>(text: &str, in_raw_object: bool) -> Result<Amount, E> {
    let bytes = text.as_bytes();
    match bytes {
        [b'-' | b'0'..=b'9', ..] => {
            return parse_decimal(bytes)
                .map_err(|e| E::invalid_value(Unexpected::Other(&number_for_error(text)), &e));
        }
        [b'"', inner @ .., b'"'] if !inner.contains(&b'\\') => {
            // Between two quotes and without escapes: the text between them is the string.
            return from_decimal_string(text.get(1..text.len() - 1).unwrap_or_default());
        }
        [b'{', ..] if !in_raw_object => {
            if let Some(value) = raw_object_value(text) {
                return from_decimal_string(value);
            }
        }
        _ => {}
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    de::Deserializer::deserialize_any(&mut deserializer, AmountVisitor { in_raw_object })
        .map_err(|e| E::custom(without_position(&e)))
}

/// A decimal string's contents, parsed.
fn from_decimal_string<E: de::Error>(text: &str) -> Result<Amount, E> {
    text.parse()
        .map_err(|e: AmountError| E::invalid_value(Unexpected::Str(text), &e))
}

/// The `value` of a raw object of the shape Medusa sends, `{"value":"559.97","precision":20}`
/// (compact, `value` first, a string without escapes, then `precision` or nothing), found
/// without a second JSON parse. `None` for any other shape, which serde_json then reads.
fn raw_object_value(text: &str) -> Option<&str> {
    const HEAD: &str = r#"{"value":""#;
    let rest = text.strip_prefix(HEAD)?;
    let close = rest.bytes().position(|b| b == b'"' || b == b'\\')?;
    let (value, tail) = rest.split_at(close);
    let tail = tail.strip_prefix('"')?;
    if tail == "}" {
        return Some(value);
    }
    let precision = tail.strip_prefix(r#","precision":"#)?.strip_suffix('}')?;
    (!precision.is_empty() && precision.bytes().all(|b| b.is_ascii_digit())).then_some(value)
}

/// A number quoted in an error: at most 40 characters of it.
fn number_for_error(text: &str) -> String {
    match text.get(..40) {
        Some(head) if text.len() > 40 => format!("number {head}…"),
        _ => format!("number {text}"),
    }
}

/// The message of a serde_json error about the JSON text of one value, without its position in
/// that text (the position in the whole document is added by the outer deserializer).
fn without_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match message.strip_suffix(&suffix) {
        Some(bare) => bare.to_owned(),
        None => message,
    }
}

/// A key of the raw object: `value` (or serde_json's private number key), serde_json's raw
/// value key, or anything else.
enum RawKey {
    Value,
    JsonText,
    Other,
}

impl<'de> Deserialize<'de> for RawKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawKey, D::Error> {
        struct KeyVisitor;

        impl Visitor<'_> for KeyVisitor {
            type Value = RawKey;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawKey, E> {
                Ok(match v {
                    "value" | SERDE_JSON_NUMBER_TOKEN => RawKey::Value,
                    SERDE_JSON_RAW_TOKEN => RawKey::JsonText,
                    _ => RawKey::Other,
                })
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

#[cfg(test)]
mod tests;
