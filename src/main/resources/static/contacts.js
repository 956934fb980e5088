// The contact table: lists contacts with their export state, pushes the ticked ones and follows
// the push's progress. It uses only the public REST API.
(() => {
  const ICONS = { EXPORTED: '✔', FAILED: '✖!', DUPLICATE: '⧉', PENDING: '◷', EXPORTING: '⟳', SKIPPED: '–' };
  const LABELS = { EXPORTED: 'Exported', FAILED: 'Failed', DUPLICATE: 'Duplicate', PENDING: 'Pending',
    EXPORTING: 'Exporting', SKIPPED: 'Skipped' };
  const $ = (id) => document.getElementById(id);
  const selected = new Set();
  let contacts = [];

  const text = (value) => (value === undefined || value === null ? '' : String(value));

  async function api(path, options) {
    const response = await fetch(path, Object.assign({ headers: { 'Content-Type': 'application/json' } }, options));
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(body.error || response.statusText);
    }
    return body;
  }

  async function load() {
    const params = new URLSearchParams({ size: '200' });
    if ($('status').value) params.set('status', $('status').value);
    if ($('search').value.trim()) params.set('search', $('search').value.trim());
    const answer = await api('/api/contacts?' + params);
    contacts = answer.contacts;
    render();
  }

  function render() {
    const body = document.querySelector('#contacts tbody');
    body.replaceChildren(...contacts.map(row));
    $('empty').hidden = contacts.length > 0;
    updateButton();
  }

  function cell(content) {
    const td = document.createElement('td');
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
    box.setAttribute('aria-label', 'Select ' + text(contact.firstName) + ' ' + text(contact.lastName));
    box.addEventListener('change', () => {
      if (box.checked) selected.add(contact.id); else selected.delete(contact.id);
      updateButton();
    });
    const status = contact.export.status;
    const icon = document.createElement('button');
    icon.type = 'button';
    icon.className = 'export ' + status;
    icon.dataset.status = status;
    icon.textContent = ICONS[status] || '?';
    icon.title = LABELS[status] || status;
    icon.addEventListener('click', (event) => showDetails(contact, event.currentTarget));
    tr.append(cell(box), cell([contact.firstName, contact.lastName].filter(Boolean).join(' ')), cell(contact.email),
      cell(contact.company), cell(contact.metBy), cell(icon));
    return tr;
  }

  function showDetails(contact, anchor) {
    const e = contact.export;
    const entries = [
      ['Status', LABELS[e.status] || e.status],
      ['When', e.exportedAt || e.updatedAt],
      ['Object', e.object],
      ['Salesforce id', e.salesforceId],
      ['Attempts', e.attempts],
      ['Reason', e.error ? [e.error.code, e.error.message].filter(Boolean).join(': ') : ''],
    ].filter(([, value]) => value !== undefined && value !== null && value !== '');
    const dl = document.createElement('dl');
    for (const [name, value] of entries) {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      dd.textContent = text(value);
      dd.dataset.field = name;
      dl.append(dt, dd);
    }
    const pop = $('popover');
    pop.replaceChildren(dl);
    const rect = anchor.getBoundingClientRect();
    pop.style.left = Math.max(8, rect.left + window.scrollX - 300) + 'px';
    pop.style.top = (rect.bottom + window.scrollY + 4) + 'px';
    pop.hidden = false;
  }

  function updateButton() {
    $('push').disabled = selected.size === 0 || !$('requested-by').value.includes('@');
    $('select-all').checked = contacts.length > 0 && contacts.every((c) => selected.has(c.id));
  }

  async function push() {
    $('push').disabled = true;
    $('summary').hidden = true;
    try {
      const started = await api('/api/pushes', {
        method: 'POST',
        body: JSON.stringify({ contactIds: [...selected], requestedBy: $('requested-by').value.trim() }),
      });
      selected.clear();
      follow(started.pushId);
    } catch (error) {
      showSummary('Push refused: ' + error.message);
      updateButton();
    }
  }

  async function follow(pushId) {
    $('progress').hidden = false;
    const progress = await api('/api/pushes/' + pushId);
    const settled = progress.total - progress.pending;
    const percent = progress.total ? Math.round((100 * settled) / progress.total) : 100;
    $('progress-fill').style.width = percent + '%';
    $('progress-text').textContent = `Push: ${settled} of ${progress.total} settled (${percent}%)`;
    await load();
    if (progress.finishedAt) {
      $('progress').dataset.finished = 'true';
      showSummary(`Push finished: ${progress.exported} exported, ${progress.duplicates} duplicates, `
        + `${progress.failed} failed, ${progress.skipped} skipped.`);
      return;
    }
    setTimeout(() => follow(pushId), 700);
  }

  function showSummary(message) {
    $('summary').textContent = message;
    $('summary').hidden = false;
  }

  let searchTimer;
  $('search').addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(load, 250); });
  $('status').addEventListener('change', load);
  $('requested-by').addEventListener('input', updateButton);
  $('push').addEventListener('click', push);
  $('select-all').addEventListener('change', (event) => {
    contacts.forEach((c) => (event.target.checked ? selected.add(c.id) : selected.delete(c.id)));
    render();
  });
  document.addEventListener('click', (event) => {
    if (!event.target.closest('.popover') && !event.target.closest('.export')) $('popover').hidden = true;
  });
  load().catch((error) => showSummary('Cannot load contacts: ' + error.message));
})();
