// The API reference at /docs: Swagger UI (swagger-ui-dist, served from this
// server under /docs/assets/, see .ci/build-widget.sh) rendering this
// server's own /openapi.json. Nothing is fetched from anywhere else, and the
// page runs under a CSP without inline scripts or styles (routes/docs.rs).
"use strict";

window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#reference",
  // Never send the document to validator.swagger.io for a badge.
  validatorUrl: null,
  // The page shows this server's document only, whatever the address says.
  queryConfigEnabled: false,
  // A pasted staff token lives in this tab's memory, not in localStorage.
  persistAuthorization: false,
  // "Try it" is open on every operation, against this same server.
  tryItOutEnabled: true,
  deepLinking: true,
  displayRequestDuration: true,
  defaultModelsExpandDepth: 0,
});
