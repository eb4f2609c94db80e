//! The schema family's findings (P010 to P013) and all their wording: what a record breaks of
//! its schema, said in the words of the YAML a contributor wrote.

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::model::RecordKind;
use serde_json::Value;

/// A key the schema does not define; `allowed` are the keys it does define there.
pub(crate) struct UnknownKey<'a> {
    pub at: Place<'a>,
    pub kind: RecordKind,
    pub key: &'a str,
    pub closest: Option<&'a str>,
    pub allowed: &'a [&'a str],
}

impl From<UnknownKey<'_>> for Diagnostic {
    fn from(UnknownKey { at, kind, key, closest, allowed }: UnknownKey<'_>) -> Diagnostic {
        let mut message = format!("unknown key `{key}` in {}", kind.name());
        if let Some(close) = closest {
            message.push_str(&format!("; did you mean `{close}`?"));
        }
        at.diagnostic(Code::UnknownKey, message).with_help(format!("allowed keys here: {}", allowed.join(", ")))
    }
}

/// A required field missing from the mapping at `pointer`.
pub(crate) struct MissingField<'a> {
    pub at: Place<'a>,
    pub kind: RecordKind,
    pub pointer: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
}

impl From<MissingField<'_>> for Diagnostic {
    fn from(MissingField { at, kind, pointer, name, description }: MissingField<'_>) -> Diagnostic {
        let within = if pointer.is_empty() { kind.name().to_string() } else { format!("`{}`", field_name(pointer)) };
        let diagnostic = at.diagnostic(Code::MissingField, format!("missing required field `{name}` in {within}"));
        match description {
            Some(what) => diagnostic.with_help(format!("`{name}`: {what}")),
            None => diagnostic,
        }
    }
}

/// A value of the wrong type. `written` is the value as written when YAML read it as something
/// other than text (an unquoted `2017`).
pub(crate) struct WrongType<'a> {
    pub at: Place<'a>,
    pub kind: RecordKind,
    pub pointer: &'a str,
    /// The schema's `type`.
    pub expected: Option<&'a Value>,
    pub found: &'a Value,
    pub written: Option<&'a str>,
    pub description: Option<&'a str>,
}

impl From<WrongType<'_>> for Diagnostic {
    fn from(WrongType { at, kind, pointer, expected, found, written, description }: WrongType<'_>) -> Diagnostic {
        let (expected, field, found_value) = (expected_type_name(expected), field_name(pointer), found);
        let found = json_type_name(found_value);
        let message = if pointer.is_empty() {
            format!("a {} record must be a mapping of keys to values, found {found}", kind.name())
        } else {
            format!(
                "`{field}` must be {expected}, found {found} {}",
                written.map(|w| format!("`{w}`")).unwrap_or_else(|| show(found_value))
            )
        };
        let diagnostic = at.diagnostic(Code::WrongType, message);
        if let Some(written) = written.filter(|_| expected == "text") {
            diagnostic.with_help(format!("YAML reads an unquoted `{written}` as {found}; put it in quotes: \"{written}\""))
        } else {
            with_description(diagnostic, &field, description)
        }
    }
}

/// A value that breaks a rule of the schema (P013).
pub(crate) struct InvalidValue<'a> {
    pub at: Place<'a>,
    pub pointer: &'a str,
    pub value: &'a Value,
    pub rule: Rule<'a>,
}

/// The rule an invalid value breaks.
pub(crate) enum Rule<'a> {
    /// One of a list of values, with the one closest to what was written.
    OneOf { allowed: Vec<String>, closest: Option<String> },
    /// A real date.
    PartialDate,
    /// A pattern, explained by the field's description.
    Pattern { pattern: &'a str, description: Option<&'a str> },
    /// Anything else, as the schema validator words it.
    Other { message: String, description: Option<&'a str> },
}

