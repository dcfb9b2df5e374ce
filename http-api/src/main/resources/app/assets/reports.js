// /app/reports — the managers' numbers (docs/reports.md), one view per report: first touch, SLA,
// follow-up, funnel, sources. Each view: the filters (from, to, groupBy — kept in the URL query, so
// a link reproduces the view), headline numbers, SVG charts drawn by charts.js (the container of the
// report's chart carries data-report="<report>"), the same numbers in a table, and a CSV download
// (the API's own CSV: the session cookie authenticates the GET, the server names the file).
import { api, me as whoAmI } from "./api.js";
import { loadMessages, t, locale } from "./i18n.js";
import { h, fill, header, announce, failure, duration } from "./ui.js";
import { barChart } from "./charts.js";

export const VIEWS = ["first-touch", "sla", "follow-up", "funnel", "sources"];
const LEAD_GROUPS = ["team", "rep", "source", "campaign", "region", "day", "week"];
/** What each report's groupBy accepts (docs/reports.md): the funnel only day and week. */
const GROUPS = { "first-touch": LEAD_GROUPS, sla: LEAD_GROUPS, "follow-up": LEAD_GROUPS, funnel: ["day", "week"], sources: LEAD_GROUPS };
/** The source health alert's default threshold (leadrouter.reports.source-alert.threshold), when the answer does not say. */
const HEALTH_THRESHOLD = 60;

const person = await whoAmI();
await loadMessages(person.locale);
header(person, "reports.title");

const root = document.getElementById("reports");
const params = new URLSearchParams(location.search);
const view = VIEWS.includes(params.get("view")) ? params.get("view") : VIEWS[0];
const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
const filters = {
  from: params.get("from") || day(-30),
  to: params.get("to") || day(1),
  groupBy: GROUPS[view].includes(params.get("groupBy")) ? params.get("groupBy") : "",
};

const pct = (share) => share === null || share === undefined ? "–"
  : new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 1 }).format(share);
const ms = (v) => v === null || v === undefined ? "–" : duration(v);
const num = (v) => v === null || v === undefined ? "–" : new Intl.NumberFormat(locale()).format(v);
/** A count scale's tick: whole numbers only (a scale of 0–1 has no tick at its middle). */
const count = (v) => Number.isInteger(v) ? num(v) : "";

/** The query of this page for view v with the filters (the API takes the same from/to/groupBy). */
function query(v, extra = {}) {
  const q = new URLSearchParams({ view: v, from: filters.from, to: filters.to });
  if (filters.groupBy && GROUPS[v].includes(filters.groupBy)) q.set("groupBy", filters.groupBy);
  for (const [k, val] of Object.entries(extra)) q.set(k, val);
  return q;
}

function apiPath(v, extra = {}) {
  const q = query(v, extra);
  q.delete("view");
  return `/reports/${v}?${q}`;
}

function tabs() {
  return h("nav", { class: "tabs", "aria-label": t("reports.views") },
    VIEWS.map((v) => h("a", { href: `?${query(v)}`, "data-view-link": v, "aria-current": v === view ? "page" : null },
      viewTitle(v))));
}

function viewTitle(v) {
  return { "first-touch": t("reports.view.firstTouch"), sla: t("reports.view.sla"), "follow-up": t("reports.view.followUp"),
    funnel: t("reports.view.funnel"), sources: t("reports.view.sources") }[v];
}

function groupName(g) {
  return { "": t("reports.group.none"), team: t("reports.group.team"), rep: t("reports.group.rep"),
    source: t("reports.group.source"), campaign: t("reports.group.campaign"), region: t("reports.group.region"),
    day: t("reports.group.day"), week: t("reports.group.week") }[g];
}

function filterForm() {
  const form = h("form", { class: "filters", "data-filters": "" },
    h("label", {}, t("reports.from"), h("input", { type: "date", name: "from", value: filters.from, required: true })),
    h("label", {}, t("reports.to"), h("input", { type: "date", name: "to", value: filters.to, required: true })),
    h("label", {}, t("reports.groupBy"), h("select", { name: "groupBy" },
      ["", ...GROUPS[view]].map((g) => h("option", { value: g, selected: g === filters.groupBy }, groupName(g))))),
    h("div", { class: "apply" }, h("button", { type: "submit", class: "primary", "data-action": "apply" }, t("reports.apply"))));
  const apply = (event) => {
    event?.preventDefault();
    const data = new FormData(form);
    filters.from = data.get("from") || filters.from;
    filters.to = data.get("to") || filters.to;
    filters.groupBy = data.get("groupBy") || "";
    history.pushState(null, "", `?${query(view)}`);
    show();
  };
  form.addEventListener("submit", apply);
  form.querySelector("select").addEventListener("change", apply);
  return form;
}

