// What the admin pages (salesforce.html, settings.html) share with each other: calls to the REST API on
// the page's own origin with the session of the sign-in page (writes carry the CSRF token of the
// XSRF-TOKEN cookie), the header with the signed-in user, and messages. No library.
window.contactSync = (() => {
  const $ = (id) => document.getElementById(id);
  const cookie = (name) => document.cookie.split('; ').filter((c) => c.startsWith(name + '='))
    .map((c) => decodeURIComponent(c.slice(name.length + 1)))[0] || '';

  async function api(path, options = {}) {
    const headers = { 'X-Requested-With': 'XMLHttpRequest' };
    if (options.body) headers['Content-Type'] = 'application/json';
    if (options.method && options.method !== 'GET') headers['X-XSRF-TOKEN'] = cookie('XSRF-TOKEN');
    const response = await fetch(path, { credentials: 'same-origin', headers, ...options });
    const body = await response.json().catch(() => ({}));
    if (response.status === 401) location.assign('login');
    if (!response.ok) {
      const error = new Error(body.error || response.statusText || 'HTTP ' + response.status);
      error.status = response.status;
      error.field = body.field;
      throw error;
    }
    return body;
  }

  function show(id, message) {
    $(id).textContent = message || '';
    $(id).hidden = !message;
  }

  function when(iso) {
    if (!iso) return '';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
  }

  /** The signed-in user in the header; answers them ({name, email, role}). */
  async function signedIn() {
    $('sign-out').addEventListener('submit', () => {
      $('sign-out').elements._csrf.value = cookie('XSRF-TOKEN');
    });
    const me = await api('api/me');
    $('signed-in-as').textContent = me.name + (me.email ? ' · ' + me.email : '');
    $('signed-in-as').dataset.role = me.role;
    document.querySelectorAll('.admin-only').forEach((e) => { e.hidden = me.role !== 'ADMIN'; });
    return me;
  }

  return { $, api, show, when, signedIn };
})();
