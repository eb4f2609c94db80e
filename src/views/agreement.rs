//! `polpos agreement`: how far independent coders agree, as Krippendorff's alpha over the
//! reliability codings (data/reliability/<coder>.yaml), overall and per theme.
//!
//! Alpha is computed by the coincidence-matrix method of Krippendorff (2011), "Computing
//! Krippendorff's Alpha-Reliability": α = 1 − (n − 1) · Σ o_ck δ²_ck / Σ n_c n_k δ²_ck, over the
//! pairable values (those in units two or more coders coded). docs/agreement.md explains the
//! figures.

use crate::model::{Dataset, Record, Reliability};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The version of the JSON document's shape; bumped on any incompatible change.
pub const JSON_VERSION: u32 = 2;

/// The level of measurement, which chooses the difference function δ².
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Any two different stances differ equally.
    Nominal,
    /// Stances are ordered; a difference counts the values coded between them.
    Ordinal,
    /// Stances are equally spaced numbers, -2..+2; a difference is their squared distance.
    Interval,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Nominal => "nominal",
            Level::Ordinal => "ordinal",
            Level::Interval => "interval",
        }
    }
}

/// Why alpha has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Undefined {
    /// No unit is coded by two or more coders, so no value can be compared.
    NoPairableValues,
    /// Every pairable value is the same stance: no disagreement is expected by chance (D_e = 0).
    NoVariation,
}

impl Undefined {
    pub fn explain(self) -> &'static str {
        match self {
            Undefined::NoPairableValues => "no unit is coded by two or more coders, so there are no values to compare",
            Undefined::NoVariation => "every pairable value is the same stance, so no disagreement is expected by chance (D_e = 0)",
        }
    }
}

/// Alpha over a set of units, and the counts it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Krippendorff's alpha; `None` when it is undefined.
    pub alpha: Option<f64>,
    /// Why `alpha` is `None`.
    pub undefined: Option<Undefined>,
    /// Units coded by at least one coder.
    pub units: usize,
    /// Values in units coded by two or more coders: the n that alpha is computed over.
    pub pairable_values: usize,
    /// Units only one coder coded: disagreements on whether a position exists, which alpha cannot see.
    pub single_coder_units: usize,
}

/// Alpha and its counts for `units`, each unit the stance values (-2..=2) its coders gave it.
/// Units without any value are not units and are ignored.
pub fn measure(units: &[Vec<i8>], level: Level) -> Figures {
    let pairable: Vec<&Vec<i8>> = units.iter().filter(|unit| unit.len() >= 2).collect();
    let values: Vec<i8> = pairable.iter().flat_map(|unit| unit.iter().copied()).collect::<BTreeSet<i8>>().into_iter().collect();
    let undefined = if pairable.is_empty() {
        Some(Undefined::NoPairableValues)
    } else if values.len() < 2 {
        Some(Undefined::NoVariation)
    } else {
        None
    };
    Figures {
        alpha: if undefined.is_none() { Some(alpha(&pairable, &values, level)) } else { None },
        undefined,
        units: units.iter().filter(|unit| !unit.is_empty()).count(),
        pairable_values: pairable.iter().map(|unit| unit.len()).sum(),
        single_coder_units: units.iter().filter(|unit| unit.len() == 1).count(),
    }
}

/// Alpha over pairable units that hold at least two distinct `values` (sorted), so D_e > 0.
fn alpha(pairable: &[&Vec<i8>], values: &[i8], level: Level) -> f64 {
    let slot = |value: i8| values.binary_search(&value).expect("every value is in the value list");
    // The coincidence matrix: each ordered pair of values within a unit of m values adds 1/(m − 1).
    let mut coincidences = vec![vec![0.0_f64; values.len()]; values.len()];
    for unit in pairable {
        let weight = 1.0 / (unit.len() - 1) as f64;
        for (i, &c) in unit.iter().enumerate() {
            for (j, &k) in unit.iter().enumerate() {
                if i != j {
                    coincidences[slot(c)][slot(k)] += weight;
                }
            }
        }
    }
    let marginals: Vec<f64> = coincidences.iter().map(|row| row.iter().sum()).collect();
    let n: f64 = marginals.iter().sum();
    let difference = |c: usize, k: usize| -> f64 {
        match level {
            Level::Nominal => f64::from(u8::from(c != k)),
            Level::Interval => (f64::from(values[c]) - f64::from(values[k])).powi(2),
            // The values coded from c to k, less half of c's and k's own: the ranks between them.
            Level::Ordinal => {
                let between: f64 = marginals[c.min(k)..=c.max(k)].iter().sum();
                (between - (marginals[c] + marginals[k]) / 2.0).powi(2)
            }
        }
    };
    let (mut observed, mut expected) = (0.0, 0.0);
    for c in 0..values.len() {
        for k in 0..values.len() {
            let delta = difference(c, k);
            observed += coincidences[c][k] * delta;
            expected += marginals[c] * marginals[k] * delta;
        }
    }
    1.0 - (n - 1.0) * observed / expected
}

