//! The demo office: what `immivo seed-demo` and the first start of an empty database create, so
//! that a new installation has something real to look at.

use chrono::{Duration, Utc};
use entity::{lead, lead_activity, property};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use uuid::{Timestamp, Uuid};

use model::{
    ActivityDetail, ActivityKind, Country, Financing, LeadSource, LeadStatus, MarketingType, Money, PropertyStatus,
    PropertyType, Role, TenantId, Timeframe,
};

use crate::tenants::{self, users};
use crate::{Db, Error, Result};

pub const DEMO_SLUG: &str = "demo";

/// Who can sign in to the demo, printed once at seeding.
#[derive(Clone, Debug)]
pub struct DemoCredentials {
    pub tenant: String,
    pub accounts: Vec<(Role, String, String)>,
}

/// An id whose time part is `at`, so that the demo's newest-first order follows its dates.
fn id_at(at: chrono::DateTime<Utc>) -> Uuid {
    let secs = at.timestamp().max(0) as u64;
    Uuid::new_v7(Timestamp::from_unix(uuid::NoContext, secs, at.timestamp_subsec_nanos()))
}

struct DemoProperty {
    reference: &'static str,
    title: &'static str,
    kind: PropertyType,
    marketing: MarketingType,
    street: &'static str,
    number: &'static str,
    postcode: &'static str,
    city: &'static str,
    country: Country,
    price_eur: i64,
    rooms_tenths: i32,
    area_m2: i64,
    plot_m2: Option<i64>,
    year: i32,
    energy_class: &'static str,
    description: &'static str,
    features: &'static [&'static str],
}

