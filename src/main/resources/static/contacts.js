// The contact table: lists contacts with their export state, pushes the ticked ones to Salesforce and
// follows the push until it has finished. It uses only the public REST API, on the page's own origin,
// with the session of the sign-in page; writes carry the CSRF token from the XSRF-TOKEN cookie.
(() => {
  const PAGE_SIZE = 50;
  const POLL_MS = 600;
  const STATUS = {
    EXPORTED: { label: 'Exported', icon: '<circle cx="8" cy="8" r="7" fill="currentColor"/>'
      + '<path d="M4.6 8.3l2.2 2.2 4.6-4.8" fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>' },
    FAILED: { label: 'Failed', icon: '<circle cx="8" cy="8" r="7" fill="currentColor"/>'
      + '<rect x="7.05" y="3.4" width="1.9" height="5.9" rx=".9" fill="#fff"/><circle cx="8" cy="11.7" r="1.15" fill="#fff"/>' },
    DUPLICATE: { label: 'Duplicate', icon: '<rect x="1.5" y="4.5" width="8" height="9" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.6"/>'
      + '<rect x="6.5" y="1.5" width="8" height="9" rx="1.5" fill="currentColor"/>' },
    PENDING: { label: 'Pending', icon: '<circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" stroke-width="1.6"/>'
      + '<path d="M8 4.4V8l2.6 1.7" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>' },
    EXPORTING: { label: 'Exporting', icon: '<path d="M13.5 8A5.5 5.5 0 1 1 8 2.5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>'
      + '<path d="M8 .3l3 2.2-3 2.2z" fill="currentColor"/>' },
    SKIPPED: { label: 'Skipped', icon: '<circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" stroke-width="1.6"/>'
      + '<path d="M4.8 8h6.4" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>' },
    DELETED_IN_SALESFORCE: { label: 'Deleted in Salesforce', icon: '<path d="M3 4.5h10M6.2 4.5V3h3.6v1.5M4.5 4.5l.7 9h5.6l.7-9"'
      + ' fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/>' },
  };
  const WHEN = { EXPORTED: 'Exported at', FAILED: 'Failed at', DUPLICATE: 'Checked at', SKIPPED: 'Skipped at',
    PENDING: 'Pending since', EXPORTING: 'Started at', DELETED_IN_SALESFORCE: 'Exported at' };
  const $ = (id) => document.getElementById(id);
  const selected = new Set();
  const state = { contacts: [], total: 0, page: 0, pushing: false };

  const present = (value) => value !== undefined && value !== null && value !== '';
  const text = (value) => (present(value) ? String(value) : '');
  const fullName = (c) => [c.namePrefix, c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || '#' + c.id;

  const cookie = (name) => document.cookie.split('; ').filter((c) => c.startsWith(name + '='))
    .map((c) => decodeURIComponent(c.slice(name.length + 1)))[0] || '';

  async function api(path, options = {}) {
    // X-Requested-With: a 401 does not open the browser's password prompt
    const headers = { 'X-Requested-With': 'XMLHttpRequest' };
    if (options.body) headers['Content-Type'] = 'application/json';
    if (options.method && options.method !== 'GET') headers['X-XSRF-TOKEN'] = cookie('XSRF-TOKEN');
    const response = await fetch(path, { credentials: 'same-origin', headers, ...options });
    const body = await response.json().catch(() => ({}));
    if (response.status === 401) {
      // the session ended (sign-out elsewhere, restart): sign in again
      location.assign('login');
    }
    if (!response.ok) {
      // 403 and the rest carry the service's own reason
      throw new Error(body.error || response.statusText || 'HTTP ' + response.status);
    }
    return body;
  }

  function icon(status) {
    const span = document.createElement('span');
    span.className = 'icon';
    span.setAttribute('aria-hidden', 'true');
    // constant markup from STATUS, never data from the API
    span.innerHTML = '<svg viewBox="0 0 16 16" width="16" height="16">' + (STATUS[status] || STATUS.PENDING).icon + '</svg>';
    return span;
  }

  function showMessage(message) {
    $('message').textContent = message;
    $('message').hidden = !message;
  }

  async function load() {
    const params = new URLSearchParams({ page: String(state.page), size: String(PAGE_SIZE) });
    if ($('status').value) params.set('status', $('status').value);
    if ($('search').value.trim()) params.set('search', $('search').value.trim());
    const answer = await api('api/contacts?' + params);
    if (answer.contacts.length === 0 && state.page > 0 && answer.total > 0) {
      state.page = Math.floor((answer.total - 1) / PAGE_SIZE);
      return load();
    }
    state.contacts = answer.contacts;
    state.total = answer.total;
    render();
  }

  function reload() {
    return load().then(() => showMessage(''), (error) => showMessage('Cannot load the contacts: ' + error.message));
  }

  function render() {
    $('contacts').tBodies[0].replaceChildren(...state.contacts.map(row));
    $('empty').hidden = state.contacts.length > 0;
    const first = state.page * PAGE_SIZE;
    $('range').textContent = state.total === 0 ? ''
      : `${first + 1}–${first + state.contacts.length} of ${state.total}`;
    $('prev').disabled = state.page === 0;
    $('next').disabled = first + state.contacts.length >= state.total;
    updateControls();
  }

  function cell(content, className) {
    const td = document.createElement('td');
    if (className) td.className = className;
    if (content instanceof Node) td.appendChild(content); else td.textContent = text(content);
    return td;
  }

  function row(contact) {
    const tr = document.createElement('tr');
    tr.dataset.id = contact.id;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'pick';
    box.checked = selected.has(contact.id);
    box.setAttribute('aria-label', 'Select ' + fullName(contact));
    box.addEventListener('change', () => {
      if (box.checked) selected.add(contact.id); else selected.delete(contact.id);
      tr.classList.toggle('picked', box.checked);
      updateControls();
    });
    tr.classList.toggle('picked', box.checked);
    const status = contact.export.status;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'export tone-' + status;
    button.dataset.status = status;
    button.title = (STATUS[status] ? STATUS[status].label : status) + ': click for details';
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = STATUS[status] ? STATUS[status].label : status;
    button.append(icon(status), label);
    button.addEventListener('click', (event) => {
      event.stopPropagation();
      showDetails(contact, button);
    });
    tr.append(cell(box, 'pick-col'), cell(fullName(contact)), cell(contact.email), cell(contact.company),
      cell(contact.metBy), cell(contact.source, 'source-col'), cell(button, 'export-col'));
    return tr;
  }

  function when(iso) {
    if (!present(iso)) return '';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
  }

  async function showDetails(listed, anchor) {
    const pop = $('popover');
    if (!pop.hidden && pop.dataset.id === String(listed.id)) {
      pop.hidden = true;
      return;
    }
    fillDetails(listed);
    place(pop, anchor);
    // the list may be a few seconds old: show the contact's current state (data-current marks it shown)
    try {
      const current = await api('api/contacts/' + listed.id);
      const activities = await api('api/contacts/' + listed.id + '/activities').catch(() => null);
      if (!pop.hidden && pop.dataset.id === String(listed.id)) {
        fillDetails(current, activities);
        pop.dataset.current = 'true';
      }
    } catch (error) {
      // keep what the list said
    }
  }

  function fillDetails(contact, activities) {
    const e = contact.export;
    const reason = e.error ? [e.error.code, e.error.message].filter(Boolean).join(': ') : '';
    // two-way sync: when a pull last changed the contact, and which fields
    const pulled = present(e.pulledAt) ? when(e.pulledAt) + (e.pulledFields ? ' (' + e.pulledFields.join(', ') + ')' : '') : '';
    // [field, label, value]: the field names the entry for tests and styles, the label may vary
    const entries = [
      ['When', WHEN[e.status] || 'Updated', when(e.exportedAt || e.updatedAt)],
      ['Object', 'Object', e.object],
      ['Salesforce id', 'Salesforce id', e.salesforceId],
      ['Attempts', 'Attempts', e.attempts],
      ['Reason', 'Reason', reason],
      ['Updated from Salesforce', 'Updated from Salesforce', pulled],
      ['Followed from', 'Merged or converted from', e.relinkedFrom],
    ].filter(([, , value]) => present(value));
    const open = e.status === 'EXPORTED' && present(e.salesforceId) && present(state.instanceUrl)
      ? Object.assign(document.createElement('a'), { className: 'open-in-salesforce', target: '_blank', rel: 'noopener',
        href: state.instanceUrl.replace(/\/$/, '') + '/' + encodeURIComponent(e.salesforceId), textContent: 'Open in Salesforce' })
      : null;
    const pop = $('popover');
    delete pop.dataset.current;
    pop.dataset.id = contact.id;
    pop.dataset.status = e.status;
    const title = document.createElement('div');
    title.className = 'popover-title tone-' + e.status;
    const name = document.createElement('span');
    name.textContent = (STATUS[e.status] ? STATUS[e.status].label : e.status) + ' · ' + fullName(contact);
    title.append(icon(e.status), name);
    const dl = document.createElement('dl');
    for (const [field, label, value] of entries) {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = text(value);
      dd.dataset.field = field;
      dl.append(dt, dd);
    }
    pop.replaceChildren(title, dl, ...(open ? [open] : []));
    if (activities && activities.length) pop.append(activityList(activities));
  }

  // the contact's activities, each with its export state (and the reason of a failure)
  function activityList(activities) {
    const list = document.createElement('ul');
    list.className = 'activities';
    list.setAttribute('aria-label', 'Activities');
    for (const a of activities) {
      const item = document.createElement('li');
      item.dataset.status = a.export.status;
      const why = a.export.errorMessage ? ' – ' + a.export.errorMessage : '';
      item.textContent = when(a.occurredAt) + ' · ' + (a.subject || a.type) + ': '
        + (STATUS[a.export.status] ? STATUS[a.export.status].label : a.export.status) + why;
      list.append(item);
    }
    return list;
  }

  // beside the icon, so that the Export column below stays in sight; below it where there is no room
  function place(pop, anchor) {
    pop.hidden = false;
    const rect = anchor.getBoundingClientRect();
    const width = pop.offsetWidth;
    if (rect.left - width - 10 >= 8) {
      pop.style.left = (rect.left + window.scrollX - width - 10) + 'px';
      pop.style.top = Math.max(8, rect.top + window.scrollY - 8) + 'px';
    } else {
      pop.style.left = Math.max(8, Math.min(rect.left + window.scrollX, document.documentElement.clientWidth - width - 8)) + 'px';
      pop.style.top = (rect.bottom + window.scrollY + 6) + 'px';
    }
  }

  function updateControls() {
    const email = $('requested-by');
    $('push').disabled = state.pushing || selected.size === 0 || !email.checkValidity();
    $('push').title = selected.size === 0 ? 'Tick the contacts to push first'
      : !email.checkValidity() ? 'Enter your email: the summary mail goes there' : '';
    $('selection').textContent = selected.size ? selected.size + ' selected' : '';
    const shown = state.contacts.map((c) => c.id);
    $('select-all').checked = shown.length > 0 && shown.every((id) => selected.has(id));
    $('select-all').indeterminate = !$('select-all').checked && shown.some((id) => selected.has(id));
  }

  async function push() {
    if ($('push').disabled) return;
    const requestedBy = $('requested-by').value.trim();
    localStorage.setItem('contactsync.requestedBy', requestedBy);
    state.pushing = true;
    updateControls();
    $('summary').hidden = true;
    showMessage('');
    try {
      const started = await api('api/pushes', {
        method: 'POST',
        body: JSON.stringify({ contactIds: [...selected], requestedBy }),
      });
      selected.clear();
      delete $('progress').dataset.finished;
      $('progress').dataset.pushId = started.pushId;
      showProgress({ total: started.total, pending: started.claimed });
      follow(started.pushId, 0);
    } catch (error) {
      state.pushing = false;
      showMessage('Push refused: ' + error.message);
      updateControls();
    }
  }

  function showProgress(progress) {
    const settled = progress.total - progress.pending;
    const percent = progress.total ? Math.round((100 * settled) / progress.total) : 100;
    $('progress').hidden = false;
    $('progress-fill').style.width = percent + '%';
    $('progress-bar').setAttribute('aria-valuenow', String(percent));
    $('progress-text').textContent = progress.finishedAt
      ? `Done: ${settled} of ${progress.total} settled`
      : `Pushing to Salesforce: ${settled} of ${progress.total} settled (${percent}%)`;
  }

  async function follow(pushId, failures) {
    let progress;
    try {
      progress = await api('api/pushes/' + encodeURIComponent(pushId));
      await load();
      showMessage('');
    } catch (error) {
      // a restart or a dropped connection: keep asking, a little less often
      showMessage('Cannot read the push progress (' + error.message + '); trying again');
      setTimeout(() => follow(pushId, failures + 1), Math.min(POLL_MS * 2 ** (failures + 1), 10000));
      return;
    }
    showProgress(progress);
    if (!progress.finishedAt) {
      setTimeout(() => follow(pushId, 0), POLL_MS);
      return;
    }
    $('progress').dataset.finished = 'true';
    state.pushing = false;
    updateControls();
    showSummary(progress);
  }

  function showSummary(progress) {
    const summary = $('summary');
    const head = document.createElement('p');
    head.className = 'summary-head';
    const counts = [['exported', progress.exported, 'EXPORTED'], ['duplicates', progress.duplicates, 'DUPLICATE'],
      ['failed', progress.failed, 'FAILED'], ['skipped (already exported)', progress.skipped, 'SKIPPED']];
    if (progress.postponed) {
      // Salesforce could not take them now: they are pending again for a later push
      counts.push(['postponed (pending again)', progress.postponed, 'PENDING']);
    }
    head.append('Push finished: ');
    counts.forEach(([name, count, status], i) => {
      const part = document.createElement('span');
      part.className = 'count tone-' + status;
      part.dataset.count = name.split(' ')[0];
      part.textContent = count + ' ' + name;
      head.append(part, i < counts.length - 1 ? ', ' : '.');
    });
    const children = [head];
    if (progress.failures && progress.failures.length) {
      const list = document.createElement('ul');
      list.className = 'failures';
      for (const failure of progress.failures) {
        const item = document.createElement('li');
        const who = document.createElement('strong');
        who.textContent = failure.name || failure.email || '#' + failure.contactId;
        item.append(who, ` (${(STATUS[failure.status] || { label: failure.status }).label.toLowerCase()}): `
          + text(failure.reason));
        list.append(item);
      }
      children.push(list);
    }
    if (progress.requestedBy) {
      const mail = document.createElement('p');
      mail.className = 'mail-note';
      mail.textContent = 'A summary mail goes to ' + progress.requestedBy + '.';
      children.push(mail);
    }
    summary.replaceChildren(...children);
    summary.hidden = false;
  }

  let searchTimer;
  $('search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { state.page = 0; reload(); }, 250);
  });
  $('status').addEventListener('change', () => { state.page = 0; reload(); });
  $('prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); reload(); });
  $('next').addEventListener('click', () => { state.page += 1; reload(); });
  $('requested-by').value = localStorage.getItem('contactsync.requestedBy') || '';
  $('requested-by').addEventListener('input', updateControls);
  $('requested-by').addEventListener('input', () => { state.typed = true; }, { once: true });
  $('push').addEventListener('click', push);
  $('sign-out').addEventListener('submit', () => {
    $('sign-out').elements._csrf.value = cookie('XSRF-TOKEN');
  });
  $('select-all').addEventListener('change', (event) => {
    state.contacts.forEach((c) => (event.target.checked ? selected.add(c.id) : selected.delete(c.id)));
    render();
  });
  document.addEventListener('click', (event) => {
    if (!event.target.closest('.popover')) $('popover').hidden = true;
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') $('popover').hidden = true;
  });
  // the service says which Salesforce it talks to; the built-in simulator is shown as such
  fetch('actuator/info', { credentials: 'same-origin' }).then((r) => r.json())
    .then((info) => { $('simulator-banner').hidden = info.salesforce?.mode !== 'simulator'; }, () => {});
  // who is signed in: their email is the requester of a push unless one was typed; admins see the Salesforce
  // page and, while the org refuses the stored connection, a banner to reconnect
  api('api/me').then((me) => {
    $('signed-in-as').textContent = me.name + (me.email ? ' · ' + me.email : '');
    $('salesforce-link').hidden = me.role !== 'ADMIN';
    if (me.email && !state.typed) {
      $('requested-by').value = me.email;
      updateControls();
    }
    const watch = () => api('api/salesforce/connection')
      .then((c) => { $('reconnect-banner').hidden = !c.needsReconnect; }, () => {});
    if (me.role === 'ADMIN') {
      watch();
      setInterval(watch, 15000);
    }
  }, () => {});
  api('api/salesforce/instance').then((sf) => { state.instanceUrl = sf.instanceUrl; }, () => {});
  // import.js says when an upload stored contacts
  document.addEventListener('contacts-imported', () => { state.page = 0; reload(); });
  reload();
})();
