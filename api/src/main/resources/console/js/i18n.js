// Language of the console: zh-CN by default (the officers' language), English on request. Every visible
// string comes from one of the two catalogues; the choice is kept in localStorage so a wall screen stays
// in its language across reloads.
import zhCN from './messages/zh-CN.js';
import en from './messages/en.js';

const CATALOGUES = {'zh-CN': zhCN, en};
const STORAGE_KEY = 'citywatch.locale';
export const LOCALES = Object.keys(CATALOGUES);

let locale = LOCALES.includes(localStorage.getItem(STORAGE_KEY)) ? localStorage.getItem(STORAGE_KEY) : 'zh-CN';
const listeners = new Set();

export function currentLocale() {
  return locale;
}

export function setLocale(next) {
  if (!CATALOGUES[next] || next === locale) return;
  locale = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  listeners.forEach(fn => fn(next));
}

export function onLocaleChange(fn) {
  listeners.add(fn);
}

/** t('alerts.count', {n: 3}) → the current catalogue's text with {n} filled in; a missing key shows itself. */
export function t(key, params) {
  let text = CATALOGUES[locale][key];
  if (text === undefined) {
    console.warn(`missing ${locale} message '${key}'`);
    text = CATALOGUES.en[key] ?? key;
  }
  return params ? text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m)) : text;
}

/** A value of a closed set (kind, state, severity, zone kind), or the raw value when the catalogue lacks it. */
export function term(group, value) {
  if (value === null || value === undefined || value === '') return '—';
  const key = `${group}.${value}`;
  return key in CATALOGUES[locale] ? CATALOGUES[locale][key] : String(value);
}

export function formatDateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso)
    : new Intl.DateTimeFormat(locale, {dateStyle: 'short', timeStyle: 'medium'}).format(d);
}

export function formatTime(iso) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, {timeStyle: 'medium'}).format(new Date(iso));
}

export function formatDay(day) {
  // A bare yyyy-MM-dd is a calendar day, not an instant: format it without a time-zone shift.
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, {month: 'numeric', day: 'numeric', timeZone: 'UTC'})
    .format(new Date(Date.UTC(y, m - 1, d)));
}

/** "3 minutes ago" in the current language. */
export function formatAge(iso, now = Date.now()) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, {numeric: 'auto'});
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}

export function formatNumber(n, digits = 0) {
  return new Intl.NumberFormat(locale, {maximumFractionDigits: digits}).format(n);
}

export const catalogues = CATALOGUES;
