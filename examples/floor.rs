//! The floors of the benchmark (benches/bench.sh, docs/performance.md): the least any YAML
//! validator must do over a dataset, so that polpos's time is measured against them in one run.
//!
//!     floor read    DATA [-j N]   walk and read every .yaml file, nothing else
//!     floor saphyr  DATA [-j N]   ... and pull saphyr-parser's events, keeping nothing
//!     floor libyaml DATA [-j N]   ... and pull libyaml-safer's events, keeping nothing
//!
//! Files are read and parsed on N threads (default: one per core), as polpos does. It prints the
//! number of files and events, so a run that parsed nothing shows.

use rayon::prelude::*;

// The allocator polpos uses, so that the floors and polpos differ only in what they do.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: floor read|saphyr|libyaml DATA [-j N]";
    let (Some(mode), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let threads = match args.get(2).map(String::as_str) {
        Some("-j") => args.get(3).and_then(|n| n.parse().ok()).unwrap_or_else(|| {
            eprintln!("{usage}");
            std::process::exit(2)
        }),
        _ => 0,
    };
    let parse: fn(&[u8]) -> usize = match mode.as_str() {
        "read" => |_| 0,
        "saphyr" => saphyr_events,
        "libyaml" => libyaml_events,
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "yaml"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("threads start");
    let events: usize = pool.install(|| {
        files
            .par_iter()
            .map(|path| std::fs::read(path).map(|bytes| parse(&bytes)).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
            .sum()
    });
    println!("{} files, {events} events", files.len());
}

fn saphyr_events(bytes: &[u8]) -> usize {
    let text = std::str::from_utf8(bytes).unwrap_or_default();
    saphyr_parser::Parser::new_from_str(text).take_while(Result::is_ok).count()
}

fn libyaml_events(bytes: &[u8]) -> usize {
    let mut parser = libyaml_safer::Parser::new();
    parser.set_input(bytes);
    parser.take_while(Result::is_ok).count()
}
