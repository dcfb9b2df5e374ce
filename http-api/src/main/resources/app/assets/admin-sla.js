// Administration › SLA policies and pipelines: two versioned documents, each edited as JSON with
// the engine's errors at their line, published as a new version, any version loadable again.
import { documentEditor } from "./admin-doc.js";

export async function mount(panel) {
  await documentEditor(panel, { path: "/sla-policies", name: "sla", title: "sla.title" });
  await documentEditor(panel, { path: "/pipelines", name: "pipelines", title: "pipelines.title" });
}
