//! What the ids of a dataset name: the record (or organ, speaker, check) a value refers to, the
//! places that refer to one, what to say of it on hover, and what may be written at a key.

use crate::diagnostics::Code;
use crate::document::{Document, Location, Node, NodeKind};
use crate::model::{RecordKind, Stance};
use serde_json::Value;
use std::sync::Arc;

/// What a value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Record(RecordKind),
    Organ,
    Speaker,
    Check,
}

/// What the value at `path` of a record of `kind` names: another record, an organ or speaker of
/// the record's actor, a check; or, for the record's own id (and an organ's or speaker's), itself.
pub fn target(kind: RecordKind, path: &[String]) -> Option<Target> {
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    Some(match (kind, path.as_slice()) {
        (RecordKind::Actor, ["organs", _, "id"]) | (_, [.., "organ"]) => Target::Organ,
        (RecordKind::Actor, ["speakers", _, "id"]) | (_, [.., "speaker"]) => Target::Speaker,
        (_, ["allow", _, "check"]) => Target::Check,
        (_, ["id"]) => Target::Record(kind),
        (_, [.., "actor"]) | (RecordKind::Source, ["issuers", _]) => Target::Record(RecordKind::Actor),
        (_, [.., "theme"]) | (RecordKind::Theme, ["deprecated_by"] | ["exclude", _, "see"]) => Target::Record(RecordKind::Theme),
        (_, [.., "source"]) | (RecordKind::Reliability, ["sources", _]) => Target::Record(RecordKind::Source),
        (RecordKind::Position, ["supersedes"]) => Target::Record(RecordKind::Position),
        _ => return None,
    })
}

/// The scalar at byte `byte` of a document, and its path.
pub fn scalar_at<'a>(root: &'a Node, text: &str, byte: usize) -> Option<(Vec<String>, &'a Node)> {
    fn walk<'a>(node: &'a Node, text: &str, byte: usize, path: &mut Vec<String>) -> Option<&'a Node> {
        match &node.kind {
            NodeKind::Scalar { .. } => {
                let (start, end) = crate::format::comments::scalar_range(text, node.location);
                (start <= byte && byte <= end).then_some(node)
            }
            NodeKind::Sequence(items) => items.iter().enumerate().find_map(|(i, item)| {
                path.push(i.to_string());
                let found = walk(item, text, byte, path);
                if found.is_none() {
                    path.pop();
                }
                found
            }),
            NodeKind::Mapping(entries) => entries.iter().find_map(|entry| {
                path.push(entry.key.clone());
                let found = walk(&entry.value, text, byte, path);
                if found.is_none() {
                    path.pop();
                }
                found
            }),
        }
    }
    let mut path = Vec::new();
    walk(root, text, byte, &mut path).map(|node| (path, node))
}

/// The actor a record speaks of: an actor's own id, or a record's `actor`.
fn actor_of(document: &Document, kind: RecordKind) -> Option<String> {
    let pointer = if kind == RecordKind::Actor { "/id" } else { "/actor" };
    document.content()?.root()?.find(pointer)?.to_json().as_str().map(str::to_string)
}

/// The documents of the dataset, with their kinds.
pub type Documents<'a> = &'a [(RecordKind, Arc<Document>)];

/// The record of `kind` whose id is `id`.
pub fn record<'a>(documents: Documents<'a>, kind: RecordKind, id: &str) -> Option<&'a Document> {
    let id_pointer = if kind == RecordKind::Reliability { "/coder" } else { "/id" };
    documents.iter().filter(|(k, _)| *k == kind).map(|(_, document)| document.as_ref()).find(|document| {
        document.content().is_some_and(|c| c.root().and_then(|root| root.find(id_pointer)).is_some_and(|node| node.to_json() == id))
    })
}