function csvLink() {
  return h("a", { class: "button csv", href: `/api/v1${apiPath(view, { format: "csv" })}`, download: `${view}.csv`,
    "data-action": "csv" }, t("reports.csv"));
}

/** Headline numbers: [[label, value]…]. */
function tiles(pairs) {
  return h("dl", { class: "tiles" }, pairs.map(([label, value]) => h("div", {}, h("dt", {}, label), h("dd", {}, value))));
}

/** The accessible equivalent of a chart: its numbers as a table, folded. */
function table(columns, rows) {
  return h("details", { class: "numbers" }, h("summary", {}, t("reports.table")),
    h("div", { class: "scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, columns.map(([label]) => h("th", { scope: "col" }, label)))),
      h("tbody", {}, rows.map((r) => h("tr", {}, columns.map(([, get]) => h("td", {}, get(r)))))))));
}

function legend(items) {
  return h("ul", { class: "legend" }, items.map(([cls, label]) => h("li", {}, h("span", { class: `swatch ${cls}` }), label)));
}

/** A chart's figure: caption, legend, the SVG (drawn once the figure is in the page, to measure it). */
function figure(report, caption, items, spec) {
  const box = h("div", { class: "chart-box" });
  const fig = h("figure", { "data-report": report }, h("figcaption", {}, caption), items ? legend(items) : null, box);
  fig.draw = () => barChart(box, { ...spec, label: caption, empty: t("reports.empty") });
  return fig;
}

// ---- the views ----

let firstStepMs = undefined;
/** The first step of the default SLA policy (the one without match), as the first-touch chart's reference. */
async function firstStep() {
  if (firstStepMs !== undefined) return firstStepMs;
  firstStepMs = null;
  try {
    const doc = (await api("/sla-policies")).document;
    const policy = (doc?.policies || []).find((p) => !p.match) || doc?.policies?.[0];
    const m = /^(\d+)\s*(s|m|h|d)$/.exec(String(policy?.steps?.[0]?.after || ""));
    if (m) firstStepMs = Number(m[1]) * { s: 1000, m: 60000, h: 3600000, d: 86400000 }[m[2]];
  } catch {
    // no reference line
  }
  return firstStepMs;
}

async function firstTouch(data) {
  const ref = await firstStep();
  const tot = data.total;
  const rows = data.groups.map((g) => ({
    key: g.group, label: g.group, value: ms(g.medianMs),
    segments: [{ value: g.medianMs || 0, cls: "s0", title: t("reports.ft.medianOf", { group: g.group, d: ms(g.medianMs) }) }],
    marker: { value: g.p90Ms, title: t("reports.ft.p90Of", { group: g.group, d: ms(g.p90Ms) }) },
    notes: [t("reports.ft.p90", { d: ms(g.p90Ms) }), t("reports.ft.within", { share: pct(g.withinFirstStepShare) }),
      t("reports.ft.assigned1m", { share: pct(g.assignedWithin1mShare) }), t("reports.ft.acked", { n: g.acknowledged, of: g.leads })],
  }));
  return [
    tiles([[t("reports.leads"), num(tot.leads)], [t("reports.ft.median"), ms(tot.medianMs)], [t("reports.ft.p90Label"), ms(tot.p90Ms)],
      [t("reports.ft.withinLabel"), pct(tot.withinFirstStepShare)], [t("reports.ft.assigned1mLabel"), pct(tot.assignedWithin1mShare)]]),
    figure("first-touch", t("reports.ft.caption"), [["s0", t("reports.ft.median")], ["marker", t("reports.ft.p90Label")],
      ref ? ["reference", t("reports.ft.referenceLegend")] : null].filter(Boolean),
    { rows, format: ms, reference: ref ? { value: ref, label: t("reports.ft.reference", { d: ms(ref) }) } : null }),
    table([[t("reports.group"), (g) => g.group], [t("reports.leads"), (g) => g.leads], [t("reports.assigned"), (g) => g.assigned],
      [t("reports.acknowledged"), (g) => g.acknowledged], [t("reports.ft.median"), (g) => ms(g.medianMs)],
      [t("reports.ft.p90Label"), (g) => ms(g.p90Ms)], [t("reports.ft.medianReceipt"), (g) => ms(g.medianMsFromReceipt)],
      [t("reports.ft.withinLabel"), (g) => `${pct(g.withinFirstStepShare)} (${g.withinFirstStep}/${g.withFirstStep})`],
      [t("reports.ft.assigned1mLabel"), (g) => `${pct(g.assignedWithin1mShare)} (${g.assignedWithin1m}/${g.leads})`]],
    [...data.groups, ...(data.groups.length > 1 ? [tot] : [])]),
  ];
}

