// The API docs page's own script, served as a file: the page's Content-Security-Policy runs no
// inline script.
//
// "Try it out" acts as whoever is signed in to the console in this browser: the session cookie
// goes by itself (same origin), but the server refuses a change made with a session unless it
// carries the session's CSRF token in X-CSRF-Token. Only a script of this origin can read that
// token (GET /api/v1/auth/session, as the console does after a reload); it is asked for at each
// change, so a session signed in again in another tab is followed. A request with an API token
// from "Authorize" needs no CSRF token and gets none.
(function () {
  const CSRF_HEADER = 'X-CSRF-Token';
  const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

  async function sessionCsrfToken() {
    try {
      const res = await fetch('/api/v1/auth/session', {
        cache: 'no-store',
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      });
      if (!res.ok) return null; // not signed in: the request goes without and the server says why
      return (await res.json()).csrf_token || null;
    } catch (e) {
      return null;
    }
  }

  async function withCsrfToken(request) {
    const method = (request.method || 'GET').toUpperCase();
    if (SAFE_METHODS.includes(method)) return request;
    if (new URL(request.url, window.location.href).origin !== window.location.origin) return request;
    const headers = request.headers || {};
    if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) return request;
    const token = await sessionCsrfToken();
    if (token) request.headers = Object.assign(headers, { [CSRF_HEADER]: token });
    return request;
  }

  window.ui = SwaggerUIBundle({
    url: '/api/openapi.yaml',
    dom_id: '#swagger-ui',
    requestInterceptor: withCsrfToken,
    // No badge from swagger.io: the page talks to this server only (its policy allows nothing else).
    validatorUrl: null,
  });
})();
