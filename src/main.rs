use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = leadline::cli::Cli::parse();
    if let Err(e) = leadline::telemetry::init(&cli.config.log) {
        eprintln!("error: {e:#}");
        return ExitCode::FAILURE;
    }
    match leadline::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
