//! `polpos report`: a static HTML page for readers of the dataset: the actor × theme heatmap with
//! a legend, what each actor's positions rest on, each cell's history with its quotes, a timeline
//! per actor, and the bibliography. Self-contained: no script, no external resource; it prints.

use crate::model::grid::{self, Cell, Status};
use crate::model::{Dataset, Grid, PartialDate, Position, Record, Source, Stance, Supersession};
use crate::views::stats::{Stats, stats};
use std::collections::HashMap;
use std::fmt::Write;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A stance in words: `strongly supports`.
fn words(stance: Stance) -> String {
    stance.as_str().replace('_', " ")
}

/// Background and text colour of a cell: red for opposition, blue for support.
fn colours(value: Option<i8>, status: Status) -> (&'static str, &'static str) {
    match (status, value) {
        (Status::Contested, _) => ("#d9b3ff", "#1a1a1a"),
        (_, Some(-2)) => ("#b2182b", "#ffffff"),
        (_, Some(-1)) => ("#f4a582", "#1a1a1a"),
        (_, Some(0)) => ("#e0e0e0", "#1a1a1a"),
        (_, Some(1)) => ("#92c5de", "#1a1a1a"),
        (_, Some(2)) => ("#2166ac", "#ffffff"),
        _ => ("#ffffff", "#1a1a1a"),
    }
}

const STYLE: &str = "\
:root { --muted: #5f5f5f; --rule: #c8c8c8; }
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1a1a1a; line-height: 1.45;
  margin: 0 auto; padding: 1.5rem 2rem 3rem; max-width: 120rem; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid var(--rule); }
