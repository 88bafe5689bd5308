// The Application keys page in plain JavaScript: the baseline of `cargo xtask bench`.
// No framework and no build step. It does what a hand-written page would for the measured paths:
// the list asked for at once, with the session check beside it (a 401 means sign-in), decoded
// from its bytes, rows built from the JSON with text set through textContent / attributes (never
// innerHTML), the same markup and classes, dates formatted by one Intl.DateTimeFormat, a filter on
// description or Client ID, and delete through the same confirmation dialog and DELETE request.
// It draws the screen the app draws against the same backend: the policy is asked beside the list,
// and what it offers (tick boxes, Expires, Rename, Rotate) is drawn as controls; so are the top
// bar's menu button and language menu. Only Delete acts; create, rename, rotate and the bulk
// actions are not part of the baseline.

const API = "/api/1.0";
const SVG = "http://www.w3.org/2000/svg";
const ICONS = {
  plus: "M12 5v14M5 12h14",
  trash: "M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3",
  copy: "M9 9h10v10H9zM5 15V5h10",
  check: "M5 12l5 5L20 7",
  key: "M15 7a4 4 0 1 1-3.9 4.9L4 19v2h3v-2h2v-2h2l1.1-1.1A4 4 0 0 1 15 7z",
  search: "M11 18a7 7 0 1 1 0-14 7 7 0 0 1 0 14zM20 20l-4-4",
  pencil: "M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4",
  menu: "M4 6h16M4 12h16M4 18h16",
  rotate: "M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7",
};
const LANGUAGES = [["en", "English"], ["de", "Deutsch"], ["zh-CN", "简体中文"]];
// Built once, while the first request is on its way: constructing a DateTimeFormat is the
// expensive part (the app does the same).
let formatter = null;
const dates = () => (formatter ??= new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }));

