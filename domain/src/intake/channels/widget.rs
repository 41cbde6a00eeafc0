//! The website widget: an office embeds a form on its own site that posts inquiries to us with
//! the office's public widget key. The key only names the office (it is in every page's source);
//! what protects the office is the list of its own site origins that browsers may post from,
//! the rate limits (in the server adapter) and the hidden honeypot field.
//!
//! A submission is read into the same `ParsedInquiry` a portal mail becomes, and goes through
//! the same store-first intake (`intake::receive::receive_structured`): the raw JSON is kept as the
//! stored row, listed with the received mail, and the lead is de-duplicated, scored and matched
//! to the property by its object number exactly like a mail inquiry.

use crate::intake::receive;
use entity::tenant_settings;
use sea_orm::sea_query::{Alias, Expr, LikeExpr};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde::Deserialize;

use model::{Country, InboundChannel, InboundEmailSummary, TenantId, WidgetSettings};

use crate::intake::parse::{self, ParseError, ParsedInquiry, Portal};
use crate::tenants::{self, audit, auth};
use crate::validate::{Checks, Email, Phone};
use crate::{Ctx, Db, Error, Result, now};

/// More sites than this is no longer "the office's website".
pub const MAX_ORIGINS: usize = 20;
/// Why a submission with the honeypot filled is kept but never becomes a lead.
pub const SPAM_REASON: &str = "SPAM_HONEYPOT";
/// A submission whose address is malformed: kept, the address not taken over.
pub const W_BAD_EMAIL: &str = "WIDGET_EMAIL_INVALID";

/// A fresh public widget key; the prefix makes a pasted key recognisable.
pub fn new_key() -> String {
    format!("wk_{}", auth::random_token(18))
}

/// The office a widget key names, with the origins it accepts posts from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetSite {
    pub tenant: TenantId,
    pub origins: Vec<String>,
}

impl WidgetSite {
    /// Whether a browser on `origin` (the request's `Origin` header) may post with this key.
    pub fn allows(&self, origin: &str) -> bool {
        normalise_origin(origin).is_ok_and(|o| self.origins.contains(&o))
    }
}

/// The office for a widget key. A missing key is "not signed in"; an unknown (or rotated) one
/// is "not found", like every other id.
pub async fn site_for_key(db: &Db, key: &str) -> Result<WidgetSite> {
    let key = key.trim();
    if key.is_empty() {
        return Err(Error::Unauthenticated);
    }
    let tx = db.platform_read().await?;
    let found = tenant_settings::Entity::find().filter(tenant_settings::Column::WidgetKey.eq(key)).one(&tx).await?;
    tx.commit().await?;
    let settings = found.ok_or(Error::NotFound("widget key"))?;
    Ok(WidgetSite { tenant: TenantId(settings.tenant_id), origins: stored_origins(&settings)? })
}

/// Whether any office lists `origin`. A CORS preflight carries no key (the browser sends no
/// body and no custom header values), so it can only be answered for the origin; the POST that
/// follows is checked against its own office's list.
pub async fn origin_known(db: &Db, origin: &str) -> Result<bool> {
    let Ok(origin) = normalise_origin(origin) else { return Ok(false) };
    let quoted = serde_json::to_string(&origin).map_err(|e| Error::Internal(format!("origin to JSON: {e}")))?;
    // The LIKE only narrows (JSON text spelled alike on both databases); Rust decides.
    let text = Expr::expr(
        Expr::col((tenant_settings::Entity, tenant_settings::Column::WidgetOrigins)).cast_as(Alias::new("TEXT")),
    );
    let tx = db.platform_read().await?;
    let candidates = tenant_settings::Entity::find()
        .filter(text.like(LikeExpr::new(format!("%{}%", like_escape(&quoted))).escape('\\')))
        .all(&tx)
        .await?;
    tx.commit().await?;
    for settings in candidates {
        if stored_origins(&settings)?.contains(&origin) {
            return Ok(true);
        }
    }
    Ok(false)
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn stored_origins(settings: &tenant_settings::Model) -> Result<Vec<String>> {
    serde_json::from_value(settings.widget_origins.clone())
        .map_err(|e| Error::Internal(format!("stored widget origins: {e}")))
}

/// An origin as browsers send it (`scheme://host[:port]`, lower-case, default port dropped).
/// Only `https` origins, and plain `http` for `localhost`/`127.0.0.1` (a site being built on
/// the office's own computer); no path, query, fragment or credentials.
pub fn normalise_origin(raw: &str) -> std::result::Result<String, &'static str> {
    let raw = raw.trim();
    let url = url::Url::parse(raw).map_err(|_| "invalid_origin")?;
    let host = url.host_str().ok_or("invalid_origin")?;
    let local = matches!(host, "localhost" | "127.0.0.1");
    match url.scheme() {
        "https" => {}
        "http" if local => {}
        "http" => return Err("insecure_origin"),
        _ => return Err("invalid_origin"),
    }
    // `Url` turns "https://a.de" into "https://a.de/": only that bare slash is no path.
    let bare = raw.trim_end_matches('/');
    if url.path() != "/"
        || url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
        || url.password().is_some()
        || bare.matches('/').count() != 2
    {
        return Err("origin_with_path");
    }
    Ok(url.origin().ascii_serialization())
}

