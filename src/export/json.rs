//! The whole validated dataset as one JSON document, for tools (docs/export.md).

use crate::model::{Dataset, RecordKind};
use crate::schema::Schemas;
use serde_json::json;

/// Bumped when the document's shape changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;

pub fn render(dataset: &Dataset) -> String {
    let schemas: serde_json::Map<String, serde_json::Value> =
        RecordKind::EXPORTED.iter().map(|&kind| (kind.name().to_string(), Schemas::get().raw(kind)["$id"].clone())).collect();
    let document = json!({
        "format": "polpos-dataset",
        "format_version": FORMAT_VERSION,
        "schemas": schemas,
        "dataset": dataset.manifest.as_ref().map(|m| &m.data),
        "actors": dataset.actors.iter().map(|r| &r.data).collect::<Vec<_>>(),
        "themes": dataset.themes.iter().map(|r| &r.data).collect::<Vec<_>>(),
        "sources": dataset.sources.iter().map(|r| &r.data).collect::<Vec<_>>(),
        "positions": dataset.positions.iter().map(|r| &r.data).collect::<Vec<_>>(),
    });
    format!("{}\n", serde_json::to_string_pretty(&document).expect("records serialize"))
}
