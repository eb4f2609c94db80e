//! The command line: clap types only. `app` carries them out.

use crate::docs::checks::ChecksFormat;
use crate::report::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Exit codes: 0 no errors; 1 the dataset has errors (or warnings with --deny-warnings);
2 polpos could not run (bad arguments, missing directory, unreadable archive).

Examples:
  polpos validate                              check ./data
  polpos validate --archive ../shared/sources  also verify every quote against its source
  polpos validate --format github              annotations for a GitHub Actions job
  polpos explain P044                          what a finding means and how to fix it
  polpos new position --actor cn --theme cyber-sovereignty";

#[derive(Debug, Parser)]
#[command(name = "polpos", version, about = "Validate and explore a dataset of stated internet-governance positions", after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Read the settings from FILE instead of the nearest polpos.toml at or above the current directory.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Read no polpos.toml: only the flags and the built-in defaults count.
    #[arg(long, global = true, conflicts_with = "config")]
    pub isolated: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every record: syntax, schema, identity, references, citations, time, consistency.
    #[command(after_help = "Every finding has a stable code; `polpos explain CODE` says what it means.\n\
Without --archive, quotes are not verified against their sources (a note says so).\n\
Exit codes: 0 no errors; 1 errors (or warnings with --deny-warnings); 2 could not run.")]
    Validate(ValidateArgs),
    /// List every check code with its severity and what it finds.
    Checks {
        /// `text` for the terminal, `markdown` for docs/checks.md, `json` for tools.
        #[arg(long, value_enum, default_value_t = ChecksFormat::Text)]
        format: ChecksFormat,
    },
    /// Explain one check code (e.g. P044 or quote-not-found): why it matters and how to fix it.
    Explain {
        /// The code (P044) or its name (quote-not-found).
        code: String,
    },
    /// Write a skeleton record to fill in, correctly named and placed.
    New {
        #[command(subcommand)]
        record: NewRecord,
    },
    /// Write every record in one canonical layout: its schema's key order, comments kept.
    #[command(after_help = "A file that does not parse is left as it is and named with its line and column.\n\
docs/fmt.md describes the layout.\n\
Exit codes: 0 done (or, with --check/--diff, nothing to change); 1 a file would change or cannot be formatted.\n\n\
Examples:\n  polpos fmt\n  polpos fmt --check\n  polpos fmt data/positions/cn --diff")]
    Fmt {
        /// Record files or folders [default: polpos.toml's `data`, or `data`].
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        change: ChangeArgs,
    },
    /// Apply the edits findings carry: the safe ones, and the unsafe ones with --unsafe-fixes.
    #[command(after_help = "Safe fixes cannot change what a record means (the $schema line, a date's form, an id's\n\
