// /app/leads/{id} — the whole lead view for whoever may read it; a 403/404 shows "not found or not
// yours", never data.
import { api, me as whoAmI, enc } from "./api.js";
import { loadMessages, t, formatTime } from "./i18n.js";
import { h, fill, countdown, header, failure, assignForm } from "./ui.js";

const person = await whoAmI();
await loadMessages(person.locale);
header(person, "lead.title");
const root = document.getElementById("lead");
const leadId = decodeURIComponent(location.pathname.split("/").pop());

function section(key, ...children) {
  const id = `h-${key.replace(/\W/g, "-")}`;
  return h("section", { "aria-labelledby": id, class: "card" }, h("h2", { id }, t(key)), children);
}

function pairs(list) {
  return h("dl", {}, list.filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => [h("dt", {}, t(k)), h("dd", {}, v)]));
}

function table(headKeys, rows) {
  return h("div", { class: "scroll" }, h("table", {},
    h("thead", {}, h("tr", {}, headKeys.map((k) => h("th", { scope: "col" }, t(k))))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c ?? "–")))))));
}

function render(lead, notifications) {
  const c = lead.contact || {};
  const region = lead.region || {};
  const sla = lead.sla || {};
  const health = lead.health;
  const state = lead.status === "ACKNOWLEDGED" || lead.status === "CONTACTED" ? "acknowledged"
    : lead.status === "QUEUED" || lead.status === "UNROUTED" ? "queued" : (sla.state === "ON_HOLD" ? "on_hold" : sla.state === "BREACHED" ? "breached"
      : sla.state === "ESCALATED" ? "escalated" : "on_track");
  const routing = lead.routing || {};
  fill(root, h("article", { "data-lead-id": lead.leadId, "data-sla-state": state },
    h("h2", {}, c.salutation || c.name || t("lead.noName"), " ", h("span", { class: "badge" }, t(`status.${lead.status}`))),
    section("lead.contact", pairs([
      ["field.name", c.name],
      ["field.phone", (c.phones || []).length ? c.phones.map((p, i) => [i ? " · " : "", h("a", { class: "phone", href: `tel:${p}` }, p),
        c.phoneExtensions?.[p] ? ` ${t("lead.ext", { ext: c.phoneExtensions[p] })}` : ""]) : null],
      ["field.email", (c.emails || []).join(", ")],
      ["field.company", c.company || lead.company],
      ["field.region", [region.macro, region.province, region.city].filter(Boolean).join(" · ")],
      ["field.industry", lead.industry],
      ["field.budget", lead.budgetBand],
      ["field.priority", lead.priority],
      ["field.receivedAt", formatTime(lead.receivedAt)],
    ])),
    section("lead.sources", table(["field.source", "lead.eventId", "field.at"],
      (lead.sources || []).map((s) => [s.source, s.sourceEventId, formatTime(s.at)]))),
    health ? section("lead.health", h("p", {}, h("strong", {}, String(health.score)), " / 100"), pairs(
      ["completeness", "credibility", "heat", "match"].map((k) => [`health.${k}`, `${Math.round((health[k] ?? 0) * 100)} %`]))) : null,
    section("lead.routing",
      h("p", {}, routing.summary || t("lead.notRouted")),
      (routing.candidates || lead.assignment?.candidates || []).length
        ? table(["field.rep", "lead.eligible", "lead.reason"],
          (routing.candidates || lead.assignment.candidates).map((x) => [x.repId, x.eligible ? t("lead.yes") : t("lead.no"), x.reason]))
        : null),
    section("lead.sla",
      pairs([["lead.slaState", sla.state], ["lead.policy", sla.policy], ["field.escalation", String(sla.escalationLevel ?? 0)],
        ["lead.holdReason", sla.holdReason]]),
      (sla.deadlines || []).length ? table(["lead.step", "lead.due", "lead.left"],
        sla.deadlines.map((d) => [t(`step.${d.kind}`), formatTime(d.dueAt), countdown(d.msLeft, { frozen: sla.state === "ON_HOLD" })])) : null),
    assignable(lead) ? section("lead.assign", assignTo(lead)) : null,
    section("lead.timeline", table(["field.at", "lead.event", "lead.detail"],
      (lead.timeline || []).map((e) => [formatTime(e.at), t(`change.${e.type}`), e.detail]))),
    section("lead.notifications", table(["field.at", "lead.kind", "lead.recipient", "lead.channel", "lead.delivery"],
      notifications.map((n) => [formatTime(n.createdAt), n.kind, n.recipientId, n.channel, n.status])))));
}

/**
 * Whether the caller may give the lead a rep by hand here: a manager, director or admin, and a lead
 * no rep has acknowledged — above all one recorded without routing (UNROUTED, an import's), which
 * nothing else ever assigns. The engine decides again (scope, the pool's eligibility).
 */
function assignable(lead) {
  return person.role !== "rep" && ["UNROUTED", "RECEIVED", "QUEUED", "ASSIGNED"].includes(lead.status);
}

/** "Assign to": the caller's reps (GET /availability: their own people; an admin's, everyone). */
function assignTo(lead) {
  const picker = h("select", { id: "assign-rep", name: "repId", required: true }, h("option", { value: "" }, t("board.pickRep")));
  api("/availability").then(({ people }) => picker.append(...people
    .filter((p) => p.role === "rep" && p.availability !== "deactivated" && p.id !== lead.assignment?.repId)
    .map((p) => h("option", { value: p.id }, p.name ? `${p.name} (${p.id})` : p.id)))).catch(() => {});
  return assignForm(lead.leadId, picker, async () => {
    const again = await api(`/leads/${enc(lead.leadId)}`);
    render(again, again.notifications || []);
  });
}

try {
  const lead = await api(`/leads/${enc(leadId)}`);
  render(lead, lead.notifications || []);
} catch (err) {
  fill(root, h("p", { class: "error", role: "alert", "data-state": "not-found" },
    err?.status === 403 || err?.status === 404 ? t("error.notYours") : failure(err)));
}
document.getElementById("main").dataset.loaded = "true";
performance.mark("lr:loaded");
