//! Carries out a parsed command line. Writes only to the writers it is given; the binary passes
//! standard output and standard error.

use crate::cli::{ChecksFormat, Cli, Color, Command, DataArgs, ExportFormat, LimitArgs, NewRecord, TextOrJson, ValidateArgs};
use crate::diagnostics::Code;
use crate::error::Error;
use crate::limits::Limits;
use crate::model::PartialDate;
use crate::report::{self, Style};
use crate::validate::{self, Options, Validation};
use std::io::Write;

/// Runs a command and returns the process exit code (0, 1 or 2).
pub fn run(cli: Cli, terminal: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match execute(cli, terminal, out, err) {
        Ok(code) => code,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            error.exit_code()
        }
    }
}

fn execute(cli: Cli, terminal: bool, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let io = |source: std::io::Error| Error::Write { path: "<stdout>".into(), source };
    match cli.command {
        Command::Validate(args) => validate_command(args, terminal, out),
        Command::Checks { format } => {
            out.write_all(checks_listing(format).as_bytes()).map_err(io)?;
            Ok(0)
        }
        Command::Explain { code } => {
            let code = Code::parse(&code)
                .ok_or_else(|| Error::Argument(format!("unknown check code `{code}`; run `polpos checks` for the list")))?;
            writeln!(
                out,
                "{code} {name} ({severity}, {family})\n\n{summary}\n\n{explanation}",
                name = code.name(),
                severity = code.severity(),
                family = code.family(),
                summary = code.summary(),
                explanation = code.explanation()
            )
            .map_err(io)?;
            Ok(0)
        }
        Command::New { record: NewRecord::Position { actor, theme, data } } => {
            let (path, text) = crate::scaffold::new_position(&data.data, &actor, &theme)?;
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|source| Error::Write { path: parent.to_path_buf(), source })?;
            }
            crate::output::write_atomic(&path, text.as_bytes())?;
            writeln!(err, "wrote {}; fill it in, then run `polpos validate --archive DIR`", path.display()).map_err(io)?;
            Ok(0)
        }
        Command::Codebook { data, output } => {
            let validation = valid_dataset(&data)?;
            emit(&crate::codebook::render(&validation.dataset), output.as_deref(), out)?;
            Ok(0)
        }
        Command::Export { format } => export_command(format, out, err),
        Command::Matrix { data } => {
            let dataset = valid_dataset(&data)?.dataset;
            emit(&crate::compare::matrix(&dataset, today(&data)?), None, out)?;
            Ok(0)
        }
        Command::Compare { a, b, data, format } => {
            let dataset = valid_dataset(&data)?.dataset;
            let comparison = crate::compare::compare(&dataset, &a, &b, today(&data)?).map_err(Error::Argument)?;
            let text = match format {
                TextOrJson::Text => comparison.to_text(),
                TextOrJson::Json => format!("{}\n", serde_json::to_string_pretty(&comparison).unwrap_or_default()),
            };
            emit(&text, None, out)?;
            Ok(0)
        }
        Command::Report { data, output } => {
            let dataset = valid_dataset(&data)?.dataset;
            emit(&crate::html::render(&dataset, today(&data)?), output.as_deref(), out)?;
            Ok(0)
        }
        Command::Diff { data, new, git, format } => diff_command(&data, new.as_deref(), git.as_deref(), format, out, err),
    }
}

