// /app/admin#sources — lead sources: the list (GET /sources: secrets as ***, the webhook URL to paste),
// add from a template per platform (GET /sources/templates), edit, save (PUT /sources: errors at the
// field; a secret left blank keeps the stored one), a test delivery (POST /sources/{id}/test-delivery),
// the last deliveries and fetch errors (GET /sources/{id}/deliveries, /fetches), and the mapping
// preview on a pasted payload (POST /sources/{id}/preview).
import { api, enc, csrfToken, ApiError } from "./api.js";
import { t, formatTime } from "./i18n.js";
import { h, fill, announce, failure } from "./ui.js";

const PRIORITIES = ["", "low", "normal", "high", "urgent"];

export async function mount(panel) {
  const [state, { templates }] = await Promise.all([api("/sources"), api("/sources/templates")]);
  let doc = state.document?.sources || [];
  let webhooks = state.webhooks || {};
  const byType = new Map(templates.map((tpl) => [tpl.type, tpl]));

  const list = h("div", { class: "cards", "data-sources": "list" });
  const editor = h("section", { class: "card source-editor", "data-source-editor": "", hidden: true });
  const typeSelect = h("select", { id: "template-type", "data-field": "template" },
    templates.map((tpl) => h("option", { value: tpl.type }, tpl.type)));
  typeSelect.value = byType.has("generic") ? "generic" : templates[0]?.type;
  fill(panel,
    h("h2", {}, t("sources.title")),
    h("p", { class: "muted" }, t("sources.intro")),
    h("div", { class: "add-source" },
      h("label", { for: "template-type" }, t("sources.template")), typeSelect,
      h("button", { type: "button", class: "primary", "data-action": "add-source", onclick: () => edit(null, typeSelect.value) },
        t("sources.add"))),
    editor,
    list);
  render();

  async function reload() {
    const fresh = await api("/sources");
    doc = fresh.document?.sources || [];
    webhooks = fresh.webhooks || {};
    render();
  }

  function render() {
    fill(list, doc.length ? doc.map(card) : h("p", { class: "muted" }, t("sources.none")));
  }

  function card(source, index) {
    const hook = webhooks[source.id];
    const out = h("div", { "data-source-output": "" });
    const preview = h("textarea", { id: `preview-${source.id}`, rows: 4, "data-field": "payload" });
    const previewType = h("select", { id: `preview-type-${source.id}` },
      ["application/json", "application/x-www-form-urlencoded", "text/xml"].map((m) => h("option", { value: m }, m)));
    return h("article", { class: "card", "data-source-id": source.id },
      h("h3", {}, source.id, " ", h("span", { class: "badge type" }, source.type),
        source.enabled === false ? h("span", { class: "badge off" }, t("sources.disabled")) : null),
      h("dl", {},
        h("dt", {}, t("sources.webhook")),
        h("dd", {}, hook ? h("code", { "data-webhook": source.id }, hook.url) : "–",
          hook?.tokenInUrl ? h("span", { class: "muted" }, " ", t("sources.tokenHint")) : null),
        h("dt", {}, t("sources.secrets")),
        h("dd", {}, Object.keys(source.secrets || {}).length
          ? Object.keys(source.secrets).map((k) => h("span", { class: "secret" }, k, " ", t("sources.set"))) : "–"),
        source.priority ? [h("dt", {}, t("field.priority")), h("dd", {}, source.priority)] : null,
        source.tags?.length ? [h("dt", {}, t("sources.tags")), h("dd", {}, source.tags.join(", "))] : null),
      h("div", { class: "actions" },
        h("button", { type: "button", "data-action": "edit", onclick: () => edit(index, source.type) }, t("sources.edit")),
        h("button", { type: "button", "data-action": "test-delivery", onclick: () => testDelivery(source, out) }, t("sources.test")),
        h("button", { type: "button", "data-action": "deliveries", onclick: () => deliveries(source, out) }, t("sources.deliveries"))),
      h("details", {},
        h("summary", {}, t("sources.preview")),
        h("label", { for: `preview-type-${source.id}` }, t("sources.mediaType")), previewType,
        h("label", { for: `preview-${source.id}` }, t("sources.payload")), preview,
        h("button", { type: "button", "data-action": "preview", onclick: () => previewPayload(source, previewType.value, preview.value, out) },
          t("sources.runPreview"))),
      out);
  }

  // ------------------------------------------------------------------ add / edit

  function edit(index, type) {
    const existing = index === null ? null : doc[index];
    const tpl = byType.get(type) || { type, options: [], secrets: [], startingOptions: null };
    const at = index === null ? doc.length : index;
    const input = (name, attrs = {}) => h("input", { id: `src-${name}`, "data-field": name, "aria-describedby": `src-${name}-error`, ...attrs });
    const errorOf = (name) => h("p", { class: "error", id: `src-${name}-error` });
    const row = (name, label, control, hint) => [h("label", { for: `src-${name}` }, label), control,
      hint ? h("p", { class: "muted hint" }, hint) : null, errorOf(name)];
    const id = input("id", { value: existing?.id || "", readonly: existing ? true : null, autocomplete: "off" });
    const secretInputs = tpl.secrets.map((k) => [k.name, input(`secrets-${k.name}`, {
      type: "password", autocomplete: "new-password",
      placeholder: existing?.secrets?.[k.name] ? t("sources.keep") : "" }), k.description]);
    const optionsText = h("textarea", { id: "src-options", "data-field": "options", rows: 8, "aria-describedby": "src-options-error" });
    optionsText.value = JSON.stringify(existing ? existing.options ?? null : tpl.startingOptions ?? null, null, 2);
    const priority = h("select", { id: "src-priority", "data-field": "priority" },
      PRIORITIES.map((p) => h("option", { value: p }, p || "–")));
    priority.value = existing?.priority || "";
    const credibility = input("credibility", { type: "number", min: 0, max: 1, step: 0.05, value: existing?.credibility ?? "" });
    const tags = input("tags", { value: (existing?.tags || []).join(", ") });
    const enabled = h("input", { type: "checkbox", id: "src-enabled", "data-field": "enabled", checked: existing?.enabled !== false });
    const save = h("button", { type: "submit", class: "primary", "data-action": "save-source" }, t("sources.save"));
    const form = h("form", { novalidate: true },
      h("h3", {}, existing ? t("sources.editing", { id: existing.id }) : t("sources.adding", { type })),
      row("id", t("sources.id"), id, t("sources.idHint")),
      secretInputs.map(([name, el, hint]) => row(`secrets-${name}`, t("sources.secret", { name }), el, hint)),
      h("label", { for: "src-options" }, t("sources.options")), optionsText,
      tpl.options.length ? h("ul", { class: "muted hint" }, tpl.options.map((k) => h("li", {}, h("code", {}, k.name), " — ", k.description))) : null,
      errorOf("options"),
      row("priority", t("field.priority"), priority),
      row("credibility", t("sources.credibility"), credibility),
      row("tags", t("sources.tags"), tags),
      h("label", { class: "inline" }, enabled, t("sources.enabled")),
      h("p", { class: "error", id: "src-other-error" }),
      h("div", { class: "actions" }, save,
        h("button", { type: "button", "data-action": "cancel", onclick: () => { editor.hidden = true; fill(editor); } }, t("sources.cancel"))));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      for (const el of form.querySelectorAll("p.error")) el.textContent = "";
      let options = null;
      try {
        options = optionsText.value.trim() ? JSON.parse(optionsText.value) : null;
      } catch (err) {
        form.querySelector("#src-options-error").textContent = t("sources.badJson", { detail: err.message });
        return;
      }
      const secrets = {};
      for (const [name, el] of secretInputs) {
        if (el.value) secrets[name] = el.value;
        else if (existing?.secrets?.[name]) secrets[name] = "***"; // blank: keep the stored one
      }
      const source = { id: id.value.trim(), type, secrets };
      if (options !== null) source.options = options;
      if (priority.value) source.priority = priority.value;
      if (credibility.value !== "") source.credibility = Number(credibility.value);
      const tagList = tags.value.split(",").map((x) => x.trim()).filter(Boolean);
      if (tagList.length) source.tags = tagList;
      if (!enabled.checked) source.enabled = false;
      const next = doc.map((s) => ({ ...s }));
      next[at] = source;
      save.disabled = true;
      try {
        await api("/sources", { method: "PUT", body: { sources: next } });
        editor.hidden = true;
        fill(editor);
        await reload();
        announce(t("sources.saved", { id: source.id }));
        list.querySelector(`[data-source-id="${CSS.escape(source.id)}"]`)?.scrollIntoView({ block: "nearest" });
      } catch (err) {
        showErrors(form, err, at);
      } finally {
        save.disabled = false;
      }
    });
    fill(editor, form);
    editor.hidden = false;
    (existing ? optionsText : id).focus();
  }

  /** Each error at its field: /sources/<at>/id → #src-id-error, …/secrets/token → #src-secrets-token-error. */
  function showErrors(form, err, at) {
    const other = [];
    for (const e of err.problem?.errors || []) {
      const m = new RegExp(`^/sources/${at}/([^/]+)(?:/([^/]+))?`).exec(e.field || "");
      let target = null;
      if (m) {
        const name = m[1] === "secrets" && m[2] ? `secrets-${m[2]}` : m[1];
        target = form.querySelector(`#src-${CSS.escape(name)}-error`);
      }
      if (target) target.textContent = (target.textContent ? `${target.textContent}; ` : "") + (m[1] === "options" && e.field !== `/sources/${at}/options` ? `${e.field.slice(`/sources/${at}/options`.length)}: ` : "") + e.message;
      else other.push(`${e.field}: ${e.message}`);
    }
    form.querySelector("#src-other-error").textContent = other.join("; ");
    announce(err instanceof ApiError && err.status === 400 ? t("sources.fixFields") : failure(err), { error: true });
  }

  // ------------------------------------------------------------------ test, deliveries, preview

  async function testDelivery(source, out) {
    announce(t("sources.testing"));
    try {
      const r = await api(`/sources/${enc(source.id)}/test-delivery`, { method: "POST" });
      fill(out, h("div", { class: "test-result", "data-test-status": String(r.status) },
        h("h4", {}, t("sources.testResult", { status: r.status })),
        r.problem ? h("p", { class: "error" }, r.problem) : null,
        leadsList(r.leads)));
      announce(r.status === 202 ? t("sources.testOk", { n: r.leads.length }) : t("sources.testRefused", { status: r.status }),
        { error: r.status !== 202 });
      if (out.dataset.open === "deliveries") await deliveries(source, out);
    } catch (err) {
      fill(out, h("p", { class: "error" }, failure(err)));
      announce(failure(err), { error: true });
    }
  }

  function leadsList(leads) {
    if (!leads?.length) return null;
    return h("ul", { class: "leads" }, leads.map((l) => h("li", {},
      h("strong", {}, l.lead.name || "–"), " · ", [...(l.lead.phones || []), ...(l.lead.emails || [])].join(", ") || "–",
      " · ", l.lead.region?.macro || l.lead.region?.name || "–",
      " → ", l.routing?.repId ? t("sources.wouldGo", { rep: l.routing.repId }) : t("sources.wouldQueue"),
      l.health ? ` · ${t("sources.health", { score: l.health.score })}` : "")));
  }

  async function deliveries(source, out) {
    try {
      const [d, f] = await Promise.all([api(`/sources/${enc(source.id)}/deliveries`), api(`/sources/${enc(source.id)}/fetches`)]);
      const test = out.querySelector(".test-result"); // the last test's answer stays above the list
      out.dataset.open = "deliveries";
      const fetchErrors = f.fetches.filter((x) => x.lastError);
      fill(out, test,
        h("h4", {}, t("sources.lastLeads")),
        d.accepted.length ? h("div", { class: "scroll" }, h("table", { "data-deliveries": "accepted" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("field.receivedAt")), h("th", { scope: "col" }, t("field.name")),
            h("th", { scope: "col" }, t("sources.status")))),
          h("tbody", {}, d.accepted.map((a) => h("tr", { "data-lead-id": a.leadId },
            h("td", {}, formatTime(a.receivedAt)), h("td", {}, h("a", { href: `/app/leads/${enc(a.leadId)}` }, a.name || a.leadId)),
            h("td", {}, a.status)))))) : h("p", { class: "muted" }, t("sources.noLeads")),
        h("h4", {}, t("sources.others")),
        d.others.length ? h("div", { class: "scroll" }, h("table", { "data-deliveries": "others" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("field.at")), h("th", { scope: "col" }, t("sources.kind")),
            h("th", { scope: "col" }, t("sources.status")), h("th", { scope: "col" }, t("sources.detail")))),
          h("tbody", {}, d.others.map((o) => h("tr", { "data-kind": o.kind, "data-status": String(o.status) },
            h("td", {}, formatTime(o.at)), h("td", {}, o.kind === "test" ? t("sources.kindTest") : t("sources.kindRefused")),
            h("td", {}, String(o.status)), h("td", {}, o.problem || o.summary || "")))))) : h("p", { class: "muted" }, t("sources.noOthers")),
        h("h4", {}, t("sources.fetchErrors")),
        fetchErrors.length || f.pull?.lastError ? h("ul", { "data-fetch-errors": "" },
          fetchErrors.map((x) => h("li", {}, `${x.reference} (${x.attempts}×, ${formatTime(x.nextAttemptAt)}): ${x.lastError}`)),
          f.pull?.lastError ? h("li", {}, t("sources.pullError", { error: f.pull.lastError })) : null)
          : h("p", { class: "muted" }, t("sources.noFetchErrors")));
    } catch (err) {
      announce(failure(err), { error: true });
    }
  }

  async function previewPayload(source, mediaType, payload, out) {
    try {
      const response = await fetch(`/api/v1/sources/${enc(source.id)}/preview`, {
        method: "POST", credentials: "same-origin", body: payload,
        headers: { "Content-Type": mediaType, Accept: "application/json", "X-CSRF-Token": csrfToken() },
      });
      const data = await response.json().catch(() => null);
      if (!response.ok) throw new ApiError(response.status, data);
      fill(out, h("div", { "data-preview": "" }, h("h4", {}, t("sources.previewResult", { n: data.leads.length })), leadsList(data.leads)));
    } catch (err) {
      const detail = (err.problem?.errors || []).map((e) => `${e.field}: ${e.message}`).join("; ");
      fill(out, h("p", { class: "error" }, detail || failure(err)));
    }
  }
}
