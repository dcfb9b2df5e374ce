// /app/ — paste a token; POST /app/login sets the session and sends the person to their home.
import { loadMessages, pickLocale, t } from "./i18n.js";

const ERRORS = ["invalid-token", "expired", "used", "not-a-person"];

await loadMessages(pickLocale(navigator.language));
const error = new URLSearchParams(location.search).get("error");
if (error) document.getElementById("error").textContent = ERRORS.includes(error) ? t(`signin.error.${error}`) : t("signin.error.other");
document.getElementById("token").focus();
