// The API reference at /api/docs: Swagger UI (vendored, pinned under
// /static/vendor/) rendering the document the server serves.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const reference = document.getElementById("reference");
  if (!reference || typeof SwaggerUIBundle !== "function") {
    return;
  }
  SwaggerUIBundle({
    url: reference.dataset.document,
    domNode: reference,
    deepLinking: true,
    // "Try it out" sends real requests with the token given under "Authorize".
    tryItOutEnabled: false,
    persistAuthorization: false,
    displayOperationId: true,
    defaultModelsExpandDepth: 0,
  });
});
