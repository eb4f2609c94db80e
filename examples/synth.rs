//! A synthetic polpos dataset for benchmarks: many actors, themes and sources, archived texts
//! that the sources point to, quotes that really occur in them, several citations per position,
//! supersession chains that go forward in time without contradictions, and optionally a given
//! number of seeded errors of each kind.
//!
//! ```sh
//! cargo run --release --example synth -- --positions 100000 --out /tmp/synth-100k [--errors 10] [--seed 1]
//! polpos validate /tmp/synth-100k/data --archive /tmp/synth-100k/archive
//! ```
//!
//! The same arguments always write the same files.

use clap::Parser;
use polpos::diagnostics::Code;
use polpos::model::PartialDate;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(about = "Write a synthetic polpos dataset (OUT/data) and its archive (OUT/archive)")]
struct Args {
    /// How many positions to write.
    #[arg(long)]
    positions: usize,
    /// Directory to create; it must not hold a dataset yet.
    #[arg(long)]
    out: PathBuf,
    /// Seed this many errors of each of nine kinds (a changed quote, a wrong source, a future
    /// date, an unknown theme, a duplicate key, a contradiction, an unknown key, a statement
    /// dated after its source, an id that is not the file name); the summary names their codes.
    #[arg(long, default_value_t = 0)]
    errors: usize,
    /// The random seed: the same seed writes the same dataset.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let dataset = match generate(args.positions, args.errors, args.seed) {
        Ok(dataset) => dataset,
        Err(message) => {
            eprintln!("synth: {message}");
            return ExitCode::from(2);
        }
    };
    if let Err(error) = dataset.write(&args.out) {
        eprintln!("synth: cannot write {}: {error}", args.out.display());
        return ExitCode::from(2);
    }
    println!("{}", dataset.describe(&args.out));
    ExitCode::SUCCESS
}

/// SplitMix64: a few lines, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

const WORDS: &str = "governance sovereignty internet cyberspace state states network networks security order \
    cooperation development community future shared principle principles authority control regulation \
    infrastructure standards protocol protocols data information flow content platform platforms market \
    markets trade economy innovation technology technologies rights freedom access openness stability \
    stakeholders government governments industry engineers citizens users society forum forums summit \
    conference delegation ministry office council commission assembly union treaty convention norms law \
    laws jurisdiction territory borders interference hegemony dominance power influence leadership vision \
    strategy policy policies framework proposal proposals resolution declaration statement speech report \
    review analysis debate dispute consensus agreement negotiation dialogue partnership alliance bloc \
    region regions nation nations country countries public private global national international \
    multilateral multistakeholder bilateral regional digital technical legal political economic strategic \
    critical central open closed secure fragmented unified sovereign independent equal fair just peaceful \
    responsible common mutual respect trust resilience capacity divide gap inclusion connectivity \
    localization storage transfer privacy surveillance censorship filtering blocking licensing oversight \
    accountability transparency legitimacy representation participation voice role roles model models \
    approach approaches position positions stance concern concerns interest interests priority priorities \
    claims claim argues argued insists insisted rejects rejected supports supported opposes opposed \
    proposes proposed calls called urges urged warns warned holds held affirms affirmed denies denied \
    seeks sought promotes promoted defends defended questions questioned describes described frames \
    framed must should will would cannot may might never always increasingly firmly openly quietly \
    repeatedly consistently explicitly broadly largely the the the the a a an of of of of to to to in in \
    in and and and or that that which with for for on by as at from its their this these those over \
    under between within against through beyond régime naïve coördinated";

const STANCES: [&str; 5] = ["strongly_opposes", "opposes", "mixed", "supports", "strongly_supports"];
const ACTOR_KINDS: [&str; 4] = ["state", "supranational", "international-organization", "intergovernmental-forum"];
const SOURCE_KINDS: [&str; 4] = ["secondary-analysis", "primary-official-document", "news", "speech"];
/// Theme ids are `<head>-<tail>`: 20 × 20 distinct ones.
const THEME_HEADS: &str = "cyber data network platform digital content standards spectrum cable cloud identity encryption \
    domain routing satellite payment trade privacy security access";
const THEME_TAILS: &str = "sovereignty localization governance regulation cooperation neutrality oversight resilience openness \
    norms divide hegemony security liability access standards competition diplomacy rights flows";
