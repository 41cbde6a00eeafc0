/*
 * Immivo website widget: an inquiry form for an office's own website.
 *
 *   <script src="https://app.example/widget.js" data-key="wk_..." data-property="OBJ-1"
 *           data-lang="de" async></script>
 *
 * The form is drawn right after the script tag, inside a shadow root so that the site's styles
 * and ours leave each other alone. It posts JSON to the Immivo server the script came from;
 * the server accepts it only from the sites the office allowed. Plain JavaScript, no build step.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src) return;
  var key = script.getAttribute("data-key") || "";
  var property = script.getAttribute("data-property") || "";
  var lang = (script.getAttribute("data-lang") || document.documentElement.lang || "de").slice(0, 2).toLowerCase();
  var endpoint = new URL("/api/v1/inquiries", script.src).href;

  var TEXTS = {
    de: {
      title: "Anfrage senden",
      name: "Name",
      email: "E-Mail",
      phone: "Telefon",
      message: "Ihre Nachricht",
      viewing: "Ich möchte einen Besichtigungstermin",
      consent: "Ich bin einverstanden, dass meine Angaben zur Bearbeitung meiner Anfrage verwendet werden.",
      honeypot: "Bitte leer lassen",
      send: "Anfrage senden",
      sending: "Wird gesendet …",
      sent: "Vielen Dank! Ihre Anfrage ist eingegangen, wir melden uns in Kürze.",
      invalid: "Bitte prüfen Sie die markierten Felder.",
      tooMany: "Zu viele Anfragen. Bitte versuchen Sie es in {m} Minuten erneut.",
      failed: "Die Anfrage konnte nicht gesendet werden. Bitte versuchen Sie es später erneut.",
      required: "Pflichtfeld",
      contact: "Bitte geben Sie eine E-Mail-Adresse oder Telefonnummer an.",
      invalid_email: "Keine gültige E-Mail-Adresse",
      invalid_phone: "Keine gültige Telefonnummer",
      too_long: "Zu lang",
      other: "Ungültige Eingabe"
    },
    en: {
      title: "Send an inquiry",
      name: "Name",
      email: "Email",
      phone: "Phone",
      message: "Your message",
      viewing: "I would like to arrange a viewing",
      consent: "I agree that my details are used to handle my inquiry.",
      honeypot: "Please leave empty",
      send: "Send inquiry",
      sending: "Sending …",
      sent: "Thank you! Your inquiry has arrived; we will be in touch shortly.",
      invalid: "Please check the marked fields.",
      tooMany: "Too many inquiries. Please try again in {m} minutes.",
      failed: "The inquiry could not be sent. Please try again later.",
      required: "Required",
      contact: "Please give an email address or a phone number.",
      invalid_email: "Not a valid email address",
      invalid_phone: "Not a valid phone number",
      too_long: "Too long",
      other: "Not valid"
    }
  };
  var t = TEXTS[lang] || TEXTS.de;

  var STYLE =
    ":host{all:initial;display:block;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#0f172a}" +
    "form{display:grid;gap:12px;max-width:560px}" +
    "h2{margin:0 0 4px;font-size:18px}" +
    "label{display:block;font-weight:600;font-size:14px;margin-bottom:4px}" +
    "input[type=text],input[type=email],input[type=tel],textarea{box-sizing:border-box;width:100%;padding:8px 10px;" +
    "border:1px solid #94a3b8;border-radius:6px;font:inherit;background:#fff;color:inherit}" +
    "textarea{min-height:110px;resize:vertical}" +
    "input:focus,textarea:focus,button:focus{outline:2px solid #0369a1;outline-offset:2px}" +
    "[aria-invalid=true]{border-color:#b91c1c}" +
    ".check{display:flex;gap:8px;align-items:flex-start;font-weight:400}" +
    ".check input{margin-top:4px}" +
    ".err{color:#b91c1c;font-size:13px;margin-top:2px}" +
    ".hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}" +
    "button{justify-self:start;padding:9px 18px;border:0;border-radius:6px;background:#0369a1;color:#fff;font:inherit;" +
    "font-weight:600;cursor:pointer}button[disabled]{opacity:.6;cursor:default}" +
    ".status{font-size:14px}.status.ok{color:#047857}.status.bad{color:#b91c1c}";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function field(id, label, input, extraClass) {
    var wrap = el("div", extraClass ? { class: extraClass } : {});
    var lab = el("label", { for: id }, label);
    input.id = id;
    input.setAttribute("aria-describedby", id + "-err");
    wrap.appendChild(lab);
    wrap.appendChild(input);
    wrap.appendChild(el("div", { id: id + "-err", class: "err" }));
    return wrap;
  }

  function check(id, label, required) {
    var wrap = el("div");
    var lab = el("label", { class: "check", for: id });
    var box = el("input", { type: "checkbox", id: id, name: id });
    if (required) box.required = true;
    box.setAttribute("aria-describedby", id + "-err");
    lab.appendChild(box);
    lab.appendChild(el("span", {}, label));
    wrap.appendChild(lab);
    wrap.appendChild(el("div", { id: id + "-err", class: "err" }));
    return wrap;
  }

  var host = el("div", { class: "immivo-widget" });
  script.parentNode.insertBefore(host, script.nextSibling);
  var root = host.attachShadow({ mode: "open" });
  root.appendChild(el("style", {}, STYLE));

  var form = el("form", { novalidate: "", "aria-labelledby": "imv-title" });
  form.appendChild(el("h2", { id: "imv-title" }, t.title));
  form.appendChild(field("imv-name", t.name + " *", el("input", { type: "text", name: "name", autocomplete: "name", required: "", maxlength: "200" })));
  form.appendChild(field("imv-email", t.email, el("input", { type: "email", name: "email", autocomplete: "email", maxlength: "254" })));
  form.appendChild(field("imv-phone", t.phone, el("input", { type: "tel", name: "phone", autocomplete: "tel", maxlength: "40" })));
  form.appendChild(field("imv-message", t.message, el("textarea", { name: "message", maxlength: "5000" })));
  // People never see or reach this field; bots that fill every input give themselves away.
  var hp = el("div", { class: "hp", "aria-hidden": "true" });
  hp.appendChild(el("label", { for: "imv-website" }, t.honeypot));
  hp.appendChild(el("input", { type: "text", id: "imv-website", name: "website", tabindex: "-1", autocomplete: "off" }));
  form.appendChild(hp);
  form.appendChild(check("imv-viewing", t.viewing, false));
  form.appendChild(check("imv-consent", t.consent + " *", true));
  var status = el("div", { class: "status", role: "status", "aria-live": "polite" });
  var button = el("button", { type: "submit" }, t.send);
  form.appendChild(button);
  form.appendChild(status);
  root.appendChild(form);

  var FIELD_IDS = { name: "imv-name", email: "imv-email", phone: "imv-phone", message: "imv-message", consent: "imv-consent" };

  function clearErrors() {
    Object.keys(FIELD_IDS).forEach(function (f) {
      var input = root.getElementById(FIELD_IDS[f]);
      input.removeAttribute("aria-invalid");
      root.getElementById(FIELD_IDS[f] + "-err").textContent = "";
    });
  }

  function showFieldErrors(fields) {
    var first = null;
    fields.forEach(function (f) {
      var id = FIELD_IDS[f.field];
      if (!id) return;
      var input = root.getElementById(id);
      input.setAttribute("aria-invalid", "true");
      var text = f.field === "email" && f.code === "required" ? t.contact : t[f.code] || t.other;
      root.getElementById(id + "-err").textContent = text;
      if (!first) first = input;
    });
    if (first) first.focus();
  }

  function say(text, ok) {
    status.textContent = text;
    status.className = "status " + (ok ? "ok" : "bad");
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearErrors();
    var value = function (name) {
      return form.elements[name].value;
    };
    var body = {
      name: value("name"),
      email: value("email"),
      phone: value("phone"),
      message: value("message"),
      property: property,
      viewing: root.getElementById("imv-viewing").checked,
      consent: root.getElementById("imv-consent").checked,
      website: value("website"),
      lang: lang
    };
    button.disabled = true;
    say(t.sending, true);
    fetch(endpoint, {
      method: "POST",
      mode: "cors",
      credentials: "omit",
      headers: { "Content-Type": "application/json", "X-Immivo-Widget-Key": key },
      body: JSON.stringify(body)
    })
      .then(function (r) {
        if (r.ok) {
          form.reset();
          say(t.sent, true);
          return;
        }
        if (r.status === 429) {
          var secs = parseInt(r.headers.get("Retry-After") || "60", 10);
          say(t.tooMany.replace("{m}", String(Math.max(1, Math.ceil(secs / 60)))), false);
          return;
        }
        return r.json().then(
          function (err) {
            if (r.status === 422 && err && err.fields && err.fields.length) {
              showFieldErrors(err.fields);
              say(t.invalid, false);
            } else {
              say(t.failed, false);
            }
          },
          function () {
            say(t.failed, false);
          }
        );
      })
      .catch(function () {
        say(t.failed, false);
      })
      .then(function () {
        button.disabled = false;
      });
  });
})();
