//! The one diagnostic type behind every output format, and the catalogue of check codes.
//!
//! Checks never print: they return [`Diagnostic`]s. Renderers in `report/` only render them.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::document::Location;

/// How serious a finding is. Errors fail validation; warnings fail it under `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, strum::Display)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

/// The family a check belongs to; each family is one module under `checks/` (or the loader/schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::Display)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Family {
    Syntax,
    Schema,
    Identity,
    References,
    Citations,
    Time,
    Consistency,
    Reliability,
}

macro_rules! codes {
    (
        $( $variant:ident = $code:literal, $name:literal, $family:ident, $severity:ident, $summary:literal, $explanation:literal; )*
        $( $removed_code:literal, $removed_name:literal, $removed_family:ident, removed in $version:literal, replaced by [$( $replacement:ident ),*], $removed_summary:literal, $reason:literal; )*
    ) => {
        /// Every finding polpos can report. Codes are stable: never renumber or reuse one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable code, e.g. `P012`.
            pub fn as_str(self) -> &'static str { match self { $( Code::$variant => $code, )* } }
            /// A kebab-case name that says what the check is about.
            pub fn name(self) -> &'static str { match self { $( Code::$variant => $name, )* } }
            pub fn family(self) -> Family { match self { $( Code::$variant => Family::$family, )* } }
            pub fn severity(self) -> Severity { match self { $( Code::$variant => Severity::$severity, )* } }
            /// One line: what the check finds.
            pub fn summary(self) -> &'static str { match self { $( Code::$variant => $summary, )* } }
            /// Why it matters and how to fix it.
            pub fn explanation(self) -> &'static str { match self { $( Code::$variant => $explanation, )* } }
        }

        impl RemovedCode {
            /// Every retired code, in numeric order.
            pub const ALL: &'static [RemovedCode] = &[ $(
                RemovedCode {
                    id: $removed_code,
                    name: $removed_name,
                    family: Family::$removed_family,
                    removed_in: $version,
                    replaced_by: &[ $( Code::$replacement ),* ],
                    summary: $removed_summary,
                    reason: $reason,
                },
            )* ];
        }
    };
}

