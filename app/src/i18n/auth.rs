//! Signing in and accepting an invitation.

use super::Locale;

super::area_texts! {
    /// Signing in and accepting an invitation.
    AuthTexts {
        login_title: "Willkommen bei Immivo", "Welcome to Immivo";
        login_subtitle: "Melden Sie sich mit Ihrem Büro-Konto an.", "Sign in with your office account.";
        password: "Passwort", "Password";
        sign_in: "Anmelden", "Sign in";
        wrong_credentials: "E-Mail oder Passwort ist falsch.", "Email or password is wrong.";
        invite_title: "Einladung annehmen", "Accept invitation";
        invite_accept: "Passwort festlegen und loslegen", "Set password and start";
    }
}
