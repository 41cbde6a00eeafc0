//! Errors: the server's, and the messages for a form's fields.

use super::Locale;
use model::error::FieldError;

super::area_texts! {
    /// Errors: the server's, and the messages for a form's fields.
    ErrorTexts {
        too_many_attempts: "Zu viele Versuche. Bitte warten Sie kurz.", "Too many attempts. Please wait a moment.";
        error_generic:
            "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.",
            "Something went wrong. Please try again.";
        not_found: "Nicht gefunden.", "Not found.";
        forbidden: "Dafür fehlen Ihnen die Rechte.", "You are not allowed to do that.";
        required: "Pflichtfeld", "Required";
        invalid_email: "Keine gültige E-Mail-Adresse", "Not a valid email address";
        invalid_phone: "Keine gültige Telefonnummer", "Not a valid phone number";
        too_long: "Zu lang", "Too long";
        out_of_range: "Außerhalb des erlaubten Bereichs", "Out of range";
        invalid_range: "Minimum liegt über dem Maximum", "Minimum is above maximum";
        weak_password: "Mindestens 10 Zeichen", "At least 10 characters";
        invalid: "Ungültig", "Invalid";
        invalid_transition: "Dieser Statuswechsel ist nicht möglich", "This status change is not possible";
        form_invalid: "Bitte prüfen Sie die markierten Felder.", "Please check the marked fields.";
        mismatch: "Stimmt nicht überein", "Does not match";
        overlap: "Zwei Zeitfenster eines Tages überschneiden sich", "Two windows of one day overlap";
        too_many: "Zu viele Einträge", "Too many entries";
    }
}

impl ErrorTexts {
    /// The message for a field error code from the server.
    pub fn field_error(&self, code: &str) -> &'static str {
        match code {
            "required" => self.required,
            "invalid_email" => self.invalid_email,
            "invalid_phone" => self.invalid_phone,
            "too_long" => self.too_long,
            "out_of_range" => self.out_of_range,
            "invalid_range" => self.invalid_range,
            "weak_password" => self.weak_password,
            "invalid_transition" => self.invalid_transition,
            "mismatch" => self.mismatch,
            "overlap" => self.overlap,
            "too_many" => self.too_many,
            _ => self.invalid,
        }
    }

    /// A field error in the user's language; codes the catalogue does not know keep the server's
    /// (English) message.
    pub fn field_message(&self, f: &FieldError) -> String {
        match f.code.as_str() {
            "required" | "invalid_email" | "invalid_phone" | "too_long" | "out_of_range" | "invalid_range"
            | "weak_password" | "invalid_transition" | "mismatch" | "overlap" | "too_many" | "invalid" => {
                self.field_error(&f.code).to_owned()
            }
            _ if f.message.is_empty() => self.invalid.to_owned(),
            _ => f.message.clone(),
        }
    }
}