codes! {
    YamlSyntax = "P001", "yaml-syntax", Syntax, Error,
        "The file is not valid YAML.",
        "The YAML parser could not read the file. The message gives the line and column where it gave up; the cause is often just before it (a missing quote, a tab used for indentation, a bad indent). Records are plain YAML 1.2 mappings.";
    DuplicateKey = "P002", "duplicate-key", Syntax, Error,
        "A mapping has the same key twice.",
        "YAML parsers disagree on which of two equal keys wins, so a duplicate silently loses data. Every duplicate is reported with both places; keep one.";
    AnchorOrAlias = "P003", "anchor-or-alias", Syntax, Error,
        "The file uses a YAML anchor, alias, merge key or tag.",
        "Anchors and aliases (`&a`, `*a`, `<<: *a`) make a record depend on text elsewhere and allow exponential 'billion laughs' expansion. Tags other than `!!str` change how values are read. Write every value out in full.";
    NotUtf8 = "P004", "not-utf8", Syntax, Error,
        "The file is not valid UTF-8 or contains a NUL byte.",
        "Records are UTF-8 text. Re-save the file as UTF-8 (without NUL bytes); the message gives the line and column of the first bad byte.";
    FileTooLarge = "P005", "file-too-large", Syntax, Error,
        "A file or the dataset exceeds a size limit.",
        "One record is a few kilobytes. The limits (1 MiB per file, 64 levels of nesting, 200,000 files and 512 MiB in all by default) protect CI from runaway input. Each limit is the most allowed: a file of exactly --max-file-size bytes is read, and so is a dataset of exactly --max-files entries or --max-total-size bytes; a file refused as too large does not count towards the total. Raise them with --max-file-size, --max-depth, --max-files or --max-total-size if a real record needs more.";
    UnreadableFile = "P006", "unreadable-file", Syntax, Error,
        "A file could not be read, or is not a regular file.",
        "polpos reads regular files only: FIFOs, devices and sockets are refused (a FIFO would hang the validator), and so are files it has no permission to read and symbolic links that are broken, loop, or point outside the data directory.";
    StrayFile = "P007", "stray-file", Syntax, Error,
        "A file or folder in the data directory is not a record.",
        "The data directory holds only dataset.yaml, actors/<id>.yaml, themes/<id>.yaml, sources/<id>.yaml, positions/<actor>/<id>.yaml and the optional reliability/<coder>.yaml. Anything else (notes, a .yml file, a record in the wrong folder) is refused so that nothing is silently ignored. Move or rename it.";
    MissingManifest = "P008", "missing-manifest", Syntax, Error,
        "data/dataset.yaml is missing.",
        "Every dataset has a manifest, dataset.yaml, with its name, version, licence and codebook version. Create it (see schema/dataset.schema.json).";
    MultipleDocuments = "P009", "multiple-documents", Syntax, Error,
        "A file holds more than one YAML document, or none.",
        "One record per file keeps pull requests small. Remove the `---` separator and move the second record to its own file, or fill in the empty file.";
    UnknownKey = "P010", "unknown-key", Schema, Error,
        "A record has a key its schema does not define.",
        "Records are closed: an unknown key is usually a typo (`stance_on` for `stated_on`) and would otherwise be silently ignored. The message lists the keys that are allowed.";
    MissingField = "P011", "missing-field", Schema, Error,
        "A required field is missing.",
        "The schema of this record kind requires the field. See `schema/<kind>.schema.json` for its description.";
    WrongType = "P012", "wrong-type", Schema, Error,
        "A value has the wrong type.",
        "For example a list where text belongs, or a number where text belongs. Dates and years must be quoted text in YAML (`stated_on: \"2017\"`), because an unquoted 2017 is a number.";
    InvalidValue = "P013", "invalid-value", Schema, Error,
        "A value is not allowed by the schema.",
        "The value breaks a rule of the schema: not one of the allowed values, not matching the required pattern (ids are lower-case ASCII letters, digits and hyphens), an impossible date such as 2017-02-30, too short or too long.";
    DuplicateId = "P020", "duplicate-id", Identity, Error,
        "Two records of one kind have the same id, or ids that differ only by letter case.",
        "Ids are the keys every reference and export uses, so they must be unique. Ids that differ only by case would also collide as file names on case-insensitive file systems (macOS, Windows). Rename one.";
    IdMismatch = "P021", "id-file-mismatch", Identity, Error,
        "A record's id is not its file name.",
        "The file of a record is named after its id (`positions/cn/cn-cyber-sovereignty-1.yaml` holds `id: cn-cyber-sovereignty-1`; `reliability/polpos-second.yaml` holds `coder: polpos-second`) so that a reader can find any record by its id. Rename the file or fix the id.";
    WrongActorFolder = "P022", "wrong-actor-folder", Identity, Error,
        "A position is filed under another actor's folder.",
        "Positions live in `positions/<actor>/`. Move the file to the folder of the actor it names, or fix its `actor`.";
    UnknownActor = "P030", "unknown-actor", References, Error,
        "A position, a reliability unit or a source's `issuers` names an actor that does not exist.",
        "Every `actor` (of a position or of a unit in `reliability/`), and every actor a source lists in `issuers`, must be the id of a file in `actors/`. Check the spelling, or add the actor record.";
    UnknownTheme = "P031", "unknown-theme", References, Error,
        "A record names a theme that does not exist.",
        "Every `theme` (and `deprecated_by`, `exclude[].see`) must be the id of a file in `themes/`. Check the spelling, or add the theme to the codebook.";
    UnknownSource = "P032", "unknown-source", References, Error,
        "A citation or reliability coding names a source that does not exist.",
        "Every `evidence[].source` of a position, and every `sources` entry and `units[].source` of a reliability coding, must be the id of a file in `sources/`. Check the spelling, or add the source record.";
    UnknownOrgan = "P033", "unknown-organ", References, Error,
        "A record names an organ or speaker its actor does not define.",
        "`organ` and `speaker` (on a position, a citation or an actor's speaker) must be ids listed in the actor record's `organs` or `speakers`. Add them there, or fix the spelling.";
    UnknownPosition = "P034", "unknown-position", References, Error,
        "`supersedes` names a position that does not exist.",
        "`supersedes` must be the id of another position. Check the spelling.";
    UnknownCheck = "P035", "unknown-check", References, Error,
        "An `allow` entry names a check code that does not exist.",
        "`allow: [{check: P084, reason: ...}]` silences one check on one record. Run `polpos checks` for the list of codes.";
    NoEvidence = "P040", "no-evidence", Citations, Error,
        "A position cites no evidence.",
        "Every position rests on at least one citation with a verbatim quote. Add `evidence: [{source, quote, attribution}]`.";
    EmptyQuote = "P041", "empty-quote", Citations, Error,
        "A citation's quote is empty.",
        "Quote the shortest passage of the source that supports the coding.";
    QuoteTooLong = "P042", "quote-too-long", Citations, Error,
        "A quote is longer than the limit.",
        "The dataset holds short quotes, never copies of articles. Cut the quote to the passage that carries the coding, using … to mark an elision. The limit (400 characters by default, counted as Unicode characters) is set with --max-quote-length; a quote of exactly the limit is allowed, one character more is too long.";
    DuplicateCitation = "P043", "duplicate-citation", Citations, Error,
        "A position cites the same passage of the same source twice.",
        "Remove the repeated citation.";
    QuoteNotFound = "P044", "quote-not-found", Citations, Error,
        "A quote does not occur in the archived text of its source.",
        "Quotes are verbatim. Matching ignores Unicode normalisation form, runs of whitespace, typographic quotes and dashes; `…` or `[...]` marks an elision, and the fragments must occur in order. Only the document's own text counts: lines before the source's `archive.text_from_line` (a metadata block) are not searched, and with `archive.markup: markdown` the transcription's `**`, `#` and `>` markers are removed first, so quotes never carry them. The message shows the closest passage of the source: copy it exactly, keeping the source's own errors (note them in `note`).";
    QuoteInOtherSource = "P045", "quote-in-other-source", Citations, Error,
        "A quote is not in the cited source but in another one.",
        "The citation names the wrong source. Change `source` to the one the message names.";
    ArchiveHashMismatch = "P046", "archive-hash-mismatch", Citations, Error,
        "An archived text's SHA-256 does not match its source record.",
        "The archived file changed since the source was recorded, so its quotes may no longer be what was coded. Check the quotes, then update `archive.sha256`.";
    ArchiveMissing = "P047", "archive-missing", Citations, Error,
        "A source's archived text is missing, cannot be read, or has no line `text_from_line`.",
        "With --archive DIR, every `archive.file` must name a readable regular file inside DIR (folders separated by `/`, as in `primary/statement.txt`), and `archive.text_from_line`, when given, a line of that file. Check the file name and the line; an archive path can never leave DIR.";
    QuotesNotVerified = "P048", "quotes-not-verified", Citations, Note,
        "Quotes were not checked against the archive.",
        "Without --archive DIR, polpos runs every other check but cannot verify that quotes occur in their sources; a source without an `archive` record cannot be verified either. Run `polpos validate --archive DIR` to verify them.";
    FutureDate = "P050", "future-date", Time, Error,
        "A date lies in the future.",
        "Positions record what was said, so no date can be later than today. A date equal to today is allowed; a partial date is in the future only when all of it is: on 2026-11-24, `2026-11` and `2026` are allowed, `2026-12` and `2027` are not.";
    StatedAfterSource = "P051", "stated-after-source", Time, Error,
        "A statement is dated after the source that reports it was published.",
        "A source cannot report a statement made after its own publication. A statement dated on the day the source was published is not after it: sources report the day's events. Partial dates compare by what they can mean: a statement is after its source only when all of its date lies after all of the publication date, so stated_on 2017 (or 2017-03) is compatible with a source of 2017-03-08, and 2017-03-08 with a source of 2017-03; 2017-03-09 is not compatible with a source of 2017-03-08, nor 2017-04 with one of 2017-03. Fix `stated_on` or the source's `published`.";
    ValidUntilBeforeStated = "P052", "valid-until-before-stated", Time, Error,
        "`valid_until` is before `stated_on`.",
        "A position cannot stop holding before it was stated. `valid_until` equal to `stated_on` (a position that held for that day, month or year) is allowed; it is before only when all of it lies before all of `stated_on` (2019-04 is before 2019-05-09; 2019 and 2019-05 are not). Fix one of the dates.";
    SupersessionBackwards = "P053", "supersession-backwards", Time, Error,
        "A position supersedes one that is not older than it.",
        "`supersedes` points to an earlier position. A position may supersede one of the same date (a restatement or correction made the same day, month or year); the link runs backwards only when all of the newer date lies before all of the older one (2017-02 before 2017-03-05; not 2017-03 or 2017). If the superseded one is later, swap the link.";
    SupersessionAcross = "P054", "supersession-across", Time, Error,
        "A position supersedes a position of another actor or theme.",
        "Supersession links restatements of one actor on one theme. A change of theme is a new position, not a supersession.";
    SupersessionCycle = "P055", "supersession-cycle", Time, Error,
        "Supersession links form a cycle.",
        "Following `supersedes` from a position leads back to it, so no position is current. Break the cycle.";
    Contradiction = "P060", "contradiction", Consistency, Error,
        "One actor holds two different stances on one theme at the same time.",
        "Two live positions of one actor on one theme whose time ranges overlap, with different stances and no supersession between them, contradict each other. A position surely holds from the last day its `stated_on` may mean to the first day its `valid_until`, or its successor's `stated_on`, may mean (`\"2018\"` holds from 31 December 2018), so ranges that only touch do not overlap: a position stated on the day another ended does not contradict it, and one that ends before it surely began contradicts nothing. A chain that supersedes a position that could not be read is not judged, since what that position replaced is unknown. Link them with `supersedes`, end the earlier one with `valid_until`, or record the disagreement as `mixed`.";
    StanceNotInScale = "P061", "stance-not-in-scale", Consistency, Error,
        "A stance is not defined by its theme's scale.",
        "Each theme's `scale` says what each stance value means for it. A stance the scale leaves out has no meaning there: define it in the theme, or choose another stance.";
    CharacterizedHighConfidence = "P062", "characterized-high-confidence", Consistency, Error,
        "A position resting only on characterized evidence has high confidence.",
        "When every citation is an analyst's characterization, the position is an inference. Lower `confidence` to medium or low, or add `direct` or `reported` evidence.";
    DeprecatedTheme = "P063", "deprecated-theme", Consistency, Warning,
        "A position uses a deprecated theme.",
        "The theme was replaced (`deprecated_by`). Recode the position on the replacement theme.";
    OrphanActor = "P064", "orphan-actor", Consistency, Warning,
        "No position names this actor.",
        "An actor with no position adds an empty row to every comparison. Code its positions, or remove it.";
    OrphanTheme = "P065", "orphan-theme", Consistency, Warning,
        "No position uses this theme.",
        "A codebook theme that nothing is coded on. Keep it with an `allow` and a reason if the codebook needs it (the matrix shows it as uncoded), or remove it.";
    OrphanSource = "P066", "orphan-source", Consistency, Warning,
        "No citation names this source.",
        "A source nothing cites. Cite it, or remove it.";
    SupersededTwice = "P067", "superseded-twice", Consistency, Error,
        "Two positions supersede the same position.",
        "A position is replaced by at most one later position; two replacements make the current stance ambiguous. Chain them: the later one supersedes the earlier replacement.";
    DirectNotIssuer = "P068", "direct-not-issuer", Consistency, Error,
        "A `direct` citation of an issued text is on a position of an actor that did not issue it.",
        "A source's `issuers` are the actors whose own words the text is. Quoting it as `direct` evidence of another actor's position puts words in that actor's mouth. If the text reports what the other actor said or did, the attribution is `reported`; if the position belongs to an issuer, fix its `actor`.";
    JointStatementOneIssuer = "P069", "joint-statement-one-issuer", Consistency, Warning,
        "A joint statement is coded as the direct statement of some of its issuers only.",
        "A text with two or more `issuers` is a joint statement: a direct statement of each issuer. When it is cited `direct` for one issuer's position on a theme, each other issuer needs a position on that theme citing it `direct` too, usually the same passage. Where the passage states only one issuer's own commitment, keep the position as it is and add `allow: [{check: P069, reason: ...}]` saying so.";
    DuplicateUnit = "P080", "duplicate-unit", Reliability, Error,
        "A reliability coding codes one actor × theme × source twice.",
        "A coder's file (reliability/<coder>.yaml) gives each unit, one actor's position on one theme in one source, at most one stance; `polpos agreement` compares that one value with the other coders'. Two entries for one unit leave it unclear which one the coder meant. Keep one; if the source holds passages pointing both ways, code `mixed` and say why in `note`.";
    UnitSourceNotListed = "P081", "unit-source-not-listed", Reliability, Error,
        "A reliability unit's source is not in its file's `sources` list.",
        "`sources` lists the sources the coder coded in full, and `polpos agreement` compares coders only on sources every one of them lists: a unit outside that list would be compared with coders who never read its source. Add the source to `sources` if the coder coded all of it, or remove the unit.";

    // Retired checks. A check is retired by moving its entry here, after every check in use, as
    //     "P0xx", "its-name", Family, removed in "0.x.y", replaced by [Code, ...], "what it found", "why it was removed";
    // It then can never be emitted again, and its id and name are never given to another check.
}

