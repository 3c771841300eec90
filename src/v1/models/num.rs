//! Computed money totals, read through [`Amount`]'s exact parser.
//!
//! Medusa computes order, line-item and shipping-method totals in JavaScript on every request.
//! Most of them are rounded, but some code paths are not (for example the legacy per-order
//! `tax_rate` path multiplies by the rate without `Math.round`, and the gift-card tax total
//! multiplies transaction amounts by a rate). To avoid failing a whole orders page on such a value,
//! a computed total is read as an exact decimal by [`Amount`] (a JSON number from its digits, a
//! decimal string, or a `{"value": "…"}` object) and rounded to whole minor units, halves away
//! from zero. Integers, the normal case, are taken as they are; a value that does not fit an
//! `i64` is an error. The fields stay `Option<i64>`. Stored columns (prices, amounts) are
//! integers in the database and use plain `i64`.

use serde::Deserialize;
use serde::de::{self, Deserializer, Unexpected};

use crate::money::Amount;

/// `deserialize_with` for `Option<i64>` computed totals: `null` → `None`, integer → value,
/// fraction → rounded value.
pub(crate) fn opt_total<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    let Some(amount) = Option::<Amount>::deserialize(deserializer)? else {
        return Ok(None);
    };
    match amount.round_to_minor_units(0) {
        Some(units) => Ok(Some(units)),
        None => Err(de::Error::invalid_value(
            Unexpected::Other(&amount.to_string()),
            &"an amount in minor units within i64",
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use crate::money::Amount;

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
        assert_eq!(parse(r#"{"v":-2.4999}"#).ok(), Some(Some(-2)));
        assert_eq!(parse(r#"{"v":1e3}"#).ok(), Some(Some(1000)));
        assert_eq!(parse(r#"{"v":null}"#).ok(), Some(None));
        assert_eq!(parse("{}").ok(), Some(None));
        assert_eq!(
            parse(r#"{"v":9223372036854775807}"#).ok(),
            Some(Some(i64::MAX))
        );
        assert_eq!(
            parse(r#"{"v":-9223372036854775808}"#).ok(),
            Some(Some(i64::MIN))
        );
        // Exact where an f64 is not: 2^53 + 1, and a half beyond 2^53.
        assert_eq!(
            parse(r#"{"v":9007199254740993}"#).ok(),
            Some(Some(9_007_199_254_740_993))
        );
        assert_eq!(
            parse(r#"{"v":9007199254740992.5}"#).ok(),
            Some(Some(9_007_199_254_740_993))
        );
    }

    /// What `Amount` reads besides numbers: a decimal string, Medusa's raw object.
    #[test]
    fn decimal_strings_and_raw_objects() {
        assert_eq!(parse(r#"{"v":"12"}"#).ok(), Some(Some(12)));
        assert_eq!(parse(r#"{"v":"1999.5"}"#).ok(), Some(Some(2000)));
        assert_eq!(
            parse(r#"{"v":{"value":"333.33","precision":20}}"#).ok(),
            Some(Some(333))
        );
    }

    #[test]
    fn rejects_non_numbers_and_out_of_range() {
        assert!(parse(r#"{"v":"abc"}"#).is_err());
        assert!(parse(r#"{"v":"12,50"}"#).is_err());
        assert!(parse(r#"{"v":true}"#).is_err());
        assert!(parse(r#"{"v":[1]}"#).is_err());
        assert!(parse(r#"{"v":1e300}"#).is_err());
        assert!(parse(r#"{"v":9223372036854775807.5}"#).is_err());
        let err = parse(r#"{"v":18446744073709551615}"#).expect_err("beyond i64");
        assert!(
            err.to_string().starts_with(
                "invalid value: 18446744073709551615, expected an amount in minor units within i64"
            ),
            "{err}"
        );
    }

    /// For every number a JavaScript server writes (the shortest text of an `f64`), the result
    /// is what 0.1 gave by rounding that `f64` (`f64::round`).
    #[test]
    fn agrees_with_rounding_the_f64_a_server_wrote() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        let mut values = vec![
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            0.49999999999999994,
            4503599627370495.5,
        ];
        for _ in 0..50_000 {
            let r = next();
            let v = match r % 4 {
                // Cents-like: k / 100, k / 1000, halves.
                0 => (r >> 8) as i64 as f64 / 1e15 / [1.0, 100.0, 1000.0][(r >> 2) as usize % 3],
                1 => ((r >> 16) % 2_000_001) as f64 / 2.0 - 500_000.0,
                // A total times a tax rate.
                2 => {
                    ((r >> 16) % 1_000_000) as f64
                        * [0.0725, 0.2, 0.125, 1.0 / 3.0][(r >> 2) as usize % 4]
                }
                // Any finite value in range.
                _ => f64::from_bits(r),
            };
            values.push(v);
        }
        let (mut compared, mut tiny) = (0, 0);
        for v in values {
            let rounded = v.round();
            if !v.is_finite() || !(-9.2e18..9.2e18).contains(&rounded) {
                continue;
            }
            let text = format!("{v}");
            let got = parse(&format!(r#"{{"v":{text}}}"#));
            if v.abs() >= 9_007_199_254_740_992.0 {
                // Whole numbers from 2^53 on, which `{}` (like JavaScript) writes as integers:
                // 0.1 read those digits as an integer, as written, and so does `Amount`.
                assert_eq!(got.ok(), Some(text.parse::<i64>().ok()), "{text}");
            } else if text.parse::<Amount>().is_ok() {
                assert_eq!(got.ok(), Some(Some(rounded as i64)), "{text}");
                compared += 1;
            } else {
                // More than 38 decimal places: a magnitude below 10^-22 with 17 digits, which
                // no arithmetic on money makes; an error now (0.1 read it as 0).
                assert!(v.abs() < 1e-22 && got.is_err(), "{text}");
                tiny += 1;
            }
        }
        assert!(compared > 37_000 && tiny < 10_000, "{compared} {tiny}");
    }
}
