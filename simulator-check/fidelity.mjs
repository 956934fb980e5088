// Checks of the simulator's Salesforce behaviours beyond plain CRUD, as jsforce sees them: the identity
// URL, upsert on Email, polymorphic Who/Owner, IsClosed and LastActivityDate, child subqueries,
// semi-joins, HAVING, /composite/batch, /composite/tree and Bulk API 2.0 ingest.
export async function fidelityChecks(conn, check, run, username) {
  const base = `/services/data/v${conn.version}`;

  // identity URL, found through the version root as jsforce does
  const me = await conn.identity();
  check(me.username === username && me.id === conn.userInfo?.url, `identity: username ${me.username}`);
  check(me.user_id?.startsWith('005') && me.organization_id?.startsWith('00D') && me.urls?.rest?.includes('/services/data/'),
    'identity: user_id, organization_id and urls.rest');

  // upsert on Email, an idLookup field
  const email = `upsert.${run}@example.com`;
  const created = await conn.sobject('Lead').upsert({ Email: email, LastName: 'Upserted', Company: `Co ${run}` }, 'Email');
  check(created.success && created.created === true, `upsert by Email: created ${created.id}`);
  const updated = await conn.sobject('Lead').upsert({ Email: email, Title: 'Again' }, 'Email');
  check(updated.success && updated.created === false && updated.id === created.id, 'upsert by Email: same record updated');
  const leadId = created.id;

  // a Task on the Lead: Who.Type, IsClosed, LastActivityDate
  const today = new Date().toISOString().substring(0, 10);
  const task = await conn.sobject('Task').create({ Subject: `Call ${run}`, WhoId: leadId, Status: 'Completed', ActivityDate: today });
  check(task.success, 'task: created on the Lead');
  const tasks = await conn.query(`SELECT Id, IsClosed, Who.Type, Owner.Type FROM Task WHERE Id = '${task.id}'`);
  check(tasks.records[0]?.IsClosed === true && tasks.records[0]?.Who?.Type === 'Lead', 'task: IsClosed, Who.Type = Lead');
  const lead = await conn.sobject('Lead').retrieve(leadId);
  check(lead.LastActivityDate === today, `lead: LastActivityDate ${lead.LastActivityDate}`);
  const account = await conn.sobject('Account').create({ Name: `Acme ${run}` });
  const both = await conn.sobject('Task').create({ Subject: 'Both', WhoId: leadId, WhatId: account.id })
    .catch((e) => ({ success: false, errors: [{ statusCode: e.errorCode }] }));
  check(!both.success && JSON.stringify(both.errors).includes('FIELD_INTEGRITY_EXCEPTION'), 'task: a Lead in WhoId takes no WhatId');

  // child subquery, semi-join, HAVING
  const withTasks = await conn.query(`SELECT Id, (SELECT Subject FROM Tasks) FROM Lead WHERE Id = '${leadId}'`);
  check(withTasks.records[0]?.Tasks?.totalSize === 1, 'soql: child subquery (SELECT … FROM Tasks)');
  const semi = await conn.query(`SELECT Id FROM Lead WHERE Id IN (SELECT WhoId FROM Task WHERE Subject = 'Call ${run}')`);
  check(semi.totalSize === 1 && semi.records[0].Id === leadId, 'soql: semi-join Id IN (SELECT WhoId FROM Task)');
  const having = await conn.query(`SELECT WhoId, COUNT(Id) n FROM Task WHERE Subject = 'Call ${run}' GROUP BY WhoId HAVING COUNT(Id) > 0`);
  check(having.records.length === 1 && having.records[0].n === 1, 'soql: GROUP BY … HAVING COUNT(Id) > 0');

  // /composite/batch and /composite/tree
  const batch = await conn.request({ method: 'POST', url: `${base}/composite/batch`, body: JSON.stringify({
    batchRequests: [
      { method: 'PATCH', url: `v${conn.version}/sobjects/Lead/${leadId}`, richInput: { Rating: 'Hot' } },
      { method: 'GET', url: `v${conn.version}/sobjects/Lead/${leadId}?fields=Rating` },
    ] }), headers: { 'content-type': 'application/json' } });
  check(batch.hasErrors === false && batch.results[1]?.result?.Rating === 'Hot', 'composite/batch: two subrequests');
  const tree = await conn.request({ method: 'POST', url: `${base}/composite/tree/Account`, body: JSON.stringify({
    records: [{ attributes: { type: 'Account', referenceId: 'acc' }, Name: `Tree ${run}`,
      Contacts: { records: [{ attributes: { type: 'Contact', referenceId: 'con' }, LastName: `Tree ${run}` }] } }] }),
    headers: { 'content-type': 'application/json' } });
  check(tree.hasErrors === false && tree.results.length === 2, 'composite/tree: Account with a Contact');

  // Bulk API 2.0 ingest
  const rows = [];
  for (let i = 0; i < 300; i++) rows.push({ LastName: `Bulk${i}`, Company: `Bulk ${run}`, Email: `bulk.${run}.${i}@example.com` });
  rows.push({ LastName: 'NoCompany', Email: `bulk.${run}.bad@example.com` });
  const results = await conn.bulk2.loadAndWaitForResults({ object: 'Lead', operation: 'insert', input: rows, pollInterval: 200,
    pollTimeout: 60000 });
  check(results.successfulResults.length === 300 && results.failedResults.length === 1,
    `bulk2: ${results.successfulResults.length} loaded, ${results.failedResults.length} failed`);
  check(String(results.failedResults[0]?.sf__Error ?? '').startsWith('REQUIRED_FIELD_MISSING'),
    `bulk2: failed row says ${results.failedResults[0]?.sf__Error}`);
}
