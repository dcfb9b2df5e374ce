#!/usr/bin/env python3
"""Regenerates http-api/src/main/resources/openapi.json from docs/api.md's endpoint table (one
operation per row: method, path, roles, success status). Run from the repository root after adding a
row to RouteTable and docs/api.md; OpenApiTest checks the document against RouteTable.ENDPOINTS."""
import json, re

SCHEMAS = {
  "Problem": {"type": "object", "description": "RFC 9457 problem details (application/problem+json)",
    "required": ["type", "title", "status"],
    "properties": {"type": {"type": "string", "format": "uri"}, "title": {"type": "string"},
      "status": {"type": "integer"}, "detail": {"type": "string"},
      "errors": {"type": "array", "items": {"type": "object", "required": ["field", "message"],
        "properties": {"field": {"type": "string", "description": "JSON Pointer, ?query parameter or header at fault"},
                       "message": {"type": "string"}}}}}},
  "Utm": {"type": "object", "properties": {k: {"type": ["string", "null"]} for k in ["source", "medium", "campaign", "content", "term"]}},
  "LeadInput": {"type": "object", "description": "the canonical lead (docs/api.md, Canonical lead)",
    "properties": {**{k: {"type": ["string", "null"]} for k in ["source", "sourceEventId", "name", "phone", "email", "company",
        "region", "industry", "budget", "priority", "clientIp", "notes"]},
      "utm": {"$ref": "#/components/schemas/Utm"},
      "attributes": {"type": "object", "additionalProperties": {"type": "string"}}}},
  "LeadAccepted": {"type": "object", "required": ["leadId", "status"],
    "properties": {"leadId": {"type": "string"}, "status": {"type": "string",
      "enum": ["NEW", "RECEIVED", "QUEUED", "ASSIGNED", "ACKNOWLEDGED", "CLOSED", "CONTACTED", "UNROUTED"]}}},
  "LeadView": {"type": "object", "description": "the lead view (docs/api.md, Lead view)", "required": ["leadId", "status"],
    "properties": {"leadId": {"type": "string"}, "status": {"type": "string"}, "receivedAt": {"type": "string", "format": "date-time"},
      "contact": {"type": "object"}, "region": {"type": "object"}, "industry": {"type": ["string", "null"]},
      "budget": {"type": ["object", "null"]}, "budgetBand": {"type": ["string", "null"]}, "priority": {"type": "string"},
      "utm": {"$ref": "#/components/schemas/Utm"}, "clientIp": {"type": ["string", "null"]},
      "flags": {"type": "array", "items": {"type": "string"}}, "tags": {"type": "array", "items": {"type": "string"}},
      "attributes": {"type": "object", "additionalProperties": {"type": "string"}}, "health": {"type": "object"},
      "sources": {"type": "array", "items": {"type": "object"}}, "fieldSources": {"type": "object"},
      "assignment": {"type": ["object", "null"]}, "routing": {"type": ["object", "null"]}, "sla": {"type": ["object", "null"]},
      "timeline": {"type": "array", "items": {"type": "object"}}}},
  "Health": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["UP", "DEGRADED"]},
      "database": {"type": "string"}, "journal": {"type": "string"}, "engine": {"type": "string"},
      "projections": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}}},
  "Document": {"type": "object", "description": "a configuration document (org chart, routing rules, SLA policies, pipelines, sources) as JSON; its shape is in docs/"},
}
PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
ANY = {"application/json": {"schema": {"type": "object"}}}

def body_for(method, path):
  if method == "POST" and path == "/api/v1/leads":
    return {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LeadInput"}}}}
  if method == "POST" and path == "/api/v1/leads/preview":
    return {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LeadInput"}}}}
  if method == "POST" and path.endswith("/assign"):
    return {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["repId"],
            "properties": {"repId": {"type": "string", "description": "a rep of the org chart"}}}}}}
  if method == "PUT":
    return {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}}
  if method == "POST" and path == "/api/v1/imports":
    return {"required": True, "description": "the file (CSV or .xlsx) and the column mapping (docs/api.md, Imports)",
            "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["file", "mapping"],
              "properties": {"file": {"type": "string", "format": "binary"},
                             "mapping": {"type": "string", "description": "JSON: canonical field -> column header, defaults, route"}}}}}}
  if method == "POST" and path.endswith("/events"):
    return {"required": True, "description": "the platform's own payload (JSON or form), signed or with the source's token",
            "content": {"application/json": {"schema": {}}, "application/x-www-form-urlencoded": {"schema": {"type": "object"}}}}
  if method == "POST":
    return {"required": False, "content": {"application/json": {"schema": {"type": "object"}}}}
  return None

