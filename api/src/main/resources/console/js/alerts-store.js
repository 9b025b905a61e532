// The console's one owner of the alerts it is showing: filled from the REST API at sign-in, kept current by
// the live WebSocket feed (which the server feeds from Kafka). Pages read it and subscribe; nobody else
// keeps a copy that could drift.
import {allEvents, session} from './api.js';

export const UNHANDLED = ['open', 'acknowledged', 'dispatched'];
const events = new Map();
const fromFeed = new Set(); // ids whose latest news came over the live feed rather than a REST load
const listeners = new Set();
let connection = 'offline';
let socket = null;
let retryMs = 1000;
let stopped = true;

export function alerts() {
  return [...events.values()];
}

export function alert(id) {
  return events.get(id);
}

/** Whether this alert reached the console over the live feed (shown on the row; the browser tests check it). */
export function cameLive(id) {
  return fromFeed.has(id);
}

/** What is wrong with a camera now: its camera_health events that are still going on (finding per event). */
export function cameraFindings(cameraId) {
  return alerts().filter(e => e.kind === 'camera_health' && e.camera?.id === cameraId && !e.endedAt
      && UNHANDLED.includes(e.state)).map(e => ({finding: e.health?.finding || 'unknown', eventId: e.id, detail: e.health?.description}));
}

export function connectionState() {
  return connection;
}

/** fn(kind, payload): kind 'change' {transition, event, live}, 'reset', 'connection' state. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function emit(kind, payload) {
  listeners.forEach(fn => {
    try { fn(kind, payload); } catch (e) { console.error('alert listener failed', e); }
  });
}

export function remember(event, transition = 'updated', live = false) {
  const known = events.get(event.id);
  // The feed and the REST answers can cross: never replace a newer copy with an older one.
  if (known && known.updatedAt && event.updatedAt && known.updatedAt > event.updatedAt) return;
  events.set(event.id, event);
  if (live) fromFeed.add(event.id);
  emit('change', {transition, event, live});
}

export async function start() {
  stopped = false;
  // Every unhandled alert however old (they are the work), plus the latest of any state for context.
  const pages = await Promise.all([...UNHANDLED.map(state => allEvents({state}, 1000)), allEvents({}, 100)]);
  const loaded = pages.flat();
  events.clear();
  fromFeed.clear();
  loaded.forEach(e => events.set(e.id, e));
  emit('reset');
  connect();
}

export function stop() {
  stopped = true;
  if (socket) socket.close();
  socket = null;
  events.clear();
}

function setConnection(state) {
  connection = state;
  emit('connection', state);
}

function connect() {
  const s = session();
  if (stopped || !s) return;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  setConnection('connecting');
  const ws = new WebSocket(`${scheme}://${location.host}/api/v1/live?token=${encodeURIComponent(s.token)}`);
  socket = ws;
  ws.onopen = () => { retryMs = 1000; setConnection('live'); };
  ws.onmessage = (message) => {
    let frame;
    try { frame = JSON.parse(message.data); } catch { return; }
    if (frame.type === 'event' && frame.change && frame.change.event) {
      remember(frame.change.event, frame.change.transition, true);
    }
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    setConnection('offline');
    if (stopped) return;
    // Back off so a restarting server is not hammered; a reconnect reloads what was missed meanwhile.
    setTimeout(() => { if (!stopped) start().catch(() => connect()); }, retryMs);
    retryMs = Math.min(retryMs * 2, 30000);
  };
}
