//! The order a record type declares its fields in, which the form follows: the schema lists
//! properties alphabetically, so the order is read from serde's derive instead.

use crate::records::{Contact, Eligibility, Location, OpeningHours, Step};
use serde::de::{self, Deserialize, Visitor};

/// The declared field order of a record part, by its type's name in the schema.
pub(super) fn declared_of(definition: &str) -> &'static [&'static str] {
    match definition {
        "Location" => declared_fields::<Location>(),
        "Contact" => declared_fields::<Contact>(),
        "OpeningHours" => declared_fields::<OpeningHours>(),
        "Eligibility" => declared_fields::<Eligibility>(),
        "Step" => declared_fields::<Step>(),
        _ => &[],
    }
}

/// The fields of a record type in the order it declares them: the list serde's derive hands to
/// `deserialize_struct`, caught by a deserializer that reads nothing. (The schema's own
/// properties are in alphabetical order, which makes a poor form.)
pub(super) fn declared_fields<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldNames(&mut fields));
    fields
}

struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> de::Deserializer<'de> for FieldNames<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("only a struct's field names are read"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("only a struct's field names are read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::AssetRecord;

    #[test]
    fn fields_come_in_the_order_the_type_declares_them() {
        let fields = declared_fields::<AssetRecord>();
        assert_eq!(
            &fields[..4],
            ["name", "summary", "description", "organisation"]
        );
        assert_eq!(
            declared_fields::<OpeningHours>(),
            ["days", "opens", "closes", "note"]
        );
    }
}
