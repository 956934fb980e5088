// Drives a Salesforce REST endpoint (the contact-sync simulator) with jsforce, a client that is not
// camel-salesforce: OAuth password login, describe, 2,500 Lead inserts through sObject Collections,
// SOQL with queryMore paging. Prints counts; exits non-zero on any mismatch.
//
//   LOGIN_URL=http://localhost:18091 node check.mjs
import jsforce from 'jsforce';
import { fidelityChecks } from './fidelity.mjs';

const LOGIN_URL = process.env.LOGIN_URL ?? 'http://localhost:18091';
const USERNAME = process.env.SF_USERNAME ?? 'integration@contactsync.local';
const PASSWORD = process.env.SF_PASSWORD ?? 'simulator';
const COUNT = Number(process.env.LEAD_COUNT ?? 2500);
const BATCH = 200;
const RUN = process.env.RUN_ID ?? Date.now().toString(36);
const COMPANY = `jsforce-check-${RUN}`;

const problems = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) problems.push(what);
}

function validId(id, prefix) {
  if (typeof id !== 'string' || id.length !== 18 || !id.startsWith(prefix)) return false;
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const c = id.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') flags |= 1 << i;
    }
    suffix += chars.charAt(flags);
  }
  return suffix === id.substring(15);
}

async function main() {
  console.log(`jsforce ${jsforce.VERSION} against ${LOGIN_URL}, run ${RUN}`);
  const conn = new jsforce.Connection({
    oauth2: { loginUrl: LOGIN_URL, clientId: 'simulator-check', clientSecret: 'simulator-check' },
    version: '59.0',
  });

  // login (OAuth 2 username-password flow, because clientId and clientSecret are set)
  const userInfo = await conn.login(USERNAME, PASSWORD);
  check(typeof conn.accessToken === 'string' && conn.accessToken.length > 0, 'login: access token issued');
  check(typeof conn.instanceUrl === 'string' && conn.instanceUrl.startsWith('http'), `login: instance url ${conn.instanceUrl}`);
  check(validId(userInfo.id, '005'), `login: user id ${userInfo.id}`);
  check(validId(userInfo.organizationId, '00D'), `login: org id ${userInfo.organizationId}`);

  // describe
  const lead = await conn.sobject('Lead').describe();
  const fields = Object.fromEntries(lead.fields.map((f) => [f.name, f]));
  check(lead.name === 'Lead' && lead.keyPrefix === '00Q', `describe: Lead, key prefix ${lead.keyPrefix}`);
  check(fields.LastName?.type === 'string' && fields.LastName?.length === 80, 'describe: LastName string(80)');
  check(fields.ContactSyncId__c?.externalId === true && fields.ContactSyncId__c?.length === 64,
    'describe: ContactSyncId__c external id, length 64');
  check(fields.Status?.type === 'picklist' && fields.Status?.restrictedPicklist === true,
    'describe: Status restricted picklist');

  // insert COUNT Leads, BATCH at a time (jsforce sends arrays through /composite/sobjects)
  const inserted = [];
  let failures = 0;
  let batches = 0;
  for (let start = 0; start < COUNT; start += BATCH) {
    const records = [];
    for (let i = start; i < Math.min(COUNT, start + BATCH); i++) {
      records.push({
        FirstName: `Js${i}`,
        LastName: `Check${String(i).padStart(5, '0')}`,
        Company: COMPANY,
        Email: `jsforce.${RUN}.${i}@example.com`,
        ContactSyncId__c: `js-${RUN}-${i}`,
      });
    }
    const results = await conn.sobject('Lead').create(records, { allOrNone: false });
    batches++;
    if (results.length !== records.length) problems.push(`batch ${batches}: ${results.length} results for ${records.length} records`);
    results.forEach((r, i) => {
      if (r.success && validId(r.id, '00Q')) inserted.push(r.id);
      else {
        failures++;
        if (failures <= 5) console.log(`  record ${start + i} failed: ${JSON.stringify(r)}`);
      }
    });
  }
  check(batches === Math.ceil(COUNT / BATCH), `insert: ${batches} collection calls`);
  check(inserted.length === COUNT && failures === 0, `insert: ${inserted.length} of ${COUNT} Leads created, ${failures} failed`);
  check(new Set(inserted).size === inserted.length, 'insert: ids are distinct');

  // query back, paging explicitly with queryMore
  const soql = `SELECT Id, LastName, ContactSyncId__c FROM Lead WHERE Company = '${COMPANY}' ORDER BY LastName`;
  // first page as the server sends it (jsforce's query() rewrites nextRecordsUrl into an absolute URL)
  let page = await conn.request(`/services/data/v${conn.version}/query?q=${encodeURIComponent(soql)}`);
  const totalSize = page.totalSize;
  const pageSizes = [page.records.length];
  const seen = new Set(page.records.map((r) => r.Id));
  const firstNext = page.nextRecordsUrl;
  while (!page.done) {
    page = await conn.queryMore(page.nextRecordsUrl);
    pageSizes.push(page.records.length);
    page.records.forEach((r) => seen.add(r.Id));
  }
  check(totalSize === COUNT, `query: totalSize ${totalSize}`);
  check(/^\/services\/data\/v59\.0\/query\/[A-Za-z0-9]+-2000$/.test(firstNext ?? ''), `query: nextRecordsUrl ${firstNext}`);
  const expectedPages = [];
  for (let left = COUNT; left > 0; left -= 2000) expectedPages.push(Math.min(2000, left));
  check(JSON.stringify(pageSizes) === JSON.stringify(expectedPages), `query: page sizes ${pageSizes.join(', ')}`);
  check(seen.size === COUNT && inserted.every((id) => seen.has(id)), `query: ${seen.size} distinct ids, all inserted ids found`);

  // the same with jsforce's own paging (autoFetch)
  const all = await conn.query(soql).run({ autoFetch: true, maxFetch: COUNT + 100 });
  check(all.records.length === COUNT, `query autoFetch: ${all.records.length} records`);
  const names = all.records.map((r) => r.LastName);
  const sorted = [...names].sort((a, b) => a.localeCompare(b));
  check(JSON.stringify(names) === JSON.stringify(sorted), 'query autoFetch: ORDER BY LastName honoured');

  // COUNT()
  const counted = await conn.query(`SELECT COUNT() FROM Lead WHERE Company = '${COMPANY}'`);
  check(counted.totalSize === COUNT, `count(): ${counted.totalSize}`);

  // API usage as the server reports it
  const limits = await conn.limits();
  check(limits.DailyApiRequests?.Max > 0, `limits: DailyApiRequests ${limits.DailyApiRequests?.Remaining}/${limits.DailyApiRequests?.Max}`);

  // Salesforce behaviours beyond CRUD: identity, upsert on Email, activities, SOQL joins, composite, Bulk API 2.0
  await fidelityChecks(conn, check, RUN, USERNAME);

  console.log(`\nSUMMARY inserted=${inserted.length} queried=${seen.size} pages=${pageSizes.length} autoFetch=${all.records.length} count=${counted.totalSize}`);
  console.log(problems.length === 0 ? 'ALL CHECKS PASSED' : `${problems.length} CHECK(S) FAILED:\n  ${problems.join('\n  ')}`);
  process.exit(problems.length === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error('FAIL', e?.errorCode ?? '', e?.message ?? e);
  process.exit(2);
});