impl From<InvalidValue<'_>> for Diagnostic {
    fn from(InvalidValue { at, pointer, value, rule }: InvalidValue<'_>) -> Diagnostic {
        let field = field_name(pointer);
        match rule {
            Rule::OneOf { allowed, closest } => {
                let mut message = format!("{} is not an allowed value of `{field}`", show(value));
                if let Some(close) = closest {
                    message.push_str(&format!("; did you mean `{close}`?"));
                }
                at.diagnostic(Code::InvalidValue, message).with_help(format!("allowed values: {}", allowed.join(", ")))
            }
            Rule::PartialDate => at
                .diagnostic(Code::InvalidValue, format!("{} is not a real date", show(value)))
                .with_help("dates are YYYY, YYYY-MM or YYYY-MM-DD, and the day must exist in that month"),
            Rule::Pattern { pattern, description } => with_description(
                at.diagnostic(Code::InvalidValue, format!("{} is not a valid value of `{field}` (it must match {pattern})", show(value))),
                &field,
                description,
            ),
            Rule::Other { message, description } => {
                with_description(at.diagnostic(Code::InvalidValue, format!("`{field}`: {message}")), &field, description)
            }
        }
    }
}

/// A record that passed its schema (or what of it could be salvaged) but still cannot be read
/// into the typed model.
pub(crate) struct RecordUnreadable<'a> {
    pub at: Place<'a>,
    pub error: &'a serde_json::Error,
}

impl From<RecordUnreadable<'_>> for Diagnostic {
    fn from(RecordUnreadable { at, error }: RecordUnreadable<'_>) -> Diagnostic {
        at.diagnostic(Code::InvalidValue, format!("the record cannot be read: {error}"))
    }
}

/// The field's description from the schema, as help.
fn with_description(diagnostic: Diagnostic, field: &str, description: Option<&str>) -> Diagnostic {
    match description {
        Some(what) => diagnostic.with_help(format!("`{field}`: {what}")),
        None => diagnostic,
    }
}

/// The last key of a JSON pointer, as the YAML has it.
fn field_name(pointer: &str) -> String {
    match pointer.rsplit('/').next() {
        Some(last) if !pointer.is_empty() => last.replace("~1", "/").replace("~0", "~"),
        _ => "the record".into(),
    }
}

fn show(value: &Value) -> String {
    let text = match value {
        Value::String(s) => format!("`{s}`"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
        Value::Null => "nothing (null)".into(),
        other => format!("`{other}`"),
    };
    if text.chars().count() > 80 { format!("{}…`", text.chars().take(78).collect::<String>()) } else { text }
}

fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
    }
}

fn expected_type_name(schema_type: Option<&Value>) -> String {
    let one = |t: &str| match t {
        "string" => "text",
        "array" => "a list",
        "object" => "a mapping",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true or false",
        _ => "null",
    };
    match schema_type {
        Some(Value::String(t)) => one(t).into(),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).map(one).collect::<Vec<_>>().join(" or "),
        _ => "another type".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_schema_type_is_named_in_words() {
        let named = |t: Value| expected_type_name(Some(&t));
        let words: Vec<String> =
            ["string", "array", "object", "integer", "number", "boolean", "null"].map(|t| named(Value::from(t))).into();
        assert_eq!(words, ["text", "a list", "a mapping", "a whole number", "a number", "true or false", "null"]);
        assert_eq!(named(serde_json::json!(["string", "null"])), "text or null");
        assert_eq!(expected_type_name(None), "another type");
    }

    #[test]
    fn a_value_is_shown_whole_up_to_80_characters_and_cut_after() {
        let at_limit = Value::from("x".repeat(78));
        assert_eq!(show(&at_limit), format!("`{}`", "x".repeat(78)));
        let over = Value::from("x".repeat(79));
        assert_eq!(show(&over), format!("`{}…`", "x".repeat(77)));
        assert_eq!(show(&over).chars().count(), 80);
    }
}
