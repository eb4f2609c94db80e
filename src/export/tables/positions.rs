//! The positions, their citations, and the actor × theme matrix of what holds now.

use super::*;
use crate::model::grid::{self, Status};
use crate::model::{Attribution, Citation, Grid, Index};

pub(super) const STANCE_VALUE: &str = "The stance as a number: -2 strongly_opposes, -1 opposes, 0 mixed, 1 supports, 2 strongly_supports.";

pub(super) fn positions(dataset: &Dataset, today: PartialDate) -> TableData {
    use RecordKind::Position as P;
    let index = dataset.index();
    let live = grid::live(dataset, today);
    let live: HashSet<&str> = dataset.positions.iter().zip(live).filter(|(_, l)| *l).map(|(p, _)| &*p.id).collect();
    Columns::<&Record<Position>>::new()
        .add(Field::schema("position_id", P, "id"), |p| text(&p.id))
        .add(Field::schema("actor_id", P, "actor"), |p| text(&p.actor))
        .add(Field::schema("actor_name", RecordKind::Actor, "name"), |p| optional(index.actors.get(&*p.actor).map(|a| &a.name)))
        .add(Field::schema("theme_id", P, "theme"), |p| text(&p.theme))
        .add(Field::schema("theme_label", RecordKind::Theme, "label"), |p| {
            optional(index.themes.get(&*p.theme).map(|t| &t.label))
        })
        .add(Field::schema("stance", P, "stance"), |p| text(p.stance.as_str()))
        .add(Field::derived("stance_value", STANCE_VALUE).integer(Some(-2), Some(2)).required(), |p| integer(p.stance.value()))
        .add(Field::schema("stated_on", P, "stated_on"), |p| date(Some(p.stated_on)))
        .add(
            Field::derived("stated_year", "The year of `stated_on`, as a number: to group, filter or plot by, whatever the date's precision.")
                .integer(Some(1), None)
                .required(),
            |p| integer(p.stated_on.year),
        )
        .add(Field::schema("confidence", P, "confidence"), |p| serialized(p.confidence))
        .add(
            Field::derived("source_ids", "The sources (ids) the position's evidence cites, in the order of their first citation.")
                .required()
                .joined(),
            |p| list(&source_ids(p)),
        )
        .add(
            Field::derived(
                "basis",
                "The strongest evidence the position rests on: `direct` (the actor's own words) when any citation is direct, else `reported`, else `characterized`.",
            )
            .required(),
            |p| optional(p.basis().map(Attribution::as_str)),
        )
        .add(Field::schema("summary", P, "summary"), |p| text(&p.summary))
        .add(Field::schema("valid_until", P, "valid_until"), |p| date(p.valid_until))
        .add(Field::schema("supersedes", P, "supersedes"), |p| optional(p.supersedes.as_ref()))
        .add(
            Field {
                field_type: FieldType::Boolean,
                ..Field::derived(
                    "current",
                    "Whether the position is live on the export date: no position supersedes it and its valid_until is not before that date.",
                )
                .required()
            },
            |p| Cell::Boolean(live.contains(&*p.id)),
        )
        .add(part_actor_field("organ"), |p| optional(p.organ.as_ref().map(|_| &p.actor)))
        .add(Field::schema("organ_id", P, "organ"), |p| optional(p.organ.as_ref()))
        .add(part_actor_field("speaker"), |p| optional(p.speaker.as_ref().map(|_| &p.actor)))
        .add(Field::schema("speaker_id", P, "speaker"), |p| optional(p.speaker.as_ref()))
        .add(Field::schema("coder", P, "coder"), |p| text(&p.coder))
        .add(Field::schema("note", P, "note"), |p| optional(p.note.as_ref()))
        .table(Table::Positions, "One row per coded position: one actor's stance on one theme's proposition at one time.", ordered_positions(dataset), &["position_id"])
        .referencing(vec![
            foreign_key("actor_id", Table::Actors, "actor_id"),
            foreign_key("theme_id", Table::Themes, "theme_id"),
            foreign_key("supersedes", Table::Positions, "position_id"),
            part_key("organ", Table::Organs),
            part_key("speaker", Table::Speakers),
        ])
}

/// The other issuers of a joint statement that a citation quotes `direct`: the issuers of its
/// source besides the position's actor, when there are two or more.
fn joint_with<'a>(index: &Index<'a>, position: &Position, citation: &Citation) -> Vec<&'a str> {
    let issuers = index.sources.get(&*citation.source).map(|s| s.issuers.as_slice()).unwrap_or_default();
    if citation.attribution != Attribution::Direct || issuers.len() < 2 {
        return Vec::new();
    }
    issuers.iter().map(String::as_str).filter(|issuer| *issuer != &*position.actor).collect()
}

