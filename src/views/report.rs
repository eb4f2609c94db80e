//! `polpos report`: a static HTML page with the actor × theme heatmap, every cell linked to the
//! positions behind it and their quotes. Self-contained: no script, no external resource.

use crate::model::Grid;
use crate::model::grid::Status;
use crate::model::{Dataset, PartialDate, Position, Record};
use std::fmt::Write;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Background colour of a stance value: red for opposition, blue for support.
fn colour(value: Option<i8>, status: Status) -> &'static str {
    match (status, value) {
        (Status::Contested, _) => "#d9b3ff",
        (_, Some(-2)) => "#d7301f",
        (_, Some(-1)) => "#fc8d59",
        (_, Some(0)) => "#eeeeee",
        (_, Some(1)) => "#91bfdb",
        (_, Some(2)) => "#4575b4",
        _ => "#ffffff",
    }
}

pub fn render(dataset: &Dataset, today: PartialDate) -> String {
    let grid = Grid::current(dataset, today);
    let title = dataset.manifest.as_ref().map(|m| format!("{} {}", m.title, m.version)).unwrap_or_else(|| "polpos".into());
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
         body {{ font-family: system-ui, sans-serif; margin: 2rem; max-width: 72rem; }}\n\
         table.matrix td, table.matrix th {{ border: 1px solid #ccc; padding: .3rem .6rem; text-align: center; }}\n\
         table.matrix th.theme {{ text-align: left; font-weight: normal; }}\n\
         table.matrix a {{ color: inherit; text-decoration: none; display: block; }}\n\
         blockquote {{ margin: .3rem 0 .3rem 1rem; color: #333; }}\n\
         .meta {{ color: #666; font-size: .9rem; }}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(&title),
        escape(&title)
    );
    let _ = writeln!(
        out,
        "<p>The stance each actor holds now on each theme's proposition: −2 strongly opposes … +2 strongly supports. \
         Blank cells are uncoded (the sources hold no stated position); “?” marks a contested cell. \
         Every coded cell links to its positions and their quotes.</p>"
    );
    out.push_str("<table class=\"matrix\">\n<tr><th>theme</th>");
    for actor in &dataset.actors {
        let _ = write!(out, "<th title=\"{}\">{}</th>", escape(&actor.name), escape(&actor.id));
    }
    out.push_str("</tr>\n");
    for theme in &dataset.themes {
        let _ = write!(out, "<tr><th class=\"theme\" title=\"{}\">{}</th>", escape(&theme.proposition), escape(&theme.label));
        for actor in &dataset.actors {
            let cell = grid.cell(&actor.id, &theme.id);
            let text = match (cell.status(), cell.value()) {
                (Status::Uncoded, _) => String::new(),
                (Status::Contested, _) => "?".into(),
                (_, value) => value.map(crate::views::compare::signed).unwrap_or_default(),
            };
            let anchor = format!("{}--{}", actor.id, theme.id);
            let body = if cell.status() == Status::Uncoded { text } else { format!("<a href=\"#{anchor}\">{text}</a>") };
            let _ = write!(
                out,
                "<td style=\"background:{}\" title=\"{}\">{body}</td>",
                colour(cell.value(), cell.status()),
                escape(&cell.describe())
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    basis_section(&mut out, &crate::views::stats::stats(dataset, today));
    for theme in &dataset.themes {
        for actor in &dataset.actors {
            let cell = grid.cell(&actor.id, &theme.id);
            if cell.status() == Status::Uncoded {
                continue;
            }
            let _ = writeln!(
                out,
                "<h2 id=\"{}--{}\">{} × {}: {}</h2>",
                actor.id,
                theme.id,
                escape(&actor.name),
                escape(&theme.label),
                escape(&cell.describe())
            );
            for position in &cell.positions {
                position_section(&mut out, position);
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn position_section(out: &mut String, position: &Record<Position>) {
    let _ = writeln!(
        out,
        "<h3>{}</h3>\n<p>{} <span class=\"meta\">({}, stated {}, confidence {})</span></p>",
        escape(&position.id),
        escape(&position.summary),
        position.stance.as_str(),
        position.stated_on,
        format!("{:?}", position.confidence).to_lowercase()
    );
    for citation in &position.evidence {
        let meta = [
            Some(citation.attribution.as_str().to_string()),
            Some(citation.source.clone()),
            citation.locator.clone(),
            citation.forum.clone(),
        ];
        let meta: Vec<String> = meta.into_iter().flatten().map(|m| escape(&m)).collect();
        let _ = writeln!(out, "<blockquote>“{}”<br><span class=\"meta\">{}</span></blockquote>", escape(&citation.quote), meta.join(" · "));
    }
}

/// Per actor: how many positions rest on its own words, and how many only on reports or
/// characterizations, so that an empty or thin row reads as what it is.
fn basis_section(out: &mut String, stats: &crate::views::stats::Stats) {
    out.push_str(
        "<h2 id=\"basis\">What the positions rest on</h2>\n<table class=\"matrix\">\n\
         <tr><th>actor</th><th>positions</th><th>in its own words</th><th>reported</th><th>characterized</th><th>themes coded</th></tr>\n",
    );
    for actor in &stats.actors {
        let p = &actor.positions;
        let _ = writeln!(
            out,
            "<tr><th class=\"theme\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}/{}</td></tr>",
            escape(&actor.name),
            p.total(),
            p.direct,
            p.reported,
            p.characterized,
            actor.themes_coded,
            stats.themes.len()
        );
    }
    out.push_str(
        "</table>\n<p class=\"meta\">In its own words: positions with at least one <code>direct</code> citation. \
         Reported: resting at best on a source's report of what the actor said or did. Characterized: resting on \
         analysts' characterizations only. docs/coding-notes.md says why a row is empty or thin.</p>\n",
    );
}
