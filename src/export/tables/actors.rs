//! Actors, their organs and speakers.

use super::*;

pub(super) fn actors(dataset: &Dataset) -> TableData {
    use RecordKind::Actor as A;
    let mut columns = Columns::<&Record<crate::model::Actor>>::new()
        .add(Field::schema("actor_id", A, "id"), |a| text(&a.id))
        .add(Field::schema("name", A, "name"), |a| text(&a.name))
        .add(Field::schema("kind", A, "kind"), |a| text(&a.kind))
        .add(Field::schema("aliases", A, "aliases").joined(), |a| list(&a.aliases))
        .add(Field::schema("description", A, "description"), |a| optional(a.description.as_ref()))
        .add(Field::derived("positions", "The actor's positions, superseded ones included.").integer(Some(0), None).required(), |a| {
            integer(positions_of(dataset, &a.id).count() as i64)
        });
    for &basis in Attribution::ALL {
        let description =
            format!("Of the actor's positions, those whose strongest evidence is `{}` (see `positions.basis`).", basis.as_str());
        columns = columns
            .add(Field::derived(&format!("positions_{}", basis.as_str()), &description).integer(Some(0), None).required(), move |a| {
                integer(positions_of(dataset, &a.id).filter(|p| p.basis() == Some(basis)).count() as i64)
            });
    }
    columns.table(Table::Actors, "One row per actor; organs, speakers and aliases are in their own tables.", &dataset.actors, &["actor_id"])
}

pub(super) fn organs(dataset: &Dataset) -> TableData {
    use RecordKind::Actor as A;
    let rows = dataset.actors.iter().flat_map(|a| a.organs.iter().map(move |o| (&*a.id, o)));
    Columns::<(&str, &crate::model::Organ)>::new()
        .add(owner_field("actor_id", A), |(actor, _)| text(actor))
        .add(Field::schema("organ_id", A, "organs/items/id"), |(_, o)| text(&o.id))
        .add(Field::schema("name", A, "organs/items/name"), |(_, o)| text(&o.name))
        .add(Field::schema("description", A, "organs/items/description"), |(_, o)| optional(o.description.as_ref()))
        .table(Table::Organs, "Organs of the actors: parts that speak for them.", rows, &["actor_id", "organ_id"])
        .referencing(vec![foreign_key("actor_id", Table::Actors, "actor_id")])
}

pub(super) fn speakers(dataset: &Dataset) -> TableData {
    use RecordKind::Actor as A;
    let rows = dataset.actors.iter().flat_map(|a| a.speakers.iter().map(move |s| (&*a.id, s)));
    Columns::<(&str, &crate::model::Speaker)>::new()
        .add(owner_field("actor_id", A), |(actor, _)| text(actor))
        .add(Field::schema("speaker_id", A, "speakers/items/id"), |(_, s)| text(&s.id))
        .add(Field::schema("name", A, "speakers/items/name"), |(_, s)| text(&s.name))
        .add(Field::schema("role", A, "speakers/items/role"), |(_, s)| optional(s.role.as_ref()))
        .add(part_actor_field("organ"), |(actor, s)| optional(s.organ.as_ref().map(|_| actor)))
        .add(Field::schema("organ_id", A, "speakers/items/organ"), |(_, s)| optional(s.organ.as_ref()))
        .table(Table::Speakers, "Speakers of the actors: people who speak for them in the sources.", rows, &["actor_id", "speaker_id"])
        .referencing(vec![foreign_key("actor_id", Table::Actors, "actor_id"), part_key("organ", Table::Organs)])
}

fn positions_of<'a>(dataset: &'a Dataset, actor: &'a str) -> impl Iterator<Item = &'a Record<crate::model::Position>> {
    dataset.positions.iter().map(|p| &**p).filter(move |p| &*p.actor == actor)
}