const THEME_PARTS: usize = 20;
const SYLLABLES: [&str; 16] = ["ka", "lo", "me", "ri", "su", "ta", "vo", "ne", "da", "pi", "ro", "sa", "mu", "fe", "gi", "zo"];

/// The earliest and latest years of generated positions; sources reach into the year after.
const FIRST_YEAR: i32 = 1990;
const LAST_YEAR: i32 = 2024;
/// Generated days are days 1..=28 of each month, so a day is `year * 336 + month * 28 + day`
/// in a calendar where every date is real.
const DAYS_PER_YEAR: usize = 12 * 28;
/// Successive positions of one actor on one theme are more than a year apart, so that no
/// partial date of one can overlap the next.
const MIN_GAP: usize = 400;
/// The longest supersession chain (one actor on one theme) the calendar has room for.
const MAX_GROUP: usize = 20;

fn day_to_date(day: usize) -> (i32, u8, u8) {
    (FIRST_YEAR + (day / DAYS_PER_YEAR) as i32, (day % DAYS_PER_YEAR / 28 + 1) as u8, (day % 28 + 1) as u8)
}

/// A date at a random precision (mostly full dates, as sources usually give them).
fn partial_date(rng: &mut Rng, day: usize) -> PartialDate {
    let (year, month, day) = day_to_date(day);
    match rng.below(100) {
        0..55 => PartialDate { year, month: Some(month), day: Some(day) },
        55..85 => PartialDate { year, month: Some(month), day: None },
        _ => PartialDate { year, month: None, day: None },
    }
}

fn full_date(day: usize) -> PartialDate {
    let (year, month, day) = day_to_date(day);
    PartialDate { year, month: Some(month), day: Some(day) }
}

struct Actor {
    id: String,
    name: String,
    kind: &'static str,
    organs: Vec<String>,
    /// Speaker ids and the organ each belongs to.
    speakers: Vec<(String, Option<String>)>,
}

struct Theme {
    id: String,
    label: String,
    /// The stances its scale defines.
    stances: Vec<&'static str>,
}

struct Source {
    id: String,
    title: String,
    published: PartialDate,
    kind: &'static str,
    /// The text's words in plain ASCII form, as a quote writes them.
    words: Vec<String>,
    /// The index of the first word of each paragraph.
    paragraphs: Vec<usize>,
    /// The archived text: typographic quotes and dashes, wrapped lines, some decomposed accents.
    archive: String,
}

struct Citation {
    source: usize,
    quote: String,
    locator: String,
    attribution: &'static str,
    speaker: Option<String>,
    forum: Option<String>,
}

struct Position {
    id: String,
    actor: usize,
    theme: String,
    stance: &'static str,
    stated_on: PartialDate,
    valid_until: Option<PartialDate>,
    supersedes: Option<String>,
    superseded: bool,
    organ: Option<String>,
    speaker: Option<String>,
    summary: String,
    confidence: &'static str,
    note: Option<String>,
    evidence: Vec<Citation>,
    /// Errors that live in how the file is written rather than in what it says.
    written: Option<Code>,
}

impl Position {
    /// Neither supersedes nor is superseded: changing or dropping it breaks no chain.
    fn is_free(&self) -> bool {
        self.supersedes.is_none() && !self.superseded
    }
}

struct Dataset {
    actors: Vec<Actor>,
    themes: Vec<Theme>,
    sources: Vec<Source>,
    positions: Vec<Position>,
    /// Each seeded error's code, once per error.
    seeded: Vec<Code>,
}

/// The kinds of error `--errors N` seeds N of, each reported as exactly one finding.
const SEEDED_KINDS: [Code; 9] = [
    Code::QuoteNotFound,
    Code::QuoteInOtherSource,
    Code::FutureDate,
    Code::UnknownTheme,
    Code::DuplicateKey,
    Code::Contradiction,
    Code::UnknownKey,
    Code::StatedAfterSource,
    Code::IdMismatch,
];

