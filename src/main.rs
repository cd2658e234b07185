use clap::Parser;
use std::process::ExitCode;
use switchrole::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("switchrole: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    match cli.command {
        Some(command) => runtime.block_on(switchrole::commands::run(command, cli.store)),
        None => runtime.block_on(switchrole::tui::picker(cli.store)),
    }
}
