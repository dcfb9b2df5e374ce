// /app/rep — the rep's phone app: my open leads with a live countdown and the acknowledge button,
// contacted, convert; my opportunities with actions and stage moves (evidence and checklist prompts
// come from the engine's own refusal); live updates and alerts (notification + sound).
import { api, me as whoAmI, enc, ApiError } from "./api.js";
import { loadMessages, t, formatTime, formatAmount } from "./i18n.js";
import { h, fill, countdown, stateBadge, announce, failure, header, slaState, debounce, beep, unlockAudio } from "./ui.js";
import { openStream } from "./stream.js";

const person = await whoAmI();
if (person.role !== "rep") {
  location.replace(person.home);
  await new Promise(() => {}); // this page is not theirs: nothing more to load
}
// The first lists are asked for while the catalogue loads.
const first = { leads: api(`/reps/${enc(person.personId)}/leads`), opportunities: api("/opportunities?limit=100") };
Object.values(first).forEach((p) => p.catch(() => {}));
await loadMessages(person.locale);
header(person, "rep.title");

const leadsEl = document.getElementById("leads");
const oppsEl = document.getElementById("opportunities");
const knownStates = new Map(); // leadId -> state from the stream (the board's own computation)
const seenStages = new Set();
// What this page did and the read model may not show yet (it is a fraction of a second behind).
const RANK = { ASSIGNED: 0, ACKNOWLEDGED: 1, CONTACTED: 2 };
const done = new Map(); // leadId -> status reached here
const seenActions = new Set();

async function loadLeads() {
  try {
    const body = await (first.leads || api(`/reps/${enc(person.personId)}/leads`));
    first.leads = null;
    const leads = body.leads.filter((l) => done.get(l.leadId) !== "CLOSED");
    fill(leadsEl, leads.length ? leads.map(leadCard) : h("p", { class: "muted" }, t("rep.noLeads")));
  } catch (err) {
    announce(failure(err), { error: true });
  }
}

function leadCard(served) {
  const reached = done.get(served.leadId);
  const lead = reached && RANK[reached] > (RANK[served.status] ?? 9) ? { ...served, status: reached } : served;
  const state = knownStates.get(lead.leadId) && lead.status === "ASSIGNED" ? knownStates.get(lead.leadId) : slaState(lead);
  const next = (lead.deadlines || [])[0];
  const title = lead.salutation || lead.name || t("lead.noName");
  const card = h("article", { class: "card", "data-lead-id": lead.leadId, "data-sla-state": state, "aria-label": title },
    h("h3", {}, title), stateBadge(state), " ",
    next ? h("span", { class: "next" }, t(`step.${next.kind}`), ": ", countdown(next.msLeft)) : null,
    h("dl", {},
      h("dt", {}, t("field.company")), h("dd", {}, lead.company || "–"),
      h("dt", {}, t("field.phone")), h("dd", {}, lead.phones?.length
        ? lead.phones.map((p, i) => [i ? " · " : "", h("a", { class: "phone", href: `tel:${p}` }, p)]) : "–"),
      h("dt", {}, t("field.region")), h("dd", {}, [lead.region, lead.province, lead.city].filter(Boolean).join(" · ") || "–"),
      h("dt", {}, t("field.industry")), h("dd", {}, lead.industry || "–"),
      h("dt", {}, t("field.budget")), h("dd", {}, lead.budget?.text || "–"),
      h("dt", {}, t("field.source")), h("dd", {}, lead.source || "–"),
      h("dt", {}, t("field.assignedAt")), h("dd", {}, formatTime(lead.assignedAt))),
    h("div", { class: "actions" },
      lead.status === "ASSIGNED"
        ? h("button", { type: "button", class: "primary", "data-action": "ack", onclick: (e) => ack(lead, e.currentTarget) }, t("rep.ack"))
        : null,
      lead.status !== "CONTACTED"
        ? h("button", { type: "button", "data-action": "contacted", onclick: (e) => contacted(lead, e.currentTarget) }, t("rep.contacted"))
        : null,
      h("a", { class: "button", href: `/app/leads/${enc(lead.leadId)}` }, t("nav.details"))),
    lead.status !== "ASSIGNED" ? convertForm(lead) : null);
  return card;
}

async function ack(lead, button) {
  button.disabled = true;
  try {
    await api(`/leads/${enc(lead.leadId)}/ack`, { method: "POST" });
    knownStates.delete(lead.leadId);
    done.set(lead.leadId, "ACKNOWLEDGED");
    const card = button.closest("[data-lead-id]");
    card.dataset.slaState = "acknowledged";
    announce(t("rep.acked", { name: lead.salutation || lead.name || "" }));
    await loadLeads();
  } catch (err) {
    button.disabled = false;
    announce(failure(err), { error: true });
  }
}

async function contacted(lead, button) {
  button.disabled = true;
  try {
    await api(`/leads/${enc(lead.leadId)}/contacted`, { method: "POST" });
    done.set(lead.leadId, "CONTACTED");
    announce(t("rep.contactedDone"));
    await loadLeads();
  } catch (err) {
    button.disabled = false;
    announce(failure(err), { error: true });
  }
}