pub(super) fn citations(dataset: &Dataset) -> TableData {
    use RecordKind::Position as P;
    let index = dataset.index();
    let rows = ordered_positions(dataset)
        .into_iter()
        .flat_map(|p| p.evidence.iter().enumerate().map(move |(i, citation)| (&p.data, i + 1, citation)));
    Columns::<(&Position, usize, &Citation)>::new()
        .add(Field::schema("position_id", P, "id").described("The position (id) the citation supports."), |(p, _, _)| text(&p.id))
        .add(Field::ordinal("evidence"), |(_, ordinal, _)| integer(*ordinal as i64))
        .add(Field::schema("actor_id", P, "actor"), |(p, _, _)| text(&p.actor))
        .add(Field::schema("theme_id", P, "theme"), |(p, _, _)| text(&p.theme))
        .add(Field::schema("source_id", P, "evidence/items/source"), |(_, _, c)| text(&c.source))
        .add(Field::schema("attribution", P, "evidence/items/attribution"), |(_, _, c)| serialized(c.attribution))
        .add(
            Field::derived(
                "joint_with",
                "For a `direct` citation of a joint statement (a source with two or more issuers): its other issuers (actor ids), besides the position's actor; empty otherwise.",
            )
            .joined(),
            |(p, _, c)| list(&joint_with(&index, p, c)),
        )
        .add(Field::schema("quote", P, "evidence/items/quote"), |(_, _, c)| text(&c.quote))
        .add(Field::schema("locator", P, "evidence/items/locator"), |(_, _, c)| optional(c.locator.as_ref()))
        .add(part_actor_field("speaker"), |(p, _, c)| optional(c.speaker.as_ref().map(|_| &p.actor)))
        .add(Field::schema("speaker_id", P, "evidence/items/speaker"), |(_, _, c)| optional(c.speaker.as_ref()))
        .add(Field::schema("forum", P, "evidence/items/forum"), |(_, _, c)| optional(c.forum.as_ref()))
        .table(
            Table::Citations,
            "One row per citation of a position, in the order the position lists its evidence.",
            rows,
            &["position_id", "ordinal"],
        )
        .referencing(vec![
            foreign_key("position_id", Table::Positions, "position_id"),
            foreign_key("actor_id", Table::Actors, "actor_id"),
            foreign_key("theme_id", Table::Themes, "theme_id"),
            foreign_key("source_id", Table::Sources, "source_id"),
            part_key("speaker", Table::Speakers),
        ])
}

pub(super) fn matrix(dataset: &Dataset, today: PartialDate) -> TableData {
    use crate::model::Theme;
    let grid = Grid::current(dataset, today);
    let grid = &grid;
    let mut columns = Columns::<&Record<Theme>>::new()
        .add(Field::schema("theme_id", RecordKind::Theme, "id"), |t| text(&t.id))
        .add(Field::schema("theme_label", RecordKind::Theme, "label"), |t| text(&t.label));
    for actor in &dataset.actors {
        let id = actor.id.clone();
        let description = format!(
            "The stance value {} ({}) holds now on the theme, -2 to 2; empty when the cell is uncoded or contested (see {}_status).",
            actor.name, actor.id, actor.id
        );
        columns = columns.add(Field::derived(&actor.id, &description).integer(Some(-2), Some(2)), move |t| {
            grid.cell(&id, &t.id).value().map_or(Cell::Empty, integer)
        });
    }
    for actor in &dataset.actors {
        let id = actor.id.clone();
        let field = Field {
            allowed: Status::ALL.iter().map(|s| s.as_str().to_string()).collect(),
            ..Field::derived(
                &format!("{}_status", actor.id),
                &format!(
                    "uncoded: {} holds no live position on the theme; coded: its live positions share one stance; contested: its live positions differ.",
                    actor.id
                ),
            )
            .required()
        };
        columns = columns.add(field, move |t| text(grid.cell(&id, &t.id).status().as_str()));
    }
    for actor in &dataset.actors {
        let id = actor.id.clone();
        let description = format!("The live positions (ids) of {} on the theme.", actor.id);
        columns = columns.add(Field::derived(&format!("{}_positions", actor.id), &description).joined(), move |t| {
            let ids: Vec<&str> = grid.cell(&id, &t.id).positions.iter().map(|p| &*p.id).collect();
            list(&ids)
        });
    }
    columns
        .table(
            Table::Matrix,
            "One row per theme and one column per actor: the stance value each actor holds now on each theme (docs/export.md).",
            &dataset.themes,
            &["theme_id"],
        )
        .referencing(vec![foreign_key("theme_id", Table::Themes, "theme_id")])
}