def success_content(method, path, code):
  if path == "/api/v1/leads" and method == "POST":
    return {"application/json": {"schema": {"$ref": "#/components/schemas/LeadAccepted"}}}
  if path == "/api/v1/leads/{leadId}" and method == "GET":
    return {"application/json": {"schema": {"$ref": "#/components/schemas/LeadView"}}}
  if path.startswith("/health/"):
    return {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}
  if path == "/metrics":
    return {"text/plain": {"schema": {"type": "string"}, "example": "# HELP leadrouter_intake_seconds ..."}}
  if path.endswith("/stream"):
    return {"text/event-stream": {"schema": {"type": "string"}}}
  if path == "/api/openapi.json":
    return {"application/json": {"schema": {"type": "object"}}}
  if path == "/api/v1/imports/{importId}/report":
    return {"text/csv": {"schema": {"type": "string"}}}
  if path == "/api/v1/sources/{sourceId}/events" and method == "GET":
    return {"text/plain": {"schema": {"type": "string"}}}
  return ANY

rows = []
for line in open("docs/api.md", encoding="utf-8"):
  m = re.match(r"\| `(GET|POST|PUT|DELETE|PATCH) ([^`?]+)[^`]*` \| ([^|]+) \| ([^|]+) \| ([^|]+) \|", line)
  if m: rows.append(m.groups())

paths = {}
for method, path, roles, access, success in rows:
  path = path.strip()
  code = re.search(r"\d{3}", success).group(0)
  public = access.strip() == "public"
  params = [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}} for p in re.findall(r"\{(\w+)\}", path)]
  op = {"operationId": (method.lower() + re.sub(r"[^A-Za-z0-9]+(\w)", lambda x: x.group(1).upper(), path.replace("{", "by-").replace("}", ""))),
        "summary": f"{method} {path}", "description": f"Roles: {roles.strip()}. Access: {access.strip().strip('`')}.",
        "tags": [path.split("/")[3] if path.startswith("/api/v1/") else path.strip("/").split("/")[0]]}
  if params: op["parameters"] = params
  b = body_for(method, path)
  if b: op["requestBody"] = b
  responses = {code: {"description": "success", "content": success_content(method, path, code)}}
  errors = {"400": "invalid request (the field at fault in errors)", "404": "no such resource", "413": "body over 1 MiB",
            "429": "over the rate limit (Retry-After)", "503": "storage unavailable (Retry-After)"}
  if not public:
    errors.update({"401": "missing, invalid or expired bearer token", "403": "the caller's role may not do this"})
  if path == "/api/v1/imports":
    errors.update({"408": "the file stopped arriving (leadrouter.imports.body-timeout)",
                   "413": "file over leadrouter.imports.max-bytes or max-rows", "415": "not multipart, or a file neither CSV nor .xlsx"})
  if path.endswith("/assign"):
    errors["409"] = "the rep cannot take the lead now (reason at /repId), or the lead is closed or acknowledged"
  if path == "/health/ready": errors = {"503": "not ready: detail names what is down"}
  if path == "/health/alive": errors = {}
  for k, d in sorted(errors.items()):
    responses.setdefault(k, {"description": d, "content": PROBLEM})
  op["responses"] = responses
  if public: op["security"] = []
  paths.setdefault(path, {})[method.lower()] = op

doc = {"openapi": "3.1.0",
  "info": {"title": "leadrouter API", "version": "1",
    "description": "The whole HTTP API of leadrouter; docs/api.md explains each endpoint. Errors are application/problem+json (RFC 9457)."},
  "servers": [{"url": "/"}],
  "security": [{"bearer": []}],
  "paths": paths,
  "components": {"schemas": SCHEMAS,
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}}}
with open("http-api/src/main/resources/openapi.json", "w", encoding="utf-8") as f:
  json.dump(doc, f, indent=2, ensure_ascii=False)
  f.write("\n")
print(len(rows), "operations")
