//! `polpos new`: skeleton records, correctly named and placed, that fail validation until filled.

use crate::error::Error;
use std::path::{Path, PathBuf};

/// The path and text of a new position of `actor` on `theme`, numbered after the existing ones.
pub fn new_position(data: &Path, actor: &str, theme: &str) -> Result<(PathBuf, String), Error> {
    for (kind, id) in [("actors", actor), ("themes", theme)] {
        let file = data.join(kind).join(format!("{id}.yaml"));
        if !file.is_file() {
            return Err(Error::Argument(format!(
                "no {} `{id}` in this dataset ({} does not exist)",
                &kind[..kind.len() - 1],
                file.display()
            )));
        }
    }
    let folder = data.join("positions").join(actor);
    let (path, id) = (1..)
        .map(|n| {
            let id = format!("{actor}-{theme}-{n}");
            (folder.join(format!("{id}.yaml")), id)
        })
        .find(|(path, _)| !path.exists())
        .expect("some number is free");
    let text = format!(
        "# yaml-language-server: $schema=../../../schema/position.schema.json
# Fill in every field, then run `polpos validate --archive DIR`. Until the quote is filled in,
# validation fails (P041), so an unfinished skeleton cannot be merged by accident.
id: {id}
actor: {actor}
theme: {theme}
# strongly_opposes | opposes | mixed | supports | strongly_supports (see the theme's scale)
stance: mixed
# As precise as the source allows: \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\" (quoted)
stated_on: \"{year}\"
summary: \"One line: what the actor's position is.\"
# high | medium | low (a position resting only on characterized evidence cannot be high)
confidence: low
coder: your-name
evidence:
  - source: source-id
    # The shortest verbatim passage that supports the coding; mark cuts with …
    quote: \"\"
    locator: para. 1
    # direct (the actor's own words) | reported (the source reports them) | characterized (an analyst's reading)
    attribution: reported
",
        year = crate::model::PartialDate::today().year
    );
    Ok((path, text))
}
