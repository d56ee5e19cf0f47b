// The API client of the Campus web app: bff-web's JSON API, the access token in sessionStorage.

export const session = {
  get token() { return sessionStorage.getItem('campus.token'); },
  set token(value) { value ? sessionStorage.setItem('campus.token', value) : sessionStorage.removeItem('campus.token'); },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

let unauthorized = () => {};

/** What to do when the API refuses the token (expired, or its key retired): the app signs the user out. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (session.token) init.headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { detail: 'Campus cannot be reached. Check your connection and try again.' });
  }
  const json = response.status === 204 ? null : await response.json().catch(() => ({}));
  if (response.status === 401 && session.token && !path.startsWith('/api/auth/')) {
    unauthorized();
  }
  if (!response.ok) throw new ApiError(response.status, json || {});
  return json;
}
