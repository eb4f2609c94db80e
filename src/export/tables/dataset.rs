//! The manifest and the per-record exceptions (`allow`).

use super::*;

pub(super) fn allows(dataset: &Dataset) -> TableData {
    let records = (dataset.actors.iter().map(|r| (RecordKind::Actor, &*r.id, r.allow.as_slice())))
        .chain(dataset.themes.iter().map(|r| (RecordKind::Theme, &*r.id, r.allow.as_slice())))
        .chain(dataset.sources.iter().map(|r| (RecordKind::Source, &*r.id, r.allow.as_slice())))
        .chain(dataset.positions.iter().map(|r| (RecordKind::Position, &*r.id, &*r.allow)));
    let rows = records.flat_map(|(kind, id, allow)| allow.iter().enumerate().map(move |(i, a)| (kind, id, i + 1, a)));
    let kinds = [RecordKind::Actor, RecordKind::Theme, RecordKind::Source, RecordKind::Position];
    Columns::<(RecordKind, &str, usize, &Allow)>::new()
        .add(
            Field {
                allowed: kinds.iter().map(|k| k.name().to_string()).collect(),
                ..Field::derived("record_kind", "The kind of record the exception is on.").required()
            },
            |(kind, _, _, _)| text(kind.name()),
        )
        .add(Field::derived("record_id", "The id of the record the exception is on.").required(), |(_, id, _, _)| text(id))
        .add(Field::ordinal("allow"), |(_, _, ordinal, _)| integer(*ordinal as i64))
        .add(Field::schema("check", RecordKind::Position, "allow/items/check"), |(_, _, _, a)| text(&a.check))
        .add(Field::schema("reason", RecordKind::Position, "allow/items/reason"), |(_, _, _, a)| text(&a.reason))
        .table(
            Table::Allows,
            "Per-record exceptions to checks (`allow`), each with its written reason.",
            rows,
            &["record_kind", "record_id", "ordinal"],
        )
}

pub(super) fn manifest(dataset: &Dataset) -> TableData {
    use RecordKind::Dataset as D;
    Columns::<&Record<crate::model::Manifest>>::new()
        .add(Field::schema("name", D, "name"), |m| text(&m.name))
        .add(Field::schema("title", D, "title"), |m| text(&m.title))
        .add(Field::schema("version", D, "version"), |m| text(&m.version))
        .add(Field::schema("license", D, "license"), |m| text(&m.license))
        .add(Field::schema("description", D, "description"), |m| text(&m.description))
        .add(Field::schema("codebook_version", D, "codebook_version"), |m| text(&m.codebook_version))
        .add(Field::schema("homepage", D, "homepage"), |m| optional(m.homepage.as_ref()))
        .add(Field::schema("keywords", D, "keywords").joined(), |m| list(&m.keywords))
        .table(Table::Dataset, "The dataset manifest (data/dataset.yaml): one row.", &dataset.manifest, &["name"])
}
