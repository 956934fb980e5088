// Import on the contact page: uploads one CSV or vCard file to POST /api/contacts/import and shows what
// became of each row (stored, already there, refused and why). Same origin, the sign-in's session, the CSRF
// token from the XSRF-TOKEN cookie; the table reloads when something was stored.
(() => {
  const $ = (id) => document.getElementById(id);
  const cookie = (name) => document.cookie.split('; ').filter((c) => c.startsWith(name + '='))
    .map((c) => decodeURIComponent(c.slice(name.length + 1)))[0] || '';
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

  function line(text, className) {
    const p = document.createElement('p');
    p.textContent = text;
    if (className) p.className = className;
    return p;
  }

  function show(fileName, report) {
    const box = $('import-result');
    const what = /\.(vcf|vcard)$/i.test(fileName) ? ['card', 'cards'] : ['row', 'rows'];
    const children = [line(`${fileName}: ${plural(report.stored, 'contact', 'contacts')} stored, `
      + `${report.duplicates} already there, ${report.refused} refused`, 'count')];
    const refused = report.contacts.map((c, i) => ({ ...c, at: i + 1 })).filter((c) => c.status === 'REFUSED');
    if (refused.length > 0) {
      const list = document.createElement('ul');
      refused.forEach((c) => {
        const item = document.createElement('li');
        const reason = document.createElement('span');
        reason.className = 'reason';
        reason.textContent = c.reason;
        item.append(`${what[0][0].toUpperCase()}${what[0].slice(1)} ${c.at}${c.field ? ' (' + c.field + ')' : ''}: `, reason);
        list.appendChild(item);
      });
      children.push(list);
    }
    box.replaceChildren(...children);
    box.classList.toggle('refusals', refused.length > 0);
    box.hidden = false;
  }

  function fail(fileName, message) {
    const box = $('import-result');
    box.replaceChildren(line(`${fileName}: not imported: ${message}`, 'reason'));
    box.classList.add('refusals');
    box.hidden = false;
  }

  async function upload(file) {
    const form = new FormData();
    form.append('file', file, file.name);
    $('import-label').classList.add('busy');
    try {
      const response = await fetch('api/contacts/import', {
        method: 'POST', credentials: 'same-origin', body: form,
        headers: { 'X-Requested-With': 'XMLHttpRequest', 'X-XSRF-TOKEN': cookie('XSRF-TOKEN') },
      });
      const body = await response.json().catch(() => ({}));
      if (response.status === 401) location.assign('login');
      if (!response.ok) {
        fail(file.name, body.error || response.statusText || 'HTTP ' + response.status);
        return;
      }
      show(file.name, body);
      if (body.stored > 0) document.dispatchEvent(new CustomEvent('contacts-imported'));
    } catch (error) {
      fail(file.name, error.message);
    } finally {
      $('import-label').classList.remove('busy');
    }
  }

  $('import-file').addEventListener('change', (event) => {
    const file = event.target.files[0];
    event.target.value = '';
    if (file) upload(file);
  });
})();