impl Code {
    /// Looks a code up by its stable id (`P012`, case-insensitive) or its name (`wrong-type`).
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|code| names(text, code.as_str(), code.name()))
    }
}

/// Whether `text` is a code's id (in any letter case) or its name.
fn names(text: &str, id: &str, name: &str) -> bool {
    id.eq_ignore_ascii_case(text) || name == text
}

/// A check that polpos no longer has. It is never reported, and its id and name are never
/// given to another check, so that old `allow` entries and old reports keep their meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RemovedCode {
    pub id: &'static str,
    pub name: &'static str,
    pub family: Family,
    /// The version of polpos that stopped reporting it.
    pub removed_in: &'static str,
    /// The checks that report what it found, if any do.
    pub replaced_by: &'static [Code],
    /// One line: what the check found.
    pub summary: &'static str,
    /// Why it was removed.
    pub reason: &'static str,
}

/// Every code polpos has ever had: the checks in use and the retired ones.
#[derive(Debug, Clone, Copy)]
pub struct Catalogue {
    pub active: &'static [Code],
    pub removed: &'static [RemovedCode],
}

/// A code as the catalogue knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KnownCode {
    Active(Code),
    Removed(&'static RemovedCode),
}

impl Catalogue {
    /// The codes of this version of polpos.
    pub const SHIPPED: Catalogue = Catalogue { active: Code::ALL, removed: RemovedCode::ALL };