/** An element with attributes and children (strings become text nodes). */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) node.setAttribute(name, "");
    else if (value !== false && value != null) node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function icon(name) {
  const svg = document.createElementNS(SVG, "svg");
  for (const [k, v] of [["class", "ak-icon"], ["viewBox", "0 0 24 24"], ["width", "16"], ["height", "16"],
    ["aria-hidden", "true"]]) svg.setAttribute(k, v);
  const path = document.createElementNS(SVG, "path"); // stroke and fill come from the stylesheet
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** One call of the contract: the envelope {code, data, message}; the body read as text, then parsed. */
async function api(method, path, body) {
  const headers = { Accept: "application/json", "X-Requested-With": "appkeys" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(API + path, {
      method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "The server could not be reached. Check your connection and try again.");
  }
  const text = await response.text();
  let envelope = null;
  try {
    envelope = JSON.parse(text);
  } catch {
    // handled below
  }
  if (response.ok && envelope && envelope.code === 20000) return envelope.data;
  throw new ApiError(response.status, envelope?.message || `The server answered ${response.status}.`);
}

/** "2026-11-26 21:14:43 UTC", as the app's hover title. */
const exactUtc = (date) => `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;

const root = h("div", { class: "ak-root ak-shell" });
const state = {
  keys: [], // newest first: { key, row, haystack }
  byId: new Map(),
  needle: "",
  tbody: null,
  count: null,
  noMatch: null,
  newKey: null,
  status: null,
  features: new Set(), // the policy's: what the backend offers besides list, create and delete
};

// ---- rows ----

/** One row as markup, cloned per key: the per-row work is filling in text and attributes.
 * Built once the policy is known, with the columns it offers, as the app's rows; `at` gives each
 * cell's position ("description" for `.ak-cell-description`), so no row searches its cells. */
function rowTemplate() {
  const has = (feature) => state.features.has(feature);
  const iconButton = (name, extra) => h("button", { type: "button", class: `ak-btn ak-btn--ghost ak-btn--icon ${extra}` }, icon(name));
  const copyButton = h("button", { type: "button", class: "ak-btn ak-btn--ghost ak-btn--small ak-btn--icon",
    title: "Copy Client ID", "aria-label": "Copy Client ID" }, icon("copy"));
  const row = h("tr", {},
    has("bulk_delete") ? h("td", { class: "ak-cell-select" }, h("input", { class: "ak-check", type: "checkbox" })) : "",
    h("td", { class: "ak-cell-description", "data-label": "Description" }, h("span"), has("rename") ? iconButton("pencil", "ak-rename") : ""),
    h("td", { class: "ak-cell-client-id", "data-label": "Client ID" },
      h("code", { class: "ak-mono" }),
      h("span", { class: "ak-copy" }, copyButton, h("span", { class: "ak-copy__status ak-sr-only", role: "status" }))),
    has("expiry") ? h("td", { class: "ak-cell-expires", "data-label": "Expires" }) : "",
    h("td", { class: "ak-cell-last-used", "data-label": "Last used" }),
    h("td", { class: "ak-cell-created", "data-label": "Created at" }, h("time")),
    h("td", { class: "ak-cell-actions" },
      has("rotate") ? iconButton("rotate", "ak-rotate") : "",
      iconButton("trash", "ak-btn--danger-ghost")));
  const at = Object.fromEntries([...row.children].map((td, i) => [td.className.replace("ak-cell-", ""), i]));
  return { row, at };
}
const NEVER = h("span", { class: "ak-muted" }, "Never");

function fillTime(time, iso) {
  const date = new Date(iso);
  time.setAttribute("datetime", iso);
  time.setAttribute("title", exactUtc(date));
  time.textContent = dates().format(date);
}

/** "Never" or the time: Last used and Expires. */
function fillOptionalTime(cell, iso) {
  if (iso) {
    const time = document.createElement("time");
    fillTime(time, iso);
    cell.append(time);
  } else {
    cell.append(NEVER.cloneNode(true));
  }
}

const labelled = (element, label) => {
  element.setAttribute("aria-label", label);
  element.setAttribute("title", label);
};

function buildRow(template, key) {
  const row = template.row.cloneNode(true);
  const cell = (name) => row.children[template.at[name]];
  const name = key.description ?? key.client_id;
  row.dataset.clientId = key.client_id;
  const [description, rename] = cell("description").children;
  description.textContent = key.description ?? "-";
  if (key.description == null) description.classList.add("ak-muted");
  const code = cell("client-id").firstChild;
  code.id = `cid-${key.client_id}`;
  code.textContent = key.client_id;
  fillOptionalTime(cell("last-used"), key.last_used_at);
  if (state.features.has("expiry")) fillOptionalTime(cell("expires"), key.expires_at);
  fillTime(cell("created").firstChild, key.created_at);
  cell("select")?.firstChild.setAttribute("aria-label", `Select key ${name}`);
  if (rename) labelled(rename, `Rename key ${name}`);
  const actions = cell("actions");
  if (actions.children.length > 1) labelled(actions.firstChild, `Rotate secret of key ${name}`);
  labelled(actions.lastChild, `Delete key ${name}`);
  return row;
}

const matches = (entry, needle) => needle === "" || entry.haystack.includes(needle);

/** Shows the rows that match the filter, in list order, and the count. */
function showRows() {
  const fragment = document.createDocumentFragment();
  let shown = 0;
  for (const entry of state.keys) {
    if (matches(entry, state.needle)) {
      fragment.append(entry.row);
      shown += 1;
    }
  }
  state.tbody.replaceChildren(fragment);
  updateCount(shown);
}

function updateCount(shown) {
  const total = state.keys.length;
  const noun = total === 1 ? "key" : "keys";
  state.count.textContent = shown === total ? `${total} ${noun}` : `${shown} of ${total} ${noun}`;
  state.noMatch.hidden = shown !== 0;
  if (shown === 0) state.noMatch.textContent = `No key matches “${state.needle}”.`;
}

// ---- the page ----

/** The language menu of the app's top bar (picking one is not part of the baseline). */
function languageMenu() {
  const options = LANGUAGES.map(([tag, name]) => h("option", { value: tag, lang: tag, selected: tag === "en" }, name));
  return h("label", { class: "ak-language ak-language--on-dark" },
    h("span", { class: "ak-sr-only" }, "Language"),
    h("select", { class: "ak-select ak-language__select" }, ...options));
}

function renderShell(username) {
  const newKey = h("button", { type: "button", class: "ak-btn ak-btn--primary ak-new-key" }, icon("plus"), "New secret");
  state.newKey = newKey;
  state.status = h("div", { class: "ak-sr-only", role: "status", "aria-live": "polite" });
  const page = h("section", { class: "ak-page", "aria-labelledby": "heading" },
    h("header", { class: "ak-page__header" },
      h("div", {},
        h("h1", { class: "ak-title", id: "heading" }, "Application keys"),
        h("p", { class: "ak-subtitle" },
          "Programs use an application key, a Client ID and a Secret, to get API access tokens. ",
          "Create one key per program, so that you can revoke it on its own.")),
      newKey),
    h("div", { class: "ak-state", "aria-busy": "true", role: "status" },
      h("span", { class: "ak-spinner", "aria-hidden": "true" }), "Loading keys…"));
  const signOut = h("button", { type: "button", class: "ak-btn ak-btn--ghost ak-btn--on-dark" }, "Sign out");
  signOut.addEventListener("click", async () => {
    await api("DELETE", "/session").catch(() => {});
    location.reload();
  });
  root.replaceChildren(
    h("header", { class: "ak-topbar" },
      h("span", { class: "ak-topbar__brand" },
        h("button", { type: "button", class: "ak-btn ak-btn--ghost ak-btn--icon ak-btn--on-dark ak-menu-button",
          "aria-label": "Menu", "aria-controls": "ak-sidenav", "aria-expanded": "false" }, icon("menu")),
        icon("key"), h("span", { class: "ak-topbar__brand-name" }, "Data Platform Console")),
      h("span", { class: "ak-topbar__account" },
        languageMenu(),
        h("span", { class: "ak-sr-only" }, "Signed in as "),
        h("span", { class: "ak-avatar", "aria-hidden": "true" }, (username[0] ?? "?").toUpperCase()),
        h("span", { class: "ak-topbar__username" }, username),
        signOut)),
    h("div", { class: "ak-shell__body" },
      h("nav", { class: "ak-sidenav", id: "ak-sidenav", "aria-label": "Console" },
        h("p", { class: "ak-sidenav__group" }, "Security"),
        h("a", { href: "/vanilla/", class: "ak-sidenav__link", "aria-current": "page" }, "Application keys")),
      h("main", { class: "ak-shell__main" }, h("div", { class: "ak-root" }, page, state.status))));
  return page;
}

function renderList(page, list) {
  const filter = h("input", { id: "filter", class: "ak-input ak-filter__input", type: "search",
    placeholder: "Filter by description or Client ID", autocomplete: "off" });
  filter.addEventListener("input", () => {
    state.needle = filter.value.trim().toLowerCase();
    showRows();
  });
  state.count = h("span", { class: "ak-toolbar__count" });
  state.tbody = h("tbody");
  state.noMatch = h("p", { class: "ak-state ak-state--compact", role: "status", hidden: true });
  state.tbody.addEventListener("click", onRowClick);
  const table = h("div", { class: "ak-table-wrap" },
    h("table", { class: "ak-table" },
      h("caption", { class: "ak-sr-only" }, "Your application keys, newest first"),
      h("thead", {}, h("tr", {},
        state.features.has("bulk_delete") ? h("th", { class: "ak-cell-select", scope: "col" }, h("span", { class: "ak-sr-only" }, "Selected")) : "",
        ...["Description", "Client ID", ...(state.features.has("expiry") ? ["Expires"] : []), "Last used", "Created at"]
          .map((t) => h("th", { scope: "col" }, t)),
        h("th", { scope: "col" }, h("span", { class: "ak-sr-only" }, "Actions")))),
      state.tbody));

  // Newest first, ties by Client ID, as the app orders them.
  const keys = list.list.map((key) => ({ key, at: Date.parse(key.created_at) }));
  keys.sort((a, b) => b.at - a.at || (a.key.client_id < b.key.client_id ? -1 : a.key.client_id > b.key.client_id ? 1 : 0));
  const template = rowTemplate();
  state.keys = keys.map(({ key }) => {
    const entry = {
      key,
      row: buildRow(template, key),
      haystack: `${key.client_id.toLowerCase()}\n${(key.description ?? "").toLowerCase()}`,
    };
    state.byId.set(key.client_id, entry);
    return entry;
  });

  if (state.keys.length === 0) {
    page.lastChild.replaceWith(h("div", { class: "ak-state ak-state--empty" },
      h("span", { class: "ak-state__icon" }, icon("key")),
      h("h2", { class: "ak-state__title" }, "No application keys yet"),
      h("p", {}, "Create a key for each program that calls the API. You will see its Secret once, right after you create it.")));
    return;
  }
  showRows();
  page.lastChild.replaceWith(
    h("div", { class: "ak-toolbar" },
      h("label", { class: "ak-filter", for: "filter" }, icon("search"), h("span", { class: "ak-sr-only" }, "Filter keys"), filter),
      h("div", { class: "ak-toolbar__status" },
        state.features.has("bulk_delete") ? h("input", { class: "ak-check", type: "checkbox", title: "Select all shown keys",
          "aria-label": `Select all ${state.keys.length} shown keys` }) : "",
        state.count)),
    table,
    state.noMatch);
}

function onRowClick(event) {
  const button = event.target.closest("button");
  if (!button) return;
  const entry = state.byId.get(button.closest("tr").dataset.clientId);
  if (button.classList.contains("ak-btn--danger-ghost")) openDeleteDialog(entry, button);
  else if (button.parentNode.classList.contains("ak-copy")) copyClientId(entry, button);
}

async function copyClientId(entry, button) {
  const status = button.nextSibling;
  try {
    await navigator.clipboard.writeText(entry.key.client_id);
    button.firstChild.replaceWith(icon("check"));
    status.textContent = "Copied";
    setTimeout(() => {
      button.firstChild.replaceWith(icon("copy"));
      status.textContent = "";
    }, 2000);
  } catch {
    getSelection()?.selectAllChildren(entry.row.querySelector("code"));
    status.classList.remove("ak-sr-only");
    status.textContent = "The browser blocked copying. The value is selected: press Ctrl+C (⌘C on a Mac).";
  }
}

function openDeleteDialog(entry, opener) {
  const { key } = entry;
  const cancel = h("button", { type: "button", class: "ak-btn ak-btn--secondary", "data-autofocus": true }, "Cancel");
  const confirm = h("button", { type: "button", class: "ak-btn ak-btn--danger", "aria-disabled": "false" }, "Confirm");
  const error = h("p", { class: "ak-error", role: "alert" });
  const named = key.description == null ? "without description" : `“${key.description}”`;
  const dialog = h("div", { class: "ak-dialog", role: "alertdialog", "aria-modal": "true",
    "aria-labelledby": "delete-title", "aria-describedby": "delete-body", tabindex: "-1" },
  h("div", { class: "ak-dialog__body" },
    h("h2", { class: "ak-dialog__title", id: "delete-title" }, "Delete this key?"),
    h("div", { id: "delete-body" },
      h("p", {}, "The key ", h("strong", { class: "ak-break" }, named), " with Client ID ",
        h("code", { class: "ak-mono" }, key.client_id), " will be deleted."),
      h("p", { class: "ak-alert ak-alert--danger" }, "After deletion, the key can no longer be used to access the API: programs using it stop working at once, and access tokens it obtained are revoked. This cannot be undone.")),
    error,
    h("div", { class: "ak-dialog__actions" }, cancel, confirm)));
  const backdrop = h("div", { class: "ak-backdrop" }, dialog);
  let busy = false;
  const close = () => {
    backdrop.remove();
    if (opener.isConnected) opener.focus();
  };
  const dismiss = () => {
    if (!busy) close();
  };
  cancel.addEventListener("click", dismiss);
  backdrop.addEventListener("click", (event) => {
    if (event.target === backdrop) dismiss();
  });
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      dismiss();
    } else if (event.key === "Tab") {
      const items = [...dialog.querySelectorAll("button:not([disabled])")];
      const [first, last] = [items[0], items[items.length - 1]];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  confirm.addEventListener("click", async () => {
    if (busy) return;
    busy = true;
    confirm.textContent = "Deleting…";
    confirm.setAttribute("aria-disabled", "true");
    confirm.classList.add("ak-btn--busy");
    cancel.disabled = true;
    error.textContent = "";
    try {
      await api("DELETE", `/application-keys/${encodeURIComponent(key.client_id)}`);
    } catch (failure) {
      if (failure.status !== 404) { // 404: deleted already; either way it can no longer be used
        busy = false;
        confirm.textContent = "Confirm";
        confirm.setAttribute("aria-disabled", "false");
        confirm.classList.remove("ak-btn--busy");
        cancel.disabled = false;
        error.textContent = failure.message;
        return;
      }
    }
    removeKey(entry);
    backdrop.remove();
    state.status.textContent = `Key ${key.description ?? key.client_id} deleted.`;
    state.newKey.focus();
  });
  state.status.parentNode.append(backdrop);
  cancel.focus();
}

function removeKey(entry) {
  state.keys.splice(state.keys.indexOf(entry), 1);
  state.byId.delete(entry.key.client_id);
  const wasShown = entry.row.isConnected;
  entry.row.remove();
  let shown = state.tbody.rows.length;
  if (!wasShown) shown = state.keys.filter((e) => matches(e, state.needle)).length;
  updateCount(shown);
}

// ---- sign-in (the benchmark signs in through the API before it opens the page) ----

function renderSignIn() {
  const username = h("input", { class: "ak-input", name: "username", autocomplete: "username", required: true });
  const password = h("input", { class: "ak-input", name: "password", type: "password", autocomplete: "current-password", required: true });
  const error = h("p", { class: "ak-error", role: "alert" });
  const form = h("form", { class: "ak-signin__card" },
    h("h1", { class: "ak-title" }, "Sign in"),
    h("label", { class: "ak-field" }, h("span", { class: "ak-label" }, "Username"), username),
    h("label", { class: "ak-field" }, h("span", { class: "ak-label" }, "Password"), password),
    error,
    h("button", { type: "submit", class: "ak-btn ak-btn--primary ak-btn--block" }, "Sign in"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api("POST", "/session", { username: username.value, password: password.value });
      start();
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  root.className = "ak-root";
  root.replaceChildren(h("main", { class: "ak-signin" }, form));
}

async function start() {
  root.className = "ak-root ak-shell";
  // As a hand-written page does it: the list at once (a 401 means "sign in"), the session beside
  // it for the name in the top bar, and the policy for what else the backend offers (a backend of
  // the base contract has none: then only the base columns).
  const list = api("GET", "/application-keys");
  const session = api("GET", "/session");
  const policy = api("GET", "/application-keys/policy");
  session.catch(() => {});
  policy.catch(() => {});
  let keys;
  try {
    keys = await list;
  } catch (failure) {
    if (failure.status === 401) {
      renderSignIn();
      return;
    }
    const page = renderShell((await session.catch(() => null))?.username ?? "");
    page.lastChild.replaceWith(h("div", { class: "ak-state ak-state--error", role: "alert" },
      h("p", {}, h("strong", {}, "Could not load your keys."), " ", failure.message)));
    return;
  }
  state.features = new Set((await policy.catch(() => null))?.features ?? []);
  const page = renderShell((await session.catch(() => null))?.username ?? "");
  renderList(page, keys);
}

document.body.append(root);
start();
setTimeout(dates, 0);
