#![recursion_limit = "256"]
use std::process::ExitCode;

use clap::Parser;
use immivo_server::cli::{Cli, run};

#[tokio::main]
async fn main() -> ExitCode {
    run(Cli::parse()).await
}
