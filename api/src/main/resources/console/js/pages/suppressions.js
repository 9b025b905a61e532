import {h, replace} from '../dom.js';
import {t, term, formatDateTime} from '../i18n.js';
import {get, del} from '../api.js';

// A suppression silences one zone's alerts after a false alarm (e.g. a police car that always parks there);
// officers must be able to see and lift them, or real alerts stay silent.

export async function render(view) {
  const body = h('tbody', {});
  const message = h('p', {role: 'status', class: 'muted', id: 'suppressions-message'});

  async function load() {
    let items;
    try { items = (await get('/api/v1/suppressions')).items || []; } catch (e) {
      message.className = 'error';
      message.textContent = e.status === 403 ? t('admin.forbidden') : e.message;
      return;
    }
    message.className = 'muted';
    message.textContent = items.length ? '' : t('suppressions.none');
    replace(body, items.map(s => h('tr', {dataset: {suppressionId: s.id}},
      h('td', {}, h('a', {href: `#/cameras/${s.cameraId}`}, s.cameraId)),
      h('td', {}, s.zoneId),
      h('td', {}, s.kind ? term('kind', s.kind) : t('suppressions.allKinds')),
      h('td', {}, s.createdBy),
      h('td', {}, formatDateTime(s.createdAt), s.eventId ? [' · ', h('a', {href: `#/events/${s.eventId}`}, t('suppressions.event'))] : null),
      h('td', {}, s.until ? formatDateTime(s.until) : t('suppressions.untilLifted')),
      h('td', {}, s.reason || '—'),
      h('td', {}, h('button', {type: 'button', class: 'danger', onclick: async () => {
        try { await del(`/api/v1/suppressions/${encodeURIComponent(s.id)}`); await load(); } catch (e) {
          message.className = 'error'; message.textContent = e.message;
        }
      }}, t('suppressions.lift'))))));
  }

  view.append(h('div', {class: 'page-head'}, h('h1', {}, t('suppressions.title'))),
    h('p', {class: 'muted'}, t('suppressions.intro')),
    h('section', {class: 'card'}, h('div', {class: 'table-wrap'}, h('table', {class: 'table', id: 'suppressions-table'},
      h('thead', {}, h('tr', {}, ['camera', 'zone', 'kind', 'by', 'at', 'until', 'reason', 'action'].map(c => h('th', {scope: 'col'}, t(`suppressions.col.${c}`))))),
      body)), message));
  await load();
}
