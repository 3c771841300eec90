//! [`Amount`]: an exact decimal for the money of the v2 API.
//!
//! # What the server sends
//!
//! Medusa v2 computes money with bignumber.js and sends it in **major units** (`19.99` dollars,
//! not `1999` cents), twice: as a JSON number (`"total": 559.97`, the `toNumber()` of the exact
//! value) and, beside most totals, as an exact string in a `raw_*` object
//! (`"raw_total": {"value": "559.97", "precision": 20}`; `precision` is bignumber.js's setting,
//! not a number of decimals, and is ignored here).
//!
//! # Representation
//!
//! An `Amount` is a fixed-point decimal: an `i128` coefficient and a `u32` scale (the number of
//! decimal places), value = coefficient / 10^scale, always normalised (no trailing zero in the
//! coefficient when the scale is above zero, zero has scale 0). Invariants, kept by every
//! constructor (they all go through one private function):
//!
//! 1. `scale <= 38` ([`Amount::MAX_SCALE`]), so `10^scale` fits an `i128`;
//! 2. the coefficient is never `i128::MIN`, so negation and `abs` never overflow;
//! 3. the form is normalised, so two equal values have the same fields: derived `==` and
//!    `Hash` are equality *by value* (`1.50 == 1.5`).
//!
//! That holds any decimal of up to 38 significant digits with up to 38 decimal places, which
//! covers the 20-significant-digit values bignumber.js writes at any magnitude from 10^-18 to
//! 10^18. Anything else (more
//! digits, `NaN`, `Infinity`, text that is not a decimal) is an [`AmountError`], never a panic
//! and never a silent rounding. Arithmetic is exact, and an overflowing result is an error too:
//! `+`, `-` and `* quantity` give a `Result` (see [`Amount`] for how they chain), and the
//! `checked_*` methods an `Option`.
//!
//! # Reading a JSON number exactly
//!
//! serde_json hands a JSON number with a fraction over as the nearest `f64`. An `Amount` takes
//! the **shortest round-trip decimal form** of that `f64`, the digits Rust's `{:e}` formatting
//! prints (found by a fast path for up to 15 digits, by that formatting beyond). When the
//! server wrote a decimal of at most 15 significant digits (any amount with cents below ten
//! trillion), that form is exactly what it wrote:
//! JavaScript writes the shortest form too, serde_json's parser rounds such a number correctly
//! (one exact division, when there are at most 22 decimal places), and no other decimal of at
//! most 15 digits rounds to the same `f64`. So `19.99` reads as exactly 19.99, never as
//! 19.989999999999998436805981327779591083526611328125. A value of 16 or 17 significant digits
//! (a tax share such as 1.6666666666666667) reads as the shortest form of the `f64` serde_json
//! made of it, which can differ from the exact value in its last digits; its `raw_*` twin, a
//! string, is always exact. Integers are taken as they are. A JSON string (`"559.97"`) and the raw object
//! (`{"value": "559.97", "precision": 20}`) are parsed exactly as well, and so is serde_json's
//! `arbitrary_precision` number form, should another crate enable that feature.
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
//! Measured on a 2-core shared machine (Rust 1.95, optimised build, serde_json 1.0.154), against
//! a copy of these models with `f64` for every money field and a `{value: String}` struct for
//! every `raw_*` (a throwaway program; `measure_decode_cost` in `tests/v2_models.rs` re-measures
//! the number and page figures):
//!
//! - **Size**: `Amount` is 32 bytes (`i128` alignment) and `Option<Amount>` 48, against 8 and 16
//!   for `f64`. A decoded [`Order`](super::Order) is 3,776 bytes against 2,552, an
//!   [`OrderItem`](super::OrderItem) 2,528 against 1,616: about 1.5 times, some 380 kB instead
//!   of 250 kB for a page of 50 one-item orders, before their strings.
//! - **Decoding a number**: 35 ns for one with cents (`19.99`) against 11 ns for an `f64`, 13
//!   against 9 ns for an integer. A fast path finds the shortest decimal with a few float
//!   multiplications (proved exact in `short_decimal`); only a value of 16 or more digits pays
//!   for `{:e}` formatting (about 100 ns). A raw object decodes in 54 ns, faster than the 62 ns
//!   of the `String` it would otherwise be kept as.
//! - **Decoding a page**: the recorded orders page (4.3 kB, one order) takes 8.1 µs against
//!   7.8 µs (+4 %); 50 full decimal orders (432 kB) 1.66–1.69 ms against 1.68–1.72 ms, no
//!   measurable difference (the raw objects, read without allocating, pay for the numbers).
//!   The same bytes as a `serde_json::Value` take 2.4 ms.
//! - **Arithmetic**: exact; about 6 ns per addition when summing amounts of mixed scales,
//!   against 0.5 ns for `f64`; `to_f64` about 4 ns (one correctly rounded division up to 2^53
//!   and 22 places, the standard library's parser beyond).
//! - **Build**: std and serde only, no derive; compiling it adds no measurable time to the
//!   crate's build (the models' serde derives are what costs).
//!
//! Why pay it: money read from this API is for showing, summing and comparing, and with `f64`
//! `3 × 19.99 + 500` is `559.97` only by luck of rounding while `0.1 + 0.2 != 0.3`. An exact
//! decimal makes those `==` comparisons and the conversion to cents ([`Amount::to_minor_units`])
//! trustworthy, at a cost that is small beside the HTTP call that fetched the page.