/// The office's widget key and origins (admins). Offices that predate the widget get their key
/// here, on first use.
pub async fn settings(db: &Db, ctx: &Ctx) -> Result<WidgetSettings> {
    ctx.require_admin()?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let mut row = office_settings(&tx, ctx).await?;
    if row.widget_key.is_none() {
        row = set_key(&tx, row).await?;
    }
    tx.commit().await?;
    to_dto(&row)
}

/// Replaces the allowed origins (admins). Every entry is checked; all errors come back at once,
/// as `origins.<index>`.
pub async fn update_origins(db: &Db, ctx: &Ctx, origins: Vec<String>) -> Result<WidgetSettings> {
    ctx.require_admin()?;
    let mut checks = Checks::new();
    let mut clean: Vec<String> = Vec::new();
    for (i, raw) in origins.iter().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        match normalise_origin(raw) {
            Ok(o) if !clean.contains(&o) => clean.push(o),
            Ok(_) => {}
            Err(code) => checks.fail(&format!("origins.{i}"), code),
        }
    }
    if clean.len() > MAX_ORIGINS {
        checks.fail("origins", "too_long");
    }
    checks.finish()?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let mut row = office_settings(&tx, ctx).await?;
    if row.widget_key.is_none() {
        row = set_key(&tx, row).await?;
    }
    let mut am = row.into_active_model();
    am.widget_origins = Set(serde_json::json!(clean));
    am.updated_at = Set(now());
    let row = am.update(&tx).await?;
    audit::record(&tx, ctx, "widget.origins", None, Some(serde_json::json!({ "origins": clean }))).await?;
    tx.commit().await?;
    to_dto(&row)
}

/// A new widget key; pages embedding the old one stop working at once (admins).
pub async fn rotate_key(db: &Db, ctx: &Ctx) -> Result<WidgetSettings> {
    ctx.require_admin()?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let row = set_key(&tx, office_settings(&tx, ctx).await?).await?;
    audit::record(&tx, ctx, "widget.rotate_key", None, None).await?;
    tx.commit().await?;
    to_dto(&row)
}

async fn office_settings(tx: &impl ConnectionTrait, ctx: &Ctx) -> Result<tenant_settings::Model> {
    tenant_settings::Entity::find_by_id(ctx.tenant_id.0).one(tx).await?.ok_or(Error::NotFound("tenant"))
}

async fn set_key(tx: &impl ConnectionTrait, row: tenant_settings::Model) -> Result<tenant_settings::Model> {
    let mut am = row.into_active_model();
    am.widget_key = Set(Some(new_key()));
    am.updated_at = Set(now());
    Ok(am.update(tx).await?)
}

fn to_dto(row: &tenant_settings::Model) -> Result<WidgetSettings> {
    Ok(WidgetSettings {
        key: row.widget_key.clone().ok_or_else(|| Error::Internal("widget key missing".into()))?,
        origins: stored_origins(row)?,
    })
}

/// A form submission as the widget posts it. Unknown fields are ignored, so an older or newer
/// script keeps working.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct WidgetSubmission {
    /// The widget key, when it is sent in the body rather than the header.
    pub key: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub message: Option<String>,
    /// The office's object number of the listing the form sits on.
    pub property: Option<String>,
    pub viewing: bool,
    pub consent: bool,
    /// The honeypot: hidden from people, filled in by form-filling bots.
    pub website: Option<String>,
}

