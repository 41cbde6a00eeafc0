//! The team page: colleagues, roles, invitations.

use super::Locale;
use model::Role;

super::area_texts! {
    /// The team page: colleagues, roles, invitations.
    UserTexts {
        title: "Team", "Team";
        invite: "Kolleg:in einladen", "Invite colleague";
        name: "Name", "Name";
        role: "Rolle", "Role";
        active: "Aktiv", "Active";
        invited: "Eingeladen", "Invited";
        invite_link: "Einladungslink (nur jetzt sichtbar):", "Invitation link (visible only now):";
        deactivate: "Deaktivieren", "Deactivate";
        activate: "Aktivieren", "Activate";
        cannot_change_self:
            "Die eigene Rolle lässt sich nicht ändern, das eigene Konto nicht deaktivieren.",
            "You cannot change your own role or deactivate yourself.";
        empty: "Noch keine Kolleg:innen.", "No colleagues yet.";
        state: "Zustand", "State";
        inactive: "Deaktiviert", "Deactivated";
        deactivate_confirm:
            "Dieses Konto deaktivieren? Alle Sitzungen enden sofort.",
            "Deactivate this account? All its sessions end at once.";
        email_taken:
            "Für diese E-Mail-Adresse gibt es schon ein Konto.",
            "There is an account for this email address already.";
        invite_send: "Einladen", "Invite";
    }
}

impl UserTexts {
    pub fn role(&self, r: Role) -> &'static str {
        match (r, self.locale) {
            (Role::SuperAdmin, Locale::De) => "Plattform-Admin",
            (Role::Admin, Locale::De) => "Büro-Admin",
            (Role::Agent, Locale::De) => "Makler:in",
            (Role::SuperAdmin, Locale::En) => "Platform admin",
            (Role::Admin, Locale::En) => "Office admin",
            (Role::Agent, Locale::En) => "Agent",
        }
    }
}
