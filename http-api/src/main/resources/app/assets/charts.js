// Small SVG charts drawn by the pages (no library, no CDN): horizontal bars, one row per item — a
// label line, the bar with its value after it, and notes wrapped under it — so a phone shows long
// labels without clipping them. The viewBox is the container's width in CSS pixels, redrawn when the
// container is resized, so text is drawn at 1:1 on a 390 px phone and on a desktop alike and the
// drawing scales with its box in between. Colours come from classes in app.css (CSP: no style
// attributes); each bar carries an SVG <title>, the chart role="img" and an aria-label; the pages put
// the same numbers in a table next to it.

const NS = "http://www.w3.org/2000/svg";

/** An SVG element: s("rect", {x: 0, class: "bar"}, child…). */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const FONT = 14;
const SMALL = 12.5;
const LABEL_H = 20;
const BAR_H = 20;
const NOTE_H = 17;
const GAP = 12;
const AXIS_H = 22;
/** Room kept right of the longest bar for its value. */
const VALUE_W = 104;

/** The drawn width of text, estimated: CJK characters are about twice as wide as Latin ones. */
export function textWidth(text, size = FONT) {
  let units = 0;
  for (const ch of String(text)) units += /[\u2e80-\uffff]/.test(ch) ? 1.0 : 0.56;
  return units * size;
}

/** Cuts text to fit width, with an ellipsis. */
function fit(text, width, size) {
  const str = String(text);
  if (textWidth(str, size) <= width) return str;
  let out = "";
  for (const ch of str) {
    if (textWidth(out + ch + "…", size) > width) break;
    out += ch;
  }
  return `${out}…`;
}

/** Notes packed into lines of at most width (a note is never split; one too long is cut). */
function wrap(notes, width) {
  const lines = [];
  let line = "";
  for (const note of notes.filter(Boolean)) {
    const next = line ? `${line} · ${note}` : note;
    if (line && textWidth(next, SMALL) > width) {
      lines.push(line);
      line = note;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => fit(l, width, SMALL));
}

/**
 * Draws a bar chart into container and redraws it when the container's width changes. spec:
 * { label (the chart's accessible name), max (the scale's end; default the largest bar), format
 *   (value → tick text), reference: {value, label} (a dashed vertical line),
 *   rows: [{ key, label, value (text after the bar), notes: [text…], alert (bool),
 *            segments: [{value, cls, title}], marker: {value, title} }] }
 */
export function barChart(container, spec) {
  container.classList.add("chart");
  let drawnWidth = -1;
  const draw = () => {
    const width = Math.max(300, Math.floor(container.clientWidth || 600));
    if (Math.abs(width - drawnWidth) < 2) return;
    drawnWidth = width;
    container.replaceChildren(render(spec, width));
  };
  draw();
  if (typeof ResizeObserver === "function") new ResizeObserver(draw).observe(container);
  return container;
}

function render(spec, width) {
  const rows = spec.rows || [];
  const totals = rows.map((r) => Math.max(
    (r.segments || []).reduce((sum, seg) => sum + (Number(seg.value) || 0), 0), Number(r.marker?.value) || 0));
  const max = spec.max || Math.max(1, ...totals, Number(spec.reference?.value) || 0);
  const plot = width - VALUE_W;
  const x = (v) => Math.max(0, Math.min(plot, (v / max) * plot));
  const format = spec.format || ((v) => String(v));
  const children = [s("title", {}, spec.label)];

  // axis: 0, half, max
  const axis = s("g", { class: "axis" });
  [[0, "start"], [max / 2, "middle"], [max, "end"]].forEach(([v, anchor]) => {
    axis.append(s("text", { x: x(v), y: 14, "text-anchor": anchor, "font-size": SMALL }, format(v)));
    axis.append(s("line", { x1: x(v), x2: x(v), y1: AXIS_H - 4, y2: AXIS_H, class: "tick" }));
  });
  children.push(axis);

  let y = AXIS_H + 6;
  const body = s("g", {});
  rows.forEach((row, i) => {
    const g = s("g", { class: row.alert ? "row alert" : "row", "data-row": row.key ?? row.label });
    g.append(s("text", { x: 0, y: y + 15, class: "label", "font-size": FONT },
      fit(`${row.alert ? "⚠ " : ""}${row.label}`, width - 4, FONT)));
    const barY = y + LABEL_H;
    g.append(s("rect", { x: 0, y: barY, width: plot, height: BAR_H, class: "track" }));
    let at = 0;
    for (const seg of row.segments || []) {
      const v = Number(seg.value) || 0;
      if (v <= 0) continue;
      const w = Math.max(x(at + v) - x(at), 1);
      g.append(s("rect", { x: x(at), y: barY, width: w, height: BAR_H, class: `bar ${seg.cls || ""}`.trim(),
        "data-group": row.key ?? row.label, "data-value": v }, s("title", {}, seg.title || `${row.label}: ${format(v)}`)));
      at += v;
    }
    if (row.marker && row.marker.value !== null && row.marker.value !== undefined) {
      const mx = x(Number(row.marker.value));
      g.append(s("line", { x1: mx, x2: mx, y1: barY - 3, y2: barY + BAR_H + 3, class: "marker" },
        s("title", {}, row.marker.title || "")));
    }
    const end = Math.max(x(totals[i]), 0);
    g.append(s("text", { x: end + 6, y: barY + 15, class: "value", "font-size": FONT }, fit(row.value ?? "", VALUE_W - 8, FONT)));
    y = barY + BAR_H;
    for (const line of wrap(row.notes || [], width - 4)) {
      g.append(s("text", { x: 0, y: y + 14, class: "note", "font-size": SMALL }, line));
      y += NOTE_H;
    }
    y += GAP;
    body.append(g);
  });
  children.push(body);

  if (spec.reference && spec.reference.value !== null && spec.reference.value !== undefined && spec.reference.value <= max) {
    const rx = x(spec.reference.value);
    const anchor = rx < width * 0.2 ? "start" : rx > width * 0.7 ? "end" : "middle";
    children.push(s("g", { class: "reference" },
      s("line", { x1: rx, x2: rx, y1: AXIS_H, y2: y - GAP + 2, "stroke-dasharray": "5 4" }),
      s("text", { x: rx, y: y + 6, "text-anchor": anchor, "font-size": SMALL }, spec.reference.label)));
    y += 14;
  }
  if (!rows.length) {
    children.push(s("text", { x: 0, y: y + 14, class: "note", "font-size": SMALL }, spec.empty || ""));
    y += 24;
  }
  const height = Math.ceil(y + 4);
  return s("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-label": spec.label,
    preserveAspectRatio: "xMinYMin meet" }, children);
}
