// /app/board — the manager's live board: every open lead of the caller's scope by SLA state, the
// fallback queues with "assign to", each rep's load and rotation, opportunities needing attention.
// Lead events from /api/v1/stream are applied to the rows in place: no polling, no reload.
import { api, me as whoAmI, enc } from "./api.js";
import { loadMessages, t, formatTime, formatAmount } from "./i18n.js";
import { h, fill, countdown, stateBadge, announce, failure, header, slaState, debounce, assignForm } from "./ui.js";
import { openStream } from "./stream.js";

const STATES = ["breached", "escalated", "at_risk", "on_track", "on_hold", "acknowledged"];
const FILTERS = ["region", "team", "repId", "source"];

const person = await whoAmI();
if (person.role === "rep") {
  location.replace(person.home);
  await new Promise(() => {}); // this page is not theirs: nothing more to load
}
// The board's rows are asked for while the catalogue loads: the first paint waits for both only.
let firstBoard = api("/sla/board?limit=1000");
firstBoard.catch(() => {});
await loadMessages(person.locale);
header(person, "board.title");

const rows = new Map(); // leadId -> board row (with status)
const queued = new Map(); // leadId -> queue entry (with region)
const reps = new Map(); // repId -> GET /reps/{id} body
let outOfRotation = [];
let regions = [];
const filters = Object.fromEntries(FILTERS.map((f) => [f, new URLSearchParams(location.search).get(f) || ""]));

const columnsEl = document.getElementById("columns");
const columns = new Map();
for (const state of STATES) {
  const list = h("div", { class: "column-list", "data-column": state });
  const count = h("span", { class: "count" }, "0");
  const column = h("section", { class: "column", "aria-label": t(`state.${state}`) },
    h("h3", {}, stateBadge(state), " ", count), list);
  columns.set(state, { list, count });
  columnsEl.append(column);
}

function visible(row) {
  return (!filters.region || row.region === filters.region)
    && (!filters.team || row.team === filters.team)
    && (!filters.repId || row.repId === filters.repId)
    && (!filters.source || row.source === filters.source);
}

function repName(repId) {
  return reps.get(repId)?.name || repId || "–";
}

function leadCard(row) {
  const state = slaState(row);
  return h("article", { class: "card", "data-lead-id": row.leadId, "data-sla-state": state, "data-order": String(order(row)) },
    h("h3", {}, h("a", { href: `/app/leads/${enc(row.leadId)}` }, row.name || t("lead.noName"))),
    stateBadge(state), " ",
    row.nextAction ? h("span", { class: "next" }, t(`step.${row.nextAction}`), ": ", countdown(row.msLeft, { frozen: state === "on_hold" })) : null,
    h("dl", {},
      h("dt", {}, t("field.rep")), h("dd", {}, repName(row.repId)),
      h("dt", {}, t("field.region")), h("dd", {}, row.region || "–"),
      h("dt", {}, t("field.team")), h("dd", {}, row.team || "–"),
      row.escalationLevel ? [h("dt", {}, t("field.escalation")), h("dd", {}, String(row.escalationLevel))] : null,
      row.holdReason ? [h("dt", {}, t("field.holdReason")), h("dd", {}, row.holdReason)] : null));
}

/** Puts one row where it belongs (insert, move or update in place), keeping the most urgent first. */
function place(row) {
  document.querySelector(`#columns [data-lead-id="${CSS.escape(row.leadId)}"]`)?.remove();
  if (!visible(row)) return;
  const state = slaState(row);
  const { list } = columns.get(state) || columns.get("on_track");
  const card = leadCard(row);
  const before = [...list.children].find((c) => Number(c.dataset.order) > order(row));
  list.insertBefore(card, before || null);
}

/** The board's order: no step left first, then by next due time (as GET /sla/board). */
function order(row) {
  return row.nextDueAt ? Date.parse(row.nextDueAt) : -Infinity;
}

/** Whether GET /sla/board would list the row: assigned, or acknowledged with a step or hold pending. */
function onBoard(row) {
  return row.status === "ASSIGNED" || (row.status === "ACKNOWLEDGED" && Boolean(row.nextDueAt || row.heldAt));
}

function recount() {
  for (const [state, { list, count }] of columns) count.textContent = String(list.children.length);
  document.getElementById("counts").textContent = t("board.shown", { n: [...rows.values()].filter(visible).length, total: rows.size });
}

function renderLeads() {
  for (const { list } of columns.values()) list.replaceChildren();
  [...rows.values()].forEach(place);
  recount();
}