/// Builds a dataset of `positions` positions with `errors` errors of each seeded kind.
fn generate(positions: usize, errors: usize, seed: u64) -> Result<Dataset, String> {
    if positions == 0 {
        return Err("--positions must be at least 1".into());
    }
    let mut rng = Rng(seed);
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    let theme_count = (positions.isqrt() / 4).clamp(11, THEME_PARTS * THEME_PARTS);
    let actor_count = (positions / (4 * theme_count)).max(4);
    let source_count = (positions / 100).max(5);
    let actors: Vec<Actor> = (0..actor_count).map(|i| actor(&mut rng, i)).collect();
    let themes: Vec<Theme> = (0..theme_count).map(|i| theme(&mut rng, i)).collect();
    let mut sources: Vec<Source> = (0..source_count).map(|i| source(&mut rng, &words, i, source_count)).collect();
    sources.sort_by_key(|s| s.published.latest());

    let mut dataset = Dataset { actors, themes, sources, positions: Vec::new(), seeded: Vec::new() };
    let groups = group_sizes(&mut rng, positions, actor_count, theme_count)?;
    for (group, size) in groups.iter().enumerate() {
        dataset.add_chain(&mut rng, group / theme_count, group % theme_count, *size);
    }
    dataset.cite_every_source(&mut rng);
    dataset.seed_errors(&mut rng, errors)?;
    Ok(dataset)
}

fn actor(rng: &mut Rng, i: usize) -> Actor {
    let id = format!("{}{}", SYLLABLES[i % 16], if i < 16 { String::new() } else { (i / 16).to_string() });
    let name = format!("{}{}", capitalized(SYLLABLES[(i * 7 + 3) % 16]), SYLLABLES[(i * 5 + 1) % 16]);
    let organs: Vec<String> =
        ["ministry-of-networks", "foreign-office", "regulator"].iter().take(rng.below(4)).map(|s| s.to_string()).collect();
    let speakers =
        (0..rng.below(3)).map(|n| (format!("speaker-{}", n + 1), (!organs.is_empty()).then(|| organs[n % organs.len()].clone()))).collect();
    Actor { id, name: format!("{name} {i}"), kind: rng.pick(&ACTOR_KINDS), organs, speakers }
}

fn theme(rng: &mut Rng, i: usize) -> Theme {
    let head = THEME_HEADS.split_whitespace().nth(i % THEME_PARTS).unwrap_or("cyber");
    let tail = THEME_TAILS.split_whitespace().nth((i / THEME_PARTS + i) % THEME_PARTS).unwrap_or("norms");
    let stances = if rng.chance(15) { STANCES[1..4].to_vec() } else { STANCES.to_vec() };
    Theme { id: format!("{head}-{tail}"), label: format!("{}{} {tail}", head[..1].to_uppercase(), &head[1..]), stances }
}

