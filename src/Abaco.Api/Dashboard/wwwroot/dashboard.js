// The Abaco dashboard: plain JavaScript over the node's JSON API, no framework and no build step.
// Every value from the API is put on the page as text (textContent), never parsed as HTML, so an actor name,
// an image or a log line cannot inject markup. The page polls the view it shows every REFRESH_MS: EventSource
// cannot send the X-Jwt-Assertion or Authorization header, and credentials never go into a URL.
"use strict";

(() => {
  const REFRESH_MS = 3000;
  const CREDENTIAL_KEY = "abaco.dashboard.credential";
  const body = document.body;
  const main = document.getElementById("main");
  const status = document.getElementById("status");
  const login = document.getElementById("login");
  let timer = null;
  let generation = 0;

  // ---- credentials -------------------------------------------------------------------------

  function credential() {
    try {
      return JSON.parse(sessionStorage.getItem(CREDENTIAL_KEY) || "null");
    } catch {
      return null;
    }
  }

  function needsCredential() {
    return body.dataset.access !== "none" && credential() === null;
  }

  function headers() {
    const c = credential();
    const h = { Accept: "application/json" };
    if (c && c.jwt) h["X-Jwt-Assertion-" + c.tenant] = c.jwt;
    if (c && c.token) h.Authorization = "Bearer " + c.token;
    return h;
  }

  login.addEventListener("submit", (event) => {
    event.preventDefault();
    const tenant = document.getElementById("login-tenant").value.trim();
    const jwt = document.getElementById("login-jwt").value.trim();
    const token = document.getElementById("login-token").value.trim();
    if ((jwt && !tenant) || (!jwt && !token)) {
      say("Give a tenant and a JWT, or an Abaco token.", true);
      return;
    }
    sessionStorage.setItem(CREDENTIAL_KEY, JSON.stringify(jwt ? { tenant, jwt } : { token }));
    show();
  });

  document.getElementById("sign-out").addEventListener("click", () => {
    sessionStorage.removeItem(CREDENTIAL_KEY);
    show();
  });

  // ---- the API -----------------------------------------------------------------------------

  // A refusal or a missing object (4xx) does not mend itself: the view stops refreshing until the reader acts.
  class ApiError extends Error {
    constructor(status, message) {
      super(status + ": " + message);
      this.final = status >= 400 && status < 500;
    }
  }

  // GET a route; the envelope's result, or an ApiError carrying the envelope's message.
  async function api(path) {
    const response = await fetch(path, { headers: headers(), cache: "no-store" });
    let envelope = null;
    try {
      envelope = await response.json();
    } catch {
      envelope = null;
    }
    if (!response.ok) {
      const message = envelope && envelope.message ? envelope.message : response.statusText;
      throw new ApiError(response.status, message);
    }
    return envelope ? envelope.result : null;
  }

  const part = encodeURIComponent;

  // A field in the node's case: web.case may be snake (the default) or camel.
  function f(record, snake) {
    if (record == null) return undefined;
    if (snake in record) return record[snake];
    return record[snake.replace(/_([a-z])/g, (_, c) => c.toUpperCase())];
  }

  // ---- building the page (text only) -------------------------------------------------------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== undefined && value !== null) node.setAttribute(name, String(value));
    }
    for (const child of children) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function link(href, text, className) {
    return el("a", { href, class: className }, text);
  }

  function cell(value) {
    if (value instanceof Node) return el("td", {}, value);
    const text = value === undefined || value === null ? "" : String(value);
    return el("td", { class: /^[A-Z_]+$/.test(text) ? text : null }, text);
  }

  // A table with a header row, one row per item; rowAttributes names the row (for tests and deep links).
  function table(id, columns, items, row, rowAttributes) {
    if (!items || items.length === 0) return el("p", { id, class: "empty" }, "None.");
    const head = el("tr", {}, ...columns.map((c) => el("th", {}, c)));
    const rows = items.map((item) => el("tr", rowAttributes ? rowAttributes(item) : {}, ...row(item).map(cell)));
    return el("table", { id }, el("thead", {}, head), el("tbody", {}, ...rows));
  }

  function say(message, isError) {
    status.textContent = message || "";
    status.className = isError ? "error" : "";
  }

  // ---- views -------------------------------------------------------------------------------

  function actorRow(a, href, queue) {
    return [link(href, f(a, "id"), "actor-link"), f(a, "name"), f(a, "image"), f(a, "owner"), f(a, "status"),
      f(a, "status_message"), queue];
  }

  async function mine() {
    const actors = (await api("/actors")) || [];
    const queues = await Promise.all(actors.map(async (a) =>
      f(await api("/actors/" + part(f(a, "id")) + "/messages"), "messages")));
    return [
      el("h2", {}, "My actors"),
      table("actors", ["id", "name", "image", "owner", "status", "status message", "queued"], actors,
        (a) => actorRow(a, "#/mine/actors/" + part(f(a, "id")), queues[actors.indexOf(a)]),
        (a) => ({ "data-actor-id": f(a, "id") })),
    ];
  }

  function executionsTable(executions, hrefOf) {
    return table("executions", ["id", "status", "received", "started", "finished", "exit code", "message"],
      executions,
      (e) => [link(hrefOf(e), f(e, "id"), "execution-link"), f(e, "status"), f(e, "message_received_time"),
        f(e, "start_time"), f(e, "finish_time"), f(e, "exit_code"), f(e, "status_message")],
      (e) => ({ "data-execution-id": f(e, "id") }));
  }

  async function myActor(actorId) {
    const [actor, summary] = await Promise.all([
      api("/actors/" + part(actorId)), api("/actors/" + part(actorId) + "/executions")]);
    const executions = (f(summary, "executions") || []).slice().reverse();
    return [
      el("p", {}, link("#/mine", "← my actors")),
      el("h2", { id: "actor-title" }, "Actor " + actorId + (f(actor, "name") ? " (" + f(actor, "name") + ")" : "")),
      el("p", {}, "Image ", el("code", { id: "actor-image" }, f(actor, "image")), " · status ", f(actor, "status")),
      executionsTable(executions, (e) => "#/mine/actors/" + part(actorId) + "/executions/" + part(f(e, "id"))),
    ];
  }

  function logsView(back, backText, actorId, executionId, logs) {
    return [
      el("p", {}, link(back, backText)),
      el("h2", {}, "Logs of execution " + executionId + " of actor " + actorId),
      el("pre", { id: "logs" }, f(logs, "logs") || ""),
    ];
  }

  async function myLogs(actorId, executionId) {
    const logs = await api("/actors/" + part(actorId) + "/executions/" + part(executionId) + "/logs");
    return logsView("#/mine/actors/" + part(actorId), "← executions", actorId, executionId, logs);
  }

  async function admin() {
    const [nodes, actors, workers, errors] = await Promise.all([
      api("/admin/dashboard/nodes"), api("/actors/admin"), api("/actors/admin/workers"),
      api("/admin/dashboard/errors")]);
    const workerList = f(workers, "workers") || [];
    return [
      el("h2", {}, "Nodes"),
      table("nodes", ["address", "roles", "status", "reachable", "leader", "this node"], nodes,
        (n) => [f(n, "address"), (f(n, "roles") || []).join(", "), f(n, "status"),
          f(n, "reachable") ? "yes" : el("span", { class: "unreachable" }, "UNREACHABLE"),
          f(n, "leader") ? "leader" : "", f(n, "self") ? "this node" : ""],
        (n) => ({ "data-address": f(n, "address") })),
      el("h2", {}, "Actors"),
      table("admin-actors", ["id", "name", "image", "owner", "status", "status message", "queued", "tenant",
        "workers", "executions"], actors,
        (a) => [...actorRow(a, "#/admin/actors/" + part(f(a, "db_id")), f(a, "messages")), f(a, "tenant"),
          (f(a, "workers") || []).length, f(a, "executions")],
        (a) => ({ "data-actor-dbid": f(a, "db_id") })),
      el("h2", {}, "Workers"),
      table("workers", ["id", "actor", "status", "image", "host", "last execution"], workerList,
        (w) => [f(w, "id"), f(w, "actor_dbid"), f(w, "status"), f(w, "image"), f(w, "host_id"),
          f(w, "last_execution_time")]),
      el("h2", {}, "Recent errors"),
      table("error-actors", ["actor", "owner", "image", "status", "why"], f(errors, "actors"),
        (a) => [link("#/admin/actors/" + part(f(a, "db_id")), f(a, "db_id")), f(a, "owner"), f(a, "image"),
          f(a, "status"), f(a, "status_message")]),
      table("error-executions", ["execution", "actor", "finished", "why"], f(errors, "executions"),
        (e) => [link("#/admin/actors/" + part(f(e, "actor_dbid")) + "/executions/" + part(f(e, "id")), f(e, "id")),
          f(e, "actor_dbid"), f(e, "finish_time"), f(e, "status_message")]),
    ];
  }

  async function adminActor(dbId) {
    const executions = await api("/admin/dashboard/actors/" + part(dbId) + "/executions");
    return [
      el("p", {}, link("#/admin", "← admin")),
      el("h2", { id: "actor-title" }, "Actor " + dbId),
      executionsTable(executions, (e) => "#/admin/actors/" + part(dbId) + "/executions/" + part(f(e, "id"))),
    ];
  }

  async function adminLogs(dbId, executionId) {
    const logs = await api("/admin/dashboard/actors/" + part(dbId) + "/executions/" + part(executionId) + "/logs");
    return logsView("#/admin/actors/" + part(dbId), "← executions", dbId, executionId, logs);
  }

  // ---- routing and refresh -----------------------------------------------------------------

  // The hash names the view: #/mine[/actors/ID[/executions/EID]] or #/admin[/actors/DBID[/executions/EID]].
  function route() {
    const hash = location.hash.replace(/^#\/?/, "") || body.dataset.view;
    const p = hash.split("/").map(decodeURIComponent);
    const admin_ = p[0] === "admin";
    if (p[1] === "actors" && p[2] && p[3] === "executions" && p[4]) {
      return admin_ ? () => adminLogs(p[2], p[4]) : () => myLogs(p[2], p[4]);
    }
    if (p[1] === "actors" && p[2]) return admin_ ? () => adminActor(p[2]) : () => myActor(p[2]);
    return admin_ ? admin : mine;
  }

  async function refresh(run) {
    const view = route();
    try {
      const content = await view();
      if (run !== generation) return; // the view changed while this one loaded
      // Replace the view only when it changed, so a refresh neither flickers nor loses the reader's selection.
      const next = el("div", {}, ...content);
      if (next.innerHTML !== main.innerHTML) main.replaceChildren(...next.childNodes);
      say("");
      document.getElementById("updated").textContent = new Date().toLocaleTimeString();
    } catch (error) {
      if (run !== generation) return;
      if (error instanceof ApiError && error.final) {
        say(error.message + " (not refreshing; sign in again or pick another view)", true);
        return;
      }
      say(error instanceof ApiError ? error.message : "The node did not answer: " + error.message, true);
    }
    if (run === generation) timer = setTimeout(() => refresh(run), REFRESH_MS);
  }

  function show() {
    clearTimeout(timer);
    generation += 1;
    const asking = needsCredential();
    login.hidden = !asking;
    const c = credential();
    document.getElementById("sign-out").hidden = c === null;
    document.getElementById("who").textContent = c === null ? "" : c.jwt ? "JWT for tenant " + c.tenant : "Abaco token";
    if (asking) {
      main.replaceChildren();
      say("");
      return;
    }
    refresh(generation);
  }

  document.getElementById("refresh-seconds").textContent = String(REFRESH_MS / 1000);
  window.addEventListener("hashchange", show);
  show();
})();
