use clap::{CommandFactory, Parser};
use std::process::ExitCode;
use switchrole::cli::{Cli, Command};

fn main() -> ExitCode {
    // Bare `switchrole` is the picker: it goes there without building the parser of every
    // command, which costs its first frame a few hundred microseconds.
    let bare =
        std::env::args_os().len() == 1 && std::env::var_os(switchrole::cli::COMPLETE_VAR).is_none();
    let cli = match bare {
        true => Cli {
            command: None,
            store: None,
        },
        false => {
            // A shell asking for completions (see `switchrole completions`) is answered and
            // exits here.
            clap_complete::CompleteEnv::with_factory(Cli::command)
                .var(switchrole::cli::COMPLETE_VAR)
                .complete();
            Cli::parse()
        }
    };
    // The prompt segment runs at every prompt: no runtime, no config, nothing but the
    // environment and, in a renewing shell, one small file.
    if let Some(Command::Status {
        format,
        check: false,
    }) = cli.command
    {
        return switchrole::commands::status::run(format);
    }
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
        Some(Command::Demo) => runtime.block_on(switchrole::tui::demo()),
        Some(Command::Use {
            profile: None,
            off: false,
            ..
        }) => runtime.block_on(switchrole::tui::use_here(cli.store)),
        Some(command) => runtime.block_on(switchrole::commands::run(command, cli.store)),
        None => runtime.block_on(switchrole::tui::picker(cli.store)),
    }
}