function convertForm(lead) {
  const id = `conv-${lead.leadId}`;
  const form = h("form", {},
    h("label", { for: `${id}-name` }, t("opp.name")),
    h("input", { id: `${id}-name`, name: "name", maxlength: 200, value: [lead.company, lead.name].filter(Boolean).join(" ") }),
    h("label", { for: `${id}-amount` }, t("opp.amount")),
    h("input", { id: `${id}-amount`, name: "amount", inputmode: "decimal", pattern: "[0-9]+(\\.[0-9]{1,4})?" }),
    h("button", { type: "submit", class: "primary" }, t("rep.convert")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = {};
    if (form.elements.name.value.trim()) body.name = form.elements.name.value.trim();
    if (form.elements.amount.value.trim()) body.amount = form.elements.amount.value.trim();
    try {
      const opened = await api(`/leads/${enc(lead.leadId)}/convert`, { method: "POST", body });
      done.set(lead.leadId, "CLOSED");
      announce(t("rep.converted"));
      await Promise.all([loadLeads(), loadOpportunities()]);
      // The list is read from a projection about a second behind; the stream also says when it is there.
      if (!document.querySelector(`[data-opportunity-id="${CSS.escape(opened.opportunityId)}"]`)) setTimeout(reloadOpps, 1200);
    } catch (err) {
      announce(failure(err), { error: true });
    }
  });
  return h("details", {}, h("summary", {}, t("rep.convert")), form);
}

async function loadOpportunities() {
  try {
    const body = await (first.opportunities || api("/opportunities?limit=100"));
    first.opportunities = null;
    const open = body.opportunities.filter((o) => !o.closed);
    open.forEach((o) => seenStages.add(o.stage));
    fill(oppsEl, open.length ? open.map(oppCard) : h("p", { class: "muted" }, t("rep.noOpportunities")));
    updateLists();
  } catch (err) {
    announce(failure(err), { error: true });
  }
}

function oppCard(o) {
  return h("article", { class: "card", "data-opportunity-id": o.opportunityId, "aria-label": o.name || o.opportunityId },
    h("h3", {}, o.name || o.opportunityId),
    h("span", { class: "badge" }, o.stage),
    h("dl", {},
      h("dt", {}, t("opp.amount")), h("dd", {}, formatAmount(o.amount, o.currency)),
      h("dt", {}, t("opp.lastAction")), h("dd", {}, formatTime(o.lastValidActionAt)),
      o.idleDeadline ? [h("dt", {}, t("opp.idleIn")), h("dd", {}, countdown(Date.parse(o.idleDeadline) - Date.now()))] : null,
      o.silentSince ? [h("dt", {}, t("opp.silentSince")), h("dd", {}, formatTime(o.silentSince))] : null),
    actionForm(o), stageForm(o));
}

function field(id, key, attrs = {}) {
  return [h("label", { for: id }, t(key)), h("input", { id, ...attrs })];
}

function actionForm(o, preset = {}) {
  const id = `act-${o.opportunityId}`;
  const form = h("form", { "data-form": "action" },
    field(`${id}-type`, "opp.actionType", { name: "type", required: true, list: "action-types", value: preset.type || "", maxlength: 64 }),
    field(`${id}-note`, "opp.note", { name: "note", maxlength: 5000 }),
    field(`${id}-kind`, "opp.evidenceKind", { name: "kind", value: preset.evidence || "", maxlength: 64 }),
    field(`${id}-url`, "opp.evidenceUrl", { name: "url", type: "url" }),
    field(`${id}-estatus`, "opp.evidenceStatus", { name: "estatus", value: preset.status || "", maxlength: 64 }),
    h("button", { type: "submit", class: "primary" }, t("opp.logAction")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = (n) => form.elements[n].value.trim();
    const body = { type: v("type") };
    if (v("note")) body.note = v("note");
    if (v("kind")) {
      const evidence = { kind: v("kind") };
      if (v("url")) evidence.url = v("url");
      if (v("estatus")) evidence.status = v("estatus");
      body.evidence = [evidence];
    }
    try {
      const r = await api(`/opportunities/${enc(o.opportunityId)}/actions`, { method: "POST", body });
      seenActions.add(body.type);
      announce(r.valid ? t("opp.actionValid") : t("opp.actionNotValid", { reason: r.reason }));
      form.reset();
      await loadOpportunities();
    } catch (err) {
      announce(problemText(err), { error: true });
    }
  });
  const details = h("details", {}, h("summary", {}, t("opp.logAction")), form);
  if (preset.type) details.open = true;
  return details;
}

