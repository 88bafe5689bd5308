// A host whose API lives on another origin and which holds bearer tokens itself:
// the page gets `apiBase` (cross-origin, allowed by the server's --cors-origin) and `getToken`.
import init, { mount } from "/pkg/appkeys.js";

// The API is on the next port, as `cargo xtask serve --example` starts it. A fixed rule of the
// deployment, never a parameter of the URL: a crafted link must not send a password elsewhere.
const apiBase = `${location.protocol}//${location.hostname}:${Number(location.port) + 1}/api/1.0`;
const $ = (id) => document.getElementById(id);
$("api-origin").textContent = `API: ${new URL(apiBase).origin}`;

// The token lives in this module's memory only: never in storage.
let token = null;
let page = null;

await init();

const host = $("application-keys");
host.addEventListener("appkeys:unauthorized", () => {
  token = null;
  page?.unmount();
  page = null;
  $("sign-in").hidden = false;
});

$("sign-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const response = await fetch(`${apiBase}/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: form.get("username"), password: form.get("password") }),
  });
  if (!response.ok) {
    $("sign-in-error").textContent = "Wrong username or password.";
    return;
  }
  token = (await response.json()).data.token;
  event.target.reset();
  $("sign-in").hidden = true;
  page = mount(host, {
    apiBase,
    getToken: async () => token,
    locale: "en-GB",
    timeZone: "Europe/London",
  });
});

$("sign-in").hidden = false;
window.appkeysHost = { get page() { return page; } };