use std::cmp::Ordering;
use std::fmt::{self, Write as _};
use std::iter::Sum;
use std::ops::{Add, Mul, Neg, Sub};
use std::str::FromStr;

use serde::de::{self, Deserializer, MapAccess, Unexpected, Visitor};
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
/// use medusa_blocking::v2::models::Amount;
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
/// use medusa_blocking::v2::models::{Amount, AmountError};
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
    pub const ZERO: Amount = Amount { coef: 0, scale: 0 };

    /// The most decimal places an `Amount` holds (38).
    pub const MAX_SCALE: u32 = 38;

    /// The one door to the struct: normalises and checks the invariants (see the module doc).
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
    /// use medusa_blocking::v2::models::Amount;
    ///
    /// let a = Amount::new(1990, 2)?;
    /// assert_eq!((a.mantissa(), a.scale()), (199, 1)); // normalised
    /// assert_eq!(a.to_string(), "19.9");
    /// # Ok::<(), medusa_blocking::v2::models::AmountError>(())
    /// ```
    pub fn new(mantissa: i128, scale: u32) -> Result<Amount, AmountError> {
        Self::from_parts(mantissa, scale)
    }

    /// An amount from integer minor units with `decimals` places (cents: 2), the v1 form of
    /// money: `Amount::from_minor_units(4400, 2)` is 44.
    ///
    /// ```rust
    /// use medusa_blocking::v2::models::Amount;
    ///
    /// assert_eq!(Amount::from_minor_units(1999, 2)?.to_string(), "19.99");
    /// # Ok::<(), medusa_blocking::v2::models::AmountError>(())
    /// ```
    pub fn from_minor_units(units: i64, decimals: u32) -> Result<Amount, AmountError> {
        Self::from_parts(i128::from(units), decimals)
    }

    /// The normalised coefficient: the value is `mantissa() / 10^scale()`.
    pub fn mantissa(self) -> i128 {
        self.coef
    }

    /// The normalised number of decimal places (0 for a whole number).
    pub fn scale(self) -> u32 {
        self.scale
    }

    /// `true` for zero.
    pub fn is_zero(self) -> bool {
        self.coef == 0
    }

    /// `true` below zero.
    pub fn is_negative(self) -> bool {
        self.coef < 0
    }

    /// The absolute value (never overflows: the coefficient is never `i128::MIN`).
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
    /// use medusa_blocking::v2::models::Amount;
    ///
    /// let a: Amount = "0.1".parse()?;
    /// assert_eq!(a.checked_add("0.2".parse()?), Some("0.3".parse()?));
    /// assert_eq!(Amount::new(i128::MAX, 0)?.checked_add(a), None);
    /// # Ok::<(), medusa_blocking::v2::models::AmountError>(())
    /// ```
    pub fn checked_add(self, rhs: Amount) -> Option<Amount> {
        if self.scale == rhs.scale {
            return Self::from_parts(self.coef.checked_add(rhs.coef)?, self.scale).ok();
        }
        let (a, b, scale) = self.aligned(rhs)?;
        Self::from_parts(a.checked_add(b)?, scale).ok()
    }

    /// `self - rhs`, or `None` when the exact result does not fit.
    pub fn checked_sub(self, rhs: Amount) -> Option<Amount> {
        self.checked_add(-rhs)
    }

    /// `self × quantity`, or `None` when the exact result does not fit.
    ///
    /// ```rust
    /// use medusa_blocking::v2::models::Amount;
    ///
    /// let price: Amount = "19.99".parse()?;
    /// assert_eq!(price.checked_mul(3), Some("59.97".parse()?));
    /// assert_eq!(price.checked_mul(0), Some(Amount::ZERO));
    /// # Ok::<(), medusa_blocking::v2::models::AmountError>(())
    /// ```
    pub fn checked_mul(self, quantity: i64) -> Option<Amount> {
        Self::from_parts(self.coef.checked_mul(i128::from(quantity))?, self.scale).ok()
    }

    /// The nearest `f64` (correctly rounded), for charts and other approximate uses.
    ///
    /// ```rust
    /// use medusa_blocking::v2::models::Amount;
    ///
    /// assert_eq!("19.99".parse::<Amount>()?.to_f64(), 19.99);
    /// # Ok::<(), medusa_blocking::v2::models::AmountError>(())
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
    /// use medusa_blocking::v2::models::Amount;
    ///
    /// let total: Amount = "559.97".parse()?;
    /// assert_eq!(total.to_minor_units(2), Some(55_997));
    /// assert_eq!(total.to_minor_units(0), None); // not a whole number of dollars
    /// assert_eq!("0.005".parse::<Amount>()?.to_minor_units(2), None);
    /// # Ok::<(), medusa_blocking::v2::models::AmountError>(())
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
}

