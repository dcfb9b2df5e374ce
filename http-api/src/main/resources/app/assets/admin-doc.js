// A versioned configuration document edited as JSON (routing rules, SLA policies, pipelines): the
// text in a textarea, publish (PUT), the refusal's errors listed by line and JSON Pointer (a click
// selects the line), the versions with who/when, and "load into the editor" for any version. The
// edited text is kept while the page is open, so nothing is lost on an error.
import { api, ApiError, ifMatch } from "./api.js";
import { t, formatTime } from "./i18n.js";
import { h, fill, announce, failure } from "./ui.js";

/**
 * The document as JSON.stringify(value, null, 2) writes it, plus the line (0-based) each JSON
 * Pointer starts on, so an error can be shown at its line.
 */
export function layout(value) {
  const lines = [];
  const at = new Map();
  const esc = (key) => String(key).replace(/~/g, "~0").replace(/\//g, "~1");
  function write(v, pointer, indent, prefix, suffix) {
    at.set(pointer, lines.length);
    const pad = "  ".repeat(indent);
    if (Array.isArray(v) && v.length) {
      lines.push(`${pad}${prefix}[`);
      v.forEach((item, i) => write(item, `${pointer}/${i}`, indent + 1, "", i < v.length - 1 ? "," : ""));
      lines.push(`${pad}]${suffix}`);
    } else if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length) {
      lines.push(`${pad}${prefix}{`);
      const keys = Object.keys(v);
      keys.forEach((k, i) => write(v[k], `${pointer}/${esc(k)}`, indent + 1, `${JSON.stringify(k)}: `, i < keys.length - 1 ? "," : ""));
      lines.push(`${pad}}${suffix}`);
    } else {
      lines.push(`${pad}${prefix}${JSON.stringify(v)}${suffix}`);
    }
  }
  write(value, "", 0, "", "");
  return { text: lines.join("\n"), at };
}

/** The line of pointer, or of its nearest ancestor the document has. */
export function lineOf(at, pointer) {
  let p = pointer || "";
  while (!at.has(p) && p) p = p.slice(0, p.lastIndexOf("/"));
  return at.get(p) ?? 0;
}

/**
 * Renders the editor into container. doc: {path ("/routing"), name (data-doc), title (a message
 * key), extra(editor) → nodes shown under the buttons (e.g. a simulation)}. Returns the editor:
 * {draft() → the parsed text or null (and the parse error shown), reload()}.
 */
export async function documentEditor(container, { path, name, title, extra }) {
  const text = h("textarea", { class: "json", rows: 18, spellcheck: "false", "aria-label": t(title), "data-editor": name,
    "aria-describedby": `${name}-errors` });
  const errors = h("ol", { class: "errors", id: `${name}-errors`, "data-errors": name });
  const state = h("p", { class: "muted", "data-version": "" });
  const versions = h("ol", { class: "versions", "data-versions": name });
  let at = new Map();
  /** The version in force when the editor was loaded: a publish is refused (412) if another came since. */
  let basedOn = 0;

  function show(value) {
    const out = layout(value);
    text.value = out.text;
    at = out.at;
  }

  function clearErrors() {
    text.removeAttribute("aria-invalid");
    fill(errors);
  }

  function showErrors(list) {
    text.setAttribute("aria-invalid", "true");
    fill(errors, list.map((e) => {
      const line = lineOf(at, e.field);
      return h("li", {},
        h("button", { type: "button", class: "link", "data-field": e.field, onclick: () => select(line) },
          t("doc.line", { line: line + 1 }), " · ", e.field || "/"),
        " ", e.message);
    }));
  }

  function select(line) {
    const lines = text.value.split("\n");
    const start = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0);
    text.focus();
    text.setSelectionRange(start, start + (lines[line] || "").length);
  }

  function draft() {
    clearErrors();
    try {
      const value = JSON.parse(text.value);
      // Lay the text out again so the lines of the pointers the engine names are known.
      show(value);
      return value;
    } catch (err) {
      text.setAttribute("aria-invalid", "true");
      fill(errors, h("li", {}, t("doc.notJson", { detail: err.message })));
      text.focus();
      return null;
    }
  }

  async function loadVersions() {
    const list = (await api(`${path}/versions`)).versions.slice().reverse();
    fill(versions, list.map((v) => h("li", { "data-version": v.version },
      h("span", {}, t("doc.versionBy", { version: v.version, by: v.by || "–", at: formatTime(v.at) })), " ",
      v.by !== null ? h("button", { type: "button", "data-action": "load-version", onclick: () => loadVersion(v.version) },
        t("doc.load")) : null)));
    return list;
  }

  async function loadVersion(n) {
    try {
      const v = await api(`${path}/versions/${n}`);
      show(v.document);
      clearErrors();
      announce(t("doc.loaded", { version: n }));
    } catch (err) {
      announce(failure(err), { error: true });
    }
  }

  async function publish() {
    const value = draft();
    if (value === null) return;
    try {
      const answer = await api(path, { method: "PUT", body: value, headers: ifMatch(basedOn) });
      basedOn = answer.version;
      state.textContent = t("doc.published", { version: answer.version });
      state.dataset.version = String(answer.version);
      announce(t("doc.published", { version: answer.version }));
      await loadVersions();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.problem.errors?.length) {
        showErrors(err.problem.errors);
        announce(t("doc.refused", { count: err.problem.errors.length }), { error: true });
        text.focus();
      } else if (err instanceof ApiError && err.status === 412) {
        announce(t("doc.stale", { version: basedOn }), { error: true });
      } else {
        announce(failure(err), { error: true });
      }
    }
  }

  async function reload() {
    const current = await api(path);
    basedOn = current.version || 0;
    show(current.document ?? {});
    state.textContent = current.version ? t("doc.inForce", { version: current.version, by: current.by || "–", at: formatTime(current.at) })
      : t("doc.none");
    state.dataset.version = String(current.version || 0);
    await loadVersions();
  }

  const editor = { draft, reload, showErrors, text };
  container.append(h("section", { class: "doc", "data-doc": name },
    h("h2", {}, t(title)), state, text, errors,
    h("div", { class: "actions" },
      h("button", { type: "button", class: "primary", "data-action": "publish", onclick: publish }, t("doc.publish"))),
    extra ? extra(editor) : null,
    h("h3", {}, t("doc.versions")), versions));
  await reload();
  return editor;
}
