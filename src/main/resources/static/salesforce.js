// The Salesforce page (admins): the connection in use, connect (OAuth web-server flow with PKCE, run by
// the service: the browser goes to Salesforce's sign-in and comes back through the callback), disconnect,
// and a reconnect banner when the org refuses the stored refresh token.
(() => {
  const { $, api, show, when, signedIn } = window.contactSync;
  const FIELDS = [['username', 'User'], ['userId', 'User id'], ['orgId', 'Org id'], ['instanceUrl', 'Instance URL'],
    ['loginUrl', 'Login URL'], ['connectedAt', 'Connected at'], ['connectedBy', 'Connected by']];

  function render(c) {
    const simulator = c.mode === 'simulator';
    show('simulator-note', simulator ? 'Simulator mode: Connect signs in to the built-in Salesforce simulator at '
      + c.simulatorUrl + ' (any active seeded user, password simulator); contacts keep going to the simulator.' : '');
    show('reconnect-banner', c.needsReconnect ? 'Reconnect Salesforce: the org refuses the stored connection ('
      + c.loginFailure + '). Pushes and the automatic sync wait until an admin connects again below.' : '');
    const state = c.source === 'stored' ? (c.inUse ? 'Connected' : 'Connected, not in use')
      : c.source === 'env' ? 'Connected with credentials from the environment (SALESFORCE_*); they win over a connection made here'
        : c.source === 'simulator' ? 'The built-in simulator; no org connected'
          : 'Not connected: nothing goes to Salesforce until an admin connects the org';
    $('connection-state').textContent = state;
    $('connection').dataset.source = c.source;
    const details = FIELDS.filter(([field]) => c[field]).flatMap(([field, label]) => {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.dataset.field = field;
      dd.textContent = field === 'connectedAt' ? when(c[field]) : c[field];
      return [dt, dd];
    });
    $('connection-details').replaceChildren(...details);
    $('connection-details').hidden = details.length === 0;
    $('disconnect').hidden = c.source !== 'stored';
    $('connect').hidden = c.source === 'env';
    $('connect-title').textContent = c.source === 'stored' ? 'Reconnect Salesforce' : 'Connect Salesforce';
    $('environment').hidden = simulator;
  }

  async function refresh() {
    try {
      render(await api('api/salesforce/connection'));
    } catch (error) {
      $('connection-state').textContent = error.status === 403
        ? 'Only admins see and change the Salesforce connection.' : 'Cannot read the connection: ' + error.message;
    }
  }

  async function connect() {
    const choice = document.querySelector('input[name=environment]:checked').value;
    const environment = choice === 'my-domain' ? $('my-domain').value.trim() : choice;
    show('message', '');
    $('connect-button').disabled = true;
    try {
      const started = await api('api/salesforce/connect', { method: 'POST', body: JSON.stringify({ environment }) });
      // Salesforce's own sign-in; its callback brings the browser back to this page
      location.assign(started.authorizeUrl);
    } catch (error) {
      show('message', 'Cannot connect: ' + error.message);
      $('connect-button').disabled = false;
    }
  }

  async function disconnect() {
    show('message', '');
    try {
      const answer = await api('api/salesforce/connection', { method: 'DELETE' });
      show('note', answer.revoked ? 'Disconnected; the refresh token was revoked at Salesforce.'
        : 'Disconnected; Salesforce could not be told: revoke the token there (Connected Apps OAuth Usage).');
    } catch (error) {
      show('message', 'Cannot disconnect: ' + error.message);
    }
    refresh();
  }

  const REASONS = { 'unknown-state': 'the sign-in took too long or was started elsewhere; connect again',
    denied: 'access was denied at Salesforce', 'no-code': 'Salesforce sent no authorization code',
    'token-refused': 'Salesforce refused the authorization code', unreachable: 'Salesforce could not be reached',
    'no-refresh-token': 'Salesforce gave no refresh token: the connected app needs the scope refresh_token' };
  const outcome = new URLSearchParams(location.search);
  if (outcome.get('salesforce') === 'connected') show('note', 'Salesforce is connected.');
  if (outcome.get('salesforce') === 'failed') {
    show('message', 'The connect failed: ' + (REASONS[outcome.get('reason')] || outcome.get('reason')));
  }
  $('connect-button').addEventListener('click', connect);
  $('disconnect').addEventListener('click', disconnect);
  $('my-domain').addEventListener('focus', () => { document.querySelector('input[value=my-domain]').checked = true; });
  signedIn().catch(() => {});
  refresh();
  setInterval(refresh, 15000);
})();
