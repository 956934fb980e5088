// The sign-in form: posts the user name and password with the CSRF token the service set in the
// XSRF-TOKEN cookie, then opens the contact page; a refusal (wrong password, too many failed
// sign-ins) is shown on the form.
(() => {
  const $ = (id) => document.getElementById(id);
  const cookie = (name) => document.cookie.split('; ').filter((c) => c.startsWith(name + '='))
    .map((c) => decodeURIComponent(c.slice(name.length + 1)))[0] || '';

  function show(id, text) {
    $(id).textContent = text;
    $(id).hidden = !text;
  }

  if (new URLSearchParams(location.search).has('signed-out')) show('note', 'You are signed out.');

  $('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('sign-in-button').disabled = true;
    show('note', '');
    try {
      const response = await fetch('login', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-XSRF-TOKEN': cookie('XSRF-TOKEN'), 'X-Requested-With': 'XMLHttpRequest' },
        body: new URLSearchParams(new FormData($('sign-in'))),
      });
      if (response.ok) {
        location.assign('./');
        return;
      }
      const body = await response.json().catch(() => ({}));
      show('message', response.status === 403 ? 'The sign-in form was out of date: reload the page and try again'
        : body.error || 'Sign-in refused (HTTP ' + response.status + ')');
      $('password').value = '';
      $('password').focus();
    } catch (error) {
      show('message', 'Cannot reach the service: ' + error.message);
    } finally {
      $('sign-in-button').disabled = false;
    }
  });
})();
