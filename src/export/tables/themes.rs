//! The codebook: themes, their scales and exclusions.

use super::positions::STANCE_VALUE;
use super::*;

pub(super) fn themes(dataset: &Dataset) -> TableData {
    use RecordKind::Theme as T;
    Columns::<&Record<crate::model::Theme>>::new()
        .add(Field::schema("theme_id", T, "id"), |t| text(&t.id))
        .add(Field::schema("label", T, "label"), |t| text(&t.label))
        .add(Field::schema("proposition", T, "proposition"), |t| text(&t.proposition))
        .add(Field::schema("description", T, "description"), |t| text(&t.description))
        .add(Field::schema("include", T, "include").joined(), |t| list(&t.include))
        .add(Field::schema("deprecated_by", T, "deprecated_by"), |t| optional(t.deprecated_by.as_ref()))
        .table(
            Table::Themes,
            "One row per theme of the codebook; its scale, inclusions and exclusions are in their own tables.",
            &dataset.themes,
            &["theme_id"],
        )
        .referencing(vec![foreign_key("deprecated_by", Table::Themes, "theme_id")])
}

pub(super) fn scale(dataset: &Dataset) -> TableData {
    use RecordKind::Theme as T;
    let rows = dataset.themes.iter().flat_map(|t| t.scale.iter().map(move |(stance, entry)| (&*t.id, *stance, entry)));
    // Every stance's entry has the same schema; `supports` stands for them all.
    Columns::<(&str, crate::model::Stance, &crate::model::ScaleEntry)>::new()
        .add(Field::schema("theme_id", T, "id").described("The theme (id) whose scale this is."), |(theme, _, _)| text(theme))
        .add(Field::schema("stance", RecordKind::Position, "stance"), |(_, stance, _)| text(stance.as_str()))
        .add(Field::derived("stance_value", STANCE_VALUE).integer(Some(-2), Some(2)).required(), |(_, stance, _)| integer(stance.value()))
        .add(Field::schema("meaning", T, "scale/supports/meaning").required(), |(_, _, entry)| text(&entry.meaning))
        .add(Field::schema("example", T, "scale/supports/example"), |(_, _, entry)| optional(entry.example.as_ref()))
        .table(
            Table::Scale,
            "What each stance value means for each theme; a stance a theme leaves out has no row.",
            rows,
            &["theme_id", "stance"],
        )
        .referencing(vec![foreign_key("theme_id", Table::Themes, "theme_id")])
}

pub(super) fn exclusions(dataset: &Dataset) -> TableData {
    use RecordKind::Theme as T;
    let rows = dataset.themes.iter().flat_map(|t| t.exclude.iter().enumerate().map(move |(i, e)| (&*t.id, i + 1, e)));
    Columns::<(&str, usize, &crate::model::Exclusion)>::new()
        .add(owner_field("theme_id", T), |(theme, _, _)| text(theme))
        .add(Field::ordinal("exclude"), |(_, ordinal, _)| integer(*ordinal as i64))
        .add(Field::schema("note", T, "exclude/items/note"), |(_, _, e)| text(&e.note))
        .add(Field::schema("see", T, "exclude/items/see"), |(_, _, e)| optional(e.see.as_ref()))
        .table(
            Table::Exclusions,
            "Exclusion notes of the codebook: what is not coded under each theme, and where it belongs.",
            rows,
            &["theme_id", "ordinal"],
        )
        .referencing(vec![foreign_key("theme_id", Table::Themes, "theme_id"), foreign_key("see", Table::Themes, "theme_id")])
}
