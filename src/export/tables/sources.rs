//! Sources.

use super::*;

pub(super) fn sources(dataset: &Dataset) -> TableData {
    use RecordKind::Source as S;
    Columns::<&Record<crate::model::Source>>::new()
        .add(Field::schema("source_id", S, "id"), |s| text(&s.id))
        .add(Field::schema("title", S, "title"), |s| text(&s.title))
        .add(Field::schema("authors", S, "authors").joined(), |s| list(&s.authors))
        .add(Field::schema("publisher", S, "publisher"), |s| optional(s.publisher.as_ref()))
        .add(Field::schema("issuer_ids", S, "issuers").joined(), |s| list(&s.issuers))
        .add(Field::schema("published", S, "published"), |s| date(s.published))
        .add(Field::schema("url", S, "url"), |s| optional(s.url.as_ref()))
        .add(Field::schema("kind", S, "kind"), |s| text(&s.kind))
        .add(Field::schema("language", S, "language"), |s| optional(s.language.as_ref()))
        .add(Field::schema("archive_file", S, "archive/file"), |s| optional(s.archive.as_ref().map(|a| &a.file)))
        .add(Field::schema("archive_sha256", S, "archive/sha256"), |s| optional(s.archive.as_ref().map(|a| &a.sha256)))
        .add(Field::schema("archive_text_from_line", S, "archive/text_from_line").integer(Some(1), None), |s| {
            s.archive.as_ref().and_then(|a| a.text_from_line).map_or(Cell::Empty, integer)
        })
        .add(Field::schema("archive_markup", S, "archive/markup"), |s| serialized(s.archive.as_ref().and_then(|a| a.markup)))
        .add(Field::schema("note", S, "note"), |s| optional(s.note.as_ref()))
        .table(
            Table::Sources,
            "One row per source that positions cite; its authors are also in their own table.",
            &dataset.sources,
            &["source_id"],
        )
}
