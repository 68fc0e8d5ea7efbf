// <sole-check api="https://API-HOST" lang="en|es">: loads the widget's
// WebAssembly once per page and mounts one independent app per element, inside
// its own shadow root. No cookies, no third-party requests, no eval.
// This file keeps its URL (clinics embed it) and is revalidated on every load;
// .ci/build-widget.sh writes the content-hashed names of the glue and the
// wasm (cached for a year) in place of the two names below.
import init, { mount, stylesheet } from "./solecheck_widget.js";

const ready = init({ module_or_path: new URL("./solecheck_widget_bg.wasm", import.meta.url) });
let sheet = null;

class SoleCheckElement extends HTMLElement {
  async connectedCallback() {
    if (this.handle) return;
    const shadow = this.shadowRoot || this.attachShadow({ mode: "open" });
    await ready;
    // Removed while loading, or mounted by a second call in the meantime.
    if (!this.isConnected || this.handle) return;
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(stylesheet());
    }
    shadow.adoptedStyleSheets = [sheet];
    const api = this.getAttribute("api") || new URL(import.meta.url).origin;
    const lang = this.getAttribute("lang") || document.documentElement.lang || "en";
    // Names this widget on the page, so a reload finds its journey again.
    const id = this.id || "w" + [...document.querySelectorAll("sole-check")].indexOf(this);
    this.handle = mount(shadow, api, lang.slice(0, 2).toLowerCase(), id);
  }

  disconnectedCallback() {
    if (!this.handle) return;
    this.handle.destroy();
    this.handle.free();
    this.handle = null;
    this.shadowRoot.replaceChildren();
  }
}

if (!customElements.get("sole-check")) {
  customElements.define("sole-check", SoleCheckElement);
}
