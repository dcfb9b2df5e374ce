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