fn source(rng: &mut Rng, words: &[&str], i: usize, count: usize) -> Source {
    // A few sources are recent, so that every position has sources published after it.
    let day = if i < (count / 20).max(2) {
        (LAST_YEAR + 1 - FIRST_YEAR) as usize * DAYS_PER_YEAR + rng.below(DAYS_PER_YEAR)
    } else {
        rng.between(8 * DAYS_PER_YEAR, (LAST_YEAR + 2 - FIRST_YEAR) as usize * DAYS_PER_YEAR - 1)
    };
    let published = partial_date(rng, day);
    let [head, middle, tail] = [(); 3].map(|_| rng.pick(words));
    let title = format!("{} of {middle} {tail}", capitalized(head));
    let (mut text_words, mut paragraphs) = (Vec::new(), Vec::new());
    let length = rng.between(800, 3000);
    while text_words.len() < length {
        paragraphs.push(text_words.len());
        for _ in 0..rng.between(2, 6) {
            sentence(rng, words, &mut text_words);
        }
    }
    let archive = render_archive(&title, &published, &text_words, &paragraphs);
    Source { id: format!("source-{:05}", i + 1), title, published, kind: rng.pick(&SOURCE_KINDS), words: text_words, paragraphs, archive }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Appends a sentence: capitalised, some commas, sometimes a quoted phrase or a dash.
fn sentence(rng: &mut Rng, words: &[&str], out: &mut Vec<String>) {
    let length = rng.between(8, 28);
    let quoted = rng.chance(20).then(|| {
        let start = rng.between(1, length - 4);
        (start, start + rng.between(1, 3))
    });
    for n in 0..length {
        let mut word = rng.pick(words).to_string();
        if n == 0 {
            word = capitalized(&word);
        }
        if rng.chance(3) {
            word.push_str("'s");
        }
        match quoted {
            Some((start, _)) if n == start => word.insert(0, '"'),
            Some((_, end)) if n == end => word.push('"'),
            _ => {}
        }
        if n + 1 == length {
            word.push('.');
        } else if rng.chance(6) {
            word.push(',');
        } else if rng.chance(2) {
            out.push(word);
            word = "-".into();
        }
        out.push(word);
    }
}

/// How the archive writes a word: typographic quotes, apostrophes and dashes, and sometimes a
/// decomposed accent (NFC composes it back).
fn typographic(word: &str) -> String {
    if word == "-" {
        return "\u{2014}".into();
    }
    let mut text = word.replace("'", "\u{2019}").replace("é", "e\u{301}");
    if text.starts_with('"') {
        text.replace_range(..1, "\u{201C}");
    }
    if text.ends_with('"') {
        text.replace_range(text.len() - 1.., "\u{201D}");
    }
    text
}

fn render_archive(title: &str, published: &PartialDate, words: &[String], paragraphs: &[usize]) -> String {
    let mut text = format!("{title}\n\nPublished {published}\n");
    for (n, &start) in paragraphs.iter().enumerate() {
        let end = paragraphs.get(n + 1).copied().unwrap_or(words.len());
        text.push('\n');
        let mut line = 0;
        for word in &words[start..end] {
            let shown = typographic(word);
            if line > 0 && line + shown.len() > 88 {
                text.push('\n');
                line = 0;
            } else if line > 0 {
                text.push(' ');
                line += 1;
            }
            text.push_str(&shown);
            line += shown.len();
        }
        text.push('\n');
    }
    text
}

/// How many positions each actor × theme group gets: every actor and theme at least one,
/// then at random, at most [`MAX_GROUP`] a group.
fn group_sizes(rng: &mut Rng, positions: usize, actors: usize, themes: usize) -> Result<Vec<usize>, String> {
    let mut sizes = vec![0usize; actors * themes];
    if positions > sizes.len() * MAX_GROUP / 2 {
        return Err("too many positions for the actors and themes".into());
    }
    let covering = actors.max(themes).min(positions);
    for i in 0..covering {
        sizes[(i % actors) * themes + i % themes] += 1;
    }
    for _ in covering..positions {
        loop {
            let group = rng.below(sizes.len());
            if sizes[group] < MAX_GROUP {
                sizes[group] += 1;
                break;
            }
        }
    }
    Ok(sizes)
}

impl Dataset {
    /// Adds `size` positions of one actor on one theme, forward in time: each one either
    /// supersedes the one before or that one ends (`valid_until`) before it is stated.
    fn add_chain(&mut self, rng: &mut Rng, actor: usize, theme: usize, size: usize) {
        if size == 0 {
            return;
        }
        let span = (LAST_YEAR + 1 - FIRST_YEAR) as usize * DAYS_PER_YEAR - (size - 1) * MIN_GAP;
        let mut days: Vec<usize> = (0..size).map(|_| rng.below(span)).collect();
        days.sort_unstable();
        let first = self.positions.len();
        let mut stance = rng.pick(&self.themes[theme].stances);
        for (n, day) in days.iter().enumerate() {
            let day = day + n * MIN_GAP;
            let stated_on = partial_date(rng, day);
            let supersedes = (n > 0 && rng.chance(60)).then(|| self.positions[first + n - 1].id.clone());
            if n > 0 {
                let previous = &mut self.positions[first + n - 1];
                if supersedes.is_some() {
                    previous.superseded = true;
                } else {
                    // It ends between its own date and this one.
                    let from = day_of(&previous.stated_on, true);
                    let until = day_of(&stated_on, false);
                    previous.valid_until = Some(full_date(rng.between(from.min(until), until)));
                }
            }
            if rng.chance(40) {
                stance = rng.pick(&self.themes[theme].stances);
            }
            let position = self.position(rng, actor, theme, n + 1, stance, stated_on, supersedes);
            self.positions.push(position);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn position(
        &self,
        rng: &mut Rng,
        actor: usize,
        theme: usize,
        number: usize,
        stance: &'static str,
        stated_on: PartialDate,
        supersedes: Option<String>,
    ) -> Position {
        let who = &self.actors[actor];
        let theme_id = self.themes[theme].id.clone();
        let organ = (!who.organs.is_empty() && rng.chance(30)).then(|| rng.pick(&who.organs));
        let speaker = (!who.speakers.is_empty() && rng.chance(20)).then(|| rng.pick(&who.speakers).0);
        let mut evidence: Vec<Citation> = Vec::new();
        for _ in 0..rng.pick(&[1, 2, 2, 3, 3, 4]) {
            let source = self.eligible_source(rng, &stated_on);
            let citation = self.citation(rng, actor, source);
            if !evidence.iter().any(|c| c.source == citation.source && c.quote == citation.quote) {
                evidence.push(citation);
            }
        }
        let characterized_only = evidence.iter().all(|c| c.attribution == "characterized");
        let confidence = if characterized_only { rng.pick(&["medium", "low"]) } else { rng.pick(&["high", "high", "medium", "low"]) };
        Position {
            id: format!("{}-{theme_id}-{number}", who.id),
            actor,
            summary: format!(
                "In {}, the stance of {} on shared rules for {} was {}, as {} of its sources report.",
                stated_on.year,
                who.name,
                self.themes[theme].label.to_lowercase(),
                stance.replace('_', " "),
                evidence.len()
            ),
            theme: theme_id,
            stance,
            stated_on,
            valid_until: None,
            supersedes,
            superseded: false,
            organ,
            speaker,
            confidence,
            note: rng.chance(10).then(|| "Coded from the most explicit passage; the others corroborate it.".to_string()),
            evidence,
            written: None,
        }
    }

    /// A source published no earlier than a statement it reports.
    fn eligible_source(&self, rng: &mut Rng, stated_on: &PartialDate) -> usize {
        let first = self.sources.partition_point(|s| s.published.latest() < stated_on.earliest());
        rng.between(first, self.sources.len() - 1)
    }

    fn citation(&self, rng: &mut Rng, actor: usize, source: usize) -> Citation {
        let text = &self.sources[source];
        let length = rng.between(6, 24);
        let start = rng.below(text.words.len() - length);
        let mut quote = text.words[start..start + length].join(" ");
        let gap = rng.between(1, 12);
        let tail = rng.between(3, 10);
        if rng.chance(15) && start + length + gap + tail <= text.words.len() {
            let mark = if rng.chance(20) { "[...]" } else { "…" };
            let from = start + length + gap;
            quote = format!("{quote} {mark} {}", text.words[from..from + tail].join(" "));
        }
        let paragraph = text.paragraphs.partition_point(|&p| p <= start);
        let speakers = &self.actors[actor].speakers;
        Citation {
            source,
            quote,
            locator: format!("para. {paragraph}"),
            attribution: rng.pick(&["direct", "reported", "reported", "characterized"]),
            speaker: (!speakers.is_empty() && rng.chance(10)).then(|| rng.pick(speakers).0),
            forum: rng.chance(15).then(|| format!("{} conference, {}", text.title, text.published.year)),
        }
    }

    /// Adds a citation of every source nothing cites yet, so no source is an orphan.
    fn cite_every_source(&mut self, rng: &mut Rng) {
        let cited: HashSet<usize> = self.positions.iter().flat_map(|p| p.evidence.iter().map(|c| c.source)).collect();
        for source in 0..self.sources.len() {
            if cited.contains(&source) {
                continue;
            }
            let published = self.sources[source].published.latest();
            if let Some(at) = self.positions.iter().position(|p| p.stated_on.earliest() <= published && p.evidence.len() < 5) {
                let citation = self.citation(rng, self.positions[at].actor, source);
                self.positions[at].evidence.push(citation);
            }
        }
    }

    /// Changes `count` positions for each kind of [`SEEDED_KINDS`]; each change is reported
    /// as exactly one finding. Every change touches its own position.
    fn seed_errors(&mut self, rng: &mut Rng, count: usize) -> Result<(), String> {
        if count == 0 {
            return Ok(());
        }
        let mut order: Vec<usize> = (0..self.positions.len()).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let mut groups: HashMap<(usize, String), Vec<usize>> = HashMap::new();
        for (at, position) in self.positions.iter().enumerate() {
            groups.entry((position.actor, position.theme.clone())).or_default().push(at);
        }
        let mut touched = HashSet::new();
        for kind in SEEDED_KINDS {
            let mut done = 0;
            for &at in &order {
                if done == count {
                    break;
                }
                if !touched.contains(&at)
                    && self.seed(rng, kind, at, &groups[&(self.positions[at].actor, self.positions[at].theme.clone())])
                {
                    touched.insert(at);
                    done += 1;
                }
            }
            if done < count {
                return Err(format!("only {done} positions can take a seeded {kind} error; generate more positions"));
            }
            self.seeded.extend(std::iter::repeat_n(kind, count));
        }
        Ok(())
    }

    /// Seeds one error of `kind` on position `at`, if that position can take it cleanly;
    /// `group` is every position of its actor on its theme, in time order.
    fn seed(&mut self, rng: &mut Rng, kind: Code, at: usize, group: &[usize]) -> bool {
        let position = &self.positions[at];
        let group_size = group.len();
        match kind {
            Code::QuoteNotFound => {
                let quote = &mut self.positions[at].evidence[0].quote;
                let Some(word) = quote.split(' ').nth(2).map(str::to_string) else { return false };
                *quote = quote.replacen(&format!(" {word} "), " ultramarine ", 1);
                true
            }
            Code::QuoteInOtherSource => {
                let cited = position.evidence[0].source;
                let other = self.eligible_source(rng, &position.stated_on);
                if other == cited || position.evidence.iter().any(|c| c.source == other) {
                    return false;
                }
                self.positions[at].evidence[0].source = other;
                true
            }
            Code::FutureDate if position.valid_until.is_none() => {
                self.positions[at].valid_until = PartialDate::parse("2099-01-01");
                true
            }
            // Dropping a position out of its group (another theme, or a broken file) must leave
            // the group's other positions in use and its chains whole.
            Code::UnknownTheme if position.is_free() && group_size > 1 => {
                self.positions[at].theme.push_str("-x");
                true
            }
            Code::UnknownKey | Code::IdMismatch if position.is_free() && group_size > 1 => {
                self.positions[at].written = Some(kind);
                true
            }
            Code::DuplicateKey => {
                self.positions[at].written = Some(kind);
                true
            }
            Code::StatedAfterSource => {
                let stated = position.stated_on.earliest();
                let earlier: Vec<usize> = (0..self.sources.len()).filter(|&s| self.sources[s].published.latest() < stated).collect();
                if earlier.is_empty() {
                    return false;
                }
                let source = rng.pick(&earlier);
                let attribution = position.evidence[0].attribution;
                let citation = Citation { attribution, ..self.citation(rng, position.actor, source) };
                self.positions[at].evidence[0] = citation;
                true
            }
            Code::Contradiction if group.last() == Some(&at) && position.valid_until.is_none() => {
                self.add_contradiction(rng, at, group_size + 1)
            }
            _ => false,
        }
    }

    /// Adds position number `number` of a chain, contradicting position `at`, the chain's last
    /// and still holding: a different stance, stated later, with no supersession and no end.
    fn add_contradiction(&mut self, rng: &mut Rng, at: usize, number: usize) -> bool {
        let last = &self.positions[at];
        let Some(theme) = self.themes.iter().position(|t| t.id == last.theme) else { return false };
        let later = day_of(&last.stated_on, false) + MIN_GAP;
        if later >= (LAST_YEAR + 1 - FIRST_YEAR) as usize * DAYS_PER_YEAR {
            return false;
        }
        let Some(&stance) = self.themes[theme].stances.iter().find(|&&s| s != last.stance) else { return false };
        let (actor, stated_on) = (last.actor, full_date(later));
        let position = self.position(rng, actor, theme, number, stance, stated_on, None);
        self.positions.push(position);
        true
    }

    /// Writes `out/data` and `out/archive`.
    fn write(&self, out: &Path) -> std::io::Result<()> {
        let data = out.join("data");
        let archive = out.join("archive");
        for dir in [&data, &archive] {
            if dir.exists() {
                return Err(std::io::Error::other(format!("{} exists; choose a new --out", dir.display())));
            }
        }
        for folder in ["actors", "themes", "sources"] {
            std::fs::create_dir_all(data.join(folder))?;
        }
        std::fs::create_dir_all(&archive)?;
        std::fs::write(
            data.join("dataset.yaml"),
            "# yaml-language-server: $schema=../schema/dataset.schema.json\nname: synth\ntitle: Synthetic benchmark dataset\n\
             version: 1.0.0\nlicense: CC0-1.0\ndescription: >-\n  Generated by examples/synth.rs for benchmarks; every actor, theme,\n  \
             source and quote is invented.\ncodebook_version: 1.0.0\n",
        )?;
        for actor in &self.actors {
            std::fs::write(data.join("actors").join(format!("{}.yaml", actor.id)), actor_yaml(actor))?;
            std::fs::create_dir_all(data.join("positions").join(&actor.id))?;
        }
        for theme in &self.themes {
            std::fs::write(data.join("themes").join(format!("{}.yaml", theme.id)), theme_yaml(theme))?;
        }
        for source in &self.sources {
            let file = format!("{}.txt", source.id);
            std::fs::write(archive.join(&file), &source.archive)?;
            std::fs::write(data.join("sources").join(format!("{}.yaml", source.id)), source_yaml(source, &file))?;
        }
        for position in &self.positions {
            let actor = &self.actors[position.actor].id;
            std::fs::write(data.join("positions").join(actor).join(format!("{}.yaml", position.id)), self.position_yaml(position))?;
        }
        Ok(())
    }

    fn position_yaml(&self, p: &Position) -> String {
        let mut y = String::from("# yaml-language-server: $schema=../../../schema/position.schema.json\n");
        let id = if p.written == Some(Code::IdMismatch) { format!("{}-x", p.id) } else { p.id.clone() };
        let _ = writeln!(y, "id: {id}\nactor: {}", self.actors[p.actor].id);
        if let Some(organ) = &p.organ {
            let _ = writeln!(y, "organ: {organ}");
        }
        if let Some(speaker) = &p.speaker {
            let _ = writeln!(y, "speaker: {speaker}");
        }
        let _ = writeln!(y, "theme: {}\nstance: {}\nstated_on: \"{}\"", p.theme, p.stance, p.stated_on);
        if let Some(until) = &p.valid_until {
            let _ = writeln!(y, "valid_until: '{until}'");
        }
        if let Some(older) = &p.supersedes {
            let _ = writeln!(y, "supersedes: {older}");
        }
        let _ = writeln!(y, "summary: {}", scalar(&p.summary));
        if p.written == Some(Code::DuplicateKey) {
            let _ = writeln!(y, "summary: {}", scalar(&p.summary));
        }
        if p.written == Some(Code::UnknownKey) {
            let _ = writeln!(y, "stance_on: \"{}\"", p.stated_on);
        }
        let _ = writeln!(y, "confidence: {}\ncoder: synth", p.confidence);
        if let Some(note) = &p.note {
            let _ = writeln!(y, "note: >-\n  {note}");
        }
        y.push_str("evidence:\n");
        for c in &p.evidence {
            let _ = writeln!(y, "  - source: {}\n    quote: {}\n    locator: {}", self.sources[c.source].id, scalar(&c.quote), c.locator);
            let _ = writeln!(y, "    attribution: {}", c.attribution);
            if let Some(speaker) = &c.speaker {
                let _ = writeln!(y, "    speaker: {speaker}");
            }
            if let Some(forum) = &c.forum {
                let _ = writeln!(y, "    forum: {}", scalar(forum));
            }
        }
        y
    }

    fn describe(&self, out: &Path) -> String {
        let citations: usize = self.positions.iter().map(|p| p.evidence.len()).sum();
        let archive: usize = self.sources.iter().map(|s| s.archive.len()).sum();
        let mut text = format!(
            "wrote {}/data: {} positions ({citations} citations), {} actors, {} themes, {} sources; {}/archive: {:.1} MB",
            out.display(),
            self.positions.len(),
            self.actors.len(),
            self.themes.len(),
            self.sources.len(),
            out.display(),
            archive as f64 / 1e6
        );
        if !self.seeded.is_empty() {
            let per_kind = self.seeded.len() / SEEDED_KINDS.len();
            let codes: Vec<String> = SEEDED_KINDS.iter().map(|c| format!("{c} {}", c.name())).collect();
            let _ = write!(text, "\nseeded {per_kind} error(s) of each kind: {}", codes.join(", "));
        }
        text
    }
}

/// The calendar day a partial date starts (or ends) on, in generated days.
fn day_of(date: &PartialDate, end: bool) -> usize {
    let year = (date.year - FIRST_YEAR) as usize * DAYS_PER_YEAR;
    let month = date.month.map(|m| usize::from(m) - 1).unwrap_or(if end { 11 } else { 0 }) * 28;
    year + month + date.day.map(|d| usize::from(d) - 1).unwrap_or(if end { 27 } else { 0 })
}

/// A YAML scalar for text: plain where that is safe, otherwise single- or double-quoted.
fn scalar(text: &str) -> String {
    let plain = text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_alphanumeric() || " ,.()-".contains(c))
        && !text.ends_with(['.', '-'])
        && text.contains(' ');
    if plain {
        text.to_string()
    } else if !text.contains('\'') {
        format!("'{text}'")
    } else {
        serde_json::to_string(text).expect("a string serialises")
    }
}

fn actor_yaml(actor: &Actor) -> String {
    let mut y = format!(
        "# yaml-language-server: $schema=../../schema/actor.schema.json\nid: {}\nname: {}\nkind: {}\naliases: [the {} government]\n",
        actor.id, actor.name, actor.kind, actor.name
    );
    if !actor.organs.is_empty() {
        y.push_str("organs:\n");
        for organ in &actor.organs {
            let _ = writeln!(y, "  - id: {organ}\n    name: {}", capitalized(&organ.replace('-', " ")));
        }
    }
    if !actor.speakers.is_empty() {
        y.push_str("speakers:\n");
        for (id, organ) in &actor.speakers {
            let _ = writeln!(y, "  - id: {id}\n    name: Speaker {}", &id[8..]);
            if let Some(organ) = organ {
                let _ = writeln!(y, "    organ: {organ}");
            }
        }
    }
    y
}

fn theme_yaml(theme: &Theme) -> String {
    let mut y = format!(
        "# yaml-language-server: $schema=../../schema/theme.schema.json\nid: {}\nlabel: {}\n\
         proposition: States should accept shared rules on {}.\ndescription: >-\n  Positions on {} in international fora.\nscale:\n",
        theme.id,
        theme.label,
        theme.label.to_lowercase(),
        theme.label.to_lowercase()
    );
    for stance in &theme.stances {
        let _ = writeln!(y, "  {stance}: {{meaning: The actor {} the proposition.}}", stance.replace('_', " "));
    }
    y
}

fn source_yaml(source: &Source, file: &str) -> String {
    let sha = Sha256::digest(source.archive.as_bytes()).iter().fold(String::new(), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    });
    format!(
        "# yaml-language-server: $schema=../../schema/source.schema.json\nid: {}\ntitle: {}\nauthors: [A. Author, B. Author]\n\
         publisher: Synthetic Institute\npublished: \"{}\"\nurl: https://example.org/{}\nkind: {}\nlanguage: en\n\
         archive:\n  file: {file}\n  sha256: {sha}\n",
        source.id,
        scalar(&source.title),
        source.published,
        source.id,
        source.kind
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use polpos::validate::{Options, validate};

    fn validate_generated(positions: usize, errors: usize) -> (Dataset, polpos::validate::Validation) {
        let dataset = generate(positions, errors, 7).unwrap();
        let dir = tempfile::tempdir().unwrap();
        dataset.write(dir.path()).unwrap();
        let options =
            Options { archive: Some(dir.path().join("archive")), today: PartialDate::parse("2026-11-24").unwrap(), ..Options::default() };
        let validation = validate(&dir.path().join("data"), &options).unwrap();
        (dataset, validation)
    }

    #[test]
    fn a_generated_dataset_is_valid() {
        let (_, validation) = validate_generated(600, 0);
        let found: Vec<String> = validation.diagnostics.iter().map(|d| format!("{} {}: {}", d.code, d.file.display(), d.message)).collect();
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn every_seeded_error_is_reported_once() {
        let (dataset, validation) = validate_generated(600, 3);
        let mut found: Vec<Code> = validation.diagnostics.iter().map(|d| d.code).collect();
        let mut seeded = dataset.seeded.clone();
        found.sort();
        seeded.sort();
        let listed: Vec<String> =
            validation.diagnostics.iter().map(|d| format!("{} {}: {}", d.code, d.file.display(), d.message)).collect();
        assert_eq!(found, seeded, "{listed:#?}");
    }

    #[test]
    fn the_same_seed_writes_the_same_dataset() {
        let texts = |seed| {
            let dataset = generate(200, 1, seed).unwrap();
            dataset.positions.iter().map(|p| dataset.position_yaml(p)).collect::<Vec<_>>()
        };
        assert_eq!(texts(3), texts(3));
        assert_ne!(texts(3), texts(4));
    }
}
