#![recursion_limit = "256"]
//! The Immivo process: configuration, the axum router, the GraphQL API, authentication adapters
//! and the `immivo` command line.

pub mod channels;
pub mod cli;
pub mod cognito;
pub mod config;
pub mod graphql;
pub mod http;
pub mod jobs;
pub mod llm;
pub mod page_fetcher;
pub mod smtp;
pub mod state;
pub mod telemetry;
