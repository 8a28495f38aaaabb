//! Reading YAML within bounds: a `serde_yaml::Value` built the way serde_yaml builds it, but
//! from a budget that aliases cannot expand past the size of the text.

use serde_yaml::Value;
use std::cell::Cell;

/// `serde_yaml::from_str::<Value>`, but refusing a document that expands past a size linear in
/// its text. Aliases (`*name`) copy whole subtrees, and serde_yaml's own limit counts alias
/// jumps, not what they copy: 15 KB of `&a [x, x, ...]` and `[*a, *a, ...]` took 44 s and 2 GB.
/// Every node costs 1 and every string its length; a document without aliases costs at most
/// about 1.5 times its length.
pub(crate) fn read_bounded(text: &str) -> Result<Value, serde_yaml::Error> {
    let budget = Cell::new(2 * text.len() + 64 * 1024);
    serde::de::DeserializeSeed::deserialize(
        Bounded(&budget),
        serde_yaml::Deserializer::from_str(text),
    )
}

pub(crate) const TOO_BIG: &str =
    "aliases (*name) repeat too much: this document expands to far more data than a record holds";

/// Builds a `Value` exactly as serde_yaml's own visitor does, spending from a shared budget.
#[derive(Clone, Copy)]
struct Bounded<'b>(&'b Cell<usize>);

impl Bounded<'_> {
    fn spend<E: serde::de::Error>(self, cost: usize) -> Result<(), E> {
        let left = self
            .0
            .get()
            .checked_sub(cost)
            .ok_or_else(|| E::custom(TOO_BIG))?;
        self.0.set(left);
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Bounded<'_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Bounded<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Value, E> {
        self.spend(1).map(|_| Value::Bool(b))
    }
    fn visit_i64<E: serde::de::Error>(self, i: i64) -> Result<Value, E> {
        self.spend(1).map(|_| Value::Number(i.into()))
    }
    fn visit_u64<E: serde::de::Error>(self, u: u64) -> Result<Value, E> {
        self.spend(1).map(|_| Value::Number(u.into()))
    }
    fn visit_f64<E: serde::de::Error>(self, f: f64) -> Result<Value, E> {
        self.spend(1).map(|_| Value::Number(f.into()))
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Value, E> {
        self.spend(1 + s.len()).map(|_| Value::String(s.to_owned()))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.spend(1).map(|_| Value::Null)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.spend(1)?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.spend(1)?;
        let mut mapping = serde_yaml::Mapping::new();
        while let Some(key) = map.next_key_seed(self)? {
            if mapping.contains_key(&key) {
                // serde_yaml's wording, which editors see for a field written twice.
                let which = match &key {
                    Value::Null => "with null key".to_string(),
                    Value::Bool(b) => format!("with key `{b}`"),
                    Value::Number(n) => format!("with key {n}"),
                    Value::String(s) => format!("with key {s:?}"),
                    _ => "in YAML map".to_string(),
                };
                return Err(serde::de::Error::custom(format!("duplicate entry {which}")));
            }
            let value = map.next_value_seed(self)?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess;
        let (tag, contents): (String, _) = data.variant()?;
        if tag.is_empty() {
            return Err(serde::de::Error::custom("empty YAML tag is not allowed"));
        }
        self.spend(1 + tag.len())?;
        let value = contents.newtype_variant_seed(self)?;
        Ok(Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
            tag: serde_yaml::value::Tag::new(tag),
            value,
        })))
    }
}