letter case); unsafe ones need a person's eye (a misspelt key, a quote replaced by its source's\n\
closest passage). `polpos explain CODE` says which fix a code has; docs/fix.md lists them.\n\
Exit codes: 0 no errors left; 1 errors left (or, with --diff, something would change); 2 could not run.\n\n\
Examples:\n  polpos fix\n  polpos fix --diff\n  polpos fix --unsafe-fixes --archive ../shared/sources")]
    Fix {
        /// Apply the unsafe fixes too.
        #[arg(long)]
        unsafe_fixes: bool,
        /// Write nothing; print a unified diff of every change, and exit 1 if there is any.
        #[arg(long)]
        diff: bool,
        /// Directory of the sources' archived texts, for the quote fix [default: polpos.toml's `archive`].
        #[arg(long, value_name = "DIR")]
        archive: Option<PathBuf>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Run the language server (over standard input and output) for editors.
    #[command(after_help = "It reads the polpos.toml of the editor's workspace (or --config) and reports the same findings\n\
as `polpos validate`. README.md (\"In your editor\") shows how to set up VS Code, Neovim and Helix.")]
    Lsp,
    /// Render the codebook (themes, propositions and scales) as Markdown, e.g. docs/codebook.md.
    Codebook {
        #[command(flatten)]
        data: DataArgs,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Show the actor × theme matrix of current stances, with each actor's coverage.
    #[command(after_help = "Examples:\n  polpos matrix\n  polpos matrix --actor us,eu --theme data-localization,global-internet\n  \
polpos matrix --as-of 2018-01-01 --format csv")]
    Matrix {
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        view: ViewArgs,
        /// Show only these actors (ids), in the dataset's order.
        #[arg(long, value_name = "ID,...", value_delimiter = ',')]
        actor: Vec<String>,
    },
    /// Compare two actors theme by theme: both stances, what they rest on, and their distance.
    #[command(after_help = "Examples:\n  polpos compare cn us\n  polpos compare us eu --as-of 2021-12-31 --format json")]
    Compare {
        /// The first actor's id.
        a: String,
        /// The second actor's id.
        b: String,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        view: ViewArgs,
    },
    /// Count what the dataset holds: positions per actor (and how many rest on the actor's own
    /// words), per theme, attribution, source and year, and the matrix's coverage.
    #[command(after_help = "Example:\n  polpos stats\n  polpos stats --format json")]
    Stats {
        #[command(flatten)]
        data: DataArgs,
        /// `text` for people, `json` for tools.
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// Measure inter-coder reliability: Krippendorff's alpha of the coders, overall and per theme.
    #[command(after_help = "A unit is one actor × theme × source; each coder's value is the stance (-2..+2).\n\
Units only one coder coded are counted apart: alpha over the pairable values cannot see them.\n\
docs/agreement.md explains the figures.\n\
Exit codes: 0 measured (alpha may be n/a); 1 the dataset has errors; 2 nothing to compare\n\
(no reliability codings, fewer than two coders, an unknown coder).\n\n\
Examples:\n  polpos agreement\n  polpos agreement --level nominal --coders polpos-first,polpos-second --format json")]
    Agreement {
        #[command(flatten)]
        data: DataArgs,
        /// The level of measurement: how much two different stances differ.
        #[arg(long, value_enum, default_value_t = crate::views::agreement::Level::Ordinal)]
        level: crate::views::agreement::Level,
        /// Compare only these coders (two or more, by the names of their files); default: every coder.
        #[arg(long, value_name = "A,B", value_delimiter = ',')]
        coders: Vec<String>,
        /// `text` for people, `json` for tools.
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// Write a static HTML report: the heatmap, every cell linked to its positions and quotes.
    Report {
        #[command(flatten)]
        data: DataArgs,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Export the dataset as CSV tables, a Frictionless Data Package, or one JSON document.
    #[command(after_help = "Exports refuse a dataset with errors (exit 1). docs/export.md describes every table and column.")]
    Export {
        #[command(subcommand)]
        format: ExportFormat,
    },
    /// Compare two versions of the dataset: positions added, removed and changed, stance shifts, evidence.
    #[command(
        mut_arg("data", |arg| arg.index(1).value_name("OLD").help("The older data directory; with --git, the data directory to compare across revisions")),
        after_help = "Examples:\n  polpos diff old/data data          two directories\n  polpos diff --git HEAD             data/ at the last commit against the working tree\n  polpos diff --git HEAD~3..HEAD     two revisions\n  polpos diff --git v0.1.0           data/ at a release tag against the working tree"
    )]
    Diff {
        #[command(flatten)]
        data: DataArgs,
        /// The newer data directory.
        #[arg(index = 2, value_name = "NEW")]
        new: Option<PathBuf>,
        /// Compare git revisions of the data directory: REV..REV, or REV alone for REV against the working tree.
        #[arg(long, value_name = "REV[..REV]")]
        git: Option<String>,
        /// `text` for people, `json` for tools.
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
        /// Exit with 1 when there are changes, 0 when there are none (as `git diff --exit-code`).
        #[arg(long)]
        exit_code: bool,
    },
    /// Print a shell completion script, e.g. `polpos completions bash > /etc/bash_completion.d/polpos`.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `polpos man > polpos.1 && man ./polpos.1`.
    Man,
}

#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// One table as CSV (RFC 4180, UTF-8, CRLF line ends, one header row).
    Csv {
        /// The table to write.
        #[arg(long, value_enum)]
        table: crate::export::Table,
        /// Start with a UTF-8 byte-order mark, so that Excel reads the file as UTF-8.
        #[arg(long)]
        excel: bool,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// A Frictionless Data Package: OUT_DIR/datapackage.json and every table as CSV.
    Datapackage {
        /// The package directory: created, or replaced whole if it holds a previous package.
        #[arg(value_name = "OUT_DIR")]
        out_dir: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
    /// One Excel workbook (.xlsx): every table as a sheet, typed cells, frozen header, filters.
    #[command(after_help = "Example:\n  polpos export xlsx -o polpos.xlsx")]
    Xlsx {
        /// The workbook to write (atomically).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
    /// One SQLite database: every table with its primary and foreign keys (for Datasette, SQL).
    #[command(
        after_help = "Example:\n  polpos export sqlite -o polpos.db\n  sqlite3 polpos.db 'SELECT actor_id, count(*) FROM positions GROUP BY actor_id'"
    )]
    Sqlite {
        /// The database to write (atomically; an existing file is replaced).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
    /// The whole dataset as one versioned JSON document.
    Json {
        /// Write to FILE (atomically) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        data: DataArgs,
    },
}

/// How a command that rewrites records reports instead of writing.
#[derive(Debug, Clone, Copy, Args)]
pub struct ChangeArgs {
    /// Write nothing; name each file that would change, and exit 1 if any would.
    #[arg(long, conflicts_with = "diff")]
    pub check: bool,
    /// Write nothing; print a unified diff of every change, and exit 1 if there is any.
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
/// `text` for people, `json` for tools (diff, compare, agreement).
pub enum TextOrJson {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Colour even when NO_COLOR is set or standard output is not a terminal.
    Always,
    /// No colour.
    Never,
}

/// What the comparative views show, and how.
#[derive(Debug, Clone, Args)]
pub struct ViewArgs {
    /// Show only these themes (ids), in the dataset's order.
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub theme: Vec<String>,
    /// The stances held on DATE (YYYY-MM-DD): positions stated by then, not yet superseded or
    /// ended by then. A position stated with less precision (`2021`) counts from the first day
    /// its date allows. Default: today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// `text` for people, `csv` for spreadsheets, `json` for tools.
    #[arg(long, value_enum, default_value_t = ViewFormat::Text)]
    pub format: ViewFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ViewFormat {
    Text,
    Csv,
    Json,
}

/// The data directory every command reads.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// The dataset directory [default: polpos.toml's `data`, or `data`].
    #[arg(value_name = "DATA_DIR")]
    pub data: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunArgs,
}

/// How every command that validates the dataset runs.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Treat this date (YYYY-MM-DD) as today, for reproducible runs.
    #[arg(long, value_name = "DATE", env = "POLPOS_TODAY", hide_env = true)]
    pub today: Option<String>,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Resource limits, raised only when a real dataset needs more. Unset, a limit is the one in
/// polpos.toml's `[limits]`, or the built-in default (`crate::limits::Limits::default`).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Limits")]
pub struct LimitArgs {
    /// Largest record file, in bytes [default: 1048576].
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// Largest total size of all record files, in bytes [default: 536870912].
    #[arg(long, value_name = "BYTES")]
    pub max_total_size: Option<u64>,
    /// Most files and folders in the data directory [default: 200000].
    #[arg(long, value_name = "N")]
    pub max_files: Option<usize>,
    /// Deepest nesting of YAML lists and mappings [default: 64].
    #[arg(long, value_name = "N")]
    pub max_depth: Option<usize>,
    /// Longest quote, in characters [default: 400].
    #[arg(long, value_name = "CHARS")]
    pub max_quote_length: Option<usize>,
}

#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    /// The data directory (default `data`), or record files and folders inside one: the whole
    /// dataset is checked, and only the findings in these files (and those they take part in)
    /// are reported.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Report only on the record files changed since git revision REV (committed or not).
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// Directory of the sources' archived texts: verify every quote and each file's sha256
    /// [default: polpos.toml's `archive`].
    #[arg(long, value_name = "DIR")]
    pub archive: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) on warnings too [default: polpos.toml's `deny-warnings`].
    #[arg(long, overrides_with = "no_deny_warnings")]
    pub deny_warnings: bool,
    /// Do not fail on warnings, whatever polpos.toml says.
    #[arg(long, overrides_with = "deny_warnings")]
    pub no_deny_warnings: bool,
    /// Print only the findings: no closing summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Subcommand)]
pub enum NewRecord {
    /// A position of ACTOR on THEME, at positions/<actor>/<actor>-<theme>-<n>.yaml.
    Position {
        /// The actor's id (a file in actors/).
        #[arg(long)]
        actor: String,
        /// The theme's id (a file in themes/).
        #[arg(long)]
        theme: String,
        /// The dataset directory [default: polpos.toml's `data`, or `data`].
        #[arg(value_name = "DATA_DIR")]
        data: Option<PathBuf>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// The limit flags have no clap default (polpos.toml fills in first), so their help states
    /// the built-in defaults in words; this keeps the words in step with `Limits::default`.
    #[test]
    fn the_limit_flags_state_the_built_in_defaults() {
        let defaults = crate::limits::Limits::default();
        let help = Cli::command().find_subcommand_mut("validate").unwrap().render_long_help().to_string();
        for value in [defaults.max_file_size, defaults.max_total_size, defaults.max_files as u64, defaults.max_depth as u64] {
            assert!(help.contains(&format!("[default: {value}]")), "{value}");
        }
        assert!(help.contains(&format!("[default: {}]", defaults.max_quote_length)));
    }
}
