// /app/admin — sales ops' pages (admin only; PageRoutes answers 403 to anyone else). One tab per
// area; each area is a module of its own, loaded when its tab is first opened, that exports
// mount(panel, { person }) and renders into the panel. The open tab is in the URL's hash (#org), so
// a reload or a shared link opens the same area.
import { me as whoAmI } from "./api.js";
import { loadMessages, t } from "./i18n.js";
import { h, fill, header, failure, announce } from "./ui.js";

export const AREAS = ["org", "routing", "sla", "sources", "import", "availability"];

/**
 * The areas a role opens: an admin every one; a manager or director only their own people's
 * availability (PageRoutes serves them the page for that alone; the API decides per person).
 */
export function areasFor(role) {
  return role === "admin" ? AREAS : ["availability"];
}

const person = await whoAmI();
await loadMessages(person.locale);
header(person, "admin.title");
const areas = areasFor(person.role);

const tabs = document.getElementById("tabs");
const panel = document.getElementById("panel");
const buttons = new Map();
for (const area of areas) {
  const tab = h("a", { role: "tab", href: `#${area}`, id: `tab-${area}`, "data-tab": area, "aria-controls": "panel" },
    t(`admin.area.${area}`));
  buttons.set(area, tab);
  tabs.append(tab);
}

async function open() {
  const wanted = location.hash.slice(1);
  const area = areas.includes(wanted) ? wanted : areas[0];
  for (const [name, tab] of buttons) tab.setAttribute("aria-selected", String(name === area));
  panel.setAttribute("aria-labelledby", `tab-${area}`);
  panel.dataset.area = area;
  fill(panel, h("p", { class: "muted" }, t("admin.loading")));
  try {
    const module = await import(`./admin-${area}.js`);
    fill(panel);
    await module.mount(panel, { person });
  } catch (err) {
    fill(panel);
    announce(failure(err), { error: true });
  }
}

window.addEventListener("hashchange", open);
await open();
