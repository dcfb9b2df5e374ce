// /app/admin#import — a bulk import of leads from a CSV or .xlsx file (POST /api/v1/imports).
// The header row is read in the page for a CSV; for an .xlsx a dry run with the mapping {} answers
// it (the page does not unzip workbooks). Columns are mapped to canonical fields (a select per
// field, guessed from the header's words, and a default value per field); a dry run comes first,
// then the import; the per-row report is a link (GET /imports/{id}/report, a CSV attachment).
import { csrfToken, ApiError } from "./api.js";
import { t } from "./i18n.js";
import { h, fill, announce, failure } from "./ui.js";

/** Canonical fields an import maps, with their label keys. */
const FIELDS = [
  ["name", "field.name"], ["phone", "field.phone"], ["email", "field.email"], ["company", "field.company"],
  ["region", "field.region"], ["industry", "field.industry"], ["budget", "field.budget"],
  ["priority", "field.priority"], ["notes", "import.notes"], ["source", "field.source"],
];

/** Header words that say which field a column is (lower case). */
const GUESS = {
  name: ["name", "姓名", "名字", "联系人", "客户", "full name"], phone: ["phone", "mobile", "tel", "手机", "电话", "手机号", "联系电话"],
  email: ["email", "e-mail", "mail", "邮箱", "电子邮件"], company: ["company", "公司", "单位", "企业"],
  region: ["region", "city", "地区", "城市", "区域", "省份"], industry: ["industry", "行业"], budget: ["budget", "预算"],
  priority: ["priority", "优先级"], notes: ["notes", "note", "remark", "备注", "留言"], source: ["source", "来源", "渠道"],
};

/** The first record of a CSV text (RFC 4180 quoting, a byte order mark dropped), trimmed. */
export function csvHeader(text) {
  const s = text.replace(/^\uFEFF/, "");
  const cells = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === "\"" && s[i + 1] === "\"") { cell += "\""; i++; }
      else if (c === "\"") quoted = false;
      else cell += c;
    } else if (c === "\"") quoted = true;
    else if (c === ",") { cells.push(cell.trim()); cell = ""; }
    else if (c === "\n" || c === "\r") {
      cells.push(cell.trim());
      if (cells.some((x) => x !== "")) return cells;
      cells.length = 0; cell = "";
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells.some((x) => x !== "") ? cells : [];
}

function isXlsx(file, head) {
  return (head[0] === 0x50 && head[1] === 0x4b) || /\.xlsx$/i.test(file.name);
}

