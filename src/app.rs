//! Carries out a parsed command line. Writes only to the writers it is given; the binary passes
//! standard output and standard error.

use crate::cli::{
    Cli, Color, Command, DataArgs, ExportFormat, LimitArgs, NewRecord, RunArgs, TextOrJson, ValidateArgs, ViewArgs, ViewFormat,
};
use crate::config::Config;
use crate::diagnostics::Catalogue;
use crate::error::Error;
use crate::limits::Limits;
use crate::model::{Dataset, PartialDate};
use crate::report::{self, Style};
use crate::validate::{self, Options};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Runs a command and returns the process exit code (0, 1 or 2).
pub fn run(cli: Cli, terminal: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match execute(cli, terminal, out, err) {
        Ok(code) => code,
        // A reader that stops early (`polpos export json | head`) is not a failure: end quietly.
        Err(error) if error.is_closed_stdout() => 0,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            error.exit_code()
        }
    }
}

fn execute(cli: Cli, terminal: bool, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let io = |source: std::io::Error| Error::Write { path: "<stdout>".into(), source };
    if let Command::Lsp = cli.command {
        let explicit = match (&cli.config, cli.isolated) {
            (Some(file), _) => Some(Config::read(file)?),
            (None, true) => Some(Config::default()),
            (None, false) => None,
        };
        let (connection, writer) = crate::lsp::transport::stdio().map_err(|source| Error::Write { path: "<stdout>".into(), source })?;
        let served = crate::lsp::serve(&connection, Path::new("."), explicit);
        drop(connection);
        let _ = writer.join();
        return served.map(|()| 0).map_err(|message| Error::Argument(format!("language server: {message}")));
    }
    let config = match (&cli.config, cli.isolated) {
        (Some(file), _) => Config::read(file)?,
        (None, true) => Config::default(),
        (None, false) => Config::discover(Path::new("."))?,
    };
    let config = &config;
    match cli.command {
        Command::Validate(args) => validate_command(args, config, terminal, out, err),
        Command::Checks { format } => {
            out.write_all(crate::docs::checks::listing(format).as_bytes()).map_err(io)?;
            Ok(0)
        }
        Command::Explain { code } => {
            let code = Catalogue::SHIPPED
                .lookup(&code)
                .ok_or_else(|| Error::Argument(format!("unknown check code `{code}`; run `polpos checks` for the list")))?;
            out.write_all(crate::docs::checks::explain(code).as_bytes()).map_err(io)?;
            if let crate::diagnostics::KnownCode::Active(code) = code {
                let fix = match crate::fix::available(code) {
                    Some((safety, what)) => format!("Fix ({safety}{}): {what}.", fix_flag(safety)),
                    None => "Fix: none; `polpos fix` leaves this finding to you.".to_string(),
                };
                writeln!(out, "\n{fix}").map_err(io)?;
            }
            Ok(0)
        }
        Command::New { record: NewRecord::Position { actor, theme, data } } => {
            let data = data.unwrap_or_else(|| config.data.clone());
            let (path, text) = crate::scaffold::new_position(&data, &actor, &theme)?;
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|source| Error::Write { path: parent.to_path_buf(), source })?;
            }
            crate::output::write_atomic(&path, text.as_bytes())?;
            writeln!(err, "wrote {}; fill it in, then run `polpos validate --archive DIR`", path.display()).map_err(io)?;
            Ok(0)
        }
        Command::Fix { data, unsafe_fixes, diff, archive } => {
            let archive = archive.or_else(|| configured_archive(config, err));
            fix_command(&data, config, archive, unsafe_fixes, diff, out, err)
        }
        Command::Lsp => Ok(0),
        Command::Fmt { paths, change } => {
            let paths = if paths.is_empty() { vec![config.data.clone()] } else { paths };
            fmt_command(&paths, change, config.limits.max_file_size, out, err)
        }
        Command::Codebook { data, output } => {
            let (dataset, _) = valid_dataset(&data, config)?;
            emit(&crate::docs::codebook::render(&dataset), output.as_deref(), out)?;
            Ok(0)
        }
        Command::Export { format } => export_command(format, config, out, err),
        Command::Matrix { data, view, actor } => {
            let (dataset, today) = valid_dataset(&data, config)?;
            let selection = crate::views::compare::Selection { actors: actor, themes: view.theme.clone() };
            let matrix = crate::views::compare::matrix(&dataset, &selection, as_of(&view, today)?).map_err(Error::Argument)?;
            emit(&tabular(&matrix, view.format)?, None, out)?;
            Ok(0)
        }
        Command::Compare { a, b, data, view } => {
            let (dataset, today) = valid_dataset(&data, config)?;
            let comparison =
                crate::views::compare::compare(&dataset, &a, &b, &view.theme, as_of(&view, today)?).map_err(Error::Argument)?;
            emit(&tabular(&comparison, view.format)?, None, out)?;
            Ok(0)
        }
        Command::Stats { data, format } => {
            let (dataset, today) = valid_dataset(&data, config)?;
            let stats = crate::views::stats::stats(&dataset, today);
            let text = match format {
                TextOrJson::Text => stats.to_text(),
                TextOrJson::Json => json_text(&stats)?,
            };
            emit(&text, None, out)?;
            Ok(0)
        }
        Command::Agreement { data, level, coders, format } => {
            let (dataset, _) = valid_dataset(&data, config)?;
            let agreement = crate::views::agreement::agreement(&dataset, &coders, level).map_err(Error::Argument)?;
            let text = match format {
                TextOrJson::Text => agreement.to_text(),
                TextOrJson::Json => agreement.to_json(),
            };
            emit(&text, None, out)?;
            Ok(0)
        }
        Command::Report { data, output } => {
            let (dataset, today) = valid_dataset(&data, config)?;
            emit(&crate::views::report::render(&dataset, today), output.as_deref(), out)?;
            Ok(0)
        }
        Command::Diff { data, new, git, format, exit_code } => {
            let changed = diff_command(&data, config, new.as_deref(), git.as_deref(), format, out, err)?;
            Ok(u8::from(exit_code && changed))
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "polpos", &mut script);
            out.write_all(&script).map_err(io)?;
            Ok(0)
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut page).map_err(io)?;
            out.write_all(&page).map_err(io)?;
            Ok(0)
        }
    }
}

