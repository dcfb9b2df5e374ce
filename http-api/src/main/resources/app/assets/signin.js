// /app/ — paste a token; POST /app/login sets the session and sends the person to their home.
import { loadMessages, pickLocale, t } from "./i18n.js";

const ERRORS = ["invalid-token", "expired", "used", "not-a-person"];

await loadMessages(pickLocale(navigator.language));
const query = new URLSearchParams(location.search);
const error = query.get("error");
// Back to the page that sent here once signed in (the engine accepts only /app/… paths).
const next = query.get("next");
if (next) document.getElementById("next").value = next;
else document.getElementById("next").remove();
if (error) document.getElementById("error").textContent = ERRORS.includes(error) ? t(`signin.error.${error}`) : t("signin.error.other");
document.getElementById("token").focus();

// A login link opened from another site (a webmail, a chat app's browser) sets the SameSite=Strict
// session cookie, but the browser does not send it on the redirect that follows that cross-site
// navigation, so the home page sends the person here. This page is same-site: if the session is
// there, go on to where they were going.
// Only with the CSRF cookie (set with the session): otherwise the call could only fail.
if (!error && document.cookie.split("; ").some((c) => c.startsWith("lr_csrf=") && c.length > 8)) {
  fetch("/api/v1/me", { credentials: "same-origin" }).then((r) => r.ok ? r.json() : null).then((me) => {
    if (me) location.replace(next && next.startsWith("/app/") && !next.startsWith("//") ? next : me.home);
  }).catch(() => {});
}
