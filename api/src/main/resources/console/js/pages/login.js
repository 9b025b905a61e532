import {h, field} from '../dom.js';
import {t} from '../i18n.js';
import {signIn, session} from '../api.js';
import {go} from '../navigation.js';

export function render(view) {
  if (session()) { go('/alerts'); return; }
  const username = h('input', {name: 'username', id: 'username', autocomplete: 'username', required: true, maxlength: 100});
  const password = h('input', {name: 'password', id: 'password', type: 'password', autocomplete: 'current-password', required: true, maxlength: 200});
  const message = h('p', {class: 'error', role: 'alert', id: 'login-error'});
  const button = h('button', {type: 'submit', class: 'primary', id: 'sign-in'}, t('login.submit'));
  const form = h('form', {class: 'login card', 'aria-labelledby': 'login-title', onsubmit: async (e) => {
    e.preventDefault();
    message.textContent = '';
    button.disabled = true;
    try {
      await signIn(username.value.trim(), password.value);
      go('/alerts');
    } catch (err) {
      message.textContent = err.status === 401 ? t('login.invalid')
        : err.status === 429 ? t('login.throttled') : t('error.request', {message: err.message});
      password.select();
    } finally {
      button.disabled = false;
    }
  }},
  h('h1', {id: 'login-title'}, t('login.title')),
  h('p', {class: 'muted'}, t('login.intro')),
  field(t('login.username'), username),
  field(t('login.password'), password),
  message,
  button);
  view.append(h('div', {class: 'login-page'}, form));
  username.focus();
}