h3 { margin: 1.2rem 0 .3rem; } a { color: #1f4e8c; }
.meta, small.id { color: var(--muted); font-size: .8rem; }
small.id { display: block; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-weight: normal; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; }
table.matrix { width: 100%; }
table.matrix th, table.matrix td, table.counts th, table.counts td, table.timeline td, table.timeline th { border: 1px solid var(--rule); padding: .35rem .55rem; }
table.timeline th, table.timeline td { text-align: left; }
table.timeline td:first-child { white-space: nowrap; }
table.matrix th.theme, table.counts th { text-align: left; }
table.matrix td.cell { text-align: center; min-width: 6.5rem; font-weight: 600; }
table.matrix td.cell a { color: inherit; text-decoration: none; display: block; }
table.matrix td.cell .word { display: block; font-weight: normal; font-size: .78rem; }
table.counts td { text-align: right; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; }
ul.legend li { display: flex; align-items: center; gap: .4rem; }
.swatch { display: inline-block; width: 1.4rem; height: 1rem; border: 1px solid var(--rule); }
.cells { display: grid; grid-template-columns: repeat(auto-fill, minmax(32rem, 1fr)); gap: 0 2.5rem; }
section.cell, .entry { break-inside: avoid; }
.history { list-style: none; padding-left: 0; }
.history > li { border-left: 4px solid var(--rule); padding: .1rem 0 .1rem .8rem; margin-bottom: .8rem; }
.history > li.live { border-left-color: #1f4e8c; }
blockquote { margin: .35rem 0 .35rem .6rem; }
ol.bibliography li { margin-bottom: .5rem; }
@media (max-width: 40rem) { body { padding: 1rem; } h1 { font-size: 1.35rem; } .cells { grid-template-columns: 1fr; } table.matrix td.cell { min-width: 4.5rem; } }
@media print { body { padding: 0; max-width: none; font-size: 10pt; } a { color: inherit; text-decoration: none; }
  .scroll { overflow: visible; } h2 { break-after: avoid; } .cells { display: block; } }
";

pub fn render(dataset: &Dataset, today: PartialDate) -> String {
    let grid = Grid::current(dataset, today);
    let counts = stats(dataset, today);
    let title = dataset.manifest.as_ref().map(|m| format!("{} {}", m.title, m.version)).unwrap_or_else(|| "polpos".into());
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{0}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{0}</h1>\n",
        escape(&title)
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">The stances held on {today}. {} positions of {} actors on {} themes, from {} sources. \
         <a href=\"#basis\">What the positions rest on</a> · <a href=\"#timelines\">Timelines</a> · \
         <a href=\"#bibliography\">Bibliography</a></p>",
        counts.positions,
        dataset.actors.len(),
        dataset.themes.len(),
        dataset.sources.len()
    );
    legend(&mut out);
    matrix(&mut out, dataset, &grid);
    basis(&mut out, &counts);
    let chains = Chains::new(dataset, today);
    out.push_str("<h2 id=\"cells\">The cells and their history</h2>\n<div class=\"cells\">\n");
    for theme in &dataset.themes {
        for actor in &dataset.actors {
            let cell = grid.cell(&actor.id, &theme.id);
            if cell.status() == Status::Uncoded {
                continue;
            }
            let _ = writeln!(
                out,
                "<section class=\"cell\">\n<h3 id=\"{}--{}\">{} × {}: {}</h3>",
                escape(&actor.id),
                escape(&theme.id),
                escape(&actor.name),
                escape(&theme.label),
                escape(&cell.describe().replace('_', " "))
            );
            let _ = writeln!(out, "<p class=\"meta\">Proposition: {}</p>", escape(&theme.proposition));
            chains.history(&mut out, &actor.id, &theme.id);
            out.push_str("</section>\n");
        }
    }
    out.push_str("</div>\n");
    timelines(&mut out, dataset, &chains);
    bibliography(&mut out, dataset);
    out.push_str("</body>\n</html>\n");
    out
}

fn legend(out: &mut String) {
    out.push_str("<ul class=\"legend\" aria-label=\"legend\">\n");
    for stance in Stance::ALL {
        let (background, _) = colours(Some(stance.value()), Status::Coded);
        let value = crate::views::compare::signed(stance.value());
        let _ = writeln!(out, "<li><span class=\"swatch\" style=\"background:{background}\"></span>{value} {}</li>", words(*stance));
    }
    let (contested, _) = colours(None, Status::Contested);
    let _ = writeln!(
        out,
        "<li><span class=\"swatch\" style=\"background:{contested}\"></span>? contested: live positions disagree</li>\n\
         <li><span class=\"swatch\"></span>blank: uncoded, the sources hold no stated position</li>\n</ul>"
    );
    out.push_str(
        "<p>Each cell is the stance an actor holds now on a theme's proposition (hover a theme for it). \
         Every coded cell links to its positions, their history and their quotes.</p>\n",
    );
}

fn matrix(out: &mut String, dataset: &Dataset, grid: &Grid) {
    out.push_str("<div class=\"scroll\">\n<table class=\"matrix\">\n<tr><th class=\"theme\">theme</th>");
    for actor in &dataset.actors {
        let _ =
            write!(out, "<th><a href=\"#actor-{0}\">{1}</a><small class=\"id\">{0}</small></th>", escape(&actor.id), escape(&actor.name));
    }
    out.push_str("</tr>\n");
    for theme in &dataset.themes {
        let _ = write!(
            out,
            "<tr><th class=\"theme\" title=\"{}\">{}<small class=\"id\">{}</small></th>",
            escape(&theme.proposition),
            escape(&theme.label),
            escape(&theme.id)
        );
        for actor in &dataset.actors {
            matrix_cell(out, grid.cell(&actor.id, &theme.id), &actor.id, &theme.id);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n</div>\n");
}

fn matrix_cell(out: &mut String, cell: &Cell, actor: &str, theme: &str) {
    let (background, text) = colours(cell.value(), cell.status());
    let value = cell.value().map(crate::views::compare::signed).unwrap_or_default();
    let body = match (cell.status(), cell.stances.as_slice()) {
        (Status::Uncoded, _) => String::new(),
        (Status::Contested, _) => "?<span class=\"word\">contested</span>".to_string(),
        (_, [stance]) => format!("{value}<span class=\"word\">{}</span>", words(*stance)),
        _ => String::new(),
    };
    let body = if cell.status() == Status::Uncoded { body } else { format!("<a href=\"#{actor}--{theme}\">{body}</a>") };
    let _ = write!(
        out,
        "<td class=\"cell\" data-actor=\"{}\" data-theme=\"{}\" data-value=\"{value}\" style=\"background:{background};color:{text}\" title=\"{}\">{body}</td>",
        escape(actor),
        escape(theme),
        escape(&cell.describe())
    );
}

/// Per actor: how many positions rest on its own words, and how many only on reports or
/// characterizations, so that an empty or thin row reads as what it is.
fn basis(out: &mut String, stats: &Stats) {
    out.push_str(
        "<h2 id=\"basis\">What the positions rest on</h2>\n<table class=\"counts\">\n\
         <tr><th>actor</th><th>positions</th><th>in its own words</th><th>reported</th><th>characterized</th><th>themes coded</th></tr>\n",
    );
    for actor in &stats.actors {
        let p = &actor.positions;
        let _ = writeln!(
            out,
            "<tr><th>{}<small class=\"id\">{}</small></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}/{}</td></tr>",
            escape(&actor.name),
            escape(&actor.actor),
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

/// Every position with what became of it: live on the report's date, superseded, or ended.
struct Chains<'a> {
    dataset: &'a Dataset,
    live: Vec<bool>,
    supersession: Supersession,
    /// Position indices by (actor, theme), oldest first.
    by_cell: HashMap<(&'a str, &'a str), Vec<usize>>,
}

impl<'a> Chains<'a> {
    fn new(dataset: &'a Dataset, today: PartialDate) -> Chains<'a> {
        let mut by_cell: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, position) in dataset.positions.iter().enumerate() {
            by_cell.entry((&*position.actor, &*position.theme)).or_default().push(i);
        }
        for indices in by_cell.values_mut() {
            indices.sort_by_key(|&i| {
                let p = &dataset.positions[i];
                (p.stated_on.earliest(), p.stated_on.latest(), &*p.id)
            });
        }
        Chains { dataset, live: grid::live(dataset, today), supersession: Supersession::of(&dataset.positions), by_cell }
    }

    fn history(&self, out: &mut String, actor: &str, theme: &str) {
        out.push_str("<ol class=\"history\">\n");
        for &i in self.by_cell.get(&(actor, theme)).map(Vec::as_slice).unwrap_or_default() {
            let position = &self.dataset.positions[i];
            let class = if self.live[i] { " class=\"live\"" } else { "" };
            let _ = writeln!(out, "<li{class}>");
            self.position(out, i, position);
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
    }

    /// Holds now, superseded by a later position, or ended.
    fn fate(&self, i: usize) -> String {
        if self.live[i] {
            return "holds now".into();
        }
        match self.supersession.successor(i) {
            Some(next) => {
                let id = &self.dataset.positions[next].id;
                format!("superseded by <a href=\"#{0}\">{0}</a>", escape(id))
            }
            None => match self.dataset.positions[i].valid_until {
                Some(until) => format!("held until {until}"),
                None => "no longer holds".into(),
            },
        }
    }

    fn position(&self, out: &mut String, i: usize, position: &Record<Position>) {
        let _ = writeln!(
            out,
            "<p id=\"{}\"><strong>{}</strong>, stated {} · {} · confidence {} <small class=\"id\">{}</small></p>\n<p>{}</p>",
            escape(&position.id),
            words(position.stance),
            position.stated_on,
            self.fate(i),
            position.confidence.as_str(),
            escape(&position.id),
            escape(&position.summary)
        );
        for citation in &position.evidence {
            let mut meta = vec![citation.attribution.as_str().to_string()];
            meta.push(format!("<a href=\"#source-{0}\">{0}</a>", escape(&citation.source)));
            meta.extend([citation.locator.as_ref(), citation.forum.as_ref()].into_iter().flatten().map(|m| escape(m)));
            let _ =
                writeln!(out, "<blockquote>“{}”<br><span class=\"meta\">{}</span></blockquote>", escape(&citation.quote), meta.join(" · "));
        }
    }
}

/// Each actor's positions in the order they were stated.
fn timelines(out: &mut String, dataset: &Dataset, chains: &Chains) {
    out.push_str("<h2 id=\"timelines\">Timelines</h2>\n");
    for actor in &dataset.actors {
        let _ = writeln!(out, "<h3 id=\"actor-{}\">{}</h3>", escape(&actor.id), escape(&actor.name));
        let mut indices: Vec<usize> = (0..dataset.positions.len()).filter(|&i| *dataset.positions[i].actor == *actor.id).collect();
        if indices.is_empty() {
            out.push_str("<p class=\"meta\">No position coded: the sources hold no stated position of this actor.</p>\n");
            continue;
        }
        indices.sort_by_key(|&i| (dataset.positions[i].stated_on.earliest(), &*dataset.positions[i].theme));
        out.push_str(
            "<div class=\"scroll\">\n<table class=\"timeline\">\n<tr><th>stated</th><th>theme</th><th>stance</th><th>position</th></tr>\n",
        );
        for i in indices {
            let position = &dataset.positions[i];
            let label = dataset.themes.iter().find(|t| *t.id == *position.theme).map_or(&*position.theme, |t| t.label.as_str());
            let fate = if chains.live[i] { "" } else { " <span class=\"meta\">(no longer holds)</span>" };
            let id = escape(&position.id);
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}{fate}</td><td><a href=\"#{id}\">{id}</a></td></tr>",
                position.stated_on,
                escape(label),
                words(position.stance),
            );
        }
        out.push_str("</table>\n</div>\n");
    }
}

fn bibliography(out: &mut String, dataset: &Dataset) {
    out.push_str("<h2 id=\"bibliography\">Bibliography</h2>\n<ol class=\"bibliography\">\n");
    for source in &dataset.sources {
        let _ = writeln!(out, "<li class=\"entry\" id=\"source-{}\">{}</li>", escape(&source.id), reference(dataset, source));
    }
    out.push_str("</ol>\n");
}

/// One entry: authors or issuers, title (linked to its address), publisher, date, kind, id.
fn reference(dataset: &Dataset, source: &Source) -> String {
    let mut parts = Vec::new();
    if !source.authors.is_empty() {
        parts.push(escape(&source.authors.join(", ")));
    }
    if !source.issuers.is_empty() {
        let names: Vec<&str> =
            source.issuers.iter().map(|id| dataset.actors.iter().find(|a| &a.id == id).map_or(id.as_str(), |a| a.name.as_str())).collect();
        let joint = if names.len() > 1 { "joint statement of " } else { "issued by " };
        parts.push(format!("{joint}{}", escape(&names.join(" and "))));
    }
    let title = match &source.url {
        Some(url) => format!("<a href=\"{}\"><cite>{}</cite></a>", escape(url), escape(&source.title)),
        None => format!("<cite>{}</cite>", escape(&source.title)),
    };
    parts.push(title);
    parts.extend(source.publisher.as_ref().map(|p| escape(p)));
    parts.push(source.published.map_or_else(|| "undated".to_string(), |date| date.to_string()));
    parts.push(format!("{} <small class=\"id\">{}</small>", escape(&source.kind.replace('-', " ")), escape(&source.id)));
    parts.join(". ")
}
