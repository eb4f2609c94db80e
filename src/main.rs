use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = polpos::cli::Cli::parse();
    let terminal = std::io::stdout().is_terminal();
    let code = polpos::app::run(cli, terminal, &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    ExitCode::from(code)
}