fn diff_command(
    data: &DataArgs,
    new: Option<&std::path::Path>,
    git: Option<&str>,
    format: TextOrJson,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Error> {
    let (old_side, new_side) = crate::diff::sides(&data.data, new, git)?;
    let mut dataset = |side: &crate::diff::Side| {
        valid_dataset(&DataArgs { data: side.dir.clone(), today: data.today.clone() }).inspect_err(|_| {
            let _ = writeln!(err, "polpos diff: `{}` cannot be compared", side.label);
        })
    };
    let (old_dataset, new_dataset) = (dataset(&old_side)?.dataset, dataset(&new_side)?.dataset);
    let changes = crate::diff::compare((&old_side.label, &old_dataset), (&new_side.label, &new_dataset), today(data)?);
    let text = match format {
        TextOrJson::Text => crate::diff::render_text(&changes),
        TextOrJson::Json => crate::diff::render_json(&changes),
    };
    emit(&text, None, out)?;
    Ok(0)
}

fn export_command(format: ExportFormat, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    use crate::export;
    match format {
        ExportFormat::Csv { table, excel, output, data } => {
            let dataset = valid_dataset(&data)?.dataset;
            emit(&export::csv::render(&export::build(&dataset, table, today(&data)?), excel), output.as_deref(), out)?;
        }
        ExportFormat::Datapackage { out_dir, data } => {
            let dataset = valid_dataset(&data)?.dataset;
            let files = export::datapackage::files(&dataset, today(&data)?);
            export::datapackage::write(&out_dir, &files)?;
            let _ = writeln!(err, "wrote {}: datapackage.json and {} tables", out_dir.display(), files.len() - 1);
        }
        ExportFormat::Json { output, data } => {
            let dataset = valid_dataset(&data)?.dataset;
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

fn today(data: &DataArgs) -> Result<PartialDate, Error> {
    match &data.today {
        None => Ok(PartialDate::today()),
        Some(text) => PartialDate::parse(text)
            .filter(|d| d.day.is_some())
            .ok_or_else(|| Error::Argument(format!("--today `{text}` is not a full date (YYYY-MM-DD)"))),
    }
}

fn limits(args: &LimitArgs) -> Limits {
    Limits {
        max_file_size: args.max_file_size,
        max_total_size: args.max_total_size,
        max_files: args.max_files,
        max_depth: args.max_depth,
        max_quote_length: args.max_quote_length,
        ..Limits::default()
    }
}

/// Validates for a command that needs a dataset without errors (exports, codebook).
pub fn valid_dataset(data: &DataArgs) -> Result<Validation, Error> {
    let options = Options { today: today(data)?, ..Options::default() };
    let validation = validate::validate(&data.data, &options)?;
    match validation.summary().errors {
        0 => Ok(validation),
        errors => Err(Error::InvalidDataset { errors }),
    }
}

fn validate_command(args: ValidateArgs, terminal: bool, out: &mut dyn Write) -> Result<u8, Error> {
    let options = Options { archive: args.archive.clone(), today: today(&args.data)?, limits: limits(&args.limits) };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::Argument(format!("cannot start {} threads: {e}", args.threads.unwrap_or(0))))?;
    let validation = pool.install(|| validate::validate(&args.data.data, &options))?;
    let color = wants_color(args.color, terminal, std::env::var_os("NO_COLOR").as_deref());
    report::render(args.format, &validation, Style { color }, out).map_err(|source| Error::Write { path: "<stdout>".into(), source })?;
    let summary = validation.summary();
    Ok(u8::from(summary.errors > 0 || (args.deny_warnings && summary.warnings > 0)))
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

/// `polpos checks` in each of its formats; the Markdown one is docs/checks.md.
pub fn checks_listing(format: ChecksFormat) -> String {
    match format {
        ChecksFormat::Text => Code::ALL
            .iter()
            .map(|c| {
                format!("{}  {:<8} {:<12} {:<30} {}\n", c.as_str(), c.severity().to_string(), c.family().to_string(), c.name(), c.summary())
            })
            .collect(),
        ChecksFormat::Json => {
            let codes: Vec<serde_json::Value> = Code::ALL
                .iter()
                .map(|c| serde_json::json!({"code": c.as_str(), "name": c.name(), "severity": c.severity(), "family": c.family(), "summary": c.summary(), "explanation": c.explanation()}))
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&codes).unwrap_or_default())
        }
        ChecksFormat::Markdown => {
            let mut text = String::from(
                "# Checks\n\nGenerated by `polpos checks --format markdown > docs/checks.md`; a test keeps it in step with the code.\n\n\
                 Every finding of `polpos validate` has one of these stable codes. Errors fail validation (exit 1); warnings fail it\n\
                 only with `--deny-warnings`; notes never do. A record can silence a check on itself with a written reason:\n\
                 `allow: [{check: P065, reason: \"...\"}]`; the finding is still reported, as suppressed.\n\n\
                 | code | name | severity | family | finds |\n| --- | --- | --- | --- | --- |\n",
            );
            for c in Code::ALL {
                text.push_str(&format!(
                    "| [{0}](#{1}) | `{2}` | {3} | {4} | {5} |\n",
                    c.as_str(),
                    c.as_str().to_lowercase(),
                    c.name(),
                    c.severity(),
                    c.family(),
                    c.summary()
                ));
            }
            for c in Code::ALL {
                text.push_str(&format!(
                    "\n## {}\n\n`{}`, {}, {}. {}\n\n{}\n",
                    c.as_str(),
                    c.name(),
                    c.severity(),
                    c.family(),
                    c.summary(),
                    c.explanation()
                ));
            }
            text
        }
    }
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