    /// Looks a code up by its stable id (case-insensitive) or its name, in use or retired.
    pub fn lookup(&self, text: &str) -> Option<KnownCode> {
        let active = self.active.iter().copied().find(|code| names(text, code.as_str(), code.name())).map(KnownCode::Active);
        active.or_else(|| self.removed.iter().find(|code| names(text, code.id, code.name)).map(KnownCode::Removed))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Where a finding stands: a file, and the place in it when one is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    pub file: &'a Path,
    pub location: Option<Location>,
}

impl<'a> Place<'a> {
    pub fn new(file: &'a Path, location: Option<Location>) -> Place<'a> {
        Place { file, location }
    }

    /// A finding of `code` here.
    pub fn diagnostic(self, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, self.file, self.location, message)
    }
}

/// Another place that explains a finding, such as the first of two duplicate keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub file: PathBuf,
    pub location: Option<Location>,
    pub message: String,
}

/// Whether an edit can change what a record means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, strum::Display)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Safety {
    /// Cannot change what the record means; `polpos fix` applies it.
    Safe,
    /// Needs a person's eye; applied only with `polpos fix --unsafe-fixes`.
    Unsafe,
}

/// An edit of the finding's file that resolves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub safety: Safety,
    /// What the edit does, in a few words.
    pub title: String,
    #[serde(skip)]
    pub edits: Vec<crate::edit::TextEdit>,
}

