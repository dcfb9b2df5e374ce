// Administration › routing rules: edit the rule set (JSON, errors at their line), simulate the draft
// on the last N leads before publishing (where each would go now, the shift per rep), publish, the
// diff between two versions, and roll back to a version (after a confirm).
import { api, ApiError } from "./api.js";
import { t } from "./i18n.js";
import { h, fill, announce, failure } from "./ui.js";
import { documentEditor } from "./admin-doc.js";

export async function mount(panel) {
  const editor = await documentEditor(panel, { path: "/routing", name: "routing", title: "rules.title", extra: simulation });
  panel.append(diffAndRollback(editor));
}

/** The simulation form and its result, under the editor's buttons. */
function simulation(editor) {
  const last = h("input", { type: "number", min: 1, max: 1000, value: 100, id: "simulate-last", inputmode: "numeric" });
  const result = h("div", { class: "simulation", "data-simulation": "" });
  async function simulate() {
    const draft = editor.draft();
    if (draft === null) return;
    try {
      const answer = await api("/routing/simulate", { method: "POST", body: { draft, last: Number(last.value) || 100 } });
      fill(result,
        h("p", { "data-changed": answer.changed }, t("rules.simulated", { replayed: answer.replayed, changed: answer.changed })),
        h("div", { class: "scroll" }, h("table", { "data-shift": "" },
          h("thead", {}, h("tr", {}, h("th", {}, t("rules.rep")), h("th", {}, t("rules.before")), h("th", {}, t("rules.after")),
            h("th", {}, t("rules.delta")))),
          h("tbody", {}, answer.reps.map((r) => h("tr", { "data-rep-id": r.repId },
            h("td", {}, r.name || r.repId), h("td", {}, r.before), h("td", {}, r.after),
            h("td", { class: r.delta ? "changed" : "" }, r.delta > 0 ? `+${r.delta}` : String(r.delta))))))),
        answer.leads.some((l) => l.changed) ? h("details", {},
          h("summary", {}, t("rules.movedLeads")),
          h("ul", {}, answer.leads.filter((l) => l.changed).slice(0, 100).map((l) => h("li", { "data-lead-id": l.leadId },
            h("a", { href: `/app/leads/${encodeURIComponent(l.leadId)}` }, l.leadId), " ", l.then || "–", " → ", l.now,
            l.summary ? h("span", { class: "muted" }, " · ", l.summary) : null)))) : null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.problem.errors?.length) {
        // The draft's errors are named under /draft: show them at the draft's own lines.
        editor.showErrors(err.problem.errors.map((e) => ({ ...e, field: String(e.field).replace(/^\/draft/, "") })));
        announce(t("doc.refused", { count: err.problem.errors.length }), { error: true });
      } else {
        announce(failure(err), { error: true });
      }
    }
  }
  return h("section", { class: "simulate" },
    h("h3", {}, t("rules.simulate")),
    h("p", { class: "muted" }, t("rules.simulateHint")),
    h("div", { class: "actions" },
      h("label", { class: "inline" }, t("rules.last"), " ", last),
      h("button", { type: "button", "data-action": "simulate", onclick: simulate }, t("rules.simulate"))),
    result);
}

/** Pick two versions to compare, or one to roll back to. */
function diffAndRollback(editor) {
  const from = h("select", { id: "diff-from", "aria-label": t("rules.from") });
  const to = h("select", { id: "diff-to", "aria-label": t("rules.to") });
  const out = h("div", { "data-diff": "" });
  const section = h("section", { class: "diff" });

  async function fillVersions() {
    const list = (await api("/routing/versions")).versions.filter((v) => v.by !== null);
    const options = (selected) => list.map((v) => h("option", { value: v.version, selected: v.version === selected },
      t("rules.version", { version: v.version })));
    const n = list.length ? list[list.length - 1].version : 0;
    fill(from, options(list.length > 1 ? list[list.length - 2].version : n));
    fill(to, options(n));
  }

  async function diff() {
    try {
      const answer = await api(`/routing/versions/${from.value}/diff/${to.value}`);
      if (!answer.changes.length) return fill(out, h("p", { class: "muted" }, t("rules.same")));
      fill(out, h("ul", { class: "changes" }, answer.changes.map((c) => h("li", { "data-op": c.op },
        h("span", { class: `op ${c.op}` }, t(`rules.op.${c.op}`)), " ", h("code", {}, c.path),
        c.from ? h("span", { class: "muted" }, " ", t("rules.movedFrom", { from: c.from })) : null,
        c.before !== undefined && c.before !== null ? h("pre", { class: "before" }, "− ", JSON.stringify(c.before, null, 1)) : null,
        c.after !== undefined && c.after !== null ? h("pre", { class: "after" }, "+ ", JSON.stringify(c.after, null, 1)) : null))));
    } catch (err) {
      announce(failure(err), { error: true });
    }
  }

  async function rollback() {
    const n = from.value;
    if (!n || !window.confirm(t("rules.confirmRollback", { version: n }))) return;
    try {
      const answer = await api(`/routing/versions/${n}/rollback`, { method: "POST" });
      announce(t("rules.rolledBack", { version: n, now: answer.version }));
      await editor.reload();
      await fillVersions();
    } catch (err) {
      announce(failure(err), { error: true });
    }
  }

  section.append(
    h("h3", {}, t("rules.diff")),
    h("div", { class: "actions" }, from, to,
      h("button", { type: "button", "data-action": "diff", onclick: diff }, t("rules.compare")),
      h("button", { type: "button", "data-action": "rollback", onclick: rollback }, t("rules.rollback"))),
    out);
  fillVersions().catch((err) => announce(failure(err), { error: true }));
  return section;
}
