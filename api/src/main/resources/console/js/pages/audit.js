import {h, replace, select} from '../dom.js';
import {t, term, formatDateTime} from '../i18n.js';
import {get, query} from '../api.js';

// Who looked at which clip, snapshot or live picture, and when: the record the police's access is checked against.
const ACTIONS = ['view_clip', 'view_snapshot', 'view_live', 'edit_zones', 'delete_suppression'];

export async function render(view) {
  const body = h('tbody', {});
  const message = h('p', {role: 'status', class: 'muted'});
  const actor = h('input', {id: 'audit-actor', maxlength: 64});
  const action = select({id: 'audit-action'}, [{value: '', label: t('filter.any')}, ...ACTIONS.map(a => ({value: a, label: term('audit', a)}))], '');
  async function load() {
    try {
      const page = await get(`/api/v1/audit${query({actor: actor.value.trim(), action: action.value, limit: 200})}`);
      const items = page.items || [];
      message.className = 'muted';
      message.textContent = items.length ? t('history.shown', {n: items.length}) : t('audit.none');
      replace(body, items.map(a => h('tr', {},
        h('td', {}, formatDateTime(a.at)),
        h('td', {}, a.actor),
        h('td', {}, term('audit', a.action)),
        h('td', {}, a.resource, a.detail ? h('span', {class: 'muted'}, ` · ${a.detail}`) : null))));
    } catch (e) {
      message.className = 'error';
      message.textContent = e.status === 403 ? t('admin.forbidden') : (e.field ? `${e.field}: ${e.message}` : e.message);
    }
  }
  view.append(h('div', {class: 'page-head'}, h('h1', {}, t('audit.title'))),
    h('form', {class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); load(); }},
      h('label', {class: 'field'}, h('span', {class: 'field-label'}, t('audit.actor')), actor),
      h('label', {class: 'field'}, h('span', {class: 'field-label'}, t('audit.action')), action),
      h('div', {class: 'button-row'}, h('button', {type: 'submit', class: 'primary'}, t('history.search')))),
    h('section', {class: 'card'}, h('div', {class: 'table-wrap'}, h('table', {class: 'table', id: 'audit-table'},
      h('thead', {}, h('tr', {}, ['at', 'actor', 'action', 'resource'].map(c => h('th', {scope: 'col'}, t(`audit.col.${c}`))))),
      body)), message));
  await load();
}