function stepLabel(s) {
  return `${s.step + 1}. ${t(`step.${s.action}`)}`;
}

function sla(data) {
  const grouped = data.groupBy !== null;
  const attainment = [];
  for (const g of data.groups) {
    for (const st of g.steps) {
      attainment.push({
        key: `${g.group}:${st.step}`, label: grouped ? `${g.group} · ${stepLabel(st)}` : stepLabel(st),
        value: `${pct(st.share)} (${st.attained}/${st.leads})`,
        segments: [{ value: (st.share || 0) * 100, cls: "s2", title: t("reports.sla.attained", { n: st.attained, of: st.leads }) },
          { value: st.leads ? (1 - (st.share || 0)) * 100 : 0, cls: "s4", title: t("reports.sla.missed", { n: st.leads - st.attained }) }],
      });
    }
  }
  const benched = (g) => g.repsBenched ?? 0;
  const counts = data.groups.map((g) => ({
    key: g.group, label: g.group, value: num(g.reminders + (g.escalations["1"] || 0) + g.breaches + g.reassignments + benched(g)),
    segments: [{ value: g.reminders, cls: "s0", title: `${t("reports.sla.reminders")}: ${g.reminders}` },
      { value: g.escalations["1"] || 0, cls: "s1", title: `${t("reports.sla.escalations")}: ${g.escalations["1"] || 0}` },
      { value: g.breaches, cls: "s3", title: `${t("reports.sla.breaches")}: ${g.breaches}` },
      { value: g.reassignments, cls: "s5", title: `${t("reports.sla.reassignments")}: ${g.reassignments}` },
      { value: benched(g), cls: "s6", title: `${t("reports.sla.benched")}: ${benched(g)}` }],
    notes: [`${t("reports.sla.reminders")} ${g.reminders}`, `${t("reports.sla.escalations")} ${g.escalations["1"] || 0}`,
      `${t("reports.sla.breaches")} ${g.breaches}`, `${t("reports.sla.reassignments")} ${g.reassignments}`,
      `${t("reports.sla.benched")} ${benched(g)}`],
  }));
  const levels = [...new Set(data.groups.flatMap((g) => Object.keys(g.escalations)))].sort();
  const tot = data.total;
  return [
    tiles([[t("reports.leads"), num(tot.leads)], [t("reports.assigned"), num(tot.assigned)],
      ...tot.steps.slice(0, 2).map((st) => [stepLabel(st), pct(st.share)]),
      [t("reports.sla.breaches"), num(tot.breaches)], [t("reports.sla.benched"), num(benched(tot))]]),
    figure("sla", t("reports.sla.caption"), [["s2", t("reports.sla.attainedLegend")], ["s4", t("reports.sla.missedLegend")]],
      { rows: attainment, max: 100, format: (v) => `${Math.round(v)}%` }),
    figure("sla-counts", t("reports.sla.countsCaption"), [["s0", t("reports.sla.reminders")], ["s1", t("reports.sla.escalations")],
      ["s3", t("reports.sla.breaches")], ["s5", t("reports.sla.reassignments")], ["s6", t("reports.sla.benched")]],
    { rows: counts, format: count }),
    table([[t("reports.group"), (g) => g.group], [t("reports.leads"), (g) => g.leads], [t("reports.assigned"), (g) => g.assigned],
      ...[...new Set(data.groups.flatMap((g) => g.steps.map((st) => `${st.step}:${st.action}`)))].map((k) => {
        const [i, action] = k.split(":");
        return [stepLabel({ step: Number(i), action }), (g) => {
          const st = g.steps.find((x) => `${x.step}:${x.action}` === k);
          return st ? `${pct(st.share)} (${st.attained}/${st.leads})` : "–";
        }];
      }),
      [t("reports.sla.reminders"), (g) => g.reminders],
      ...levels.map((l) => [t("reports.sla.level", { n: l }), (g) => g.escalations[l] || 0]),
      [t("reports.sla.breaches"), (g) => g.breaches], [t("reports.sla.reassignments"), (g) => g.reassignments],
      [t("reports.sla.benched"), (g) => benched(g)]], data.groups),
  ];
}

