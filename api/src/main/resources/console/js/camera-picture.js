// A camera's current picture and status, refreshed on a timer. frame.jpg needs the bearer token, which an
// <img src> cannot send, so each picture is fetched as a blob and its object URL swapped in (the old one
// revoked, or a wall of cameras would leak memory all day).
import {h, replace} from './dom.js';
import {t, term, formatAge} from './i18n.js';
import {blobUrl, get} from './api.js';

export class CameraPicture {
  constructor(cameraId, {width, alt, id} = {}) {
    this.cameraId = cameraId;
    this.width = width;
    this.url = null;
    this.img = h('img', {alt: alt || t('cameras.pictureAlt', {camera: cameraId}), class: 'camera-picture', id: id || null, hidden: true});
    this.placeholder = h('div', {class: 'camera-placeholder', role: 'status'}, t('cameras.loading'));
    this.element = h('div', {class: 'picture-frame'}, this.img, this.placeholder);
    this.timer = null;
    this.stopped = false;
  }

  async refresh() {
    try {
      const url = await blobUrl(`/api/v1/cameras/${this.cameraId}/frame.jpg${this.width ? `?width=${this.width}` : ''}`);
      if (this.stopped) { URL.revokeObjectURL(url); return; }
      const old = this.url;
      this.url = url;
      await new Promise(resolve => { this.img.onload = resolve; this.img.onerror = resolve; this.img.src = url; });
      if (old) URL.revokeObjectURL(old);
      this.img.hidden = false;
      this.placeholder.hidden = true;
    } catch (e) {
      this.placeholder.textContent = e.code === 'no_picture' ? t('cameras.noPicture')
        : e.status === 403 ? t('cameras.forbidden') : t('cameras.pictureFailed', {message: e.message});
      this.placeholder.hidden = false;
      this.img.hidden = !this.url;
    }
  }

  start(intervalMs) {
    const tick = async () => {
      if (this.stopped) return;
      if (!document.hidden) await this.refresh();
      if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
    };
    tick();
    return this;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.url) URL.revokeObjectURL(this.url);
  }
}

/** Status answers grow as ingest and quality checks learn more: show what is there. */
export async function loadStatus(cameraId) {
  try { return await get(`/api/v1/cameras/${cameraId}/status`); } catch (e) { return {state: e.code === 'status_unavailable' ? 'UNKNOWN' : 'ERROR', reason: e.message}; }
}

/**
 * status: GET /cameras/{id}/status. findings: the camera's open camera_health events (video-quality and stream
 * problems, each a link to its alert), plus any findings the status itself lists.
 */
export function statusBadges(status, findings = []) {
  const listed = Array.isArray(status.findings) ? status.findings.map(f => (typeof f === 'string' ? {finding: f} : f)) : [];
  return h('div', {class: 'status-badges'},
    h('span', {class: `pill camera-${String(status.state).toLowerCase()}`, 'data-camera-state': status.state}, term('cameraState', status.state)),
    [...findings, ...listed].map(f => f.eventId
      ? h('a', {href: `#/events/${f.eventId}`, class: 'pill finding', title: f.detail || null}, term('finding', f.finding))
      : h('span', {class: 'pill finding', title: f.detail || null}, term('finding', f.finding || f.kind || f.type))),
    status.lastFrameAt ? h('span', {class: 'muted small'}, t('cameras.lastFrame', {age: formatAge(status.lastFrameAt)})) : null,
    status.state !== 'ONLINE' && status.reason ? h('span', {class: 'muted small reason'}, status.reason) : null);
}

export function drawStatus(container, status, findings) {
  replace(container, statusBadges(status, findings));
}
