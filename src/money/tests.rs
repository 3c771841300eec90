//! Unit tests of [`Amount`](super::Amount): parsing, printing, arithmetic, serde.

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
        let amount: Amount = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
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
        let y = Amount::new(i128::from(rng.signed(1 << 40)), rng.below(12) as u32).expect("small");
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

/// A JSON number is read from its text: integers beyond `u64`/`i64`, which serde_json would
/// otherwise hand over as a rounded `f64`, and numbers of more than 15 significant digits.
#[test]
fn json_numbers_are_read_as_written() {
    for text in [
        "99999999999999999999",
        "-99999999999999999999",
        "18446744073709551616", // u64::MAX + 1
        "-9223372036854775809", // i64::MIN - 1
        "170141183460469231731687303715884105727",
        "1.6666666666666666667",
        "0.30000000000000000001",
        "12345678901234567.89",
    ] {
        let expected = a(text);
        assert_eq!(
            serde_json::from_str::<Amount>(text).ok(),
            Some(expected),
            "{text}"
        );
        let holder = holder(&format!(r#"{{"total": {text}, "price": {text}}}"#)).expect(text);
        assert_eq!(holder.total, Some(expected), "{text} in a struct");
        assert_eq!(holder.price, expected, "{text} in a struct");
        let reader = serde_json::from_reader::<_, Amount>(text.as_bytes()).ok();
        assert_eq!(reader, Some(expected), "{text} from a reader");
        let raw = format!(r#"{{"value": {text}, "precision": 20}}"#);
        assert_eq!(
            serde_json::from_str::<Amount>(&raw).ok(),
            Some(expected),
            "{raw}"
        );
    }
    // Still out of range beyond 38 digits, and not rounded into range.
    assert!(serde_json::from_str::<Amount>("170141183460469231731687303715884105728").is_err());
    assert!(serde_json::from_str::<Amount>(&"9".repeat(39)).is_err());
}

#[test]
fn json_text_forms_and_errors() {
    // Strings with escapes go through serde_json's string reader.
    assert_eq!(
        serde_json::from_str::<Amount>(r#""\u0031\u0039.99""#).ok(),
        Some(a("19.99"))
    );
    assert_eq!(
        serde_json::from_str::<Amount>(r#"{"value": "\u0031950", "precision": 20}"#).ok(),
        Some(a("1950"))
    );
    assert_eq!(
        serde_json::from_str::<Amount>(" \n 19.99 \t").ok(),
        Some(a("19.99"))
    );
    // A raw object's value is a number or a string, not another raw object.
    let err = serde_json::from_str::<Amount>(r#"{"value": {"value": "1"}}"#).expect_err("nested");
    assert!(
        err.to_string()
            .starts_with("invalid type: map, expected a decimal amount (a number or a decimal"),
        "{err}"
    );
    for json in [
        r#"{"total": {"value": {"value": "1"}}}"#,
        r#"{"total": {"value": {}}}"#,
    ] {
        let err = holder(json).expect_err(json);
        assert!(
            err.to_string().contains("invalid type: map"),
            "{json}: {err}"
        );
    }
    let value = serde_json::json!({"value": {"value": "1"}});
    assert!(serde_json::from_value::<Amount>(value).is_err());
    // Errors name the number, shortened, and say why; the position is the document's.
    let err = holder(r#"{"price": 1e39, "total": 1}"#).expect_err("1e39");
    assert!(
        err.to_string()
            .contains("invalid value: number 1e39, expected a decimal amount of at most 38"),
        "{err}"
    );
    assert!(err.to_string().ends_with("at line 1 column 14"), "{err}");
    let long = format!(r#"{{"price": 1{}}}"#, "0".repeat(100));
    let err = holder(&long).expect_err("long");
    assert!(
        err.to_string()
            .contains(&format!("number 1{}…, expected", "0".repeat(39))),
        "{err}"
    );
    let err = holder(r#"{"total": {"value": "x"}}"#).expect_err("x");
    assert!(
        err.to_string()
            .starts_with(r#"invalid value: string "x", expected a decimal amount"#),
        "{err}"
    );
    let err = holder(r#"{"total": {"value": [1]}}"#).expect_err("[1]");
    assert!(
        err.to_string().starts_with("invalid type: sequence")
            && err.to_string().ends_with("at line 1 column 25"),
        "{err}"
    );
}

/// Deserializers other than serde_json's text reader: they have no number text, and read as
/// before (an integer exactly, a fraction through its shortest form).
#[test]
fn other_deserializers() {
    use serde::de::IntoDeserializer;
    use serde::de::value::Error;

    fn from<'de, T: IntoDeserializer<'de, Error>>(value: T) -> Option<Amount> {
        Amount::deserialize(value.into_deserializer()).ok()
    }
    assert_eq!(from(19.99f64), Some(a("19.99")));
    assert_eq!(from(0.1f64 + 0.2), Some(a("0.30000000000000004")));
    assert_eq!(from("19.99"), Some(a("19.99")));
    assert_eq!(from(u64::MAX), Some(Amount::from(u64::MAX)));
    assert_eq!(from(true), None);

    // serde_json::Value: the text it holds.
    let value = serde_json::json!({"total": {"value": "559.97"}, "price": 19.99});
    let h: Holder = serde_json::from_value(value.clone()).expect("from_value");
    assert_eq!((h.total, h.price), (Some(a("559.97")), a("19.99")));
    let h = Holder::deserialize(&value).expect("from &Value");
    assert_eq!((h.total, h.price), (Some(a("559.97")), a("19.99")));

    // Buffered by serde (flatten, untagged): read as serde hands it over.
    #[derive(Deserialize)]
    struct Outer {
        #[serde(flatten)]
        holder: Holder,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(untagged)]
    enum Either {
        Money(Amount),
        Text(Vec<String>),
    }
    let outer: Outer =
        serde_json::from_str(r#"{"total": 559.97, "price": "19.99", "x": 1}"#).expect("flatten");
    assert_eq!(outer.holder.total, Some(a("559.97")));
    assert_eq!(outer.holder.price, a("19.99"));
    assert_eq!(
        serde_json::from_str::<Either>("19.99").ok(),
        Some(Either::Money(a("19.99")))
    );
    assert_eq!(
        serde_json::from_str::<Either>(r#"["a"]"#).ok(),
        Some(Either::Text(vec!["a".into()]))
    );
}

#[test]
fn normalises_coefficients_beyond_i64() {
    // 100000000000000000005 + 5 at 20 places: a 21-digit coefficient whose zeros are stripped
    // in 128 bits.
    let sum = (a("1.00000000000000000005") + a("0.00000000000000000005")).expect("sum");
    assert_eq!(sum, a("1.0000000000000000001"));
    assert_eq!(
        (sum.mantissa(), sum.scale()),
        (10_000_000_000_000_000_001, 19)
    );
    assert_eq!(sum.to_string(), "1.0000000000000000001");
    let x = Amount::new(123_000_000_000_000_000_000_000, 21).expect("x");
    assert_eq!((x.mantissa(), x.scale()), (123, 0));
    let y = Amount::new(-10_000_000_000_000_000_000_000_000_000, 38).expect("y");
    assert_eq!((y.mantissa(), y.scale()), (-1, 10));
}

#[test]
fn zero_has_no_sign() {
    assert!(!Amount::ZERO.is_negative());
    assert!(!a("-0").is_negative() && !a("-0.00").is_negative());
    assert!(!(-Amount::ZERO).is_negative());
    assert!(!(a("0.5") - a("0.5")).expect("zero").is_negative());
    assert_eq!((-Amount::ZERO).to_string(), "0");
}

/// The raw object's shortcut (`raw_object_value`) takes Medusa's shape only, and leaves
/// every other shape to serde_json, with the same answers.
#[test]
fn raw_objects_of_any_shape() {
    assert_eq!(
        raw_object_value(r#"{"value":"559.97","precision":20}"#),
        Some("559.97")
    );
    assert_eq!(raw_object_value(r#"{"value":"12,50"}"#), Some("12,50"));
    assert_eq!(raw_object_value(r#"{"value":"","precision":0}"#), Some(""));
    for other in [
        "{}",
        r#"{"precision":20,"value":"1"}"#,
        r#"{ "value":"1"}"#,
        r#"{"value": "1"}"#,
        r#"{"value":"1" }"#,
        r#"{"value":1}"#,
        r#"{"value":"1","precision":20,"x":1}"#,
        r#"{"value":"1","precision":"20"}"#,
        r#"{"value":"1","precision":}"#,
        r#"{"value":"1","value":"2"}"#,
        r#"{"value":"\u0031"}"#,
        r#"{"value":"1"#,
        r#"{"value":""#,
        "",
    ] {
        assert_eq!(raw_object_value(other), None, "{other}");
    }

    // Whichever way it is read, the same answers.
    for (json, expected) in [
        (r#"{"value":"559.97","precision":20}"#, Ok(a("559.97"))),
        (r#"{"value":"559.97"}"#, Ok(a("559.97"))),
        (
            r#"{"value":"","precision":20}"#,
            Err("invalid value: string \"\""),
        ),
        (r#"{ "precision" : 20 , "value" : 1950 }"#, Ok(a("1950"))),
        (r#"{"value":"1","x":[1, {"y": "}"}]}"#, Ok(a("1"))),
        (r#"{"value":"\u0031","x":{}}"#, Ok(a("1"))),
        (r#"{"x":"{","value":-0.5e1}"#, Ok(a("-5"))),
        (
            r#"{"value":"12,50"}"#,
            Err(r#"invalid value: string "12,50""#),
        ),
        (r#"{"value":null}"#, Err("invalid type: null")),
        (r#"{"value":true,"x":[]}"#, Err("invalid type: boolean")),
        (r#"{"precision":20}"#, Err("missing field `value`")),
        ("{}", Err("missing field `value`")),
    ] {
        let read = serde_json::from_str::<Amount>(json).map_err(|e| e.to_string());
        let from_value = serde_json::from_str::<serde_json::Value>(json)
            .and_then(serde_json::from_value::<Amount>)
            .map_err(|e| e.to_string());
        for (how, got) in [("text", read), ("Value", from_value)] {
            match (&got, expected) {
                (Ok(got), Ok(want)) => assert_eq!(*got, want, "{json} ({how})"),
                (Err(got), Err(want)) => assert!(got.starts_with(want), "{json} ({how}): {got}"),
                _ => panic!("{json} ({how}): {got:?}"),
            }
        }
    }
    // (A serde_json::Value keeps the last of two equal keys.)
    let err = serde_json::from_str::<Amount>(r#"{"value":"1","value":"2"}"#).expect_err("two");
    assert!(
        err.to_string().starts_with("duplicate field `value`"),
        "{err}"
    );
}

/// The 64-bit shortcut of `parse_decimal` agrees with the long way.
#[test]
fn short_decimals_parse_as_the_long_way_does() {
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    let alphabet = b"0123456789.-+e";
    for _ in 0..100_000 {
        let len = rng.below(19) as usize;
        let text: Vec<u8> = (0..len)
            .map(|_| {
                let letters = if rng.below(4) == 0 { 14 } else { 11 };
                alphabet[rng.below(letters) as usize]
            })
            .collect();
        let short = parse_short_decimal(&text);
        if let Some(short) = short {
            // The long way, past the shortcut: the same text with a redundant exponent.
            let mut long = text.clone();
            long.extend_from_slice(b"e0");
            assert_eq!(
                parse_decimal(&long),
                Ok(short),
                "{}",
                String::from_utf8_lossy(&text)
            );
        }
    }
    assert_eq!(
        parse_short_decimal(b"999999999999999999"),
        Some(a("999999999999999999e0"))
    );
    assert_eq!(
        parse_short_decimal(b"-0.000000000000001"),
        Some(a("-1e-15"))
    );
    assert_eq!(parse_short_decimal(b"1999999999999999999"), None); // 19 bytes
    assert_eq!(parse_short_decimal(b"+1"), None);
    assert_eq!(parse_short_decimal(b"1e2"), None);
    assert_eq!(parse_short_decimal(b"-"), None);
    assert_eq!(parse_short_decimal(b"."), None);
}

#[test]
fn rounds_to_minor_units_half_away_from_zero() {
    for (s, decimals, want) in [
        ("99.5", 0, Some(100)),
        ("99.49", 0, Some(99)),
        ("-2.5", 0, Some(-3)),
        ("-2.4999", 0, Some(-2)),
        ("0.5", 0, Some(1)),
        ("-0.5", 0, Some(-1)),
        ("0.49999999999999999999999999999999999999", 0, Some(0)),
        ("0.00000000000000000000000000000000000005", 0, Some(0)),
        ("19.995", 2, Some(2000)),
        ("19.994", 2, Some(1999)),
        ("44", 2, Some(4400)),
        ("44", 0, Some(44)),
        ("9223372036854775807.4", 0, Some(i64::MAX)),
        ("9223372036854775807.5", 0, None),
        ("-9223372036854775808.5", 0, None),
        ("-9223372036854775808.4", 0, Some(i64::MIN)),
        ("1e17", 2, None),
        ("0", 40, Some(0)),
    ] {
        assert_eq!(
            a(s).round_to_minor_units(decimals),
            want,
            "{s} at {decimals}"
        );
    }
    let max = Amount::new(i128::MAX, 38).expect("1.7…");
    assert_eq!(max.round_to_minor_units(0), Some(2));
    assert_eq!((-max).round_to_minor_units(0), Some(-2));
    assert_eq!(
        Amount::new(i128::MAX, 0)
            .expect("max")
            .round_to_minor_units(0),
        None
    );
}
