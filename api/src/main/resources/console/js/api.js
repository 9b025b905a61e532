// The console talks only to the public REST and WebSocket API. The session (token, user, expiry) lives in
// localStorage so a wall screen survives a reload; an expired or refused token sends the user to sign-in.

const SESSION_KEY = 'citywatch.session';
const unauthorizedListeners = new Set();

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export function session() {
  try {
    const s = JSON.parse(localStorage.getItem(SESSION_KEY));
    if (s && s.token && (!s.expiresAt || new Date(s.expiresAt).getTime() > Date.now())) return s;
  } catch { /* a damaged entry is the same as none */ }
  return null;
}

export function hasRole(...roles) {
  const s = session();
  return Boolean(s && s.user && s.user.roles && s.user.roles.some(r => r === 'admin' || roles.includes(r)));
}

export function signOut() {
  localStorage.removeItem(SESSION_KEY);
}

export function onUnauthorized(fn) {
  unauthorizedListeners.add(fn);
}

export async function signIn(username, password) {
  const body = await request('POST', '/api/v1/auth/token', {username, password}, {anonymous: true});
  localStorage.setItem(SESSION_KEY, JSON.stringify({token: body.token, expiresAt: body.expiresAt, user: body.user}));
  return body.user;
}

/** GET/POST/PUT/DELETE a JSON resource; refusals become ApiError with the server's code, message and field. */
export async function request(method, path, body, {anonymous = false, raw = false} = {}) {
  const headers = {Accept: raw ? '*/*' : 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const s = session();
  if (!anonymous && s) headers.Authorization = `Bearer ${s.token}`;
  let response;
  try {
    response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (e) {
    throw new ApiError(0, 'network', e.message, null);
  }
  if (!response.ok) {
    let err = {};
    try { err = (await response.json()).error || {}; } catch { /* not the Error body */ }
    if (response.status === 401 && !anonymous) {
      signOut();
      unauthorizedListeners.forEach(fn => fn());
    }
    throw new ApiError(response.status, err.code || `http_${response.status}`, err.message || response.statusText, err.field);
  }
  if (raw) return response;
  if (response.status === 204) return null;
  return response.json();
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);
export const put = (path, body) => request('PUT', path, body);
export const del = (path) => request('DELETE', path);

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : '';
}

/**
 * An authenticated binary resource (frame.jpg, export.csv) as an object URL: <img> and <a> cannot send the
 * bearer header, so the console fetches and hands the element a blob. The caller revokes the old URL.
 */
export async function blobUrl(path) {
  const response = await request('GET', path, undefined, {raw: true});
  return URL.createObjectURL(await response.blob());
}

/** All events matching the filters, following the keyset cursor up to `max`. */
export async function allEvents(filters, max = 500) {
  const items = [];
  let cursor = null;
  do {
    const page = await get(`/api/v1/events${query({...filters, limit: Math.min(500, max - items.length), cursor})}`);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor && items.length < max);
  return items;
}
