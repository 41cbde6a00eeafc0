#![recursion_limit = "256"]
//! Immivo's UI crate: Leptos pages and components, the i18n catalogue and the server-function
//! declarations; behind `ssr`, their bodies, which call the `domain` crate.

pub mod api;
pub mod components;
pub mod i18n;
pub mod markdown;
pub mod pages;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::i18n::provide_i18n;
use crate::pages::*;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = i18n::request_locale();
    view! {
        <!DOCTYPE html>
        <html lang=locale.as_str()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
            </head>
            <body class="bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_i18n();
    view! {
        <Stylesheet id="leptos" href="/pkg/immivo.css" />
        <Title text="Immivo" />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=auth::LoginPage />
                <Route path=path!("/invite/:token") view=auth::InvitePage />
                // The signed-in pages render whole before the answer is sent, so that its status
                // is the page's: a redirect to the sign-in page is a real 302, a lead that does not
                // exist a real 404 (streaming would have sent 200 with the first bytes).
                <ParentRoute path=path!("") view=layout::AppLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=dashboard::DashboardPage />
                    <Route path=path!("leads") view=leads::LeadsPage />
                    <Route path=path!("leads/new") view=leads::NewLeadPage />
                    <Route path=path!("leads/:id") view=leads::LeadDetailPage />
                    <Route path=path!("pipeline") view=leads::BoardPage />
                    <Route path=path!("jarvis") view=assistant::JarvisPage />
                    <Route path=path!("search") view=search::SearchPage />
                    <Route path=path!("properties") view=properties::PropertiesPage />
                    <Route path=path!("properties/new") view=properties::NewPropertyPage />
                    <Route path=path!("properties/:id") view=properties::PropertyDetailPage />
                    <Route path=path!("users") view=users::UsersPage />
                    <Route path=path!("settings") view=settings::SettingsPage />
                    <Route path=path!("intake") view=intake::IntakePage />
                    <Route path=path!("admin") view=platform::PlatformPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