function queueCard(entry) {
  const picker = h("select", { name: "repId", required: true },
    h("option", { value: "" }, t("board.pickRep")),
    [...reps.values()].filter((r) => r.inRotation !== false)
      .map((r) => h("option", { value: r.repId }, `${r.name || r.repId} (${r.openLeads}/${r.capacity})`)));
  const form = assignForm(entry.leadId, picker, () => {
    queued.delete(entry.leadId);
    renderQueue();
  });
  form.querySelector("label").classList.add("visually-hidden");
  const f = entry.facts || entry.criteria || {};
  const place = [entry.region, f.region?.province, f.region?.city].filter(Boolean).join(" · ");
  return h("article", { class: "card", "data-lead-id": entry.leadId, "data-sla-state": "queued" },
    h("h3", {}, h("a", { href: `/app/leads/${enc(entry.leadId)}` }, f.company || t("lead.noName"))),
    stateBadge("queued"),
    h("dl", {},
      h("dt", {}, t("field.region")), h("dd", {}, place),
      h("dt", {}, t("field.industry")), h("dd", {}, f.industry || "–"),
      h("dt", {}, t("field.budget")), h("dd", {}, f.budgetBand || "–"),
      h("dt", {}, t("field.source")), h("dd", {}, f.source || "–"),
      h("dt", {}, t("field.queuedAt")), h("dd", {}, formatTime(entry.queuedAt))),
    form);
}

function renderQueue() {
  const shown = [...queued.values()].filter((q) => (!filters.region || q.region === filters.region)
    && (!filters.source || (q.facts || {}).source === filters.source));
  fill(document.getElementById("queue"), shown.length ? shown.map(queueCard) : h("p", { class: "muted" }, t("board.queueEmpty")));
}

function renderReps() {
  const out = new Set(outOfRotation.map((r) => r.repId));
  const shown = [...reps.values()].filter((r) => (!filters.team || r.team === filters.team) && (!filters.repId || r.repId === filters.repId));
  fill(document.getElementById("reps"), h("table", {},
    h("caption", { class: "visually-hidden" }, t("board.reps")),
    h("thead", {}, h("tr", {}, ["field.rep", "field.team", "board.load", "board.today", "board.streak", "board.eligible", "board.rotation"]
      .map((k) => h("th", { scope: "col" }, t(k))))),
    h("tbody", {}, shown.map((r) => h("tr", { "data-rep-id": r.repId },
      h("td", {}, r.name || r.repId), h("td", {}, r.team || "–"),
      h("td", {}, `${r.openLeads}/${r.capacity}`), h("td", {}, `${r.newToday}/${r.maxNewPerDay ?? "∞"}`),
      h("td", {}, `${r.breachStreak}/${r.breachStreakLimit ?? "∞"}`),
      h("td", {}, r.reason || "–"),
      h("td", {}, out.has(r.repId) || r.inRotation === false
        ? h("button", { type: "button", "data-action": "restore", onclick: (e) => restore(r.repId, e.currentTarget) }, t("board.restore"))
        : t("board.inRotation")))))));
}

async function restore(repId, button) {
  button.disabled = true;
  try {
    reps.set(repId, await api(`/reps/${enc(repId)}/rotation`, { method: "POST" }));
    outOfRotation = outOfRotation.filter((r) => r.repId !== repId);
    announce(t("board.restored", { rep: repName(repId) }));
    renderReps();
  } catch (err) {
    button.disabled = false;
    announce(failure(err), { error: true });
  }
}

async function loadBoard() {
  const board = await (firstBoard || api("/sla/board?limit=1000"));
  firstBoard = null;
  rows.clear();
  board.leads.forEach((row) => rows.set(row.leadId, row));
  outOfRotation = board.outOfRotation || [];
  renderLeads();
  const repIds = new Set([...board.leads.map((r) => r.repId), ...outOfRotation.map((r) => r.repId)].filter(Boolean));
  await Promise.all([...repIds].map(fetchRep));
  renderLeads();
  renderReps();
}

async function loadQueues() {
  const body = await api("/queues");
  regions = body.regions.filter((r) => r.inScope).map((r) => r.region);
  queued.clear();
  await Promise.all(regions.map(async (region) => {
    const q = await api(`/queues/${enc(region)}`);
    q.leads.forEach((l) => queued.set(l.leadId, { ...l, region }));
    q.leads.forEach((l) => l.facts?.source && sources.add(l.facts.source));
  }));
  renderQueue();
}

const OPP_VIEWS = [
  ["idle", "board.oppIdle", (o) => o.idleDeadline && Date.parse(o.idleDeadline) - Date.now() < 24 * 3600e3],
  ["silent", "board.oppSilent", (o) => Boolean(o.silentSince)],
];

let opportunities = { all: [], idleIds: new Set() };

async function loadOpportunities() {
  const [body, idle] = await Promise.all([api("/opportunities?limit=200"), api("/opportunities?limit=200&idleFor=PT24H")]);
  opportunities = { all: body.opportunities, idleIds: new Set(idle.opportunities.map((o) => o.opportunityId)) };
  sources = new Set([...sources, ...body.opportunities.map((o) => o.source).filter(Boolean)]);
  await Promise.all(body.opportunities.map((o) => fetchRep(o.ownerId)));
  renderOpportunities();
}