/// Alpha for one theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeFigures {
    pub theme: String,
    #[serde(flatten)]
    pub figures: Figures,
}

/// The agreement of two or more coders: overall and per theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub level: Level,
    /// The coders compared.
    pub coders: Vec<String>,
    /// The sources every compared coder coded in full: the only ones compared.
    pub sources: Vec<String>,
    /// Units coded from sources that not every compared coder lists, and so left out.
    pub left_out_units: usize,
    pub overall: Figures,
    /// Every theme with at least one unit, by theme id.
    pub themes: Vec<ThemeFigures>,
}

/// Measures the agreement of the `named` coders (every coder when none is named). Fails with a
/// message when there is nothing to compare: fewer than two coders, or an unknown one.
pub fn agreement(dataset: &Dataset, named: &[String], level: Level) -> Result<Agreement, String> {
    let codings = chosen(dataset, named)?;
    let mut shared: BTreeSet<&str> = codings[0].sources.iter().map(String::as_str).collect();
    for coding in &codings[1..] {
        shared.retain(|source| coding.sources.iter().any(|s| s == source));
    }
    // Theme, actor, source → the stance values of the coders who coded that unit.
    let mut units: BTreeMap<(&str, &str, &str), Vec<i8>> = BTreeMap::new();
    let mut left_out = BTreeSet::new();
    for coding in &codings {
        for unit in &coding.units {
            let key = (&*unit.theme, &*unit.actor, &*unit.source);
            if shared.contains(&*unit.source) {
                units.entry(key).or_default().push(unit.stance.value());
            } else {
                left_out.insert(key);
            }
        }
    }
    let mut by_theme: BTreeMap<&str, Vec<Vec<i8>>> = BTreeMap::new();
    for ((theme, _, _), values) in &units {
        by_theme.entry(theme).or_default().push(values.clone());
    }
    let all: Vec<Vec<i8>> = units.into_values().collect();
    Ok(Agreement {
        level,
        coders: codings.iter().map(|c| c.coder.clone()).collect(),
        sources: shared.into_iter().map(str::to_string).collect(),
        left_out_units: left_out.len(),
        overall: measure(&all, level),
        themes: by_theme
            .into_iter()
            .map(|(theme, units)| ThemeFigures { theme: theme.to_string(), figures: measure(&units, level) })
            .collect(),
    })
}

/// The codings to compare, in the order named (by coder id when none is named).
fn chosen<'a>(dataset: &'a Dataset, named: &[String]) -> Result<Vec<&'a Record<Reliability>>, String> {
    let all: Vec<&str> = dataset.reliability.iter().map(|c| &*c.coder).collect();
    if all.is_empty() {
        return Err(
            "the dataset has no reliability codings: add one file per coder, reliability/<coder>.yaml (see docs/agreement.md)".into()
        );
    }
    let codings: Vec<&Record<Reliability>> = if named.is_empty() {
        dataset.reliability.iter().collect()
    } else {
        let mut codings = Vec::with_capacity(named.len());
        for (i, coder) in named.iter().enumerate() {
            if named[..i].contains(coder) {
                return Err(format!("--coders names `{coder}` twice"));
            }
            let coding = dataset.reliability.iter().find(|c| &c.coder == coder);
            codings.push(coding.ok_or_else(|| format!("no reliability coding by `{coder}` (coders: {})", all.join(", ")))?);
        }
        codings
    };
    if codings.len() < 2 {
        return Err(format!(
            "agreement needs two or more coders; {} (coders in the dataset: {})",
            if named.is_empty() { "the dataset has one reliability coding" } else { "--coders names one" },
            all.join(", ")
        ));
    }
    Ok(codings)
}

