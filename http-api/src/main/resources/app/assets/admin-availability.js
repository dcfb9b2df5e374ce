// Administration › availability: a manager's (or director's) own people, each marked available or
// away (GET /availability, PUT /reps/{id}/availability; each change is a new org chart version by
// the caller). An admin sees everyone here too. Deactivated people are shown, not changed.
import { api, enc } from "./api.js";
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
    h("label", { for: `avail-${p.id}` }, t("avail.label")), select);
}
