// How events read on every page: the same badge for a state or severity everywhere.
import {h} from './dom.js';
import {term} from './i18n.js';

export const SEVERITY_RANK = {critical: 3, high: 2, medium: 1, low: 0};
export const KINDS = ['illegal_parking', 'debris', 'crowd', 'flooding', 'camera_health'];
export const STATES = ['open', 'acknowledged', 'dispatched', 'resolved', 'false_alarm'];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'];
export const ZONE_KINDS = ['no_parking', 'roadway', 'walkway', 'crowd', 'flood_watch'];
export const DEPARTMENTS = ['city-management', 'traffic-police', 'sanitation', 'water-authority', 'emergency'];

export function stateBadge(state) {
  return h('span', {class: `pill state-${state}`}, term('state', state));
}

export function severityBadge(severity) {
  return h('span', {class: `pill severity-${severity}`}, term('severity', severity));
}

export function cameraLabel(camera) {
  if (!camera) return '—';
  return camera.name && camera.name !== camera.id ? `${camera.name} (${camera.id})` : camera.id;
}

/** How urgent an unhandled alert looks: an open alert left alone for minutes must catch the eye. */
export function ageClass(event, now = Date.now()) {
  if (event.state !== 'open') return '';
  const minutes = (now - new Date(event.startedAt).getTime()) / 60000;
  if (minutes >= 15) return 'age-overdue';
  if (minutes >= 5) return 'age-waiting';
  return 'age-new';
}