/// Where the thing a value names is defined: the record's id, or the organ's or speaker's.
pub fn definition<'a>(
    documents: Documents<'a>,
    here: &Document,
    kind: RecordKind,
    target: Target,
    id: &str,
) -> Option<(&'a Document, Location)> {
    match target {
        Target::Record(kind) => {
            let document = record(documents, kind, id)?;
            Some((document, document.locate("/id")?))
        }
        Target::Organ | Target::Speaker => {
            let actor = record(documents, RecordKind::Actor, &actor_of(here, kind)?)?;
            let list = if target == Target::Organ { "organs" } else { "speakers" };
            let content = actor.content()?;
            let root = content.root()?;
            let items = match &root.find(&format!("/{list}"))?.kind {
                NodeKind::Sequence(items) => items.len(),
                _ => 0,
            };
            let index = (0..items).find(|i| root.find(&format!("/{list}/{i}/id")).is_some_and(|n| n.to_json() == id))?;
            Some((actor, actor.locate(&format!("/{list}/{index}/id"))?))
        }
        Target::Check => None,
    }
}

/// Every place that names the same thing as `id` under `target` (the definition included), in
/// file order.
pub fn references<'a>(
    documents: Documents<'a>,
    here: &Document,
    kind: RecordKind,
    target: Target,
    id: &str,
) -> Vec<(&'a Document, Location)> {
    let owner = matches!(target, Target::Organ | Target::Speaker).then(|| actor_of(here, kind)).flatten();
    let mut found = Vec::new();
    for (kind, document) in documents {
        let Some(content) = document.content() else { continue };
        let Some(root) = content.root() else { continue };
        if owner.is_some() && actor_of(document, *kind) != owner {
            continue;
        }
        let mut path = Vec::new();
        collect(root, &mut path, &mut |path, node| {
            if node.to_json() == id && self::target(*kind, path) == Some(target) {
                found.push((document.as_ref(), node.location));
            }
        });
    }
    found
}

fn collect(node: &Node, path: &mut Vec<String>, visit: &mut dyn FnMut(&[String], &Node)) {
    match &node.kind {
        NodeKind::Scalar { .. } => visit(path, node),
        NodeKind::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                collect(item, path, visit);
                path.pop();
            }
        }
        NodeKind::Mapping(entries) => {
            for entry in entries {
                path.push(entry.key.clone());
                collect(&entry.value, path, visit);
                path.pop();
            }
        }
    }
}

/// What hover says of a value: the record, organ or speaker it names, the check, or for a
/// stance what it means on the record's theme.
pub fn hover(documents: Documents<'_>, here: &Document, kind: RecordKind, path: &[String], value: &str) -> Option<String> {
    if path.last().is_some_and(|key| key == "stance") {
        let theme_pointer = match path {
            [units, i, _] if units == "units" => format!("/units/{i}/theme"),
            _ => "/theme".to_string(),
        };
        let theme_id = here.content()?.root()?.find(&theme_pointer)?.to_json();
        let theme = record(documents, RecordKind::Theme, theme_id.as_str()?)?.content()?.root()?.to_json();
        let stance = Stance::ALL.iter().find(|s| <&str>::from(**s) == value)?;
        let meaning =
            theme.pointer(&format!("/scale/{value}/meaning")).and_then(Value::as_str).unwrap_or("not defined by this theme's scale");
        return Some(format!("**{value}** ({:+}) on `{}`: {meaning}", stance.value(), theme_id.as_str()?));
    }
    let target = target(kind, path)?;
    if target == Target::Check {
        let code = Code::parse(value)?;
        return Some(format!("**{} {}** ({}): {}\n\n{}", code.as_str(), code.name(), code.severity(), code.summary(), code.explanation()));
    }
    let (document, location) = definition(documents, here, kind, target, value)?;
    let json = document.content()?.root()?.to_json();
    let field = |pointer: &str| json.pointer(pointer).and_then(Value::as_str).map(str::to_string);
    Some(match target {
        Target::Record(RecordKind::Actor) => format!("**{}** (`{value}`), {}", field("/name")?, field("/kind").unwrap_or_default()),
        Target::Record(RecordKind::Theme) => {
            let mut text = format!("**{}** (`{value}`)\n\n{}", field("/label")?, field("/proposition").unwrap_or_default());
            for stance in Stance::ALL {
                let name = <&str>::from(*stance);
                if let Some(meaning) = field(&format!("/scale/{name}/meaning")) {
                    text.push_str(&format!("\n- `{name}` ({:+}): {meaning}", stance.value()));
                }
            }
            text
        }
        Target::Record(RecordKind::Source) => {
            let published = field("/published").map(|d| format!(", published {d}")).unwrap_or_default();
            let publisher = field("/publisher").map(|p| format!(", {p}")).unwrap_or_default();
            format!("**{}** (`{value}`){publisher}{published}", field("/title")?)
        }
        Target::Record(RecordKind::Position) => format!(
            "`{value}`: {} {} on {}, stated {}\n\n{}",
            field("/actor")?,
            field("/stance").unwrap_or_default(),
            field("/theme").unwrap_or_default(),
            field("/stated_on").unwrap_or_default(),
            field("/summary").unwrap_or_default()
        ),
        Target::Organ | Target::Speaker => {
            let item = node_json(document, location)?;
            let role = item.get("role").and_then(Value::as_str).map(|r| format!(": {r}")).unwrap_or_default();
            format!("**{}** (`{value}`){role}", item.get("name").and_then(Value::as_str)?)
        }
        Target::Record(_) | Target::Check => return None,
    })
}