/// Strict decimal syntax: an optional sign, digits with at most one `.` (at least one digit),
/// then an optional exponent (`e` or `E`, optional sign, digits). No spaces, no `_`, no
/// `NaN`/`Infinity`. This is JSON's number syntax, loosened to what bignumber.js and Rust's
/// `{:e}` write (`+1`, `.5`, `5.`, `1e21`).
fn parse_decimal(text: &[u8]) -> Result<Amount, AmountError> {
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

struct AmountVisitor;

impl<'de> Visitor<'de> for AmountVisitor {
    type Value = Amount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a decimal amount (a number, a decimal string or {"value": "…"})"#)
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

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
        Amount::try_from(v).map_err(|e| E::invalid_value(Unexpected::Float(v), &e))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
        v.parse()
            .map_err(|e: AmountError| E::invalid_value(Unexpected::Str(v), &e))
    }

    /// Medusa's raw form `{"value": "559.97", "precision": 20}` (`precision` and other keys
    /// are ignored), and serde_json's `arbitrary_precision` form of a number.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Amount, A::Error> {
        let mut value = None;
        while let Some(key) = map.next_key::<RawKey>()? {
            match key {
                RawKey::Value => {
                    if value.is_some() {
                        return Err(de::Error::duplicate_field("value"));
                    }
                    value = Some(map.next_value::<Amount>()?);
                }
                RawKey::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        value.ok_or_else(|| de::Error::missing_field("value"))
    }
}

impl<'de> Deserialize<'de> for Amount {
    /// From a JSON number (a float through its shortest decimal form), a decimal string, or
    /// the raw object `{"value": "…"}`. Anything else, and values out of range, are errors.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Amount, D::Error> {
        deserializer.deserialize_any(AmountVisitor)
    }
}

