use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

// Each file's events, value and record are many small allocations on two threads at once:
// mimalloc serves them about 15% faster in all than the system allocator. Built without
// transparent huge pages (Cargo.toml): with them, its partly used 2 MiB pages held a fifth of
// the peak memory at 100k positions (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = polpos::cli::Cli::parse();
    let terminal = std::io::stdout().is_terminal();
    let code = polpos::app::run(cli, terminal, &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    ExitCode::from(code)
}
