// DOM helpers shared by the pages: elements built node by node (never HTML strings, so no data is
// ever parsed as markup), live countdowns, the page header, announcements for screen readers.
import { t } from "./i18n.js";
import { api, csrfToken } from "./api.js";

/** h("button", {class: "primary", onclick: f, "data-lead-id": id}, "text", child, [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "value") el.value = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** "1 h 05 min", "04:59", in the reader's language. */
export function duration(ms) {
  const total = Math.floor(Math.abs(ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours >= 24) return t("time.days", { d: Math.floor(hours / 24), h: hours % 24 });
  if (hours > 0) return t("time.hours", { h: hours, m: String(minutes).padStart(2, "0") });
  return `${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
}

/**
 * A countdown to msLeft from now, ticking each second (frozen when the clock is stopped, e.g. on hold).
 * The due instant is taken from msLeft and the local clock, so a skewed client clock does not matter.
 */
export function countdown(msLeft, { frozen = false } = {}) {
  if (msLeft === null || msLeft === undefined) return h("span", { class: "countdown muted" }, t("time.none"));
  const el = h("span", { class: "countdown", role: "timer", "data-due": String(Date.now() + msLeft) });
  if (frozen) el.dataset.frozen = String(msLeft);
  render(el);
  return el;
}

function render(el) {
  const left = el.dataset.frozen !== undefined ? Number(el.dataset.frozen) : Number(el.dataset.due) - Date.now();
  const text = left < 0 ? t("time.overdue", { d: duration(left) }) : t("time.left", { d: duration(left) });
  if (el.textContent !== text) el.textContent = text;
  el.classList.toggle("overdue", left < 0);
}

setInterval(() => {
  for (const el of document.querySelectorAll(".countdown[data-due]")) render(el);
}, 1000);

/** A coloured badge naming an SLA state. */
export function stateBadge(state) {
  return h("span", { class: `badge ${state}` }, t(`state.${state}`));
}

/** Says msg in the page's live region (and shows it). */
export function announce(msg, { error = false } = {}) {
  const status = document.getElementById("status");
  if (!status) return;
  status.className = error ? "status error" : "status";
  status.textContent = msg;
}

/** The message for a failed call: the API's own detail when it gives one. */
export function failure(err) {
  if (err?.status === 403 || err?.status === 404) return t("error.notYours");
  if (err?.status === 409) return t("error.conflict", { detail: err.message });
  return t("error.failed", { detail: err?.message || String(err) });
}

/** The pages beyond their home a role may open (PageRoutes.GATES holds the server's side of it). */
export function navigation(role) {
  const pages = [];
  if (role !== "rep") pages.push({ key: "reports", href: "/app/reports" });
  if (role !== "rep") pages.push({ key: "admin", href: "/app/admin" });
  return pages;
}

/** The header: title, who is signed in, sign-out (a form POST carrying the CSRF value). */
export function header(person, titleKey) {
  const top = document.querySelector("header.top");
  fill(top,
    h("h1", {}, t(titleKey)),
    location.pathname !== person.home ? h("a", { class: "home", href: person.home }, t("nav.home")) : null,
    ...navigation(person.role).filter((n) => n.href !== location.pathname)
      .map((n) => h("a", { class: "nav", href: n.href, "data-nav": n.key }, t(`nav.${n.key}`))),
    h("span", { class: "who" }, person.name || person.personId, " · ", t(`role.${person.role}`)),
    h("form", { method: "post", action: "/app/logout" },
      h("input", { type: "hidden", name: "csrf", value: csrfToken() }),
      h("button", { type: "submit", "data-action": "sign-out" }, t("nav.signOut"))));
}

/** A short two-tone beep made with WebAudio (no audio file). */
let audio = null;
export function beep() {
  if (!audio || audio.state !== "running") return; // never unlocked by a gesture: the browser would refuse it
  try {
    const now = audio.currentTime;
    [880, 1175].forEach((freq, i) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.3, now + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.18 + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.18);
      osc.stop(now + i * 0.18 + 0.17);
    });
  } catch {
    // no audio on this device: the notification and the page still show it
  }
}

/** Prepares the AudioContext inside a user gesture (browsers start it suspended otherwise). */
export function unlockAudio() {
  try {
    audio = audio || new AudioContext();
    if (audio.state === "suspended") audio.resume();
  } catch {
    // no audio
  }
}

/**
 * The data-sla-state of a lead: "acknowledged" once acknowledged (or contacted), "queued" in a
 * fallback queue, else the board's state (on_track, at_risk, escalated, breached, on_hold).
 */
export function slaState(row) {
  if (row.status === "ACKNOWLEDGED" || row.status === "CONTACTED") return "acknowledged";
  if (row.status === "QUEUED") return "queued";
  if (row.state) return String(row.state).toLowerCase();
  const overdue = (row.deadlines || []).some((d) => d.msLeft < 0);
  return overdue ? "breached" : "on_track";
}

/** Calls fn at most once per wait ms (the last call wins); for reloads triggered by bursts of events. */
export function debounce(fn, wait = 150) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, wait);
  };
}

/**
 * The "assign to" form of a lead (the board's queue cards, the lead page): {@code picker} is a
 * <select name="repId"> of reps; submitting asks POST /leads/{id}/assign, announces the result and
 * calls {@code onAssigned(repId, label)}. The engine decides (scope, the region pool's eligibility).
 */
export function assignForm(leadId, picker, onAssigned) {
  if (!picker.id) picker.id = `assign-${leadId}`;
  const form = h("form", { class: "actions", "data-action": "assign" },
    h("label", { for: picker.id }, t("board.assignTo")), picker,
    h("button", { type: "submit", class: "primary" }, t("board.assign")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!picker.value) return;
    const label = picker.selectedOptions[0].textContent;
    try {
      await api(`/leads/${encodeURIComponent(leadId)}/assign`, { method: "POST", body: { repId: picker.value } });
      announce(t("board.assigned", { rep: label }));
      await onAssigned(picker.value, label);
    } catch (err) {
      announce(failure(err), { error: true });
    }
  });
  return form;
}