/// Alpha to three decimals, or `n/a`.
fn shown(alpha: Option<f64>) -> String {
    match alpha {
        // Adding 0.0 turns a negative zero into zero, so a tiny negative alpha prints as 0.000.
        Some(value) => format!("{:.3}", (value * 1000.0).round() / 1000.0 + 0.0),
        None => "n/a".into(),
    }
}

impl Agreement {
    /// The figures for people: a table, then what the figures mean.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Krippendorff's alpha, {} level\ncoders ({}): {}\nsources every coder coded in full ({}): {}\n",
            self.level.name(),
            self.coders.len(),
            self.coders.join(", "),
            self.sources.len(),
            if self.sources.is_empty() { "none".to_string() } else { self.sources.join(", ") }
        );
        let total = ThemeFigures { theme: "all themes".into(), figures: self.overall.clone() };
        let rows: Vec<&ThemeFigures> = self.themes.iter().chain([&total]).collect();
        let width = rows.iter().map(|r| r.theme.len()).max().unwrap_or(0).max("theme".len());
        let _ = writeln!(out, "\n{:<width$}  {:>5}  {:>5}  {:>8}  {:>10}", "theme", "alpha", "units", "pairable", "one coder");
        for row in &rows {
            let f = &row.figures;
            let _ = writeln!(
                out,
                "{:<width$}  {:>5}  {:>5}  {:>8}  {:>10}",
                row.theme,
                shown(f.alpha),
                f.units,
                f.pairable_values,
                f.single_coder_units
            );
        }
        let mut notes = String::new();
        for row in rows.iter().filter(|r| r.figures.alpha.is_none()) {
            if let Some(why) = row.figures.undefined {
                let _ = writeln!(notes, "n/a for {}: {}.", row.theme, why.explain());
            }
        }
        if self.left_out_units > 0 {
            let _ = writeln!(
                notes,
                "{} {} left out: coded from sources that not every coder coded in full.",
                self.left_out_units,
                if self.left_out_units == 1 { "unit" } else { "units" }
            );
        }
        if !notes.is_empty() {
            out.push('\n');
            out.push_str(&notes);
        }
        out.push_str(
            "\nunits: actor × theme × source coded by at least one coder. pairable: the values in units two or more\n\
             coders coded; alpha compares these (1 = perfect agreement, 0 = no better than chance).\n\
             one coder: units only one coder coded, a disagreement on whether a position exists at all, which alpha\n\
             cannot see. See docs/agreement.md.\n",
        );
        out
    }

    /// The figures for tools: a versioned JSON document (docs/agreement.md).
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Document<'a> {
            format: &'static str,
            format_version: u32,
            #[serde(flatten)]
            agreement: &'a Agreement,
        }
        let document = Document { format: "polpos-agreement", format_version: JSON_VERSION, agreement: self };
        format!("{}\n", serde_json::to_string_pretty(&document).expect("figures serialize"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(units: &[&[i8]]) -> Vec<Vec<i8>> {
        units.iter().map(|u| u.to_vec()).collect()
    }

    #[test]
    fn perfect_agreement_is_one_and_undefined_cases_are_none() {
        let same = values(&[&[1, 1], &[-2, -2], &[0, 0, 0]]);
        for level in [Level::Nominal, Level::Ordinal, Level::Interval] {
            assert_eq!(measure(&same, level).alpha, Some(1.0));
        }
        let single = measure(&values(&[&[1], &[2]]), Level::Ordinal);
        assert_eq!(
            (single.alpha, single.undefined, single.units, single.pairable_values, single.single_coder_units),
            (None, Some(Undefined::NoPairableValues), 2, 0, 2)
        );
        let flat = measure(&values(&[&[1, 1], &[1, 1, 1], &[-2]]), Level::Interval);
        assert_eq!((flat.alpha, flat.undefined, flat.pairable_values, flat.single_coder_units), (None, Some(Undefined::NoVariation), 5, 1));
    }

    #[test]
    fn tiny_negative_alpha_prints_as_zero() {
        assert_eq!(shown(Some(-0.0001)), "0.000");
        assert_eq!(shown(Some(-0.25)), "-0.250");
        assert_eq!(shown(None), "n/a");
    }
}