function renderOpportunities() {
  const { all, idleIds } = opportunities;
  const shown = all.filter((o) => !o.closed && (!filters.region || o.region === filters.region)
    && (!filters.repId || o.ownerId === filters.repId) && (!filters.source || o.source === filters.source)
    && (idleIds.has(o.opportunityId) || OPP_VIEWS.some(([, , test]) => test(o)) || downgraded.has(o.opportunityId)));
  fill(document.getElementById("opportunities"), shown.length ? shown.map((o) => h("article",
    { class: "card", "data-opportunity-id": o.opportunityId },
    h("h3", {}, o.name || o.opportunityId),
    h("span", { class: "badge" }, o.stage), " ",
    idleIds.has(o.opportunityId) ? h("span", { class: "badge at_risk" }, t("board.oppIdle")) : null, " ",
    o.silentSince ? h("span", { class: "badge on_hold" }, t("board.oppSilent")) : null, " ",
    downgraded.has(o.opportunityId) ? h("span", { class: "badge breached" }, t("board.oppDowngraded")) : null,
    h("dl", {},
      h("dt", {}, t("field.rep")), h("dd", {}, repName(o.ownerId)),
      h("dt", {}, t("opp.amount")), h("dd", {}, formatAmount(o.amount, o.currency)),
      h("dt", {}, t("opp.lastAction")), h("dd", {}, formatTime(o.lastValidActionAt)),
      o.idleDeadline ? [h("dt", {}, t("opp.idleIn")), h("dd", {}, countdown(Date.parse(o.idleDeadline) - Date.now()))] : null)))
    : h("p", { class: "muted" }, t("board.oppNone")));
}
let sources = new Set();
const downgraded = new Set();

function renderFilters() {
  const values = {
    region: new Set([...regions, ...[...rows.values()].map((r) => r.region)]),
    team: new Set([...rows.values()].map((r) => r.team).concat([...reps.values()].map((r) => r.team))),
    repId: new Set([...rows.values()].map((r) => r.repId).concat([...reps.keys()])),
    source: sources,
  };
  const form = document.getElementById("filters");
  fill(form, FILTERS.map((f) => {
    const select = h("select", { id: `filter-${f}`, name: f },
      h("option", { value: "" }, t("board.all")),
      [...values[f]].filter(Boolean).sort().map((v) => h("option", { value: v, selected: v === filters[f] }, f === "repId" ? repName(v) : v)));
    select.addEventListener("change", () => {
      filters[f] = select.value;
      const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
      history.replaceState(null, "", query.size ? `?${query}` : location.pathname);
      renderLeads();
      renderQueue();
      renderReps();
      renderOpportunities();
    });
    return h("div", {}, h("label", { for: `filter-${f}` }, t(`filter.${f}`)), select);
  }));
}

const reloadOpps = debounce(() => loadOpportunities().catch(() => {}), 300);
const reloadQueues = debounce(() => loadQueues().catch(() => {}), 300);
async function fetchRep(id) {
  if (!id || reps.has(id)) return;
  try { reps.set(id, await api(`/reps/${enc(id)}`)); } catch { /* not readable: shown by id */ }
}

async function loadAll() {
  try {
    await Promise.all([loadBoard(), loadQueues(), loadOpportunities()]);
    renderQueue(); // its rep pickers list the reps loaded with the board
    renderFilters();
  } catch (err) {
    announce(failure(err), { error: true });
  }
}

openStream({
  lead: async (d) => {
    // A lead acknowledged (or contacted) while the board is open moves to the "acknowledged" column,
    // so the manager sees the rep act; a reload lists only what GET /sla/board does.
    const justWorked = d.status === "ACKNOWLEDGED" || d.status === "CONTACTED";
    if (d.removed || (d.status !== "QUEUED" && !onBoard(d) && !justWorked)) {
      rows.delete(d.leadId);
      document.querySelector(`#columns [data-lead-id="${CSS.escape(d.leadId)}"]`)?.remove();
    } else if (d.status === "QUEUED") {
      rows.delete(d.leadId);
      document.querySelector(`#columns [data-lead-id="${CSS.escape(d.leadId)}"]`)?.remove();
      reloadQueues();
    } else {
      rows.set(d.leadId, d);
      place(d);
      if (queued.delete(d.leadId)) renderQueue();
      if (!reps.has(d.repId)) fetchRep(d.repId).then(() => place(rows.get(d.leadId) || d));
    }
    recount();
  },
  opportunity: (d) => {
    if (d.change === "DOWNGRADED") downgraded.add(d.opportunityId);
    reloadOpps();
  },
  reset: () => loadAll(),
});

await loadAll();
document.getElementById("main").dataset.loaded = "true";
performance.mark("lr:loaded");