/// One finding. Every output format renders exactly this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// Path relative to the directory that was validated (or the archive, for archive files).
    pub file: PathBuf,
    pub location: Option<Location>,
    pub message: String,
    /// What to do about it, when that is more than the message says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// The reason given in the record's `allow` entry, when the finding is suppressed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<String>,
    /// An edit that resolves it, when one is known (`polpos fix`, the language server).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(code: Code, file: impl Into<PathBuf>, location: Option<Location>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            file: file.into(),
            location,
            message: message.into(),
            help: None,
            related: Vec::new(),
            suppressed: None,
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, file: impl Into<PathBuf>, location: Option<Location>, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related { file: file.into(), location, message: message.into() });
        self
    }

    /// Suppressed findings are still reported, but never fail validation.
    pub fn counts(&self) -> bool {
        self.suppressed.is_none()
    }

    /// The order every report uses: by file, then place, then code, then message.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (&self.file, self.location.map(|l| (l.line, l.column)), self.code, &self.message)
    }
}

/// Counts of findings that count (suppressed ones are tallied apart).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub suppressed: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic]) -> Summary {
        let mut summary = Summary::default();
        for diagnostic in diagnostics {
            if !diagnostic.counts() {
                summary.suppressed += 1;
                continue;
            }
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Note => summary.notes += 1,
            }
        }
        summary
    }
}

