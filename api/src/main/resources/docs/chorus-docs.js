// The API page: Swagger UI on this service's own OpenAPI document. "Authorize" takes an API key or, where the
// deployment accepts them, a JWT; "Try it out" calls this same service. Nothing is fetched from anywhere else:
// no validator badge, no fonts, no scripts from a CDN.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.yml',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
    displayOperationId: true
  });
});