impl WidgetSubmission {
    /// Reads a request body; a body that is no JSON object is a field error on `body`.
    pub fn from_json(raw: &[u8]) -> Result<Self> {
        serde_json::from_slice(raw).map_err(|_| Error::invalid("body", "invalid", "the body is not a JSON inquiry"))
    }

    pub fn is_spam(&self) -> bool {
        self.website.as_deref().is_some_and(|w| !w.trim().is_empty())
    }

    /// Checks every field at once. A phone number must be one the office's country can read;
    /// an email or a phone is needed to answer at all; consent to be contacted is required.
    pub fn validate(&self, country: Country) -> Result<ParsedInquiry> {
        let mut c = Checks::new();
        c.required_text("name", self.name.clone(), 200);
        let email = c.email("email", self.email.clone());
        let phone = c.text("phone", self.phone.clone(), 40);
        if let Some(p) = &phone
            && let Err(code) = Phone::parse(p, country)
        {
            c.fail("phone", code);
        }
        if email.is_none() && phone.is_none() && !c.has("email") && !c.has("phone") {
            c.fail("email", "required");
        }
        let _ = c.text("message", self.message.clone(), 5_000);
        let _ = c.text("property", self.property.clone(), 100);
        if !self.consent {
            c.fail("consent", "required");
        }
        c.finish()?;
        Ok(self.inquiry())
    }

    /// The inquiry as intake reads it. Values are trimmed only: intake normalises and bounds
    /// them exactly as for a mail.
    pub fn inquiry(&self) -> ParsedInquiry {
        let field = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        if self.is_spam() {
            return ParsedInquiry {
                from: field(&self.email),
                subject: field(&self.property),
                warnings: vec![SPAM_REASON.to_owned()],
                ..ParsedInquiry::default()
            };
        }
        let name = field(&self.name).map(|n| parse::split_name(&n)).unwrap_or_default();
        let email = field(&self.email);
        let mut warnings = Vec::new();
        if email.as_deref().is_some_and(|e| Email::parse(e).is_err()) {
            warnings.push(W_BAD_EMAIL.to_owned());
        }
        ParsedInquiry {
            from: email.clone(),
            subject: field(&self.property),
            received_at: Some(now()),
            portal: Some(Portal::Website),
            salutation: name.salutation,
            first_name: name.first_name,
            last_name: name.last_name,
            email,
            phone: field(&self.phone),
            message: field(&self.message),
            object_number: field(&self.property),
            viewing_requested: self.viewing,
            warnings,
            ..ParsedInquiry::default()
        }
    }
}

/// Reads a stored widget submission again (reprocessing). It was checked when it arrived, so
/// it is read as it is; a honeypot submission stays spam.
pub(crate) fn read_stored(raw: &[u8]) -> std::result::Result<ParsedInquiry, ParseError> {
    let submission: WidgetSubmission = serde_json::from_slice(raw).map_err(|e| ParseError::Malformed(e.to_string()))?;
    Ok(submission.inquiry())
}

