//! Reading fields of a service: `Rec` is an object of the input with its path from the
//! service (`service_at_locations[0].location`), so every problem names the field it is about.

use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub(crate) field: String,
    pub(crate) message: String,
}

impl Problem {
    pub(crate) fn new(field: &str, message: impl Into<String>) -> Problem {
        Problem {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

#[derive(Default)]
pub(crate) struct Problems(pub(crate) Vec<Problem>);

impl Problems {
    pub(crate) fn take<T: Default>(&mut self, result: Result<T, Problem>) -> T {
        result.unwrap_or_else(|p| {
            self.0.push(p);
            T::default()
        })
    }
}

pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// An object of the input and its path from the service, for messages.
#[derive(Clone)]
pub(crate) struct Rec<'a> {
    pub(crate) map: &'a Map<String, Value>,
    pub(crate) path: String,
}

impl<'a> Rec<'a> {
    pub(crate) fn at(&self, field: &str) -> String {
        if self.path.is_empty() {
            field.to_string()
        } else {
            format!("{}.{field}", self.path)
        }
    }

    pub(crate) fn has(&self, field: &str) -> bool {
        match self.map.get(field) {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) => !s.trim().is_empty(),
            Some(Value::Array(a)) => !a.is_empty(),
            Some(Value::Object(o)) => !o.is_empty(),
            Some(_) => true,
        }
    }

    /// Trimmed text; numbers are accepted as text. Empty text is no value.
    pub(crate) fn text(&self, field: &str) -> Result<Option<String>, Problem> {
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => {
                Ok(Some(s.replace("\r\n", "\n").trim().to_string()).filter(|s| !s.is_empty()))
            }
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(other) => Err(Problem::new(
                &self.at(field),
                format!("should be text, not {}", kind_of(other)),
            )),
        }
    }

    /// A number, or text holding one (CSV cells are text).
    pub(crate) fn number(&self, field: &str) -> Result<Option<f64>, Problem> {
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s.trim().parse::<f64>().map(Some).map_err(|_| {
                Problem::new(&self.at(field), format!("should be a number, not \"{s}\""))
            }),
            Some(other) => Err(Problem::new(
                &self.at(field),
                format!("should be a number, not {}", kind_of(other)),
            )),
        }
    }

    pub(crate) fn list(&self, field: &str) -> Result<Vec<Rec<'a>>, Problem> {
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| match item {
                    Value::Object(map) => Ok(Rec {
                        map,
                        path: format!("{}[{i}]", self.at(field)),
                    }),
                    other => Err(Problem::new(
                        &format!("{}[{i}]", self.at(field)),
                        format!("should be an object, not {}", kind_of(other)),
                    )),
                })
                .collect(),
            Some(other) => Err(Problem::new(
                &self.at(field),
                format!("should be a list, not {}", kind_of(other)),
            )),
        }
    }

    pub(crate) fn object(&self, field: &str) -> Result<Option<Rec<'a>>, Problem> {
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Rec {
                map,
                path: self.at(field),
            })),
            Some(other) => Err(Problem::new(
                &self.at(field),
                format!("should be an object, not {}", kind_of(other)),
            )),
        }
    }
}