const PROPERTIES: &[DemoProperty] = &[
    DemoProperty {
        reference: "W-1070-12",
        title: "Altbauwohnung mit Balkon in Neubau",
        kind: PropertyType::Apartment,
        marketing: MarketingType::Buy,
        street: "Kaiserstraße",
        number: "41",
        postcode: "1070",
        city: "Wien",
        country: Country::At,
        price_eur: 489_000,
        rooms_tenths: 30,
        area_m2: 82,
        plot_m2: None,
        year: 1902,
        energy_class: "C",
        description: "Helle Altbauwohnung im 3. Stock mit Flügeltüren, Fischgrätparkett und ruhigem Hofbalkon. U6 Burggasse in 4 Minuten.",
        features: &["Balkon", "Lift", "Parkett", "Altbau"],
    },
    DemoProperty {
        reference: "W-1190-03",
        title: "Familienhaus mit Garten in Döbling",
        kind: PropertyType::House,
        marketing: MarketingType::Buy,
        street: "Sieveringer Straße",
        number: "118",
        postcode: "1190",
        city: "Wien",
        country: Country::At,
        price_eur: 1_290_000,
        rooms_tenths: 60,
        area_m2: 178,
        plot_m2: Some(640),
        year: 1978,
        energy_class: "D",
        description: "Freistehendes Einfamilienhaus in Grünruhelage, 2019 saniert, mit Wintergarten, Doppelgarage und altem Baumbestand.",
        features: &["Garten", "Garage", "Wintergarten", "Keller"],
    },
    DemoProperty {
        reference: "W-1020-07",
        title: "Neubau-Mietwohnung nahe Prater",
        kind: PropertyType::Apartment,
        marketing: MarketingType::Rent,
        street: "Vorgartenstraße",
        number: "206",
        postcode: "1020",
        city: "Wien",
        country: Country::At,
        price_eur: 1_240,
        rooms_tenths: 20,
        area_m2: 58,
        plot_m2: None,
        year: 2021,
        energy_class: "A",
        description: "Erstbezug nach Fertigstellung: 2 Zimmer, Loggia, Fußbodenheizung, Einbauküche. Provisionsfrei.",
        features: &["Loggia", "Einbauküche", "Fußbodenheizung", "Lift"],
    },
    DemoProperty {
        reference: "S-5020-02",
        title: "Penthouse mit Festungsblick",
        kind: PropertyType::Apartment,
        marketing: MarketingType::Buy,
        street: "Imbergstraße",
        number: "9",
        postcode: "5020",
        city: "Salzburg",
        country: Country::At,
        price_eur: 1_650_000,
        rooms_tenths: 40,
        area_m2: 136,
        plot_m2: None,
        year: 2016,
        energy_class: "B",
        description: "Dachterrassenwohnung über zwei Ebenen mit 60 m² Terrasse und Blick auf Festung Hohensalzburg.",
        features: &["Dachterrasse", "Tiefgarage", "Lift", "Klimaanlage"],
    },
    DemoProperty {
        reference: "G-8010-05",
        title: "Sanierte 3-Zimmer-Wohnung in Graz-Geidorf",
        kind: PropertyType::Apartment,
        marketing: MarketingType::Buy,
        street: "Elisabethstraße",
        number: "27",
        postcode: "8010",
        city: "Graz",
        country: Country::At,
        price_eur: 349_000,
        rooms_tenths: 30,
        area_m2: 74,
        plot_m2: None,
        year: 1965,
        energy_class: "C",
        description: "Kernsanierte Wohnung nahe Universität, neue Fenster, neues Bad, ideal für Eigennutzer und Anleger.",
        features: &["Balkon", "Kellerabteil", "Fahrradraum"],
    },
    DemoProperty {
        reference: "M-80331-11",
        title: "Stadtwohnung am Viktualienmarkt",
        kind: PropertyType::Apartment,
        marketing: MarketingType::Buy,
        street: "Frauenstraße",
        number: "14",
        postcode: "80331",
        city: "München",
        country: Country::De,
        price_eur: 1_180_000,
        rooms_tenths: 30,
        area_m2: 92,
        plot_m2: None,
        year: 1958,
        energy_class: "D",
        description: "Seltene Gelegenheit in der Altstadt: 3 Zimmer, Südbalkon, Lift, Tiefgaragenstellplatz optional.",
        features: &["Balkon", "Lift", "Tiefgarage"],
    },
    DemoProperty {
        reference: "M-81545-04",
        title: "Reihenhaus in Harlaching",
        kind: PropertyType::House,
        marketing: MarketingType::Buy,
        street: "Naupliastraße",
        number: "62",
        postcode: "81545",
        city: "München",
        country: Country::De,
        price_eur: 1_390_000,
        rooms_tenths: 50,
        area_m2: 142,
        plot_m2: Some(260),
        year: 1994,
        energy_class: "C",
        description: "Gepflegtes Reihenmittelhaus nahe Isarauen, Garten mit Terrasse, ausgebautes Dachgeschoss.",
        features: &["Garten", "Terrasse", "Stellplatz", "Keller"],
    },
    DemoProperty {
        reference: "B-10437-08",
        title: "Loft im Prenzlauer Berg",
        kind: PropertyType::Apartment,
        marketing: MarketingType::Rent,
        street: "Kastanienallee",
        number: "77",
        postcode: "10437",
        city: "Berlin",
        country: Country::De,
        price_eur: 2_150,
        rooms_tenths: 25,
        area_m2: 96,
        plot_m2: None,
        year: 1899,
        energy_class: "E",
        description: "Fabrikloft mit 4 m Deckenhöhe, offener Küche und Gussstützen. Möbliert oder unmöbliert.",
        features: &["Loft", "Einbauküche", "Altbau"],
    },
    DemoProperty {
        reference: "H-20249-01",
        title: "Baugrundstück in Eppendorf",
        kind: PropertyType::Land,
        marketing: MarketingType::Buy,
        street: "Loogestieg",
        number: "3",
        postcode: "20249",
        city: "Hamburg",
        country: Country::De,
        price_eur: 960_000,
        rooms_tenths: 0,
        area_m2: 0,
        plot_m2: Some(720),
        year: 0,
        energy_class: "",
        description: "Voll erschlossenes Grundstück für ein Einfamilien- oder Doppelhaus, Bauvorbescheid liegt vor.",
        features: &["erschlossen", "Bauvorbescheid"],
    },
    DemoProperty {
        reference: "I-6020-06",
        title: "Büro mit Bergblick in Innsbruck",
        kind: PropertyType::Commercial,
        marketing: MarketingType::Rent,
        street: "Maria-Theresien-Straße",
        number: "18",
        postcode: "6020",
        city: "Innsbruck",
        country: Country::At,
        price_eur: 3_400,
        rooms_tenths: 50,
        area_m2: 185,
        plot_m2: None,
        year: 2008,
        energy_class: "B",
        description: "Repräsentative Bürofläche in der Fußgängerzone, 5 Räume, Besprechungsraum, Teeküche.",
        features: &["Lift", "Klimaanlage", "Barrierefrei"],
    },
];