function followUp(data) {
  const tot = data.total;
  const rows = data.groups.map((g) => ({
    key: g.group, label: g.group, value: `${pct(g.share)} (${g.followedUp}/${g.acknowledged - g.pending})`,
    segments: [{ value: (g.share || 0) * 100, cls: "s2", title: t("reports.fu.of", { n: g.followedUp, of: g.acknowledged - g.pending }) }],
    notes: [t("reports.fu.pending", { n: g.pending }), t("reports.fu.median", { d: ms(g.medianMsToValidAction) })],
  }));
  return [
    tiles([[t("reports.acknowledged"), num(tot.acknowledged)], [t("reports.fu.followedUp"), num(tot.followedUp)],
      [t("reports.fu.share"), pct(tot.share)], [t("reports.fu.pendingLabel"), num(tot.pending)]]),
    figure("follow-up", t("reports.fu.caption"), [["s2", t("reports.fu.share")]],
      { rows, max: 100, format: (v) => `${Math.round(v)}%` }),
    table([[t("reports.group"), (g) => g.group], [t("reports.leads"), (g) => g.leads], [t("reports.acknowledged"), (g) => g.acknowledged],
      [t("reports.fu.followedUp"), (g) => g.followedUp], [t("reports.fu.pendingLabel"), (g) => g.pending],
      [t("reports.fu.share"), (g) => pct(g.share)], [t("reports.fu.medianLabel"), (g) => ms(g.medianMsToValidAction)]], data.groups),
  ];
}

function funnel(data) {
  const stageRows = data.stages.map((st) => ({
    key: st.stage, label: st.stage, value: num(st.entered),
    segments: [{ value: st.converted || 0, cls: "s2", title: t("reports.fn.converted", { n: st.converted ?? 0 }) },
      { value: st.entered - (st.converted || 0), cls: "s0", title: t("reports.fn.entered", { n: st.entered }) }],
    notes: [st.conversion !== null ? t("reports.fn.conversion", { share: pct(st.conversion) }) : null,
      t("reports.fn.median", { d: ms(st.medianMsInStage) }), t("reports.fn.downgrades", { n: st.downgrades })],
    alert: st.downgrades > 0,
  }));
  const out = [
    figure("funnel", t("reports.fn.caption"), [["s2", t("reports.fn.convertedLegend")], ["s0", t("reports.fn.stayedLegend")]],
      { rows: stageRows, format: count }),
  ];
  if (data.periods) {
    const names = data.stages.map((st) => st.stage);
    const periodRows = data.periods.map((p) => ({
      key: p.period, label: p.period, value: num(p.stages.reduce((n, st) => n + st.entered, 0)),
      segments: p.stages.map((st) => ({ value: st.entered, cls: `s${names.indexOf(st.stage) % 7}`, title: `${st.stage}: ${st.entered}` })),
      notes: [t("reports.fn.downgrades", { n: p.stages.reduce((n, st) => n + st.downgrades, 0) }),
        ...p.stages.filter((st) => st.medianMsInStage !== null).map((st) => `${st.stage} ${ms(st.medianMsInStage)}`)],
    }));
    out.push(figure("funnel-periods", t("reports.fn.periodsCaption"), names.map((n, i) => [`s${i % 7}`, n]),
      { rows: periodRows, format: count }));
  }
  const flat = data.periods ? data.periods.flatMap((p) => p.stages.map((st) => ({ ...st, period: p.period })))
    : data.stages.map((st) => ({ ...st, period: t("reports.all") }));
  out.push(table([[t("reports.fn.period"), (r) => r.period], [t("reports.fn.stage"), (r) => r.stage],
    [t("reports.fn.enteredLabel"), (r) => r.entered], [t("reports.fn.convertedLegend"), (r) => r.converted ?? "–"],
    [t("reports.fn.conversionLabel"), (r) => pct(r.conversion)], [t("reports.fn.medianLabel"), (r) => ms(r.medianMsInStage)],
    [t("reports.fn.downgradesLabel"), (r) => r.downgrades]], flat));
  return out;
}

