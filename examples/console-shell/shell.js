// A console shell that is not written in Rust: its own routing and sign-in, and the
// Application keys page mounted from the package with two lines.
import init, { mount } from "/pkg/appkeys.js";

const KEYS_PATH = "/console/security/application-keys";
const API = "/api/1.0";
const $ = (id) => document.getElementById(id);
let page = null;

await init();

// Events bubble from the page to its mount element; the shell decides what they mean.
const host = $("application-keys");
host.addEventListener("appkeys:created", (e) => toast(`Key ${e.detail.client_id} created`));
host.addEventListener("appkeys:deleted", (e) => toast(`Key ${e.detail.client_id} deleted`));
host.addEventListener("appkeys:error", (e) => console.warn("appkeys error", e.detail));
host.addEventListener("appkeys:unauthorized", () => showSignIn());

function toast(text) {
  $("shell-toast").textContent = text;
}

async function signedInUser() {
  const response = await fetch(`${API}/session`, { headers: { "X-Requested-With": "shell" } });
  return response.ok ? (await response.json()).data.username : null;
}

function showSignIn() {
  unmountPage();
  $("overview").hidden = true;
  $("sign-in").hidden = false;
  $("shell-user").textContent = "";
}

function unmountPage() {
  if (page) {
    page.unmount();
    page = null;
  }
}

async function route() {
  const user = await signedInUser();
  if (!user) return showSignIn();
  $("shell-user").textContent = `Signed in as ${user}`;
  $("sign-in").hidden = true;
  const onKeys = location.pathname === KEYS_PATH;
  for (const link of document.querySelectorAll("a[data-route]")) {
    if (link.getAttribute("href") === location.pathname) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  $("overview").hidden = onKeys;
  if (onKeys && !page) page = mount(host, { apiBase: API });
  if (!onKeys) unmountPage();
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-route]");
  if (!link) return;
  event.preventDefault();
  history.pushState(null, "", link.getAttribute("href"));
  route();
});
addEventListener("popstate", route);

$("sign-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const response = await fetch(`${API}/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: form.get("username"), password: form.get("password") }),
  });
  $("sign-in-error").textContent = response.ok ? "" : "Wrong username or password.";
  if (response.ok) {
    event.target.reset();
    if (location.pathname !== KEYS_PATH) history.pushState(null, "", KEYS_PATH);
    route();
  }
});

// Exposed for the browser tests, which check that unmount leaves nothing behind.
window.appkeysShell = { unmount: unmountPage, remount: route };

if (location.pathname === "/") history.replaceState(null, "", KEYS_PATH);
route();
