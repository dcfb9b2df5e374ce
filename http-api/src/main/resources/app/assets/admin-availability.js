// Administration › availability: a manager's (or director's) own people, each marked available or
// away (GET /availability, PUT /reps/{id}/availability; each change is a new org chart version by
// the caller). An admin sees everyone here too. Deactivated people are shown, not changed.
// Under each person their planned absences (from–to, reason), edited in place and saved as their
// whole list (PUT /reps/{id}/absences: a new routing rules version by the caller); the API names a
// refused date by JSON Pointer (/absences/0/to), shown at that input.
import { api, enc, ApiError } from "./api.js";
import { t } from "./i18n.js";
import { h, fill, announce, failure } from "./ui.js";

export async function mount(panel) {
  const list = h("ul", { class: "cards availability", "data-availability": "" });
  panel.append(h("section", {}, h("h2", {}, t("avail.title")), h("p", { class: "muted" }, t("avail.hint")), list));
  const { people } = await api("/availability");
  if (!people.length) return fill(list, h("li", { class: "muted" }, t("avail.nobody")));
  fill(list, people.map((p) => entry(p)));
}

function entry(p) {
  const li = h("li", { class: "card", "data-person-id": p.id, "data-availability": p.availability });
  const select = h("select", { id: `avail-${p.id}`, disabled: p.availability === "deactivated" },
    ["available", "away", p.availability === "deactivated" ? "deactivated" : null].filter(Boolean)
      .map((v) => h("option", { value: v, selected: v === p.availability }, v === "available" ? t("avail.available")
        : v === "away" ? t("avail.away") : t("avail.deactivated"))));
  select.addEventListener("change", async () => {
    select.disabled = true;
    try {
      const answer = await api(`/reps/${enc(p.id)}/availability`, { method: "PUT", body: { availability: select.value } });
      li.dataset.availability = answer.availability;
      announce(t("avail.saved", { name: p.name || p.id, state: select.selectedOptions[0].textContent, version: answer.version }));
    } catch (err) {
      select.value = li.dataset.availability;
      announce(failure(err), { error: true });
    } finally {
      select.disabled = false;
    }
  });
  return fill(li,
    h("h3", {}, p.name || p.id),
    h("p", { class: "muted" }, [p.role ? t(`role.${p.role}`) : null, p.team].filter(Boolean).join(" · ")),
    h("label", { for: `avail-${p.id}` }, t("avail.label")), select,
    absences(p));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The person's absences: one row per absence (a date input for a date, text for a date-time), add, remove, save. */
function absences(p) {
  let list = (p.absences || []).map((a) => ({ from: a.from, to: a.to, reason: a.reason || "" }));
  const rows = h("ol", { class: "absence-rows" });
  const general = h("ul", { class: "errors" });
  const save = h("button", { type: "button", class: "primary", "data-action": "save-absences" }, t("avail.saveAbsences"));
  const box = h("fieldset", { class: "absences", "data-absences": p.id },
    h("legend", {}, t("avail.absences")), rows, general,
    h("div", { class: "absence-actions" },
      h("button", { type: "button", "data-action": "add-absence", onclick: () => { list.push({ from: "", to: "", reason: "" }); render(); rows.querySelector("li:last-child input")?.focus(); } },
        t("avail.addAbsence")),
      save));

  function render() {
    if (!list.length) return fill(rows, h("li", { class: "muted" }, t("avail.noAbsences")));
    fill(rows, list.map((a, i) => h("li", { class: "absence", "data-absence": i },
      input(a, i, "from"), input(a, i, "to"), input(a, i, "reason"),
      h("button", { type: "button", class: "link", "data-action": "remove-absence",
        "aria-label": t("avail.removeAbsenceOf", { n: i + 1 }),
        onclick: () => { list.splice(i, 1); render(); } }, t("avail.removeAbsence")))));
  }

  function input(a, i, key) {
    const id = `absence-${p.id}-${i}-${key}`;
    const type = key === "reason" ? "text" : !a[key] || DATE.test(a[key]) ? "date" : "text";
    const el = h("input", { id, type, value: a[key], "data-pointer": `/absences/${i}/${key}`, "aria-describedby": `${id}-error`,
      required: key !== "reason", maxlength: key === "reason" ? 200 : undefined });
    el.addEventListener("input", () => { a[key] = el.value.trim(); });
    el.addEventListener("change", () => { a[key] = el.value.trim(); });
    return h("label", {}, h("span", {}, t(`avail.${key}`)), el, h("span", { class: "error field-error", id: `${id}-error` }));
  }

  function clearErrors() {
    fill(general);
    for (const el of box.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const el of box.querySelectorAll(".field-error")) el.textContent = "";
  }

  /** Each error at its input (or the nearest one above it), else in the list under the rows. */
  function showErrors(errors) {
    clearErrors();
    let first = null;
    for (const e of errors) {
      let at = e.field || "";
      let el = null;
      while (at && !(el = box.querySelector(`[data-pointer="${CSS.escape(at)}"]`))) at = at.slice(0, at.lastIndexOf("/"));
      if (!el) {
        general.append(h("li", { "data-field": e.field }, e.message));
        continue;
      }
      el.setAttribute("aria-invalid", "true");
      const out = document.getElementById(el.getAttribute("aria-describedby"));
      out.textContent = out.textContent ? `${out.textContent}; ${e.message}` : e.message;
      out.dataset.field = e.field;
      first = first || el;
    }
    first?.focus();
  }

  save.addEventListener("click", async () => {
    clearErrors();
    save.disabled = true;
    const body = { absences: list.map((a) => (a.reason ? { from: a.from, to: a.to, reason: a.reason } : { from: a.from, to: a.to })) };
    try {
      const answer = await api(`/reps/${enc(p.id)}/absences`, { method: "PUT", body });
      list = answer.absences.map((a) => ({ from: a.from, to: a.to, reason: a.reason || "" }));
      render();
      box.dataset.saved = String(answer.version);
      announce(t("avail.absencesSaved", { name: p.name || p.id, count: list.length, version: answer.version }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.problem.errors?.length) {
        showErrors(err.problem.errors);
        announce(t("doc.refused", { count: err.problem.errors.length }), { error: true });
      } else {
        announce(failure(err), { error: true });
      }
    } finally {
      save.disabled = false;
    }
  });
  render();
  return box;
}
