// The console's shell and router: hash routes (#/alerts, #/events/<id>, #/cameras/<id>, #/zones/<id>, #/map,
// #/history) so the static files need no server-side routing and every page has a URL an officer can share.
import {h, s as svg, replace} from './dom.js';
import {go} from './navigation.js';
import {t, setLocale, currentLocale, onLocaleChange} from './i18n.js';
import {session, signOut, onUnauthorized, hasRole} from './api.js';
import * as store from './alerts-store.js';
import {beep, notify, muted, setMuted, notificationsAvailable, notificationsGranted, askNotificationPermission} from './attention.js';
import * as loginPage from './pages/login.js';
import * as alertsPage from './pages/alerts.js';
import * as detailPage from './pages/detail.js';
import * as camerasPage from './pages/cameras.js';
import * as liveViewPage from './pages/live-view.js';
import * as zonesPage from './pages/zones.js';
import * as mapPage from './pages/map.js';
import * as historyPage from './pages/history.js';
import * as suppressionsPage from './pages/suppressions.js';
import * as auditPage from './pages/audit.js';

const ROUTES = [
  {pattern: /^\/login$/, page: loginPage, open: true},
  {pattern: /^\/alerts$/, page: alertsPage, nav: 'alerts'},
  {pattern: /^\/events\/([0-9a-fA-F-]{36})$/, page: detailPage, nav: 'alerts'},
  {pattern: /^\/cameras$/, page: camerasPage, nav: 'cameras'},
  {pattern: /^\/cameras\/([A-Za-z0-9_-]{1,64})$/, page: liveViewPage, nav: 'cameras'},
  {pattern: /^\/zones\/([A-Za-z0-9_-]{1,64})$/, page: zonesPage, nav: 'cameras'},
  {pattern: /^\/map$/, page: mapPage, nav: 'map'},
  {pattern: /^\/history$/, page: historyPage, nav: 'history'},
  {pattern: /^\/suppressions$/, page: suppressionsPage, nav: 'suppressions'},
  {pattern: /^\/audit$/, page: auditPage, nav: 'audit'},
];

const shell = document.getElementById('shell');
const view = document.getElementById('view');
let cleanup = null;
let currentNav = null;
let storeStarted = false;

function path() {
  return location.hash.replace(/^#/, '') || '/alerts';
}


async function route() {
  const p = path();
  const match = ROUTES.map(r => ({r, m: r.pattern.exec(p)})).find(x => x.m);
  if (!match) { go('/alerts'); return; }
  if (!match.r.open && !session()) { go('/login'); return; }
  if (cleanup) { try { cleanup(); } catch (e) { console.error(e); } cleanup = null; }
  if (session() && !storeStarted) {
    storeStarted = true;
    store.start().catch(e => console.error('alerts could not be loaded', e));
  }
  currentNav = match.r.nav || null;
  renderShell();
  replace(view);
  document.title = `CityWatch · ${t(`nav.${match.r.nav || 'login'}`)}`;
  try {
    cleanup = await match.r.page.render(view, match.m.slice(1)) || null;
  } catch (e) {
    console.error(e);
    replace(view, h('p', {class: 'error', role: 'alert'}, t('error.page', {message: e.message})));
  }
}

function unhandledCount() {
  return store.alerts().filter(e => e.state === 'open').length;
}

// Drawn, not an emoji: wall-screen machines rarely have an emoji font.
function speakerIcon(off) {
  return svg('svg', {viewBox: '0 0 24 24', width: 18, height: 18, 'aria-hidden': 'true', class: 'icon'},
    svg('path', {d: 'M4 9h4l5-4v14l-5-4H4z', fill: 'currentColor'}),
    off ? svg('path', {d: 'M16 9l6 6M22 9l-6 6', stroke: 'currentColor', 'stroke-width': 2})
      : svg('path', {d: 'M16 8a5 5 0 0 1 0 8M18.5 5.5a8.5 8.5 0 0 1 0 13', stroke: 'currentColor', 'stroke-width': 2, fill: 'none'}));
}

function renderShell() {
  const s = session();
  const other = currentLocale() === 'zh-CN' ? 'en' : 'zh-CN';
  const languageButton = h('button', {
    type: 'button', class: 'lang-toggle', id: 'lang-toggle', lang: other,
    'aria-label': t('shell.switchLanguage'),
    onclick: () => setLocale(other),
  }, other === 'en' ? 'English' : '中文');
  if (!s) {
    replace(shell, h('div', {class: 'brand'}, h('span', {class: 'logo', 'aria-hidden': 'true'}, '◉'), t('app.title')),
      h('div', {class: 'shell-tools'}, languageButton));
    return;
  }
  const navItem = (key, href, badge) => h('a', {
    href: `#${href}`, class: 'nav-link', 'aria-current': currentNav === key ? 'page' : null,
  }, t(`nav.${key}`), badge ? h('span', {class: 'badge', id: 'open-count', 'aria-label': t('shell.openCount', {n: badge})}, badge) : null);
  const conn = store.connectionState();
  replace(shell,
    h('div', {class: 'brand'}, h('span', {class: 'logo', 'aria-hidden': 'true'}, '◉'), t('app.title')),
    h('nav', {class: 'nav', 'aria-label': t('shell.nav')},
      navItem('alerts', '/alerts', unhandledCount()),
      navItem('cameras', '/cameras'),
      navItem('map', '/map'),
      navItem('history', '/history'),
      // Offered to the roles that may use them; the server refuses everyone else anyway.
      hasRole('officer') ? navItem('suppressions', '/suppressions') : null,
      hasRole() ? navItem('audit', '/audit') : null),
    h('div', {class: 'shell-tools'},
      h('span', {class: `conn conn-${conn}`, id: 'connection', role: 'status'}, t(`conn.${conn}`)),
      h('button', {type: 'button', class: 'icon-button', 'aria-pressed': String(!muted()),
        title: t(muted() ? 'shell.soundOff' : 'shell.soundOn'),
        onclick: () => { setMuted(!muted()); renderShell(); }}, speakerIcon(muted()),
        h('span', {class: 'sr-only'}, t(muted() ? 'shell.soundOff' : 'shell.soundOn'))),
      notificationsAvailable() && !notificationsGranted()
        ? h('button', {type: 'button', class: 'link-button',
          onclick: async () => { await askNotificationPermission(); renderShell(); }}, t('shell.enableNotifications'))
        : null,
      languageButton,
      h('span', {class: 'user', title: (s.user.roles || []).map(r => t(`role.${r}`)).join(', ')},
        s.user.displayName || s.user.username),
      h('button', {type: 'button', class: 'link-button', id: 'sign-out', onclick: () => {
        store.stop(); storeStarted = false; signOut(); go('/login');
      }}, t('shell.signOut'))));
}

store.subscribe((kind, payload) => {
  if (kind === 'connection' || kind === 'reset') { if (session()) renderShell(); return; }
  if (kind === 'change') {
    renderShell();
    if (payload.live && payload.transition === 'opened') {
      beep(payload.event.severity);
      notify(payload.event, () => go(`/events/${payload.event.id}`));
    }
  }
});

onUnauthorized(() => { store.stop(); storeStarted = false; go('/login'); });
onLocaleChange(() => route());
window.addEventListener('hashchange', route);
document.documentElement.lang = currentLocale();
route();