struct DemoLead {
    first: &'static str,
    last: &'static str,
    salutation: &'static str,
    email: &'static str,
    phone: &'static str,
    source: LeadSource,
    status: LeadStatus,
    timeframe: Timeframe,
    financing: Financing,
    budget: Option<(i64, i64)>,
    property: usize,
    to_agent: bool,
    days_ago: i64,
    message: &'static str,
}

const LEADS: &[DemoLead] = &[
    DemoLead {
        first: "Katharina",
        last: "Gruber",
        salutation: "Frau",
        email: "k.gruber@gmx.at",
        phone: "+43 664 1234567",
        source: LeadSource::Willhaben,
        status: LeadStatus::New,
        timeframe: Timeframe::ThreeMonths,
        financing: Financing::Approved,
        budget: Some((420_000, 500_000)),
        property: 0,
        to_agent: true,
        days_ago: 0,
        message: "Guten Tag, ich interessiere mich sehr für die Altbauwohnung in der Kaiserstraße. Wäre eine Besichtigung am Donnerstag möglich?",
    },
    DemoLead {
        first: "Lukas",
        last: "Hofer",
        salutation: "Herr",
        email: "lukas.hofer@outlook.com",
        phone: "0676 9876543",
        source: LeadSource::Willhaben,
        status: LeadStatus::Contacted,
        timeframe: Timeframe::Immediate,
        financing: Financing::Cash,
        budget: Some((1_100_000, 1_300_000)),
        property: 1,
        to_agent: true,
        days_ago: 1,
        message: "Wir suchen für unsere Familie (2 Kinder) ein Haus mit Garten in Döbling. Finanzierung ist gesichert.",
    },
    DemoLead {
        first: "Sophie",
        last: "Wagner",
        salutation: "Frau",
        email: "sophie.wagner@web.de",
        phone: "+49 171 2345678",
        source: LeadSource::Immoscout24,
        status: LeadStatus::Conversation,
        timeframe: Timeframe::SixMonths,
        financing: Financing::InProgress,
        budget: Some((900_000, 1_200_000)),
        property: 5,
        to_agent: true,
        days_ago: 2,
        message: "Hallo, ist die Wohnung am Viktualienmarkt noch verfügbar? Gibt es einen Tiefgaragenplatz dazu?",
    },
    DemoLead {
        first: "Maximilian",
        last: "Bauer",
        salutation: "Herr",
        email: "max.bauer@t-online.de",
        phone: "089 12345678",
        source: LeadSource::Immoscout24,
        status: LeadStatus::Booked,
        timeframe: Timeframe::ThreeMonths,
        financing: Financing::Approved,
        budget: Some((1_300_000, 1_450_000)),
        property: 6,
        to_agent: true,
        days_ago: 3,
        message: "Wir würden das Reihenhaus gerne am Samstag besichtigen. Kaufbereitschaft ist vorhanden.",
    },
    DemoLead {
        first: "Anna",
        last: "Steiner",
        salutation: "Frau",
        email: "anna.steiner@gmail.com",
        phone: "+43 699 11122233",
        source: LeadSource::Website,
        status: LeadStatus::New,
        timeframe: Timeframe::TwelveMonths,
        financing: Financing::Unknown,
        budget: Some((300_000, 380_000)),
        property: 4,
        to_agent: false,
        days_ago: 0,
        message: "Bitte senden Sie mir das Exposé zur Wohnung in Graz-Geidorf.",
    },
    DemoLead {
        first: "Jonas",
        last: "Schmidt",
        salutation: "Herr",
        email: "jonas.schmidt@posteo.de",
        phone: "030 98765432",
        source: LeadSource::Immowelt,
        status: LeadStatus::Contacted,
        timeframe: Timeframe::Immediate,
        financing: Financing::None,
        budget: Some((1_800, 2_300)),
        property: 7,
        to_agent: true,
        days_ago: 4,
        message: "Ich ziehe beruflich nach Berlin und suche ab sofort ein Loft. Ist Haustierhaltung erlaubt?",
    },
    DemoLead {
        first: "Elena",
        last: "Pichler",
        salutation: "Frau",
        email: "elena.pichler@aon.at",
        phone: "0662 876543",
        source: LeadSource::Willhaben,
        status: LeadStatus::Lost,
        timeframe: Timeframe::SixMonths,
        financing: Financing::InProgress,
        budget: Some((1_400_000, 1_700_000)),
        property: 3,
        to_agent: false,
        days_ago: 20,
        message: "Interesse am Penthouse, bitte um Rückruf am Abend.",
    },
    DemoLead {
        first: "Felix",
        last: "Mayr",
        salutation: "Herr",
        email: "felix.mayr@icloud.com",
        phone: "+43 650 5556677",
        source: LeadSource::Willhaben,
        status: LeadStatus::New,
        timeframe: Timeframe::Immediate,
        financing: Financing::None,
        budget: Some((1_100, 1_300)),
        property: 2,
        to_agent: true,
        days_ago: 0,
        message: "Hallo! Ist die Wohnung beim Prater noch frei? Ich könnte ab 1. nächsten Monats einziehen.",
    },
    DemoLead {
        first: "Laura",
        last: "Fischer",
        salutation: "Frau",
        email: "laura.fischer@gmx.de",
        phone: "0160 4455667",
        source: LeadSource::Kleinanzeigen,
        status: LeadStatus::Conversation,
        timeframe: Timeframe::ThreeMonths,
        financing: Financing::Cash,
        budget: Some((850_000, 1_000_000)),
        property: 8,
        to_agent: false,
        days_ago: 6,
        message: "Ist das Grundstück in Eppendorf schon bebaubar? Wir planen ein Doppelhaus mit Freunden.",
    },
    DemoLead {
        first: "David",
        last: "Huber",
        salutation: "Herr",
        email: "d.huber@firma-huber.at",
        phone: "0512 567890",
        source: LeadSource::Website,
        status: LeadStatus::Contacted,
        timeframe: Timeframe::ThreeMonths,
        financing: Financing::Unknown,
        budget: None,
        property: 9,
        to_agent: false,
        days_ago: 5,
        message: "Für unser Team (12 Personen) suchen wir Büroflächen in der Innsbrucker Innenstadt.",
    },
    DemoLead {
        first: "Marie",
        last: "Weber",
        salutation: "Frau",
        email: "marie.weber@yahoo.de",
        phone: "0151 22334455",
        source: LeadSource::Immoscout24,
        status: LeadStatus::New,
        timeframe: Timeframe::Unknown,
        financing: Financing::Unknown,
        budget: None,
        property: 5,
        to_agent: false,
        days_ago: 1,
        message: "Wie hoch ist das Hausgeld?",
    },
    DemoLead {
        first: "Tobias",
        last: "Wimmer",
        salutation: "Herr",
        email: "tobias.wimmer@chello.at",
        phone: "+43 660 7788990",
        source: LeadSource::Willhaben,
        status: LeadStatus::Booked,
        timeframe: Timeframe::Immediate,
        financing: Financing::Approved,
        budget: Some((450_000, 520_000)),
        property: 0,
        to_agent: true,
        days_ago: 8,
        message: "Besichtigungstermin am Dienstag passt uns gut, wir kommen zu zweit.",
    },
    DemoLead {
        first: "Hannah",
        last: "Koch",
        salutation: "Frau",
        email: "hannah.koch@mailbox.org",
        phone: "040 3344556",
        source: LeadSource::Immowelt,
        status: LeadStatus::Lost,
        timeframe: Timeframe::TwelveMonths,
        financing: Financing::None,
        budget: Some((600_000, 800_000)),
        property: 8,
        to_agent: false,
        days_ago: 25,
        message: "Wir haben inzwischen etwas anderes gefunden, danke.",
    },
    DemoLead {
        first: "Paul",
        last: "Leitner",
        salutation: "Herr",
        email: "paul.leitner@gmail.com",
        phone: "0316 445566",
        source: LeadSource::Referral,
        status: LeadStatus::Conversation,
        timeframe: Timeframe::SixMonths,
        financing: Financing::Approved,
        budget: Some((320_000, 360_000)),
        property: 4,
        to_agent: true,
        days_ago: 9,
        message: "Empfehlung von Familie Gruber. Wir suchen eine Anlegerwohnung in Graz.",
    },
    DemoLead {
        first: "Lena",
        last: "Schneider",
        salutation: "Frau",
        email: "lena.schneider@web.de",
        phone: "0176 99887766",
        source: LeadSource::Kleinanzeigen,
        status: LeadStatus::New,
        timeframe: Timeframe::ThreeMonths,
        financing: Financing::InProgress,
        budget: Some((1_000_000, 1_250_000)),
        property: 6,
        to_agent: true,
        days_ago: 0,
        message: "Hallo, gibt es zum Reihenhaus Grundrisse? Danke und viele Grüße",
    },
    DemoLead {
        first: "Florian",
        last: "Eder",
        salutation: "Herr",
        email: "florian.eder@a1.net",
        phone: "+43 664 3344556",
        source: LeadSource::Phone,
        status: LeadStatus::Contacted,
        timeframe: Timeframe::SixMonths,
        financing: Financing::Unknown,
        budget: Some((1_200_000, 1_400_000)),
        property: 1,
        to_agent: false,
        days_ago: 3,
        message: "Telefonische Anfrage: Interesse an Häusern im 19. Bezirk, bitte Rückruf.",
    },
    DemoLead {
        first: "Julia",
        last: "Berger",
        salutation: "Frau",
        email: "julia.berger@gmx.at",
        phone: "0664 2233445",
        source: LeadSource::Willhaben,
        status: LeadStatus::New,
        timeframe: Timeframe::Immediate,
        financing: Financing::Cash,
        budget: Some((1_500_000, 1_700_000)),
        property: 3,
        to_agent: false,
        days_ago: 1,
        message: "Bitte um Besichtigung des Penthouses, Barzahlung möglich.",
    },
    DemoLead {
        first: "Niklas",
        last: "Hoffmann",
        salutation: "Herr",
        email: "niklas.hoffmann@gmail.com",
        phone: "0172 1122334",
        source: LeadSource::Immoscout24,
        status: LeadStatus::Conversation,
        timeframe: Timeframe::ThreeMonths,
        financing: Financing::Approved,
        budget: Some((2_000, 2_300)),
        property: 7,
        to_agent: true,
        days_ago: 7,
        message: "Ist das Loft auch für ein Homeoffice geeignet (Glasfaser)?",
    },
    DemoLead {
        first: "Sarah",
        last: "Moser",
        salutation: "Frau",
        email: "sarah.moser@outlook.at",
        phone: "+43 676 5566778",
        source: LeadSource::Website,
        status: LeadStatus::New,
        timeframe: Timeframe::SixMonths,
        financing: Financing::InProgress,
        budget: Some((1_000, 1_300)),
        property: 2,
        to_agent: false,
        days_ago: 2,
        message: "Ich suche eine 2-Zimmer-Wohnung im 2. Bezirk, gerne mit Loggia.",
    },
    DemoLead {
        first: "Moritz",
        last: "Lang",
        salutation: "Herr",
        email: "moritz.lang@t-online.de",
        phone: "089 87654321",
        source: LeadSource::Immoscout24,
        status: LeadStatus::Booked,
        timeframe: Timeframe::Immediate,
        financing: Financing::Cash,
        budget: Some((1_100_000, 1_200_000)),
        property: 5,
        to_agent: false,
        days_ago: 11,
        message: "Termin am Freitag um 16 Uhr bestätigt. Bringe meinen Finanzberater mit.",
    },
];

