// The settings page: the sync settings an admin changes without a restart (GET/PUT /api/settings),
// stored in the database and shared by every instance, and the audit of every change. Users see them.
(() => {
  const { $, api, show, when, signedIn } = window.contactSync;
  const LABELS = {
    'contactsync.sync.mode': 'Sync mode',
    'contactsync.sync.target': 'Target object',
    'contactsync.duplicates.policy': 'Duplicate policy',
    'contactsync.owner.fallback': 'Owner fallback',
    'contactsync.rights.users-can-push': 'Users may push',
    'contactsync.activities.types': 'Activity types sent',
  };
  const state = { settings: [], admin: false };
  const shown = (value) => (Array.isArray(value) ? value.join(', ') || '(none)' : String(value));

  function control(s) {
    if (s.values) {
      const box = document.createElement('div');
      box.className = 'types';
      box.dataset.key = s.key;
      for (const type of s.values) {
        const label = document.createElement('label');
        const input = document.createElement('input');
        input.type = 'checkbox';
        input.value = type;
        input.checked = s.value.includes(type);
        input.disabled = !state.admin;
        input.addEventListener('change', changed);
        label.append(input, type);
        box.append(label);
      }
      return box;
    }
    const select = document.createElement('select');
    select.dataset.key = s.key;
    select.setAttribute('aria-label', LABELS[s.key] || s.key);
    for (const value of s.allowed) {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = value === 'true' ? 'yes' : value === 'false' ? 'no' : value;
      select.append(option);
    }
    select.value = String(s.value);
    select.disabled = !state.admin;
    select.addEventListener('change', changed);
    return select;
  }

  /** What the form holds for a setting, as PUT takes it. */
  function formValue(s) {
    const element = document.querySelector(`td > [data-key="${s.key}"]`);
    if (s.values) return [...element.querySelectorAll('input:checked')].map((i) => i.value);
    return element.value === 'true' || element.value === 'false' ? element.value === 'true' : element.value;
  }

  function edits() {
    const changes = {};
    for (const s of state.settings) {
      const value = formValue(s);
      // a list is a set: the order of the boxes is not a change
      const same = Array.isArray(value) ? JSON.stringify([...value].sort()) === JSON.stringify([...s.value].sort())
        : value === s.value;
      if (!same) changes[s.key] = value;
    }
    return changes;
  }

  function changed() {
    const n = Object.keys(edits()).length;
    $('save').disabled = !state.admin || n === 0;
    $('save-state').textContent = n ? n + (n === 1 ? ' change' : ' changes') + ' not saved' : '';
  }

  function render(view) {
    state.settings = view.settings;
    $('settings').tBodies[0].replaceChildren(...view.settings.map((s) => {
      const tr = document.createElement('tr');
      tr.dataset.key = s.key;
      const name = document.createElement('td');
      const title = document.createElement('strong');
      title.textContent = LABELS[s.key] || s.key;
      title.title = s.description;
      const key = document.createElement('span');
      key.className = 'key';
      key.textContent = s.key;
      name.append(title, key);
      const value = document.createElement('td');
      value.append(control(s));
      const source = document.createElement('td');
      source.className = 'source';
      source.dataset.source = s.source;
      source.textContent = s.source === 'stored'
        ? `changed by ${s.updatedBy}, ${when(s.updatedAt)} (configured: ${shown(s.configured)})`
        : 'the configuration (application.yaml, the environment)';
      tr.append(name, value, source);
      return tr;
    }));
    changed();
  }

  function renderAudit(rows) {
    $('audit').tBodies[0].replaceChildren(...rows.map((a) => {
      const tr = document.createElement('tr');
      for (const text of [when(a.changedAt), a.changedBy, LABELS[a.key] || a.key, shown(a.oldValue), shown(a.newValue)]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      tr.dataset.key = a.key;
      return tr;
    }));
    $('audit-empty').hidden = rows.length > 0;
  }

  async function loadAudit() {
    if (state.admin) renderAudit(await api('api/settings/audit?limit=50'));
  }

  async function save(event) {
    event.preventDefault();
    const changes = edits();
    if (!Object.keys(changes).length) return;
    $('save').disabled = true;
    show('message', '');
    show('note', '');
    try {
      const answer = await api('api/settings', { method: 'PUT', body: JSON.stringify(changes) });
      render(answer);
      show('note', answer.changed.length
        ? 'Saved: ' + answer.changed.map((k) => LABELS[k] || k).join(', ') + '. In effect now, on the other instances within '
          + answer.cacheSeconds + ' s.' : 'Saved; nothing differed from before.');
      await loadAudit();
    } catch (error) {
      show('message', 'Not saved: ' + error.message);
      changed();
    }
  }

  async function start() {
    const me = await signedIn().catch(() => ({}));
    state.admin = me.role === 'ADMIN';
    if (!state.admin) {
      show('note', 'Only admins change the settings; these are the values in effect.');
      $('save').hidden = true;
      $('audit').hidden = true;
      $('audit').previousElementSibling.hidden = true;
    }
    try {
      render(await api('api/settings'));
      await loadAudit();
    } catch (error) {
      show('message', 'Cannot read the settings: ' + error.message);
    }
  }

  $('settings-form').addEventListener('submit', save);
  start();
})();