function stageForm(o) {
  const id = `stage-${o.opportunityId}`;
  const prompts = h("div", { "aria-live": "polite" });
  const form = h("form", { "data-form": "stage" },
    field(`${id}-to`, "opp.stageTo", { name: "to", required: true, list: "stages", maxlength: 64 }),
    field(`${id}-reason`, "opp.reason", { name: "reason", maxlength: 500 }),
    prompts,
    h("button", { type: "submit", class: "primary" }, t("opp.moveStage")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = { to: form.elements.to.value.trim() };
    const checklist = [...form.querySelectorAll("input[name=checklist]:checked")].map((c) => c.value);
    if (checklist.length) body.checklist = checklist;
    if (form.elements.reason.value.trim()) body.reason = form.elements.reason.value.trim();
    try {
      await api(`/opportunities/${enc(o.opportunityId)}/stage`, { method: "POST", body });
      announce(t("opp.moved", { stage: body.to }));
      await loadOpportunities();
    } catch (err) {
      if (err instanceof ApiError && err.problem.missing) {
        showMissing(o, prompts, err.problem.missing, checklist);
        announce(t("opp.missing"), { error: true });
      } else {
        announce(problemText(err), { error: true });
      }
    }
  });
  return h("details", {}, h("summary", {}, t("opp.moveStage")), form);
}

/** The engine's list of what a stage move lacks, as prompts: checklist boxes and evidence to log. */
function showMissing(o, prompts, missing, ticked) {
  const items = [];
  for (const m of missing) {
    if (m.kind === "checklist") {
      const cid = `chk-${o.opportunityId}-${m.item}`;
      items.push(h("label", { class: "inline", for: cid },
        h("input", { type: "checkbox", id: cid, name: "checklist", value: m.item, checked: ticked.includes(m.item) }), m.item));
    } else {
      seenActions.add(m.action);
      items.push(h("p", {}, t("opp.needsEvidence", { action: m.action, evidence: m.evidence }), " ",
        h("button", { type: "button", onclick: () => {
          const card = prompts.closest("[data-opportunity-id]");
          const old = card.querySelector("details:has(form[data-form=action])");
          old.replaceWith(actionForm(o, { type: m.action, evidence: m.evidence, status: (m.status || [])[0] }));
          card.querySelector("form[data-form=action] input[name=url]").focus();
        } }, t("opp.logIt"))));
    }
  }
  fill(prompts, h("p", { class: "error" }, t("opp.missing")), items);
  updateLists();
}

function problemText(err) {
  const fields = err?.problem?.errors;
  if (Array.isArray(fields) && fields.length) return fields.map((f) => `${f.field}: ${f.message}`).join("; ");
  return failure(err);
}

function updateLists() {
  for (const [id, values] of [["stages", seenStages], ["action-types", seenActions]]) {
    let list = document.getElementById(id);
    if (!list) document.body.append(list = h("datalist", { id }));
    fill(list, [...values].map((v) => h("option", { value: v })));
  }
}

// Live: the board stream for my leads and opportunities, the app channel for alerts.
const reloadLeads = debounce(loadLeads);
const reloadOpps = debounce(loadOpportunities);
openStream({
  lead: (d) => {
    if (d.removed) {
      document.querySelector(`[data-lead-id="${CSS.escape(d.leadId)}"]`)?.remove();
      return;
    }
    if (d.state) knownStates.set(d.leadId, String(d.state).toLowerCase());
    reloadLeads();
  },
  opportunity: () => reloadOpps(),
  reset: () => { reloadLeads(); reloadOpps(); },
});

const alerted = new Set();
const alerts = new EventSource(`/api/v1/reps/${enc(person.personId)}/stream`, { withCredentials: true });
for (const kind of ["ASSIGNED", "REMINDER"]) {
  alerts.addEventListener(kind, (e) => {
    if (alerted.has(e.lastEventId)) return;
    alerted.add(e.lastEventId);
    let data = {};
    try { data = JSON.parse(e.data); } catch { /* keep the default text */ }
    beep();
    loadLeads().then(() => {
      const card = data.leadId ? document.querySelector(`[data-lead-id="${CSS.escape(data.leadId)}"]`) : null;
      if (!("Notification" in window) || Notification.permission !== "granted") return;
      const note = new Notification(t(`alert.${kind}`), {
        body: card?.querySelector("h3")?.textContent || "", tag: e.lastEventId, lang: person.locale,
      });
      note.onclick = () => {
        window.focus();
        card?.scrollIntoView({ block: "center" });
        card?.querySelector("button")?.focus();
      };
    });
  });
}

const notifyButton = document.getElementById("notify");
if (!("Notification" in window) || Notification.permission === "granted") notifyButton.hidden = true;
notifyButton.addEventListener("click", async () => {
  unlockAudio();
  const answer = await Notification.requestPermission();
  announce(answer === "granted" ? t("rep.alertsOn") : t("rep.alertsOff"));
  if (answer === "granted") notifyButton.hidden = true;
});
document.addEventListener("pointerdown", unlockAudio, { once: true });

await Promise.all([loadLeads(), loadOpportunities()]);
document.getElementById("main").dataset.loaded = "true";
performance.mark("lr:loaded");