/// Sorts diagnostics into the one deterministic order every report uses, dropping exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

/// A catalogue with one retired check, for the tests of what retiring a check does: the shipped
/// table has retired none yet.
#[cfg(test)]
pub(crate) const WITH_A_RETIRED_CHECK: Catalogue = Catalogue {
    active: Code::ALL,
    removed: &[RemovedCode {
        id: "P070",
        name: "stance-drift",
        family: Family::Consistency,
        removed_in: "0.2.0",
        replaced_by: &[Code::Contradiction, Code::SupersededTwice],
        summary: "An actor's stance on a theme changes without a supersession link.",
        reason: "Contradiction and superseded-twice report the same records more precisely.",
    }],
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The ids (in upper case) and names that a catalogue gives to more than one code, in use or
    /// retired.
    fn given_twice(catalogue: &Catalogue) -> Vec<String> {
        let active = catalogue.active.iter().map(|code| (code.as_str(), code.name()));
        let removed = catalogue.removed.iter().map(|code| (code.id, code.name));
        let mut seen = BTreeSet::new();
        active
            .chain(removed)
            .flat_map(|(id, name)| [id.to_ascii_uppercase(), name.to_string()])
            .filter(|key| !seen.insert(key.clone()))
            .collect()
    }

    /// Every id polpos has given, with its name and family, and whether it was retired: a code
    /// renumbered, renamed, reused or dropped from the table changes this snapshot.
    #[test]
    fn no_code_is_ever_renumbered_or_reused() {
        assert_eq!(given_twice(&Catalogue::SHIPPED), Vec::<String>::new());
        assert!(Code::ALL.windows(2).all(|pair| pair[0].as_str() < pair[1].as_str()), "the table lists codes in numeric order");
        let active = Code::ALL.iter().map(|code| format!("{code} {} ({})", code.name(), code.family()));
        let removed =
            RemovedCode::ALL.iter().map(|code| format!("{} {} ({}, removed in {})", code.id, code.name, code.family, code.removed_in));
        let every_code = active.chain(removed).collect::<Vec<_>>().join("\n");
        insta::assert_snapshot!("codes", every_code);
    }

    #[test]
    fn a_retired_code_is_known_and_its_id_and_name_stay_taken() {
        let retired = &WITH_A_RETIRED_CHECK.removed[0];
        assert_eq!(WITH_A_RETIRED_CHECK.lookup("p070"), Some(KnownCode::Removed(retired)));
        assert_eq!(WITH_A_RETIRED_CHECK.lookup("stance-drift"), Some(KnownCode::Removed(retired)));
        assert_eq!(WITH_A_RETIRED_CHECK.lookup("P060"), Some(KnownCode::Active(Code::Contradiction)));
        assert_eq!(WITH_A_RETIRED_CHECK.lookup("P079"), None);
        assert_eq!(given_twice(&WITH_A_RETIRED_CHECK), Vec::<String>::new());
        const REUSING: Catalogue =
            Catalogue { active: Code::ALL, removed: &[RemovedCode { id: "p060", name: "wrong-type", ..WITH_A_RETIRED_CHECK.removed[0] }] };
        assert_eq!(given_twice(&REUSING), ["P060", "wrong-type"]);
    }
}