/// Formats record files: writes them, or with --check/--diff says what would change.
fn fmt_command(
    paths: &[PathBuf],
    change: crate::cli::ChangeArgs,
    max_size: u64,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Error> {
    let io = |source: std::io::Error| Error::Write { path: "<stdout>".into(), source };
    let (mut changed, mut refused, mut unchanged) = (0usize, 0usize, 0usize);
    for path in crate::edit::yaml_files(paths)? {
        let text = match crate::format::read(&path, max_size) {
            Ok(text) => text,
            Err(problem) => {
                writeln!(err, "{}:{problem}", path.display()).map_err(io)?;
                refused += 1;
                continue;
            }
        };
        match crate::format::format(&text, crate::format::kind_of(&path, &text)) {
            Err(refusal) => {
                writeln!(err, "{}:{refusal}", path.display()).map_err(io)?;
                refused += 1;
            }
            Ok(formatted) if formatted == text => unchanged += 1,
            Ok(formatted) => {
                changed += 1;
                if change.diff {
                    out.write_all(crate::edit::unified_diff(&path, &text, &formatted).as_bytes()).map_err(io)?;
                } else if change.check {
                    writeln!(out, "would reformat {}", path.display()).map_err(io)?;
                } else {
                    crate::output::write_atomic(&path, formatted.as_bytes())?;
                }
            }
        }
    }
    let verb = if change.check || change.diff { "would reformat" } else { "reformatted" };
    let mut summary = format!("{changed} file{} {verb}, {unchanged} already formatted", plural(changed));
    if refused > 0 {
        summary.push_str(&format!(", {refused} left as {} (see above)", if refused == 1 { "it is" } else { "they are" }));
    }
    writeln!(err, "{summary}").map_err(io)?;
    Ok(u8::from(refused > 0 || ((change.check || change.diff) && changed > 0)))
}

fn fix_flag(safety: crate::diagnostics::Safety) -> &'static str {
    match safety {
        crate::diagnostics::Safety::Safe => ", applied by `polpos fix`",
        crate::diagnostics::Safety::Unsafe => ", applied by `polpos fix --unsafe-fixes`",
    }
}

