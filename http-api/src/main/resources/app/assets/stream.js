// The live stream GET /api/v1/stream (server-sent events). The browser reconnects by itself and
// sends Last-Event-ID; a "reset" event means the gap was too long to replay: reload everything.

/** Opens the stream; handlers: {lead(data), opportunity(data), reset()}. Returns the EventSource. */
export function openStream(handlers) {
  const source = new EventSource("/api/v1/stream", { withCredentials: true });
  const on = (name, fn) => source.addEventListener(name, (e) => {
    let data = {};
    try { data = JSON.parse(e.data || "{}"); } catch { return; }
    fn(data);
  });
  if (handlers.lead) on("lead", handlers.lead);
  if (handlers.opportunity) on("opportunity", handlers.opportunity);
  if (handlers.reset) on("reset", handlers.reset);
  // The page's root says whether it is live: "open", or "reconnecting" while the browser retries.
  const root = document.querySelector("[data-view]");
  source.addEventListener("open", () => { if (root) root.dataset.live = "open"; });
  source.addEventListener("error", () => { if (root) root.dataset.live = "reconnecting"; });
  return source;
}