/// Takes in one submission for an office: a honeypot submission is stored as spam (and the
/// caller answers as for any other, so bots learn nothing); an invalid one is refused with
/// every field error and stores nothing; a valid one is stored, then becomes or joins a lead.
#[tracing::instrument(skip(db, raw, submission), fields(tenant_id = %tenant))]
pub async fn submit(
    db: &Db,
    tenant: TenantId,
    raw: &[u8],
    submission: &WidgetSubmission,
) -> Result<InboundEmailSummary> {
    if !submission.is_spam() {
        let tx = db.tenant(tenant).await?;
        let country = tenants::country_of(&tx, tenant).await?;
        tx.commit().await?;
        submission.validate(country)?;
    }
    receive::receive_structured(db, tenant, InboundChannel::Widget, raw, submission.inquiry()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_https_sites_or_local_ones() {
        assert_eq!(normalise_origin("https://WWW.Makler-Huber.de"), Ok("https://www.makler-huber.de".into()));
        assert_eq!(normalise_origin("https://makler.de/"), Ok("https://makler.de".into()));
        assert_eq!(normalise_origin("https://makler.de:443"), Ok("https://makler.de".into()));
        assert_eq!(normalise_origin("https://makler.de:8443"), Ok("https://makler.de:8443".into()));
        assert_eq!(normalise_origin("http://localhost:5173"), Ok("http://localhost:5173".into()));
        assert_eq!(normalise_origin("http://127.0.0.1:8080"), Ok("http://127.0.0.1:8080".into()));
        assert_eq!(normalise_origin("http://makler.de"), Err("insecure_origin"));
        assert_eq!(normalise_origin("https://makler.de/kontakt"), Err("origin_with_path"));
        assert_eq!(normalise_origin("https://makler.de//"), Err("origin_with_path"));
        assert_eq!(normalise_origin("https://makler.de?x=1"), Err("origin_with_path"));
        assert_eq!(normalise_origin("https://user@makler.de"), Err("origin_with_path"));
        assert_eq!(normalise_origin("makler.de"), Err("invalid_origin"));
        assert_eq!(normalise_origin("ftp://makler.de"), Err("invalid_origin"));
        assert_eq!(normalise_origin("null"), Err("invalid_origin"));
    }

    #[test]
    fn a_site_allows_exactly_its_origins() {
        let site = WidgetSite { tenant: TenantId(uuid::Uuid::nil()), origins: vec!["https://makler.de".into()] };
        assert!(site.allows("https://makler.de"));
        assert!(site.allows("https://MAKLER.de:443"));
        assert!(!site.allows("https://makler.de.evil.example"));
        assert!(!site.allows("http://makler.de"));
        assert!(!site.allows("null"));
    }

    fn valid() -> WidgetSubmission {
        WidgetSubmission {
            name: Some(" Frau Anna Huber ".into()),
            email: Some("Anna.Huber@Example.de".into()),
            phone: Some("0171 2345678".into()),
            message: Some("Ist die Wohnung noch frei?".into()),
            property: Some("HB-2041".into()),
            viewing: true,
            consent: true,
            ..WidgetSubmission::default()
        }
    }

    #[test]
    fn a_valid_submission_reads_like_a_website_inquiry() {
        let inquiry = valid().validate(Country::De).unwrap();
        assert_eq!(inquiry.portal, Some(Portal::Website));
        assert_eq!(inquiry.salutation.as_deref(), Some("Frau"));
        assert_eq!(inquiry.first_name.as_deref(), Some("Anna"));
        assert_eq!(inquiry.last_name.as_deref(), Some("Huber"));
        assert_eq!(inquiry.object_number.as_deref(), Some("HB-2041"));
        assert!(inquiry.viewing_requested);
        assert!(inquiry.warnings.is_empty());
    }

    #[test]
    fn every_field_error_comes_back_at_once() {
        let bad = WidgetSubmission {
            name: Some("  ".into()),
            email: Some("not-an-address".into()),
            phone: Some("12 abends".into()),
            message: Some("x".repeat(5_001)),
            consent: false,
            ..WidgetSubmission::default()
        };
        let Err(Error::Invalid(fields)) = bad.validate(Country::De) else { panic!("must be refused") };
        let codes: Vec<(&str, &str)> = fields.iter().map(|f| (f.field.as_str(), f.code.as_str())).collect();
        assert_eq!(
            codes,
            [
                ("name", "required"),
                ("email", "invalid_email"),
                ("phone", "invalid_phone"),
                ("message", "too_long"),
                ("consent", "required")
            ]
        );
        let no_contact = WidgetSubmission { email: None, phone: None, ..valid() };
        let Err(Error::Invalid(fields)) = no_contact.validate(Country::De) else { panic!("needs a contact") };
        assert_eq!(fields[0].field, "email");
    }

    #[test]
    fn a_filled_honeypot_is_spam_and_no_inquiry() {
        let bot = WidgetSubmission { website: Some("https://spam.example".into()), ..valid() };
        assert!(bot.is_spam());
        let inquiry = bot.inquiry();
        assert_eq!(inquiry.portal, None);
        assert_eq!(inquiry.warnings, [SPAM_REASON]);
        let stored = serde_json::to_vec(&serde_json::json!({"name": "Bot", "website": "x", "consent": true})).unwrap();
        assert_eq!(read_stored(&stored).unwrap().portal, None);
        assert!(matches!(read_stored(b"{nope"), Err(ParseError::Malformed(_))));
    }
}
