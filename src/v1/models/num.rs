//! Lenient integer parsing for computed money totals.
//!
//! Medusa computes order, line-item and shipping-method totals in JavaScript on every request.
//! Most of them are rounded, but some code paths are not (for example the legacy per-order
//! `tax_rate` path multiplies by the rate without `Math.round`, and the gift-card tax total
//! multiplies transaction amounts by a rate). To avoid failing a whole orders page on such a value,
//! computed totals accept a JSON float and round it to the nearest integer (halves away from
//! zero). Integers, the normal case, are taken as they are. Stored columns (prices, amounts) are
//! integers in the database and use plain `i64`.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// An `i64` that also accepts a finite JSON float, rounded.
struct LenientInt(i64);

struct LenientIntVisitor;

impl Visitor<'_> for LenientIntVisitor {
    type Value = LenientInt;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer amount in minor units")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<LenientInt, E> {
        Ok(LenientInt(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<LenientInt, E> {
        i64::try_from(v)
            .map(LenientInt)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<LenientInt, E> {
        // `i64::MAX as f64` rounds up to 2^63, so the upper bound is exclusive.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        let rounded = v.round();
        if rounded.is_finite() && (-LIMIT..LIMIT).contains(&rounded) {
            // In range and integral: the cast is exact.
            Ok(LenientInt(rounded as i64))
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }
}

impl<'de> Deserialize<'de> for LenientInt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientIntVisitor)
    }
}

/// `deserialize_with` for `Option<i64>` computed totals: `null` → `None`, integer → value,
/// float → rounded value.
pub(crate) fn opt_total<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    Ok(Option::<LenientInt>::deserialize(deserializer)?.map(|v| v.0))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq, Default)]
    #[serde(default)]
    struct T {
        #[serde(deserialize_with = "super::opt_total")]
        v: Option<i64>,
    }

    fn parse(json: &str) -> Result<Option<i64>, serde_json::Error> {
        serde_json::from_str::<T>(json).map(|t| t.v)
    }

    #[test]
    fn integers_floats_null_missing() {
        assert_eq!(parse(r#"{"v":4400}"#).ok(), Some(Some(4400)));
        assert_eq!(parse(r#"{"v":-12}"#).ok(), Some(Some(-12)));
        assert_eq!(parse(r#"{"v":0.0}"#).ok(), Some(Some(0)));
        assert_eq!(parse(r#"{"v":99.5}"#).ok(), Some(Some(100)));
        assert_eq!(parse(r#"{"v":99.49}"#).ok(), Some(Some(99)));
        assert_eq!(parse(r#"{"v":-2.5}"#).ok(), Some(Some(-3)));
        assert_eq!(parse(r#"{"v":null}"#).ok(), Some(None));
        assert_eq!(parse("{}").ok(), Some(None));
    }

    #[test]
    fn rejects_non_numbers_and_out_of_range() {
        assert!(parse(r#"{"v":"12"}"#).is_err());
        assert!(parse(r#"{"v":true}"#).is_err());
        assert!(parse(r#"{"v":18446744073709551615}"#).is_err());
        assert!(parse(r#"{"v":1e300}"#).is_err());
    }
}