/// Applies fixes in rounds and writes the changed files, or with --diff shows them.
fn fix_command(
    data: &DataArgs,
    config: &Config,
    archive: Option<PathBuf>,
    unsafe_fixes: bool,
    diff: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Error> {
    let io = |source: std::io::Error| Error::Write { path: "<stdout>".into(), source };
    let options = Options { archive, today: today(&data.run)?, limits: limits(&data.run.limits, &config.limits), keep_texts: true };
    let outcome = pool(&data.run)?.install(|| crate::fix::run(data.data.as_ref().unwrap_or(&config.data), &options, unsafe_fixes))?;
    for applied in &outcome.applied {
        let place = applied.location.map(|l| format!(":{}:{}", l.line, l.column)).unwrap_or_default();
        let code = applied.code.map_or_else(|| "schema line".to_string(), |code| code.to_string());
        let verb = if diff { "would fix" } else { "fixed" };
        writeln!(err, "{}{place}: {verb} {code} ({}): {}", applied.file.display(), applied.safety, applied.title).map_err(io)?;
    }
    for (path, old, new) in &outcome.changed {
        if diff {
            out.write_all(crate::edit::unified_diff(path, old, new).as_bytes()).map_err(io)?;
        } else {
            crate::output::write_atomic(path, new.as_bytes())?;
        }
    }
    let summary = crate::diagnostics::Summary::of(&outcome.remaining);
    let (count, files) = (outcome.applied.len(), outcome.changed.len());
    let mut line = format!(
        "{count} fix{} {} in {files} file{}; {} error{} and {} warning{} left",
        if count == 1 { "" } else { "es" },
        if diff { "would be applied" } else { "applied" },
        plural(files),
        summary.errors,
        plural(summary.errors),
        summary.warnings,
        plural(summary.warnings)
    );
    if outcome.unsafe_left > 0 {
        line.push_str(&format!(
            "; {} unsafe fix{} not applied (--unsafe-fixes)",
            outcome.unsafe_left,
            if outcome.unsafe_left == 1 { "" } else { "es" }
        ));
    }
    writeln!(err, "{line}").map_err(io)?;
    Ok(u8::from(if diff { files > 0 } else { summary.errors > 0 }))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn diff_command(
    data: &DataArgs,
    config: &Config,
    new: Option<&std::path::Path>,
    git: Option<&str>,
    format: TextOrJson,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<bool, Error> {
    let (old_side, new_side) = crate::diff::sides(data.data.as_ref().unwrap_or(&config.data), new, git)?;
    let mut dataset = |side: &crate::diff::Side| {
        valid_dataset(&DataArgs { data: Some(side.dir.clone()), run: data.run.clone() }, config).inspect_err(|_| {
            let _ = writeln!(err, "polpos diff: `{}` cannot be compared", side.label);
        })
    };
    let ((old_dataset, today), (new_dataset, _)) = (dataset(&old_side)?, dataset(&new_side)?);
    let changes = crate::diff::compare((&old_side.label, &old_dataset), (&new_side.label, &new_dataset), today);
    let text = match format {
        TextOrJson::Text => crate::diff::render_text(&changes),
        TextOrJson::Json => crate::diff::render_json(&changes),
    };
    emit(&text, None, out)?;
    Ok(!changes.is_empty())
}

fn export_command(format: ExportFormat, config: &Config, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    use crate::export;
    match format {
        ExportFormat::Csv { table, excel, output, data } => {
            let (dataset, today) = valid_dataset(&data, config)?;
            emit(&export::csv::render(&export::build(&dataset, table, today), excel), output.as_deref(), out)?;
        }
        ExportFormat::Datapackage { out_dir, data } => {
            let (dataset, today) = valid_dataset(&data, config)?;
            let files = export::datapackage::files(&dataset, today);
            export::datapackage::write(&out_dir, &files)?;
            let _ = writeln!(err, "wrote {}: datapackage.json and {} tables", out_dir.display(), files.len() - 1);
        }
        ExportFormat::Xlsx { output, data } => {
            let (dataset, today) = valid_dataset(&data, config)?;
            export::xlsx::write(&dataset, today, &output)?;
            let _ = writeln!(err, "wrote {}: {} sheets", output.display(), export::Table::ALL.len());
        }
        ExportFormat::Sqlite { output, data } => {
            let (dataset, today) = valid_dataset(&data, config)?;
            export::sqlite::write(&dataset, today, &output)?;
            let _ = writeln!(err, "wrote {}: {} tables", output.display(), export::Table::ALL.len());
        }
        ExportFormat::Json { output, data } => {
            let (dataset, _) = valid_dataset(&data, config)?;
            emit(&export::json::render(&dataset), output.as_deref(), out)?;
        }
    }
    Ok(0)
}

/// Writes text to a file atomically, or to standard output.
fn emit(text: &str, output: Option<&std::path::Path>, out: &mut dyn Write) -> Result<(), Error> {
    match output {
        Some(path) => crate::output::write_atomic(path, text.as_bytes()),
        None => out.write_all(text.as_bytes()).map_err(|source| Error::Write { path: "<stdout>".into(), source }),
    }
}

fn today(run: &RunArgs) -> Result<PartialDate, Error> {
    match &run.today {
        None => Ok(PartialDate::today()),
        Some(text) => PartialDate::parse(text)
            .filter(|d| d.day.is_some())
            .ok_or_else(|| Error::Argument(format!("--today `{text}` is not a full date (YYYY-MM-DD)"))),
    }
}

/// The date a view shows the stances of: `--as-of`, or today.
fn as_of(view: &ViewArgs, today: PartialDate) -> Result<PartialDate, Error> {
    match &view.as_of {
        None => Ok(today),
        Some(text) => PartialDate::parse(text)
            .filter(|d| d.day.is_some())
            .ok_or_else(|| Error::Argument(format!("--as-of `{text}` is not a full date (YYYY-MM-DD)"))),
    }
}

/// The limits the flags set, over those of polpos.toml.
fn limits(args: &LimitArgs, config: &Limits) -> Limits {
    Limits {
        max_file_size: args.max_file_size.unwrap_or(config.max_file_size),
        max_total_size: args.max_total_size.unwrap_or(config.max_total_size),
        max_files: args.max_files.unwrap_or(config.max_files),
        max_depth: args.max_depth.unwrap_or(config.max_depth),
        max_quote_length: args.max_quote_length.unwrap_or(config.max_quote_length),
        ..*config
    }
}

/// Validates `data` with the run's date, limits and threads.
/// `keep_texts`: whether the dataset's quotes and summaries are wanted after the run (see
/// [`Options::keep_texts`]).
fn validated(
    data: &Path,
    run: &RunArgs,
    config: &Config,
    archive: Option<PathBuf>,
    keep_texts: bool,
) -> Result<validate::Validation, Error> {
    let options = Options { archive, today: today(run)?, limits: limits(&run.limits, &config.limits), keep_texts };
    pool(run)?.install(|| validate::validate(data, &options))
}

/// The worker threads `-j` asks for (default: one per core).
fn pool(run: &RunArgs) -> Result<rayon::ThreadPool, Error> {
    let threads = run.threads.unwrap_or(0);
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Argument(format!("cannot start {threads} threads: {e}")))
}

/// The dataset and the date that counts as today, for a command that needs a dataset without
/// errors (exports, views, diff, codebook).
fn valid_dataset(data: &DataArgs, config: &Config) -> Result<(Dataset, PartialDate), Error> {
    let validation = validated(data.data.as_ref().unwrap_or(&config.data), &data.run, config, None, true)?;
    match validation.summary().errors {
        0 => Ok((validation.dataset, today(&data.run)?)),
        errors => Err(Error::InvalidDataset { errors }),
    }
}

fn validate_command(args: ValidateArgs, config: &Config, terminal: bool, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let (data, mut selection) = crate::selection::resolve(&args.paths, &config.data)?;
    if let Some(rev) = &args.changed_since {
        if selection.is_some() {
            return Err(Error::Argument("--changed-since selects the files itself; name only the data directory with it".into()));
        }
        selection = Some(crate::selection::changed_since(&data, rev)?);
    }
    let archive = match args.archive {
        Some(archive) => Some(archive),
        None => configured_archive(config, err),
    };
    // The report shows findings only: the dataset's texts are let go as they are checked.
    let mut validation = validated(&data, &args.run, config, archive, false)?;
    if let Some(selection) = &selection {
        validation.select(selection, &crate::load::display_root(&data));
    }
    let color = wants_color(args.color, terminal, std::env::var_os("NO_COLOR").as_deref());
    let summary = validation.summary();
    let deny_warnings = args.deny_warnings || (config.deny_warnings && !args.no_deny_warnings);
    let code = u8::from(summary.errors > 0 || (deny_warnings && summary.warnings > 0));
    match report::render(args.format, &validation, Style { color, quiet: args.quiet }, out) {
        // The findings are known whatever the reader took of them.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(code),
        Err(source) => Err(Error::Write { path: "<stdout>".into(), source }),
        Ok(()) => Ok(code),
    }
}

/// The archive polpos.toml names, when it is there. A checkout without the archive still gets
/// every other check: the run says why quotes are not verified, rather than failing.
fn configured_archive(config: &Config, err: &mut dyn Write) -> Option<PathBuf> {
    let archive = config.archive.as_ref()?;
    if archive.is_dir() {
        return Some(archive.clone());
    }
    let file = config.file.as_deref().unwrap_or(Path::new(crate::config::FILE_NAME));
    let _ = writeln!(err, "note: the archive `{}` named in {} is not there; quotes are not verified", archive.display(), file.display());
    None
}

/// Colour as no-color.org asks: by default only on a terminal and never with a non-empty
/// NO_COLOR, while an explicit `--color always` or `--color never` wins over both.
fn wants_color(choice: Color, terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && no_color.is_none_or(|v| v.is_empty()),
    }
}

/// A view in the format asked for.
fn tabular(view: &impl crate::views::compare::Tabular, format: ViewFormat) -> Result<String, Error> {
    match format {
        ViewFormat::Text => Ok(view.to_text()),
        ViewFormat::Csv => Ok(view.to_csv()),
        ViewFormat::Json => json_text(view),
    }
}

/// A value as pretty-printed JSON with a final newline.
fn json_text(value: &impl serde::Serialize) -> Result<String, Error> {
    serde_json::to_string_pretty(value)
        .map(|json| json + "\n")
        .map_err(|e| Error::Write { path: "<stdout>".into(), source: std::io::Error::other(e) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn colour_follows_no_color_unless_asked_for_explicitly() {
        let set = Some(OsStr::new("1"));
        assert!(wants_color(Color::Auto, true, None));
        assert!(wants_color(Color::Auto, true, Some(OsStr::new(""))));
        assert!(!wants_color(Color::Auto, true, set));
        assert!(!wants_color(Color::Auto, false, None));
        assert!(wants_color(Color::Always, false, set));
        assert!(!wants_color(Color::Never, true, None));
    }
}
