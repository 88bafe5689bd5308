// The package's entry: the wasm mount API (appkeys.js, generated) and <appkeys-page>, a custom
// element that is only glue around mount(): its attributes and properties are mount's options,
// connecting mounts, disconnecting unmounts, a changed option mounts again. The page itself, its
// option checks and its events are all in the wasm.
import init, { mount as mountPage } from "./appkeys.js";

export { default, initSync, MountHandle } from "./appkeys.js";

/**
 * The translations beside this module. A bundler copies the wasm and the stylesheet it finds this
 * way, but not a folder: a bundled host serves the package's i18n/ itself and says where
 * (`translationsUrl`, or the element's `translations-url`).
 */
const TRANSLATIONS = new URL("./i18n/", import.meta.url).href;

/** The wasm's mount(), with the translations found beside the package unless said otherwise. */
export function mount(element, options) {
  return mountPage(element, { translationsUrl: TRANSLATIONS, ...options });
}

/** Attribute -> mount option. `getToken` is a property only: a function is no attribute. */
const OPTIONS = {
  "api-base": "apiBase",
  "base-path": "basePath",
  credentials: "credentials",
  locale: "locale",
  "time-zone": "timeZone",
  "translations-url": "translationsUrl",
};

/**
 * The page's stylesheet for shadow roots, fetched once from beside this module (where bundlers
 * put it too: they rewrite `new URL(…, import.meta.url)`) and shared by every shadow root.
 */
let shadowSheets;
function loadShadowSheets() {
  shadowSheets ??= fetch(new URL("./appkeys.css", import.meta.url))
    .then((response) => {
      if (!response.ok) throw new Error(`appkeys: ${response.url}: ${response.status}`);
      return response.text();
    })
    .then((css) => {
      // Nothing of the host's inherits into the page: `all` resets every inherited property
      // but direction, visibility (a hidden host section stays hidden) and the --ak-* custom
      // properties, whose defaults move from .ak-root to the element, so that a host rule
      // `appkeys-page { --ak-color-primary: … }` themes a shadow page too. An author rule for
      // display would beat the browser's own `[hidden] { display: none }`: hence the second rule.
      const host = new CSSStyleSheet();
      host.replaceSync(":host { all: initial; display: block; visibility: inherit; } :host([hidden]) { display: none; }");
      const page = new CSSStyleSheet();
      page.replaceSync(css.replaceAll(":where(.ak-root)", ":host"));
      return [host, page];
    })
    .catch((error) => {
      shadowSheets = undefined; // the next connect tries again
      throw error;
    });
  return shadowSheets;
}

export class AppkeysPageElement extends HTMLElement {
  // `shadow` is read once, when the element first connects: a shadow root cannot be removed.
  static observedAttributes = Object.keys(OPTIONS);

  #page = null; // the MountHandle while mounted
  #getToken;
  #changed = false; // options changed since the page was mounted
  #queued = false;
  #run = 0; // each sync supersedes the ones still waiting for the wasm or the stylesheet

  get getToken() {
    return this.#getToken;
  }
  set getToken(value) {
    this.#getToken = value;
    this.#optionsChanged();
  }

  connectedCallback() {
    // A property set before the element was defined sits on the instance and hides the
    // class's accessor: move it through the accessor.
    for (const property of ["getToken", ...Object.values(OPTIONS)]) {
      if (Object.hasOwn(this, property)) {
        const value = this[property];
        delete this[property];
        this[property] = value;
      }
    }
    this.#schedule();
  }
  disconnectedCallback() {
    this.#schedule();
  }
  attributeChangedCallback(_name, before, after) {
    if (before !== after) this.#optionsChanged();
  }

  #optionsChanged() {
    this.#changed = true;
    this.#schedule();
  }

  // Changes of one task (several attributes, or a move: disconnect then connect) are applied
  // together in a microtask, so a move keeps the page (and an open dialog) as it is.
  #schedule() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      this.#sync();
    });
  }

  #sync() {
    if (this.isConnected && this.#page && !this.#changed) return;
    this.#page?.unmount();
    this.#page = null;
    const run = ++this.#run;
    if (!this.isConnected) return;
    this.#changed = false;
    const shadow = this.shadowRoot ?? (this.hasAttribute("shadow") ? this.attachShadow({ mode: "open" }) : null);
    Promise.all([init(), shadow && loadShadowSheets()])
      .then(([, sheets]) => {
        if (run !== this.#run) return;
        this.#page = mount(shadow ? this.#shadowTarget(shadow, sheets) : this, this.#options());
      })
      .catch(reportError);
  }

  // `mount` takes an element: the page goes into one div in the shadow root.
  #shadowTarget(shadow, sheets) {
    shadow.adoptedStyleSheets = sheets;
    return shadow.firstElementChild ?? shadow.appendChild(document.createElement("div"));
  }

  #options() {
    const options = {};
    for (const [attribute, option] of Object.entries(OPTIONS)) {
      const value = this.getAttribute(attribute);
      if (value !== null) options[option] = value;
    }
    if (this.#getToken !== undefined) options.getToken = this.#getToken;
    return options;
  }
}

// Properties for the attributes (element.apiBase = "…"), as HTML elements have them.
for (const [attribute, option] of Object.entries(OPTIONS)) {
  Object.defineProperty(AppkeysPageElement.prototype, option, {
    get() {
      return this.getAttribute(attribute);
    },
    set(value) {
      if (value == null) this.removeAttribute(attribute);
      else this.setAttribute(attribute, value);
    },
  });
}

/**
 * Registers the element under `name` (once; a second call with the same name is harmless) and
 * returns its class. Nothing is registered on import, so bundlers may drop what is unused.
 */
export function defineElement(name = "appkeys-page") {
  const existing = customElements.get(name);
  if (existing) return existing;
  // A subclass per name: one class cannot be registered under two names.
  const element = class extends AppkeysPageElement {};
  customElements.define(name, element);
  return element;
}