/// Creates the demo office unless it exists. Returns the credentials when it created them.
pub async fn seed_demo(db: &Db, password: &str) -> Result<Option<DemoCredentials>> {
    let tx = db.platform().await?;
    if entity::tenant::Entity::find().filter(entity::tenant::Column::Slug.eq(DEMO_SLUG)).one(&tx).await?.is_some() {
        tx.commit().await?;
        return Ok(None);
    }
    let office = tenants::create(&tx, "Immobilien Brandstätter & Partner", DEMO_SLUG, Country::At).await?;
    let tenant = TenantId(office.id);
    let platform = tenants::create(&tx, "Immivo Plattform", "immivo-platform", Country::At).await?;
    let accounts = vec![
        (Role::Admin, "admin@demo.immivo.local".to_owned(), "Eva Brandstätter"),
        (Role::Agent, "agent@demo.immivo.local".to_owned(), "Markus Lechner"),
        (Role::Agent, "agentin@demo.immivo.local".to_owned(), "Nina Wallner"),
    ];
    let admin = users::create_with_password(&tx, tenant, &accounts[0].1, accounts[0].2, Role::Admin, password).await?;
    let agent = users::create_with_password(&tx, tenant, &accounts[1].1, accounts[1].2, Role::Agent, password).await?;
    let colleague =
        users::create_with_password(&tx, tenant, &accounts[2].1, accounts[2].2, Role::Agent, password).await?;
    let staff_email = "staff@immivo.local";
    users::create_with_password(&tx, TenantId(platform.id), staff_email, "Platform Staff", Role::SuperAdmin, password)
        .await?;

    let now = Utc::now();
    let mut property_ids = Vec::new();
    for (i, p) in PROPERTIES.iter().enumerate() {
        let at = now - Duration::days(60 - i as i64 * 3);
        let cents = p.price_eur * 100;
        let m = property::ActiveModel {
            id: Set(id_at(at)),
            tenant_id: Set(office.id),
            reference: Set(Some(p.reference.to_owned())),
            title: Set(p.title.to_owned()),
            property_type: Set(p.kind.as_str().to_owned()),
            marketing_type: Set(p.marketing.as_str().to_owned()),
            status: Set(PropertyStatus::Active.as_str().to_owned()),
            street: Set(Some(p.street.to_owned())),
            house_number: Set(Some(p.number.to_owned())),
            postcode: Set(Some(p.postcode.to_owned())),
            city: Set(p.city.to_owned()),
            country: Set(p.country.as_str().to_owned()),
            price_cents: Set(Some(cents)),
            rooms_tenths: Set((p.rooms_tenths > 0).then_some(p.rooms_tenths)),
            living_area_cm2: Set((p.area_m2 > 0).then_some(p.area_m2 * 100)),
            plot_area_cm2: Set(p.plot_m2.map(|a| a * 100)),
            year_built: Set((p.year > 0).then_some(p.year)),
            energy_certificate_type: Set((!p.energy_class.is_empty()).then(|| "DEMAND".to_owned())),
            energy_value_tenths: Set((!p.energy_class.is_empty()).then_some(650 + i as i32 * 90)),
            energy_class: Set((!p.energy_class.is_empty()).then(|| p.energy_class.to_owned())),
            heating_type: Set(Some(if p.year > 2010 { "Fernwärme" } else { "Gas-Zentralheizung" }.to_owned())),
            description: Set(Some(p.description.to_owned())),
            features: Set(serde_json::json!(p.features)),
            external_ids: Set(serde_json::json!({})),
            created_at: Set(at),
            updated_at: Set(at),
        }
        .insert(&tx)
        .await?;
        property_ids.push(m.id);
    }

    let zone = crate::tenants::zone_of(&tx, TenantId(office.id)).await?;
    for (i, l) in LEADS.iter().enumerate() {
        let at = now - Duration::days(l.days_ago) - Duration::minutes(37 * i as i64);
        let owner = if l.to_agent {
            agent.id
        } else if i % 2 == 0 {
            colleague.id
        } else {
            admin.id
        };
        let lead_id = id_at(at);
        let mut model = lead::Model {
            id: lead_id,
            tenant_id: office.id,
            status: l.status.as_str().to_owned(),
            source: l.source.as_str().to_owned(),
            salutation: Some(l.salutation.to_owned()),
            first_name: Some(l.first.to_owned()),
            last_name: Some(l.last.to_owned()),
            email: Some(l.email.to_owned()),
            phone: crate::validate::Phone::parse(l.phone, PROPERTIES[l.property].country)
                .ok()
                .map(|p| p.into_inner())
                .or(Some(l.phone.to_owned())),
            message: Some(l.message.to_owned()),
            budget_min: l.budget.map(|b| Money::from_whole(b.0).cents()),
            budget_max: l.budget.map(|b| Money::from_whole(b.1).cents()),
            timeframe: l.timeframe.as_str().to_owned(),
            financing: l.financing.as_str().to_owned(),
            score: 0,
            score_factors: serde_json::json!([]),
            property_id: Some(property_ids[l.property]),
            assigned_to: Some(owner),
            flags: serde_json::json!([]),
            viewing_requested: l.message.contains("Besichtigung"),
            viewing_wish_from: None,
            viewing_wish_to: None,
            viewing_wish_precision: None,
            reply_drafted_at: None,
            reply_sent_at: None,
            possible_duplicate_of: None,
            created_at: at,
            updated_at: at,
        };
        let wish = crate::intake::parse::viewing_wish(l.message, at.with_timezone(&zone));
        crate::leads::set_viewing_wish(&mut model, wish.as_ref());
        // Scored like every other lead, from its own fields and its property's price.
        crate::leads::rescore(&tx, TenantId(office.id), &mut model).await?;
        model.into_active_model().insert(&tx).await?;
        // Leads from a call, a referral or by hand were entered by a person, the others came in.
        let portal = match l.source {
            LeadSource::Manual | LeadSource::Phone | LeadSource::Referral => None,
            inquiry => Some(inquiry.as_str().to_owned()),
        };
        let mut activities = vec![(ActivityKind::Created, ActivityDetail::Created { portal, flags: vec![] })];
        if l.status != LeadStatus::New {
            let changed =
                ActivityDetail::StatusChanged { from: LeadStatus::New, to: l.status, reason: None, cause: None };
            activities.push((ActivityKind::StatusChanged, changed));
        }
        for (n, (kind, detail)) in activities.into_iter().enumerate() {
            let when = at + Duration::minutes(n as i64 * 5);
            let data = serde_json::to_value(detail).map_err(|e| Error::Internal(format!("activity to JSON: {e}")))?;
            lead_activity::ActiveModel {
                id: Set(id_at(when)),
                tenant_id: Set(office.id),
                lead_id: Set(lead_id),
                kind: Set(kind.as_str().to_owned()),
                data: Set(Some(data)),
                actor_id: Set(None),
                created_at: Set(when),
            }
            .insert(&tx)
            .await?;
        }
    }
    tx.commit().await?;

    let mut accounts: Vec<(Role, String, String)> =
        accounts.into_iter().map(|(r, e, _)| (r, e, password.to_owned())).collect();
    accounts.push((Role::SuperAdmin, staff_email.to_owned(), password.to_owned()));
    Ok(Some(DemoCredentials { tenant: office.name, accounts }))
}