function sources(data) {
  const threshold = data.healthThreshold ?? HEALTH_THRESHOLD;
  const low = (g) => g.averageHealth !== null && g.averageHealth < threshold;
  const health = data.groups.map((g) => ({
    key: g.group, label: g.group, value: g.averageHealth === null ? "–" : num(g.averageHealth), alert: low(g),
    segments: [{ value: g.averageHealth || 0, cls: low(g) ? "s3" : "s2", title: t("reports.src.healthOf", { group: g.group, n: num(g.averageHealth) }) }],
    notes: [low(g) ? t("reports.src.below", { n: threshold }) : null, t("reports.src.complete", { share: pct(g.contactCompleteShare) })],
  }));
  const volume = data.groups.map((g) => ({
    key: g.group, label: g.group, value: num(g.leads),
    segments: [{ value: g.won, cls: "s2", title: `${t("reports.src.won")}: ${g.won}` },
      { value: g.opportunities - g.won, cls: "s1", title: `${t("reports.src.opportunities")}: ${g.opportunities}` },
      { value: g.leads - g.opportunities, cls: "s0", title: `${t("reports.leads")}: ${g.leads}` }],
    notes: [t("reports.src.merged", { n: g.mergedDuplicates }), t("reports.src.opportunityShare", { share: pct(g.opportunityShare) }),
      t("reports.src.wonShare", { share: pct(g.wonShare) })],
  }));
  return [
    figure("sources", t("reports.src.caption"), [["s2", t("reports.src.healthLegend")], ["s3", t("reports.src.lowLegend", { n: threshold })]],
      { rows: health, max: 100, format: (v) => num(Math.round(v)), reference: { value: threshold, label: t("reports.src.threshold", { n: threshold }) } }),
    figure("sources-volume", t("reports.src.volumeCaption"), [["s2", t("reports.src.won")], ["s1", t("reports.src.opportunities")],
      ["s0", t("reports.src.notConverted")]], { rows: volume, format: count }),
    table([[t("reports.group"), (g) => g.group], [t("reports.leads"), (g) => g.leads], [t("reports.src.mergedLabel"), (g) => g.mergedDuplicates],
      [t("reports.src.healthLegend"), (g) => g.averageHealth ?? "–"], [t("reports.src.completeLabel"), (g) => pct(g.contactCompleteShare)],
      [t("reports.src.opportunities"), (g) => `${g.opportunities} (${pct(g.opportunityShare)})`],
      [t("reports.src.won"), (g) => `${g.won} (${pct(g.wonShare)})`]], data.groups),
  ];
}

const RENDER = { "first-touch": firstTouch, sla, "follow-up": followUp, funnel, sources };

const section = h("section", { class: "report", "data-current": view });
fill(root, tabs(), filterForm(), section);

async function show() {
  for (const a of root.querySelectorAll("[data-view-link]")) a.href = `?${query(a.dataset.viewLink)}`;
  fill(section, h("h2", {}, viewTitle(view)), h("p", { class: "muted" }, t("reports.loading")));
  try {
    const data = await api(apiPath(view));
    const parts = await RENDER[view](data);
    fill(section, h("h2", {}, viewTitle(view)),
      h("p", { class: "muted" }, t("reports.window", { from: filters.from, to: filters.to }), " ", csvLink()), parts);
    for (const fig of section.querySelectorAll("figure")) fig.draw?.();
    section.dataset.loaded = `${filters.from}|${filters.to}|${filters.groupBy}`;
    announce("");
  } catch (err) {
    fill(section, h("h2", {}, viewTitle(view)));
    announce(failure(err), { error: true });
  }
}

window.addEventListener("popstate", () => location.reload());
await show();