/// A key of the raw object: `value` (or serde_json's private number key), or anything else.
enum RawKey {
    Value,
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
                    _ => RawKey::Other,
                })
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn a(s: &str) -> Amount {
        s.parse()
            .unwrap_or_else(|e| panic!("{s:?} does not parse: {e}"))
    }

    #[test]
    fn parses_and_prints_plain_decimals() {
        for (input, printed) in [
            ("19.99", "19.99"),
            ("559.97", "559.97"),
            ("1950", "1950"),
            ("0", "0"),
            ("-0", "0"),
            ("0.000", "0"),
            ("-0.5", "-0.5"),
            ("1.50", "1.5"),
            ("+3", "3"),
            ("007.10", "7.1"),
            (".5", "0.5"),
            ("5.", "5"),
            ("1e3", "1000"),
            ("1E+3", "1000"),
            ("1.5e-3", "0.0015"),
            ("1500e-2", "15"),
            ("12.5e1", "125"),
            ("0.000001", "0.000001"),
            ("1e-7", "0.0000001"),
            ("1e21", "1000000000000000000000"),
            ("1950.0000000000000000", "1950"), // bignumber.js toPrecision(20)
            ("1.6666666666666666667", "1.6666666666666666667"),
            ("0e999999999999999999999", "0"),
            ("0.1000000000000000000000000000000000000000000000", "0.1"),
            (
                "170141183460469231731687303715884105727",
                "170141183460469231731687303715884105727",
            ),
            (
                "-0.00000000000000000000000000000000000001",
                "-0.00000000000000000000000000000000000001",
            ),
        ] {
            let amount = a(input);
            assert_eq!(amount.to_string(), printed, "{input}");
            // What is printed parses back to the same value.
            assert_eq!(a(printed), amount, "{input}");
        }
    }

    #[test]
    fn normalised_fields() {
        let x = a("19.990");
        assert_eq!((x.mantissa(), x.scale()), (1999, 2));
        assert_eq!((a("100").mantissa(), a("100").scale()), (100, 0));
        assert_eq!((a("-0.0").mantissa(), a("-0.0").scale()), (0, 0));
        assert_eq!(Amount::new(1500, 3), Ok(a("1.5")));
        assert_eq!(Amount::new(0, 38), Ok(Amount::ZERO));
        assert_eq!(Amount::new(10, 39), Ok(a("1e-38")));
        assert_eq!(Amount::new(1, 39), Err(AmountError::OutOfRange));
        assert_eq!(Amount::new(i128::MIN, 0), Err(AmountError::OutOfRange));
        assert_eq!(Amount::from_minor_units(4400, 2), Ok(Amount::from(44)));
        assert_eq!(Amount::from_minor_units(-1, 2), Ok(a("-0.01")));
        assert_eq!(Amount::default(), Amount::ZERO);
    }

    #[test]
    fn rejects_nonsense_without_panicking() {
        for input in [
            "",
            "-",
            "+",
            ".",
            "-.",
            "e5",
            ".e5",
            "1e",
            "1e+",
            "1e-",
            "1.2.3",
            "1..2",
            " 1",
            "1 ",
            "1,5",
            "1_000",
            "abc",
            "NaN",
            "nan",
            "inf",
            "Infinity",
            "-Infinity",
            "0x10",
            "--1",
            "+-1",
            "1e--1",
            "1e1.5",
            "1ee1",
            "١",
            "1\u{0}",
            "٣.٥",
            "$5",
            "5$",
            "1e+-1",
        ] {
            assert_eq!(
                input.parse::<Amount>(),
                Err(AmountError::Invalid),
                "{input:?}"
            );
        }
    }

    #[test]
    fn rejects_out_of_range_without_panicking() {
        let too_many_digits = "1".repeat(40);
        let past_max = "170141183460469231731687303715884105728"; // i128::MAX + 1
        let min = "-170141183460469231731687303715884105728"; // i128::MIN
        let tiny = format!("0.{}1", "0".repeat(38)); // 39 places
        let long_zero_tail = format!("1{}", "0".repeat(10_000));
        for input in [
            too_many_digits.as_str(),
            past_max,
            min,
            tiny.as_str(),
            long_zero_tail.as_str(),
            "1e39",
            "1e-39",
            "0.1e-38",
            "1e999999999999999999999999",
            "1e-999999999999999999999999",
            "9223372036854775807e9223372036854775807",
            "1.5e-9223372036854775808",
        ] {
            assert_eq!(
                input.parse::<Amount>(),
                Err(AmountError::OutOfRange),
                "{input:?}"
            );
        }
        // Zeros and leading zeros are not digits that count.
        assert_eq!(a(&format!("{}1", "0".repeat(10_000))), Amount::from(1));
        assert_eq!(a(&format!("1.{}", "0".repeat(10_000))), Amount::from(1));
    }

    #[test]
    fn reads_floats_by_their_shortest_form() {
        for (value, printed) in [
            (19.99, "19.99"),
            (559.97, "559.97"),
            (0.1, "0.1"),
            (0.3, "0.3"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e-7, "0.0000001"),
            (1950.0, "1950"),
            (-0.0, "0"),
            (-12.5, "-12.5"),
            (1e21, "1000000000000000000000"),
            (9007199254740993.0, "9007199254740992"),
            (123456789012.345, "123456789012.345"),
            (1.6666666666666667, "1.6666666666666667"),
        ] {
            let amount = Amount::try_from(value).unwrap_or_else(|e| panic!("{value}: {e}"));
            assert_eq!(amount.to_string(), printed, "{value}");
        }
        assert_eq!(Amount::try_from(f64::NAN), Err(AmountError::Invalid));
        assert_eq!(Amount::try_from(f64::INFINITY), Err(AmountError::Invalid));
        assert_eq!(Amount::try_from(-f64::INFINITY), Err(AmountError::Invalid));
        assert_eq!(Amount::try_from(1e300), Err(AmountError::OutOfRange));
        assert_eq!(Amount::try_from(f64::MAX), Err(AmountError::OutOfRange));
        assert_eq!(Amount::try_from(5e-324), Err(AmountError::OutOfRange));
        assert_eq!(Amount::try_from(1e-39), Err(AmountError::OutOfRange));
        assert_eq!(Amount::try_from(1e-38), Ok(a("1e-38")));
    }

    /// The `{:e}` path of `TryFrom<f64>`, which `short_decimal` must agree with.
    fn via_shortest_text(value: f64) -> Result<Amount, AmountError> {
        parse_decimal(format!("{value:e}").as_bytes())
    }

    #[test]
    fn the_float_fast_path_agrees_with_the_shortest_text() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let mut fast = 0;
        for i in 0..200_000 {
            let value = if i % 2 == 0 {
                // A decimal the server could have written: m / 10^k, up to 15 digits.
                let m = rng.below(10u64.pow(1 + (i / 2 % 15) as u32));
                let k = rng.below(23) as usize;
                let text = format!("{m}e-{k}");
                let v: f64 = text.parse().expect("f64");
                if rng.below(2) == 0 { v } else { -v }
            } else {
                // Any finite bit pattern.
                let v = f64::from_bits(rng.next());
                if !v.is_finite() {
                    continue;
                }
                v
            };
            if let Some(amount) = short_decimal(value) {
                fast += 1;
                assert_eq!(Ok(amount), via_shortest_text(value), "{value:e}");
            }
            assert_eq!(
                Amount::try_from(value),
                via_shortest_text(value),
                "{value:e}"
            );
        }
        assert!(fast > 90_000, "the fast path took only {fast} values");
        assert_eq!(short_decimal(19.99), Some(a("19.99")));
        assert_eq!(short_decimal(0.1 + 0.2), None); // 17 digits: the slow path decides
    }

    #[test]
    fn to_f64_is_correctly_rounded() {
        for s in [
            "19.99",
            "559.97",
            "0.1",
            "-0.5",
            "1950",
            "1.6666666666666666667",
            "170141183460469231731687303715884105727",
            "1e-38",
            "123456789.123456789123456789",
            "9007199254740993",
        ] {
            let expected: f64 = s.parse().expect("f64");
            assert_eq!(a(s).to_f64(), expected, "{s}");
        }
        assert_eq!(Amount::ZERO.to_f64(), 0.0);
    }

    #[test]
    fn exact_arithmetic() {
        assert_eq!(a("0.1") + a("0.2"), Ok(a("0.3")));
        assert_eq!((a("19.99") * 3 + Amount::from(500)), Ok(a("559.97")));
        assert_eq!(3 * a("19.99"), Ok(a("59.97")));
        assert_eq!(a("559.97") - a("500"), Ok(a("59.97")));
        assert_eq!(Amount::from(500) - a("559.97"), Ok(a("-59.97")));
        assert_eq!(a("1.5") - a("1.50"), Ok(Amount::ZERO));
        assert_eq!(a("0.5") * 2, Ok(Amount::from(1)));
        assert_eq!(a("0.5") * -3, Ok(a("-1.5")));
        assert_eq!(a("19.99") * 0, Ok(Amount::ZERO));
        assert_eq!(-a("19.99"), a("-19.99"));
        assert_eq!(-Amount::ZERO, Amount::ZERO);
        assert_eq!(a("-2.5").abs(), a("2.5"));
        assert!(a("-2.5").is_negative() && !a("2.5").is_negative());
        assert!(Amount::ZERO.is_zero() && !a("0.01").is_zero());
        // A Result on either side of + and -.
        let chained = (a("19.99") * 3 - a("9.97") + a("0.01")) - Amount::from(50);
        assert_eq!(chained, Ok(a("0.01")));
        assert_eq!(a("1") + (a("2") * 2), Ok(a("5")));
        assert_eq!(a("1") - (a("2") * 2), Ok(a("-3")));
    }

    #[test]
    fn overflow_is_an_error() {
        let max = Amount::new(i128::MAX, 0).expect("max");
        let min = -max;
        assert_eq!(max + Amount::from(1), Err(AmountError::OutOfRange));
        assert_eq!(min - Amount::from(1), Err(AmountError::OutOfRange));
        assert_eq!(min - Amount::from(0), Ok(min));
        assert_eq!(max * 2, Err(AmountError::OutOfRange));
        assert_eq!(max * -1, Ok(min));
        assert_eq!(min.abs(), max);
        assert_eq!(max.checked_mul(i64::MIN), None);
        assert_eq!(max.checked_add(a("0.5")), None); // rescaling overflows
        assert_eq!(a("1e-38").checked_add(a("1e10")), None);
        assert_eq!(
            a("1e-38").checked_add(a("1")),
            Some(a("1.00000000000000000000000000000000000001"))
        );
        // An error travels through the rest of a chain.
        assert_eq!(max * 2 + Amount::from(1), Err(AmountError::OutOfRange));
        assert_eq!(Amount::from(1) - max * 2, Err(AmountError::OutOfRange));
        // The sum that reaches i128::MIN is refused (invariant 2).
        let below = Amount::new(-i128::MAX, 0).expect("-max");
        assert_eq!(below.checked_sub(Amount::from(1)), None);
    }

    #[test]
    fn sums() {
        let prices = [a("19.99"), a("19.99"), a("19.99"), Amount::from(500)];
        assert_eq!(prices.iter().sum::<Result<Amount, _>>(), Ok(a("559.97")));
        assert_eq!(
            prices.into_iter().sum::<Result<Amount, _>>(),
            Ok(a("559.97"))
        );
        assert_eq!(
            std::iter::empty::<Amount>().sum::<Result<Amount, _>>(),
            Ok(Amount::ZERO)
        );
        let tenths = std::iter::repeat_n(a("0.1"), 10);
        assert_eq!(tenths.sum::<Result<Amount, _>>(), Ok(Amount::from(1)));
        let max = Amount::new(i128::MAX, 0).expect("max");
        assert_eq!(
            [max, Amount::from(1), -max]
                .iter()
                .sum::<Result<Amount, _>>(),
            Err(AmountError::OutOfRange)
        );
    }

    #[test]
    fn equality_order_and_hash_are_by_value() {
        assert_eq!(a("1.50"), a("1.5"));
        assert_eq!(a("1.50").cmp(&a("1.5")), Ordering::Equal);
        let mut set = HashSet::new();
        set.insert(a("1.5"));
        assert!(set.contains(&a("1.500")));
        assert!(set.contains(&Amount::new(15, 1).expect("1.5")));

        let mut sorted = [
            a("10"),
            a("-0.5"),
            a("9.99"),
            a("0"),
            a("-10.01"),
            a("0.001"),
        ];
        sorted.sort();
        let printed: Vec<String> = sorted.iter().map(Amount::to_string).collect();
        assert_eq!(printed, ["-10.01", "-0.5", "0", "0.001", "9.99", "10"]);

        // Across scales whose alignment would overflow an i128.
        let max = Amount::new(i128::MAX, 0).expect("max");
        let tiny = a("1e-38");
        for (x, y) in [(max, tiny), (tiny, -max), (-tiny, -max), (max, -tiny)] {
            assert_eq!(x.cmp(&y), Ordering::Greater, "{x} > {y}");
            assert_eq!(y.cmp(&x), Ordering::Less, "{y} < {x}");
        }
        let big_fraction = Amount::new(i128::MAX, 38).expect("1.7…");
        assert!(max > big_fraction && Amount::from(2) > big_fraction);
        assert!(Amount::from(1) < big_fraction);
        assert!(-max < -big_fraction);
    }

    #[test]
    fn display_precision_width_and_sign() {
        assert_eq!(format!("{:.2}", a("19.9")), "19.90");
        assert_eq!(format!("{:.2}", a("44")), "44.00");
        assert_eq!(format!("{:.2}", a("559.97")), "559.97");
        assert_eq!(format!("{:.1}", a("0.25")), "0.2"); // ties to even, like f64
        assert_eq!(format!("{:.1}", a("0.35")), "0.4");
        assert_eq!(format!("{:.1}", a("0.251")), "0.3");
        assert_eq!(format!("{:.0}", a("2.5")), "2");
        assert_eq!(format!("{:.0}", a("3.5")), "4");
        assert_eq!(format!("{:.0}", a("-3.5")), "-4");
        assert_eq!(format!("{:.2}", a("-0.001")), "0.00");
        assert_eq!(format!("{:.2}", a("9.999")), "10.00");
        assert_eq!(format!("{:.3}", a("0.0001")), "0.000");
        assert_eq!(format!("{:>8}", a("19.99")), "   19.99");
        assert_eq!(format!("{:<8}|", a("19.99")), "19.99   |");
        assert_eq!(format!("{:+}", a("19.99")), "+19.99");
        assert_eq!(format!("{:08.2}", a("-1.5")), "-0001.50");
        assert_eq!(format!("{:?}", a("19.99")), "Amount(19.99)");
        assert_eq!(
            format!("{:.1}", Amount::new(i128::MAX, 38).expect("1.7…")),
            "1.7"
        );
        assert_eq!(
            format!("{:.0}", Amount::new(-i128::MAX, 0).expect("-max")),
            "-170141183460469231731687303715884105727"
        );
    }

    #[test]
    fn minor_units() {
        assert_eq!(a("19.99").to_minor_units(2), Some(1999));
        assert_eq!(a("559.97").to_minor_units(2), Some(55_997));
        assert_eq!(a("1950").to_minor_units(2), Some(195_000));
        assert_eq!(a("-0.5").to_minor_units(2), Some(-50));
        assert_eq!(a("5").to_minor_units(0), Some(5));
        assert_eq!(a("19.999").to_minor_units(2), None);
        assert_eq!(a("0.5").to_minor_units(0), None);
        assert_eq!(Amount::ZERO.to_minor_units(100), Some(0));
        assert_eq!(a("1").to_minor_units(39), None);
        assert_eq!(a("1e17").to_minor_units(2), None); // beyond i64
        assert_eq!(Amount::from(i64::MAX).to_minor_units(0), Some(i64::MAX));
    }

    #[derive(Debug, PartialEq, Default, Serialize, Deserialize)]
    #[serde(default)]
    struct Holder {
        total: Option<Amount>,
        raw_total: Option<Amount>,
        price: Amount,
    }

    fn holder(json: &str) -> Result<Holder, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn deserializes_the_three_forms() {
        let h = holder(
            r#"{"total": 559.97, "raw_total": {"value": "559.97", "precision": 20},
                "price": "19.99"}"#,
        )
        .expect("holder");
        assert_eq!(h.total, Some(a("559.97")));
        assert_eq!(h.raw_total, h.total);
        assert_eq!(h.price, a("19.99"));

        for json in [
            "1950",
            "-1950",
            "1950.0",
            "1.95e3",
            r#""1950""#,
            r#"{"value": "1950"}"#,
            r#"{"precision": 20, "value": "1950.0000000000000000"}"#,
            r#"{"value": 1950, "extra": [1, {"x": null}]}"#,
            r#"{"$serde_json::private::Number": "1950"}"#,
        ] {
            let amount: Amount =
                serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(amount.abs(), Amount::from(1950), "{json}");
        }
        // Beyond u64 and i64.
        assert_eq!(
            serde_json::from_str::<Amount>("18446744073709551615").ok(),
            Some(a("18446744073709551615"))
        );
        assert_eq!(
            serde_json::from_str::<Amount>("-9223372036854775808").ok(),
            Some(a("-9223372036854775808"))
        );
    }

    #[test]
    fn null_missing_and_wrong_types() {
        let h = holder(r#"{"total": null, "raw_total": null}"#).expect("nulls");
        assert_eq!(h, Holder::default());
        assert_eq!(holder("{}").expect("missing"), Holder::default());

        for json in [
            r#"{"price": null}"#,
            r#"{"price": true}"#,
            r#"{"price": [19.99]}"#,
            r#"{"price": "abc"}"#,
            r#"{"price": ""}"#,
            r#"{"price": "NaN"}"#,
            r#"{"price": 1e39}"#,
            r#"{"price": "1e39"}"#,
            r#"{"total": {}}"#,
            r#"{"total": {"precision": 20}}"#,
            r#"{"total": {"value": null}}"#,
            r#"{"total": {"value": "1", "value": "2"}}"#,
            r#"{"total": {"value": "x"}}"#,
            r#"{"total": 1e999}"#,
        ] {
            let err = holder(json).expect_err(json);
            assert!(!err.to_string().is_empty());
        }
        let err = holder(r#"{"price": "12,50"}"#).expect_err("comma");
        assert!(
            err.to_string()
                .contains(r#"string "12,50", expected a decimal amount"#),
            "{err}"
        );
        let err = holder(r#"{"price": "1e99"}"#).expect_err("range");
        assert!(
            err.to_string().contains("at most 38 significant digits"),
            "{err}"
        );
        let err = holder(r#"{"total": {"precision": 20}}"#).expect_err("missing value");
        assert!(err.to_string().contains("missing field `value`"), "{err}");
    }

    #[test]
    fn serializes_as_a_number_that_round_trips() {
        for (s, json) in [
            ("19.99", "19.99"),
            ("559.97", "559.97"),
            ("1950", "1950"),
            ("-0.5", "-0.5"),
            ("0", "0"),
            ("0.0000001", "1e-7"),
            ("123456789012.345", "123456789012.345"),
            ("18446744073709551615", "18446744073709551615"),
            // Beyond what an f64 keeps: a string, still exact.
            ("1.6666666666666666667", r#""1.6666666666666666667""#),
            ("1234567890123456", "1234567890123456"),
            ("123456789012345.6", r#""123456789012345.6""#),
            ("1e-23", r#""0.00000000000000000000001""#),
            ("1e30", r#""1000000000000000000000000000000""#),
        ] {
            let amount = a(s);
            let text = serde_json::to_string(&amount).expect("serialize");
            assert_eq!(text, json, "{s}");
            let back: Amount = serde_json::from_str(&text).expect("parse back");
            assert_eq!(back, amount, "{s}");
            let value = serde_json::to_value(amount).expect("to_value");
            let back: Amount = serde_json::from_value(value).expect("from_value");
            assert_eq!(back, amount, "{s} through serde_json::Value");
        }
    }

    /// xorshift64*: a small deterministic generator, so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }

        fn signed(&mut self, magnitude: u64) -> i64 {
            let v = self.below(magnitude) as i64;
            if self.below(2) == 0 { v } else { -v }
        }
    }

    #[test]
    fn randomised_sums_match_exact_integer_arithmetic() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..2_000 {
            // Amounts with 0 to 4 places, summed both ways: as Amounts, and as integers of
            // ten-thousandths.
            let n = rng.below(20) as usize;
            let mut exact: i128 = 0;
            let mut amounts = Vec::with_capacity(n);
            for _ in 0..n {
                let places = rng.below(5) as u32;
                let units = rng.signed(10_000_000_000);
                let quantity = rng.below(5) as i64 + 1;
                let amount = (Amount::from_minor_units(units, places).expect("small") * quantity)
                    .expect("small");
                exact += i128::from(units) * i128::from(quantity) * POW10[4 - places as usize];
                amounts.push(amount);
            }
            let sum = amounts
                .iter()
                .sum::<Result<Amount, _>>()
                .expect("no overflow");
            assert_eq!(sum, Amount::new(exact, 4).expect("exact"), "{amounts:?}");
            assert_eq!(sum.to_minor_units(4), i64::try_from(exact).ok());
            // Subtracting them all back gives zero.
            let back = amounts.iter().try_fold(sum, |acc, x| acc - *x);
            assert_eq!(back, Ok(Amount::ZERO));
        }
    }

    #[test]
    fn randomised_print_parse_compare_and_float_reading() {
        let mut rng = Rng(0xD1B5_4A32_D192_ED03);
        for _ in 0..5_000 {
            let digits = rng.below(39) as u32;
            let mantissa = i128::from(rng.signed(u64::MAX >> 1)) * i128::from(rng.signed(1 << 62))
                / POW10[38 - digits as usize].max(1);
            let scale = rng.below(39) as u32;
            let Ok(x) = Amount::new(mantissa, scale) else {
                continue;
            };
            // Display → FromStr is the identity.
            assert_eq!(a(&x.to_string()), x);
            // Serialize → Deserialize is the identity.
            let json = serde_json::to_string(&x).expect("serialize");
            assert_eq!(
                serde_json::from_str::<Amount>(&json).expect("parse"),
                x,
                "{json}"
            );
            // to_f64 agrees with the standard library's parse of the same text.
            let f: f64 = x.to_string().parse().expect("f64");
            assert_eq!(x.to_f64(), f, "{x}");

            // Order agrees with subtraction, when the difference fits.
            let y =
                Amount::new(i128::from(rng.signed(1 << 40)), rng.below(12) as u32).expect("small");
            if let Some(d) = x.checked_sub(y) {
                let expected = if d.is_zero() {
                    Ordering::Equal
                } else if d.is_negative() {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
                assert_eq!(x.cmp(&y), expected, "{x} vs {y}");
            }
            assert_eq!(x.cmp(&y), y.cmp(&x).reverse());
        }

        // Any decimal of at most 15 significant digits (and 22 places) reads back exactly from
        // the f64 serde_json makes of its text.
        for _ in 0..20_000 {
            let mantissa = rng.signed(999_999_999_999_999);
            let scale = rng.below(23) as u32;
            let x = Amount::new(i128::from(mantissa), scale).expect("small");
            let text = x.to_string();
            let read: Amount = serde_json::from_str(&text).expect("read");
            assert_eq!(read, x, "{text}");
        }
    }
}
