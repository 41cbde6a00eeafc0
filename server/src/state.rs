use std::sync::Arc;

use crate::config::Config;
use crate::graphql::ImmivoSchema;
use axum::extract::FromRef;
use domain::Db;
use domain::services::{IdentityProvider, Services};
use domain::tenants::auth::{RateLimiter, SessionKeys};
use leptos::config::LeptosOptions;

/// Everything a request handler may need, built once at start-up.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub services: Services,
    pub schema: ImmivoSchema,
    pub config: Arc<Config>,
    pub sns: Arc<crate::channels::sns::SnsInbound>,
}

impl AppState {
    pub async fn build(config: Config, db: Db, leptos_options: LeptosOptions) -> Self {
        let identity: Option<Arc<dyn IdentityProvider>> = match &config.cognito {
            Some(c) => Some(Arc::new(crate::cognito::Cognito::new(c.clone()).await)),
            None => None,
        };
        let services = Services {
            db,
            sessions: SessionKeys::new(config.session_secret.clone()),
            session_ttl: config.session_ttl,
            secure_cookies: config.secure_cookies(),
            login_per_ip: Arc::new(RateLimiter::new(config.login_attempts_per_ip, config.login_window)),
            login_per_account: Arc::new(RateLimiter::new(config.login_attempts_per_account, config.login_window)),
            identity,
            public_url: config.public_url.clone(),
            secrets: config.secrets.clone(),
            mailbox_reader: Arc::new(crate::channels::imap::ImapClient::from_config(&config)),
            ai: crate::llm::ai(&config),
            stops: Default::default(),
            texts: Arc::new(app::i18n::Catalogue),
        };
        let schema = crate::graphql::schema(services.clone(), &config);
        let sns = Arc::new(crate::channels::sns::SnsInbound::new(&config));
        Self { leptos_options, services, schema, config: Arc::new(config), sns }
    }
}
