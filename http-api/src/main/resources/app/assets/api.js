// The API as the pages use it: same-origin, the session cookie sent by the browser, the CSRF
// header (value of the lr_csrf cookie) on every state-changing call.

/** The value of the lr_csrf cookie, or "" when there is none. */
export function csrfToken() {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("lr_csrf="));
  return cookie ? decodeURIComponent(cookie.slice("lr_csrf=".length)) : "";
}

/** A refusal of the API: the HTTP status and its problem+json body. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

/**
 * The If-Match header of a change made from version {@code version} of a configuration document:
 * the engine refuses it (412) if another version was published since, instead of undoing it.
 */
export function ifMatch(version) {
  return { "If-Match": `"${version}"` };
}

/** Calls /api/v1{path}; resolves the JSON body, rejects with ApiError. A 401 goes to the sign-in page. */
export async function api(path, { method = "GET", body, headers: extra = {} } = {}) {
  const headers = { Accept: "application/json", ...extra };
  if (method !== "GET") {
    const token = csrfToken();
    if (token) headers["X-CSRF-Token"] = token;
  }
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`/api/v1${path}`, {
    method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (response.status === 401) {
    location.assign(`/app/?next=${encodeURIComponent(location.pathname)}`);
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** The signed-in person: {personId, role, name, locale, team, home}. */
export function me() {
  return api("/me");
}

export const enc = encodeURIComponent;