/** POST /api/v1/imports as multipart: the mapping part and the file part. Resolves the JSON answer. */
async function upload(file, mapping, dryRun) {
  const form = new FormData();
  form.append("mapping", new Blob([JSON.stringify(mapping)], { type: "application/json" }));
  form.append("file", file, file.name);
  const response = await fetch(`/api/v1/imports?dryRun=${dryRun}`, {
    method: "POST", body: form, credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRF-Token": csrfToken() },
  });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (response.status === 401) location.assign(`/app/?next=${encodeURIComponent(location.pathname)}`);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export async function mount(panel) {
  let file = null;
  let columns = [];
  let checked = null; // the mapping of the last successful dry run, as JSON text

  const fileInput = h("input", { type: "file", id: "import-file", accept: ".csv,.xlsx,text/csv", "data-field": "file" });
  const fileError = h("p", { class: "error", id: "import-file-error" });
  const mapping = h("div", { class: "import-mapping", "data-import": "mapping" });
  const result = h("div", { "data-import": "result" });
  const dryButton = h("button", { type: "button", class: "primary", "data-action": "dry-run", disabled: true }, t("import.dryRun"));
  const importButton = h("button", { type: "button", "data-action": "import", disabled: true }, t("import.run"));
  // Past campaigns' leads are recorded UNROUTED unless asked (ADR 0024): routing is opt-in.
  const route = h("input", { type: "checkbox", id: "import-route", "data-field": "route" });
  route.addEventListener("change", () => { checked = null; importButton.disabled = true; });

  fill(panel,
    h("h2", {}, t("import.title")),
    h("p", { class: "muted" }, t("import.intro")),
    h("label", { for: "import-file" }, t("import.file")),
    fileInput, fileError,
    mapping,
    h("p", { class: "check" }, route, " ", h("label", { for: "import-route" }, t("import.route"))),
    h("div", { class: "actions" }, dryButton, importButton),
    result);

  fileInput.addEventListener("change", async () => {
    file = fileInput.files[0] || null;
    columns = [];
    checked = null;
    fill(mapping); fill(result); fill(fileError);
    dryButton.disabled = importButton.disabled = true;
    if (!file) return;
    try {
      const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
      if (isXlsx(file, head)) columns = (await upload(file, {}, true)).columns;
      else columns = csvHeader(await file.slice(0, 65536).text());
      if (!columns.length) throw new Error(t("import.noHeader"));
      renderMapping();
      dryButton.disabled = false;
      announce(t("import.columns", { n: columns.length }));
    } catch (err) {
      fileError.textContent = err instanceof ApiError ? fieldMessage(err, "file") || failure(err) : String(err.message || err);
    }
  });

  function renderMapping() {
    const rows = FIELDS.map(([field, label]) => {
      const guess = columns.find((c) => (GUESS[field] || []).includes(c.toLowerCase()));
      const select = h("select", { id: `map-${field}`, "data-map": field, "aria-describedby": `map-${field}-error` },
        h("option", { value: "" }, t("import.unmapped")),
        columns.map((c) => h("option", { value: c }, c)));
      select.value = guess || "";
      const dflt = h("input", { id: `default-${field}`, "data-default": field, "aria-label": t("import.defaultFor", { field: t(label) }),
        placeholder: field === "source" ? "import" : "" });
      select.addEventListener("change", () => { checked = null; importButton.disabled = true; });
      dflt.addEventListener("input", () => { checked = null; importButton.disabled = true; });
      return h("tr", {},
        h("th", { scope: "row" }, h("label", { for: `map-${field}` }, t(label))),
        h("td", {}, select, h("p", { class: "error", id: `map-${field}-error` })),
        h("td", {}, dflt));
    });
    fill(mapping, h("div", { class: "scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("import.field")), h("th", { scope: "col" }, t("import.column")),
        h("th", { scope: "col" }, t("import.default")))),
      h("tbody", {}, rows))));
  }

  function currentMapping() {
    const out = {};
    const defaults = {};
    for (const [field] of FIELDS) {
      const column = mapping.querySelector(`[data-map="${field}"]`).value;
      const value = mapping.querySelector(`[data-default="${field}"]`).value.trim();
      if (column) out[field] = column;
      if (value) defaults[field] = value;
    }
    if (Object.keys(defaults).length) out.defaults = defaults;
    if (route.checked) out.route = true;
    return out;
  }

  function fieldMessage(err, field) {
    const e = (err.problem?.errors || []).find((x) => x.field === field);
    return e ? e.message : null;
  }

  function showErrors(err) {
    for (const el of mapping.querySelectorAll("p.error")) el.textContent = "";
    let shown = false;
    for (const e of err.problem?.errors || []) {
      const m = /^\/mapping\/(?:defaults\/)?(\w+)$/.exec(e.field || "");
      const at = m && mapping.querySelector(`#map-${m[1]}-error`);
      if (at) { at.textContent = e.message; shown = true; }
      else if (e.field === "file") { fileError.textContent = e.message; shown = true; }
    }
    announce(shown ? t("import.fixFields") : failure(err), { error: true });
  }

  async function run(dryRun) {
    const body = currentMapping();
    dryButton.disabled = importButton.disabled = true;
    announce(t(dryRun ? "import.checking" : "import.importing"));
    try {
      const answer = await upload(file, body, dryRun);
      for (const el of mapping.querySelectorAll("p.error")) el.textContent = "";
      renderResult(answer);
      checked = dryRun ? JSON.stringify(body) : null;
      announce(t(dryRun ? "import.checked" : "import.done", { created: answer.created, refused: answer.refused }));
    } catch (err) {
      showErrors(err);
    } finally {
      dryButton.disabled = !file;
      importButton.disabled = checked === null || checked !== JSON.stringify(currentMapping());
    }
  }

  function renderResult(a) {
    const count = (key, n) => h("div", { class: "count", "data-count": key }, h("span", { class: "n" }, String(n)), " ", t(`import.count.${key}`));
    fill(result,
      h("h3", {}, t(a.dryRun ? "import.dryResult" : "import.result", { rows: a.rows })),
      h("div", { class: "counts", "data-result": a.dryRun ? "dry-run" : "import" },
        count("created", a.created), count("merged", a.merged), count("duplicate", a.duplicate), count("refused", a.refused)),
      h("p", { class: "muted", "data-routed": String(a.routed) }, t(a.routed ? "import.routed" : "import.notRouted")),
      a.errors.length ? h("div", { class: "scroll" }, h("table", { "data-import": "errors" },
        h("caption", {}, t("import.errors", { n: a.errors.length })),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("import.row")), h("th", { scope: "col" }, t("import.column")),
          h("th", { scope: "col" }, t("import.message")))),
        h("tbody", {}, a.errors.map((e) => h("tr", { "data-row": e.row }, h("td", {}, String(e.row)), h("td", {}, e.field),
          h("td", {}, e.message)))))) : null,
      h("p", {}, h("a", { href: a.report, download: `import-${a.importId}.csv`, "data-action": "report" }, t("import.report"))));
  }

  dryButton.addEventListener("click", () => run(true));
  importButton.addEventListener("click", () => run(false));
}
