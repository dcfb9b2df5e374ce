// One message catalogue per language (messages.<locale>.json, fingerprinted through the import map).
let messages = {};
let lang = "en";

/** zh-CN for any Chinese language tag, else en. */
export function pickLocale(tag) {
  return /^zh\b/i.test(tag || "") ? "zh-CN" : "en";
}

/** Loads the catalogue, sets <html lang> and fills every [data-i18n] element of the shell. */
export async function loadMessages(locale) {
  lang = locale === "zh-CN" ? "zh-CN" : "en";
  const response = await fetch(import.meta.resolve(`./messages.${lang}.json`));
  messages = await response.json();
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  if (document.body.dataset.title) document.title = t(document.body.dataset.title);
}

/** The message for key with {name} placeholders filled; the key itself when the catalogue lacks it. */
export function t(key, vars = {}) {
  const text = messages[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (vars[name] ?? "").toString());
}

export function locale() {
  return lang;
}

/** A date-time in the reader's language. */
export function formatTime(iso) {
  if (!iso) return "–";
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function formatAmount(amount, currency) {
  if (amount === null || amount === undefined) return "–";
  try {
    return new Intl.NumberFormat(lang, { style: "currency", currency: currency || "CNY", maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${amount} ${currency || ""}`;
  }
}
