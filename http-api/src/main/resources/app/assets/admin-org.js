// Administration › org chart: people, teams and regions edited in forms over the chart kept in
// memory (GET /org), published as a whole (PUT /org). The engine's errors name JSON Pointers; each
// input carries the pointer of its field (data-pointer), so an error is shown at its input
// (aria-invalid, the message under it) and the first is focused. Nothing typed is lost on a refusal.
import { api, ApiError, ifMatch } from "./api.js";
import { t, formatTime } from "./i18n.js";
import { h, fill, announce, failure } from "./ui.js";

const ROLES = ["rep", "manager", "director", "admin"];
const AVAILABILITY = ["available", "away", "deactivated"];

let chart = null;
/** The version the chart in memory was loaded from: a publish is refused (412) if another came since. */
let basedOn = 0;

export async function mount(panel) {
  const form = h("form", { class: "org", "data-org": "", novalidate: true, onsubmit: (e) => { e.preventDefault(); publish(); } });
  const general = h("ul", { class: "errors", id: "org-errors" });
  const state = h("p", { class: "muted", "data-version": "" });
  const versions = h("ol", { class: "versions", "data-versions": "org" });
  panel.append(h("section", { class: "doc", "data-doc": "org" }, h("h2", {}, t("org.title")), state, general, form,
    h("h3", {}, t("doc.versions")), versions));

  if (!chart) {
    // The chart as of a known version, so the publish can say which one it was made from.
    const newest = (await api("/org/versions")).versions.at(-1);
    basedOn = newest ? newest.version : 0;
    chart = newest && newest.by !== null ? (await api(`/org/versions/${basedOn}`)).document : await api("/org");
  }
  render();
  await loadVersions(true);

  function render() {
    for (const list of ["people", "teams", "regions"]) chart[list] = chart[list] || [];
    fill(general);
    fill(form,
      h("h3", {}, t("org.people")),
      chart.people.map((p, i) => personFields(p, i)),
      h("div", { class: "actions" },
        h("button", { type: "button", "data-action": "add-person", onclick: () => add("people", { id: "", name: "", role: "rep", capacity: 0 }) },
          t("org.addPerson"))),
      h("h3", {}, t("org.teams")),
      chart.teams.map((team, i) => row("teams", i, team, [["id", "text"], ["name", "text"], ["managerId", "managers"]])),
      h("div", { class: "actions" },
        h("button", { type: "button", "data-action": "add-team", onclick: () => add("teams", { id: "", name: "", managerId: "" }) },
          t("org.addTeam"))),
      h("h3", {}, t("org.regions")),
      chart.regions.map((region, i) => row("regions", i, region, [["name", "text"], ["managerId", "managers"]])),
      h("div", { class: "actions" },
        h("button", { type: "button", "data-action": "add-region", onclick: () => add("regions", { name: "", managerId: "" }) },
          t("org.addRegion"))),
      h("div", { class: "actions sticky" },
        h("button", { type: "submit", class: "primary", "data-action": "publish" }, t("doc.publish"))));
  }

  function personFields(p, i) {
    const fields = [["id", "text"], ["name", "text"], ["role", ROLES], ["managerId", "managers"], ["team", "teams"],
      ["capacity", "number"], ["availability", AVAILABILITY], ["regions", "list"], ["industries", "list"],
      ["budgetBands", "list"], ["channels", "list"], ["calendar", "text"], ["email", "email"], ["mobile", "tel"],
      ["locale", "text"]];
    return h("details", { class: "card person", "data-person": p.id, open: !p.id || undefined },
      h("summary", {}, p.name || p.id || t("org.newPerson"), " ",
        h("span", { class: "muted" }, [t(`role.${ROLES.includes(p.role) ? p.role : "rep"}`), p.team].filter(Boolean).join(" · "))),
      h("div", { class: "grid" }, fields.map(([key, kind]) => field(`/people/${i}`, p, key, kind))),
      h("button", { type: "button", "data-action": "remove-person", onclick: () => remove("people", i) }, t("org.remove")));
  }

  function row(list, i, item, fields) {
    return h("fieldset", { class: "card row", "data-list": list },
      h("legend", { class: "visually-hidden" }, list === "teams" ? t("org.team") : t("org.region")),
      h("div", { class: "grid" }, fields.map(([key, kind]) => field(`/${list}/${i}`, item, key, kind))),
      h("button", { type: "button", "data-action": `remove-${list}`, onclick: () => remove(list, i) }, t("org.remove")));
  }

  /** One labelled input bound to item[key]; its pointer is base/key. */
  function field(base, item, key, kind) {
    const pointer = `${base}/${key}`;
    const id = `f${pointer.replace(/\//g, "-")}`;
    let input;
    if (Array.isArray(kind) || kind === "managers" || kind === "teams") {
      const values = Array.isArray(kind) ? kind
        : kind === "teams" ? ["", ...chart.teams.map((x) => x.id)]
          : ["", ...chart.people.filter((x) => x.role !== "rep" && x.id).map((x) => x.id)];
      if (item[key] && !values.includes(item[key])) values.push(item[key]);
      input = h("select", { id }, values.map((v) => h("option", { value: v, selected: v === (item[key] ?? "") }, label(key, v))));
    } else {
      const value = kind === "list" ? (item[key] || []).join(", ") : item[key] ?? "";
      input = h("input", { id, type: kind === "list" ? "text" : kind, value, inputmode: kind === "number" ? "numeric" : undefined });
    }
    input.dataset.pointer = pointer;
    input.setAttribute("aria-describedby", `${id}-error`);
    input.addEventListener("change", () => set(item, key, kind, input.value));
    input.addEventListener("input", () => set(item, key, kind, input.value));
    return h("label", {}, h("span", {}, t(`org.field.${key}`)), input, h("span", { class: "error field-error", id: `${id}-error` }));
  }

  function label(key, v) {
    if (v === "") return "–";
    if (key === "role") return t(`role.${v}`);
    if (key === "availability") return t(`avail.${v}`);
    const person = chart.people.find((x) => x.id === v);
    return person?.name ? `${person.name} (${v})` : v;
  }

  /** Writes an input back to the chart in memory: empty = absent, a list split on commas, a number when it is one. */
  function set(item, key, kind, raw) {
    const value = raw.trim();
    if (value === "") delete item[key];
    else if (kind === "list") item[key] = value.split(/[,，、]/).map((s) => s.trim()).filter(Boolean);
    else if (kind === "number") item[key] = /^-?\d+$/.test(value) ? Number(value) : value;
    else item[key] = value;
  }

  function add(list, item) {
    chart[list].push(item);
    render();
    const inputs = form.querySelectorAll(`[data-pointer^="/${list}/${chart[list].length - 1}/"]`);
    inputs[0]?.focus();
  }

  function remove(list, i) {
    chart[list].splice(i, 1);
    render();
  }

  function clearErrors() {
    fill(general);
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const el of form.querySelectorAll(".field-error")) el.textContent = "";
  }

  /** The input of pointer, or of its nearest ancestor that has one (/people/2/quietHours/from → none → the list). */
  function inputOf(pointer) {
    let p = pointer || "";
    while (p) {
      const el = form.querySelector(`[data-pointer="${CSS.escape(p)}"]`);
      if (el) return el;
      p = p.slice(0, p.lastIndexOf("/"));
    }
    return null;
  }

  function showErrors(errors) {
    clearErrors();
    let first = null;
    for (const e of errors) {
      const input = inputOf(e.field);
      if (!input) {
        general.append(h("li", { "data-field": e.field }, e.field ? `${e.field}: ` : "", e.message));
        continue;
      }
      input.setAttribute("aria-invalid", "true");
      const out = document.getElementById(input.getAttribute("aria-describedby"));
      out.textContent = out.textContent ? `${out.textContent}; ${e.message}` : e.message;
      out.dataset.field = e.field;
      const details = input.closest("details");
      if (details) details.open = true;
      first = first || input;
    }
    if (first) first.focus();
  }

  async function publish() {
    clearErrors();
    try {
      const answer = await api("/org", { method: "PUT", body: chart, headers: ifMatch(basedOn) });
      basedOn = answer.version;
      announce(t("doc.published", { version: answer.version }));
      await loadVersions(false, answer.version);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.problem.errors?.length) {
        showErrors(err.problem.errors);
        announce(t("doc.refused", { count: err.problem.errors.length }), { error: true });
      } else if (err instanceof ApiError && err.status === 412) {
        announce(t("doc.stale", { version: basedOn }), { error: true });
      } else {
        announce(failure(err), { error: true });
      }
    }
  }

  async function loadVersions(initial, published) {
    const list = (await api("/org/versions")).versions.slice().reverse();
    const current = list[0];
    if (current) {
      state.textContent = published ? t("doc.published", { version: published })
        : t("doc.inForce", { version: current.version, by: current.by || "–", at: formatTime(current.at) });
      state.dataset.version = String(current.version);
    }
    fill(versions, list.map((v) => h("li", { "data-version": v.version },
      t("doc.versionBy", { version: v.version, by: v.by || "–", at: formatTime(v.at) }), " ",
      v.by !== null && v.version !== current.version
        ? h("button", { type: "button", "data-action": "load-version", onclick: () => loadVersion(v.version) }, t("doc.load")) : null)));
    if (initial && !current) state.textContent = t("doc.none");
  }

  async function loadVersion(n) {
    try {
      chart = (await api(`/org/versions/${n}`)).document;
      render();
      announce(t("doc.loaded", { version: n }));
    } catch (err) {
      announce(failure(err), { error: true });
    }
  }
}