/// The JSON of the organ or speaker whose id stands at `location`.
fn node_json(document: &Document, location: Location) -> Option<Value> {
    let content = document.content()?;
    let root = content.root()?;
    for list in ["organs", "speakers"] {
        if let Some(NodeKind::Sequence(items)) = root.find(&format!("/{list}")).map(|n| &n.kind) {
            for item in items {
                if item.find("/id").is_some_and(|id| id.location == location) {
                    return Some(item.to_json());
                }
            }
        }
    }
    None
}

/// What may be written as the value of `key` in a record of `kind`: ids of what the key names
/// (with a word on each), or the values its schema allows.
pub fn completions(documents: Documents<'_>, here: &Document, kind: RecordKind, key: &str) -> Vec<(String, String)> {
    let path = [key.to_string()];
    let target = match key {
        "id" | "coder" => None,
        "organ" => Some(Target::Organ),
        "speaker" => Some(Target::Speaker),
        "check" => Some(Target::Check),
        "issuers" | "actor" => Some(Target::Record(RecordKind::Actor)),
        "see" | "deprecated_by" => Some(Target::Record(RecordKind::Theme)),
        "sources" => Some(Target::Record(RecordKind::Source)),
        _ => target(kind, &path),
    };
    match target {
        Some(Target::Check) => Code::ALL.iter().map(|code| (code.as_str().to_string(), code.summary().to_string())).collect(),
        Some(Target::Record(kind)) => documents
            .iter()
            .filter(|(k, _)| *k == kind)
            .filter_map(|(_, document)| {
                let json = document.content()?.root()?.to_json();
                let id = json.get("id")?.as_str()?.to_string();
                let about = ["name", "label", "title", "summary"].iter().find_map(|f| json.get(*f).and_then(Value::as_str)).unwrap_or("");
                Some((id, about.to_string()))
            })
            .collect(),
        Some(Target::Organ | Target::Speaker) => {
            let list = if target == Some(Target::Organ) { "organs" } else { "speakers" };
            let actor = actor_of(here, kind).and_then(|actor| record(documents, RecordKind::Actor, &actor));
            let items = actor.and_then(|a| Some(a.content()?.root()?.to_json())).and_then(|json| json.get(list).cloned());
            items
                .and_then(|items| items.as_array().cloned())
                .unwrap_or_default()
                .iter()
                .filter_map(|item| Some((item.get("id")?.as_str()?.to_string(), item.get("name")?.as_str()?.to_string())))
                .collect()
        }
        _ => enum_values(crate::schema::Schemas::get().raw(kind), key).into_iter().map(|v| (v, String::new())).collect(),
    }
}

/// The values the schema allows for a key, wherever in the schema the key is defined.
fn enum_values(schema: &Value, key: &str) -> Vec<String> {
    let here = schema.get("properties").and_then(|p| p.get(key)).and_then(|p| p.get("enum")).and_then(Value::as_array);
    if let Some(values) = here {
        return values.iter().filter_map(Value::as_str).map(str::to_string).collect();
    }
    let children = schema.get("properties").and_then(Value::as_object).into_iter().flat_map(|p| p.values()).chain(schema.get("items"));
    children.map(|child| enum_values(child, key)).find(|values| !values.is_empty()).unwrap_or_default()
}
