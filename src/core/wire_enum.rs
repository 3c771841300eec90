//! `wire_enum!`: the string enums of every API version's models.
//!
//! Each generated enum keeps the exact wire value, parses unknown values into an
//! `Unknown(String)` variant instead of failing, and serializes back to the same string, so a newer
//! server that adds a status never breaks the deserialization of a whole page.

/// Generates a `#[non_exhaustive]` string enum with a catch-all `Unknown(String)` variant.
///
/// For every enum it generates `as_str`, `Display`, `FromStr<Err = Infallible>`, `From<&str>`,
/// `From<String>`, `AsRef<str>`, serde `Serialize` (the wire string) and `Deserialize` (any string;
/// values this version does not know become `Unknown`). An optional `default = Variant;` line adds a
/// `Default` impl.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $wire:literal,
            )+
        }
        $(default = $default:ident;)?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[doc = ""]
                #[doc = concat!("Wire value: `", $wire, "`.")]
                $variant,
            )+
            /// A value this version of the crate does not know, kept verbatim.
            ///
            /// Values are classified when parsed: do not build `Unknown` from a known value
            /// (it would not compare equal to the named variant); use `From<&str>` or `parse`.
            Unknown(String),
        }

        impl $name {
            /// The wire values of the known variants, in declaration order.
            #[cfg(test)]
            pub(crate) const WIRE_VALUES: &'static [&'static str] = &[$($wire),+];

            /// The value as sent on the wire (for `Unknown`, the string that was received).
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(other) => other.as_str(),
                }
            }

            /// `true` for the `Unknown` catch-all variant.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        $(
            impl Default for $name {
                fn default() -> Self {
                    Self::$default
                }
            }
        )?

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $($wire => Self::$variant,)+
                    _ => Self::Unknown(value),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct WireVisitor;

                impl ::serde::de::Visitor<'_> for WireVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a string (", stringify!($name), ")"))
                    }

                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from(value))
                    }

                    fn visit_string<E: ::serde::de::Error>(self, value: String) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                }

                deserializer.deserialize_str(WireVisitor)
            }
        }
    };
}
