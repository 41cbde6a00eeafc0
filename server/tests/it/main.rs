#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

//! Integration tests: one binary (one link) for the data layer on both databases, the HTTP
//! surface (GraphQL, server functions, health, headers), tenant isolation and authentication.

mod helpers;

mod arguments;
mod auth;
mod autoclick;
mod availability;
mod cli;
mod cognito;
mod data_layer;
mod fake_openai;
mod follow_ups;
mod graphql;
mod imap;
mod inbound;
mod intake;
mod intake_views;
mod isolation;
mod jarvis;
mod jobs;
mod mail_out;
mod migrations;
mod pipeline;
mod row_level_security;
mod schema_file;
mod sns;
mod stats;
mod widget;
