// Starts Swagger UI on the API docs page (a static file: the CSP allows no inline script).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-schema-url"),
    domNode: root,
    deepLinking: true,
    // No request to the public validator: the page talks to our own origin only.
    validatorUrl: null,
    tryItOutEnabled: false,
  });
})();
