// The staff console's loader: compiles the WebAssembly once and mounts the
// console into #console. No eval, no inline script: it runs under the page's CSP.
import init, { start } from "./solecheck_console.js";

await init({ module_or_path: new URL("./solecheck_console_bg.wasm", import.meta.url) });
start(document.getElementById("console"));
