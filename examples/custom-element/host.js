// A host page with no framework: it registers the element and signs in when the page says the
// session has ended. Everything else is the element's.
import { defineElement } from "/pkg/index.js";

defineElement();

const $ = (id) => document.getElementById(id);
const signIn = $("sign-in");

document.addEventListener("appkeys:unauthorized", (event) => {
  event.target.closest("appkeys-page").hidden = true;
  signIn.hidden = false;
});

signIn.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(signIn);
  const response = await fetch("/api/1.0/session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: form.get("username"), password: form.get("password") }),
  });
  $("sign-in-error").textContent = response.ok ? "" : "Wrong username or password.";
  if (!response.ok) return;
  signIn.reset();
  signIn.hidden = true;
  // A fresh element is a fresh page, signed in this time.
  const page = document.querySelector("appkeys-page");
  const fresh = page.cloneNode();
  fresh.hidden = false;
  page.replaceWith(fresh);
});
