// Renders /openapi.json as a readable reference: operations grouped by tag,
// their parameters, bodies and responses, and every schema. No dependencies.
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function refName(ref) {
  return ref.split("/").pop();
}

function typeOf(schema) {
  if (!schema) return "";
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return el("a", { href: "#schema-" + name }, name);
  }
  if (schema.oneOf || schema.anyOf) {
    const span = el("span");
    (schema.oneOf || schema.anyOf).forEach((s, i) => {
      if (i) span.append(" | ");
      span.append(typeOf(s));
    });
    return span;
  }
  if (schema.type === "array" || (Array.isArray(schema.type) && schema.type.includes("array"))) {
    return el("span", {}, "array of ", typeOf(schema.items));
  }
  if (schema.enum) return el("code", {}, schema.enum.map((e) => JSON.stringify(e)).join(" | "));
  return el("code", {}, Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type || "object");
}

function contentTable(content) {
  const table = el("table", {}, el("tr", {}, el("th", {}, "media type"), el("th", {}, "schema")));
  for (const [media, body] of Object.entries(content || {})) {
    table.append(el("tr", {}, el("td", {}, el("code", {}, media)), el("td", {}, typeOf(body.schema))));
  }
  return table;
}

function operation(path, method, op) {
  const body = el("div", { class: "op" });
  if (op.description) body.append(el("p", {}, op.description));
  if (op.security) {
    body.append(el("p", { class: "muted" }, "Authorization: ", op.security.map((s) => Object.keys(s).join(", ")).join(" or ")));
  }
  if (op.parameters && op.parameters.length) {
    const t = el("table", {}, el("tr", {}, el("th", {}, "parameter"), el("th", {}, "in"), el("th", {}, "type"), el("th", {}, "about")));
    for (const p of op.parameters) {
      t.append(el("tr", {}, el("td", {}, el("code", {}, p.name + (p.required ? "" : "?"))), el("td", {}, p.in), el("td", {}, typeOf(p.schema)), el("td", {}, p.description || "")));
    }
    body.append(el("h4", {}, "Parameters"), t);
  }
  if (op.requestBody) body.append(el("h4", {}, "Request body"), contentTable(op.requestBody.content));
  const responses = el("table", {}, el("tr", {}, el("th", {}, "status"), el("th", {}, "meaning"), el("th", {}, "body")));
  for (const [status, r] of Object.entries(op.responses || {})) {
    const bodies = el("td");
    for (const [media, c] of Object.entries(r.content || {})) bodies.append(el("code", {}, media + " "), typeOf(c.schema), el("br"));
    responses.append(el("tr", {}, el("td", {}, el("code", {}, status)), el("td", {}, r.description || ""), bodies));
  }
  body.append(el("h4", {}, "Responses"), responses);
  const summary = el("summary", {}, el("span", { class: "method" }, method), el("span", { class: "path" }, path), el("span", { class: "muted" }, op.summary || ""));
  return el("details", { id: (op.operationId || method + path) }, summary, body);
}

function schemaSection(name, schema) {
  const section = el("details", { id: "schema-" + name }, el("summary", {}, el("code", {}, name), el("span", { class: "muted" }, schema.description || "")));
  const inner = el("div", { class: "op" });
  if (schema.properties) {
    const required = new Set(schema.required || []);
    const t = el("table", {}, el("tr", {}, el("th", {}, "field"), el("th", {}, "type"), el("th", {}, "about")));
    for (const [field, s] of Object.entries(schema.properties)) {
      t.append(el("tr", {}, el("td", {}, el("code", {}, field + (required.has(field) ? "" : "?"))), el("td", {}, typeOf(s)), el("td", {}, s.description || "")));
    }
    inner.append(t);
  } else {
    inner.append(el("pre", {}, JSON.stringify(schema, null, 2)));
  }
  section.append(inner);
  return section;
}

async function render() {
  const main = document.getElementById("reference");
  try {
    const doc = await (await fetch("/openapi.json")).json();
    main.textContent = "";
    document.getElementById("title").textContent = doc.info.title + " " + doc.info.version;
    main.append(el("p", {}, doc.info.description || ""));
    const byTag = new Map((doc.tags || []).map((t) => [t.name, []]));
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const tag = (op.tags && op.tags[0]) || "other";
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push(operation(path, method, op));
      }
    }
    for (const [tag, ops] of byTag) {
      const info = (doc.tags || []).find((t) => t.name === tag);
      main.append(el("h2", {}, tag + (info && info.description ? " — " + info.description : "")), ...ops);
    }
    main.append(el("h2", {}, "Schemas"));
    for (const [name, schema] of Object.entries((doc.components || {}).schemas || {})) main.append(schemaSection(name, schema));
  } catch (error) {
    main.textContent = "Could not load /openapi.json: " + error;
  }
}

render();
