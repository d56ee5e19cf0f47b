// Renders this BFF's own OpenAPI document; "Try it out" calls the API on the same origin.
window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#api-docs', deepLinking: true });
