#!/usr/bin/env node
// SDK compatibility test for wsappd, first part: app groups, publishing,
// UnpublishApp, authorizations and tokens, driven with the vendor's official
// Node.js SDK core through harness.js (which documents how requests are built).
//
//   node tests/sdk/run_sdk_tests.js /path/to/wsappd

'use strict';

const {
  assert, PROJECT_ID, ACCOUNT, ROOT_AK, ROOT_SK, ROOT_PASSWORD, DEMO_GROUP_ID, DEMO_APP_IDS,
  RUN_TAG, ODD_NAME_PART, ODD_FILTER, TokenCredentials, newClient, akskClient, lastRawResponse,
  SNOWFLAKE_RE, HEX32_RE, APP_GROUP, APP_GROUP_DETAIL, APP, AUTHORIZATION, REQUIRED,
  isPlainObject, wireBody, checkModel, checkList, assertStatus200, assertEmptyObjectBody,
  expectSdkError, state, check, need, run,
} = require('./harness');

async function main() {
  await check('GET /healthz answers 200', async () => {
    need('endpoint');
    const res = await fetch(`${state.endpoint}/healthz`);
    await res.arrayBuffer();
    assert.equal(res.status, 200);
  });

  // ---- app groups

  await check('CreateAppGroup (x3) returns AppGroup, signed by the SDK core', async () => {
    need('client');
    const groups = [];
    for (const suffix of ['a', 'b', 'c']) {
      const body = {
        name: `sdk_${RUN_TAG}_${suffix}`,
        description: `created by the SDK test (${suffix})`,
        authorization_type: 'APP_GROUP',
        app_type: 'COMMON_APP',
        app_server_group_id: '',
      };
      const res = await state.client.createAppGroup({ body });
      if (suffix === 'a') {
        const signed = lastRawResponse().config.headers;
        assert.match(String(signed.Authorization),
          new RegExp(`^SDK-HMAC-SHA256 Access=${ROOT_AK}, SignedHeaders=[a-z0-9;-]*x-sdk-date[a-z0-9;-]*, Signature=[0-9a-f]{64}$`),
          'request carries the core signer\'s Authorization header');
        assert.equal(signed['X-Project-Id'], PROJECT_ID, 'X-Project-Id header');
      }
      assertStatus200(res, 'CreateAppGroup');
      const g = wireBody(res);
      checkModel(g, APP_GROUP, REQUIRED.createAppGroup, 'CreateAppGroup');
      assert.match(g.id, SNOWFLAKE_RE, 'app group id format (D13)');
      assert.equal(g.name, body.name);
      assert.equal(g.description, body.description);
      assert.equal(g.authorization_type, 'APP_GROUP');
      assert.equal(g.tenant_id, PROJECT_ID);
      if (g.app_type !== undefined) assert.equal(g.app_type, 'COMMON_APP');
      if (g.app_count !== undefined) assert.equal(g.app_count, 0);
      groups.push(g);
    }
    assert.equal(new Set(groups.map((g) => g.id)).size, 3, 'distinct ids');
    state.groups = groups;
    state.groupA = groups[0];
  });

  await check('ListAppGroup: name filter, limit/offset paging, count, newest first', async () => {
    need('groups');
    const [a, b, c] = state.groups;
    const page1 = checkList(await state.client.listAppGroup({ name: `sdk_${RUN_TAG}`, limit: 2, offset: 0 }),
      'items', APP_GROUP, REQUIRED.listAppGroup, 'ListAppGroup page 1');
    assert.equal(page1.count, 3, 'count is the number of matches, not the page size (D11)');
    assert.deepEqual(page1.items.map((g) => g.id), [c.id, b.id], 'newest first (D11)');
    const page2 = checkList(await state.client.listAppGroup({ name: `sdk_${RUN_TAG}`, limit: 2, offset: 2 }),
      'items', APP_GROUP, REQUIRED.listAppGroup, 'ListAppGroup page 2');
    assert.equal(page2.count, 3);
    assert.deepEqual(page2.items.map((g) => g.id), [a.id]);
    for (const g of [...page1.items, ...page2.items]) {
      assert.equal(g.app_count, 0);
      assert.equal(g.tenant_id, PROJECT_ID);
    }
    const none = checkList(await state.client.listAppGroup({ name: `SDK_${RUN_TAG}` }),
      'items', APP_GROUP, REQUIRED.listAppGroup, 'ListAppGroup case-sensitive filter');
    assert.equal(none.count, 0, 'name filter is case-sensitive (D19)');
    const byId = checkList(await state.client.listAppGroup({ app_group_id: b.id }),
      'items', APP_GROUP, REQUIRED.listAppGroup, 'ListAppGroup app_group_id filter');
    assert.deepEqual(byId.items.map((g) => g.id), [b.id]);
  });

  await check('ShowAppGroupDetail returns AppGroupDetail', async () => {
    need('groupA');
    const res = await state.client.showAppGroupDetail({ app_group_id: state.groupA.id });
    assertStatus200(res, 'ShowAppGroupDetail');
    const g = wireBody(res);
    checkModel(g, APP_GROUP_DETAIL, REQUIRED.showAppGroupDetail, 'ShowAppGroupDetail');
    for (const key of ['id', 'name', 'description', 'authorization_type', 'tenant_id', 'create_at']) {
      assert.equal(g[key], state.groupA[key], `ShowAppGroupDetail.${key} matches CreateAppGroup`);
    }
    assert.equal(g.app_count, 0);
  });

  // ---- published apps

  await check('PublishApp publishes three apps ({"items":[...]})', async () => {
    need('groupA');
    const items = [
      { name: `sdk calc ${RUN_TAG}`, execute_path: 'C:\\Tools\\calc.exe', source_type: 3,
        version: '1.0', publisher: 'SDK test', description: 'calculator', sandbox_enable: false },
      { name: `sdk notes ${RUN_TAG}`, execute_path: 'C:\\Program Files\\Notes\\notes.exe', source_type: 2,
        command_param: '--safe', work_path: 'C:\\Program Files\\Notes', icon_path: 'C:\\Program Files\\Notes\\notes.exe',
        icon_index: 1, source_image_ids: ['5d411710-98ac-47b5-af7c-3ecf6a0514b5'] },
      { name: `sdk ${ODD_NAME_PART} edit`, execute_path: 'C:\\Tools\\edit.exe', source_type: 3 },
    ];
    const res = await state.client.publishApp({ app_group_id: state.groupA.id, body: { items } });
    assertStatus200(res, 'PublishApp');
    const body = checkList(res, 'items', APP, REQUIRED.publishApp, 'PublishApp');
    assert.equal(body.count, 3);
    assert.equal(body.items.length, 3);
    const byName = new Map(body.items.map((a) => [a.name, a]));
    for (const sent of items) {
      const app = byName.get(sent.name);
      assert.ok(app, `PublishApp answer has app "${sent.name}"`);
      assert.match(app.id, SNOWFLAKE_RE, 'app id format (D13)');
      assert.equal(app.app_group_id, state.groupA.id);
      assert.equal(app.tenant_id, PROJECT_ID);
      assert.equal(app.execute_path, sent.execute_path);
      assert.equal(app.source_type, sent.source_type);
      assert.equal(app.state, 'NORMAL');
      for (const key of ['version', 'publisher', 'description', 'command_param', 'work_path', 'icon_path', 'icon_index']) {
        if (sent[key] !== undefined) assert.equal(app[key], sent[key], `app.${key}`);
      }
    }
    state.apps = items.map((sent) => byName.get(sent.name));
    state.oddApp = state.apps[2];
  });

  await check('ShowAppGroupDetail: app_count is 3 after publishing', async () => {
    need('apps');
    const g = wireBody(await state.client.showAppGroupDetail({ app_group_id: state.groupA.id }));
    assert.equal(g.app_count, 3);
  });

  await check('ListPublishedApp: all apps, paging, App model', async () => {
    need('apps');
    const all = checkList(await state.client.listPublishedApp({ app_group_id: state.groupA.id, limit: 100 }),
      'items', APP, REQUIRED.listPublishedApp, 'ListPublishedApp');
    assert.equal(all.count, 3);
    assert.deepEqual(all.items.map((a) => a.id).sort(), state.apps.map((a) => a.id).sort());
    for (const app of all.items) {
      assert.equal(app.app_group_id, state.groupA.id);
      assert.equal(app.icon_url, '', 'no custom icon yet');
      assert.equal(app.is_pre_boot, false);
    }
    const page = checkList(await state.client.listPublishedApp({ app_group_id: state.groupA.id, limit: 1, offset: 1 }),
      'items', APP, REQUIRED.listPublishedApp, 'ListPublishedApp limit=1');
    assert.equal(page.count, 3, 'count is the total (D11)');
    assert.equal(page.items.length, 1);
    const byId = checkList(await state.client.listPublishedApp({ app_group_id: state.groupA.id, app_id: state.apps[1].id }),
      'items', APP, REQUIRED.listPublishedApp, 'ListPublishedApp app_id filter');
    assert.deepEqual(byId.items.map((a) => a.id), [state.apps[1].id]);
  });

  await check(`ListPublishedApp: name filter with odd characters ${JSON.stringify(ODD_FILTER)}`, async () => {
    need('oddApp');
    const hit = checkList(await state.client.listPublishedApp({ app_group_id: state.groupA.id, name: ODD_NAME_PART }),
      'items', APP, REQUIRED.listPublishedApp, `ListPublishedApp name=${ODD_NAME_PART}`);
    assert.equal(hit.count, 1, `substring ${JSON.stringify(ODD_NAME_PART)} matches exactly the odd app (D19)`);
    assert.equal(hit.items[0].id, state.oddApp.id);
    assert.equal(hit.items[0].name, state.oddApp.name);
    const miss = checkList(await state.client.listPublishedApp({ app_group_id: state.groupA.id, name: ODD_FILTER }),
      'items', APP, REQUIRED.listPublishedApp, `ListPublishedApp name=${ODD_FILTER}`);
    assert.equal(miss.count, 0, `${JSON.stringify(ODD_FILTER)} is not a substring of any name`);
    const upper = checkList(await state.client.listPublishedApp({ app_group_id: state.groupA.id, name: 'A*(B)' }),
      'items', APP, REQUIRED.listPublishedApp, 'ListPublishedApp name=A*(B)');
    assert.equal(upper.count, 0, 'case-sensitive (D19)');
  });

  await check('ListPublishedApp of an unknown group: 200 {"count":0,"items":[]} (D2)', async () => {
    need('client');
    const res = await state.client.listPublishedApp({ app_group_id: '100000000000000001' });
    assertStatus200(res, 'ListPublishedApp unknown group');
    assert.deepEqual(wireBody(res), { count: 0, items: [] });
  });

  await check('ShowAppDetail returns App', async () => {
    need('apps');
    const sent = state.apps[1];
    const res = await state.client.showAppDetail({ app_group_id: state.groupA.id, app_id: sent.id });
    assertStatus200(res, 'ShowAppDetail');
    const app = wireBody(res);
    checkModel(app, APP, REQUIRED.showAppDetail, 'ShowAppDetail');
    for (const key of ['id', 'name', 'app_group_id', 'execute_path', 'source_type', 'state', 'tenant_id',
      'command_param', 'work_path', 'icon_path', 'icon_index', 'publish_at']) {
      assert.deepEqual(app[key], sent[key], `ShowAppDetail.${key} matches PublishApp`);
    }
  });

  // ---- authorizations

  await check('AddAppGroupAuthorization answers 200 {}', async () => {
    need('groupA');
    state.secondAccount = `sdk-user-${RUN_TAG}`;
    // D20: only accounts of the directory are authorized, so the second one is created first.
    const created = await state.client.createDesktopUser({
      body: { user_name: state.secondAccount, user_email: `${state.secondAccount}@example.test` },
    });
    assert.match(wireBody(created).id, HEX32_RE, 'CreateDesktopUser returns the new id');
    const res = await state.client.addAppGroupAuthorization({
      x_language: 'en-us',
      body: {
        app_group_ids: [state.groupA.id],
        accounts: [
          { account: 'user000', account_type: 'USER' }, // the vendor's example account
          { account: state.secondAccount, account_type: 'USER', platform_type: 'LOCAL' },
          { account: `sdk-ghost-${RUN_TAG}`, account_type: 'USER' }, // not in the directory
        ],
      },
    });
    assertEmptyObjectBody(res, 'AddAppGroupAuthorization');
    state.authorized = true;
  });

  await check('ListAppGroupAuthorization returns {count, authorizations:[Authorization]}', async () => {
    need('authorized');
    const body = checkList(
      await state.client.listAppGroupAuthorization({ app_group_id: state.groupA.id, limit: 100, offset: 0 }),
      'authorizations', AUTHORIZATION, REQUIRED.authorization, 'ListAppGroupAuthorization');
    assert.equal(body.count, body.authorizations.length);
    for (const a of body.authorizations) {
      assert.equal(a.app_group_id, state.groupA.id, 'filtered by app_group_id');
      assert.equal(a.app_group_name, state.groupA.name);
      assert.equal(a.authorization_type, 'APP_GROUP');
      assert.equal(a.app_id, '', 'group-level record has an empty app_id (D24)');
      assert.equal(a.app_name, '');
      if (a.id !== undefined) assert.match(a.id, HEX32_RE, 'authorization id format (D13)');
    }
    state.groupAuthCount = body.count;
    // user000 is the demo directory's user; the account outside the directory is skipped (D20).
    assert.equal(body.count, 2, 'both directory accounts are authorized, the unknown one skipped');
    assert.ok(body.authorizations.some((a) => a.account === 'user000' && a.account_type === 'USER'),
      'user000 is authorized');
    const second = body.authorizations.find((a) => a.account === state.secondAccount);
    assert.ok(second, 'the second account is authorized');
    assert.equal(second.platform_type, 'LOCAL', 'platform_type is kept');
  });

  // ---- unpublish

  await check('UnpublishApp with 51 ids: SDK raises 400 WKS.00211102, nothing unpublished', async () => {
    need('apps');
    const ids = state.apps.map((a) => a.id);
    for (let i = 0; ids.length < 51; i += 1) ids.push(String(100000000000000100n + BigInt(i)));
    await expectSdkError(state.client.unpublishApp({ app_group_id: state.groupA.id, body: { ids } }),
      { status: 400, code: 'WKS.00211102' }, 'UnpublishApp 51 ids');
    const after = wireBody(await state.client.listPublishedApp({ app_group_id: state.groupA.id, limit: 100 }));
    assert.equal(after.count, 3, 'validation happens before any side effect');
  });

  await check('UnpublishApp answers 200 {}, and again 200 {} on repeat', async () => {
    need('apps');
    const ids = [state.apps[0].id, state.apps[2].id];
    assertEmptyObjectBody(await state.client.unpublishApp({ app_group_id: state.groupA.id, body: { ids } }),
      'UnpublishApp');
    assertEmptyObjectBody(await state.client.unpublishApp({ app_group_id: state.groupA.id, body: { ids } }),
      'UnpublishApp (repeat)');
    state.unpublished = ids;
  });

  await check('after UnpublishApp: apps gone, count and app_count dropped, group grants kept', async () => {
    need('unpublished');
    const list = checkList(await state.client.listPublishedApp({ app_group_id: state.groupA.id, limit: 100 }),
      'items', APP, REQUIRED.listPublishedApp, 'ListPublishedApp after unpublish');
    assert.equal(list.count, 1);
    assert.deepEqual(list.items.map((a) => a.id), [state.apps[1].id]);
    const g = wireBody(await state.client.showAppGroupDetail({ app_group_id: state.groupA.id }));
    assert.equal(g.app_count, 1, 'app_count dropped from 3 to 1');
    for (const id of state.unpublished) {
      await expectSdkError(state.client.showAppDetail({ app_group_id: state.groupA.id, app_id: id }),
        { status: 404, code: 'WKS.00211902' }, `ShowAppDetail of unpublished app ${id}`);
    }
    if (state.groupAuthCount !== undefined) {
      const auth = wireBody(await state.client.listAppGroupAuthorization({ app_group_id: state.groupA.id, limit: 100 }));
      assert.equal(auth.count, state.groupAuthCount, 'group-level authorizations stay (D10)');
    }
  });

  await check('demo example: UnpublishApp 570810904237572123/…122 in 575772274859184144 answers 200 {}', async () => {
    need('client');
    const res = await state.client.unpublishApp({ app_group_id: DEMO_GROUP_ID, body: { ids: DEMO_APP_IDS } });
    assertEmptyObjectBody(res, 'UnpublishApp (demo example)');
  });

  // ---- error paths

  await check('ShowAppGroupDetail of an unknown id: SDK raises 404', async () => {
    need('client');
    await expectSdkError(state.client.showAppGroupDetail({ app_group_id: '100000000000000002' }),
      { status: 404 }, 'ShowAppGroupDetail unknown');
  });

  await check('ShowAppDetail of an unknown app: SDK raises 404 WKS.00211902', async () => {
    need('groupA');
    await expectSdkError(state.client.showAppDetail({ app_group_id: state.groupA.id, app_id: '100000000000000003' }),
      { status: 404, code: 'WKS.00211902' }, 'ShowAppDetail unknown');
  });

  await check('wrong secret key: SDK raises 401 APIG.0301', async () => {
    need('endpoint');
    const bad = akskClient(state.endpoint, ROOT_AK, `${ROOT_SK}x`);
    await expectSdkError(bad.listAppGroup({ limit: 1 }),
      { status: 401, code: 'APIG.0301', msgPrefix: 'Incorrect IAM authentication information: ' },
      'ListAppGroup with a wrong SK');
  });

  await check('unknown access key: SDK raises 401 APIG.0301', async () => {
    need('endpoint');
    const bad = akskClient(state.endpoint, 'WSAPPSDKUNKNOWNAK001', ROOT_SK);
    await expectSdkError(bad.showAppGroupDetail({ app_group_id: DEMO_GROUP_ID }),
      { status: 401, code: 'APIG.0301', msgPrefix: 'Incorrect IAM authentication information: ' },
      'ShowAppGroupDetail with an unknown AK');
  });

  // ---- token path

  await check('POST /v3/auth/tokens answers 201 with X-Subject-Token', async () => {
    need('endpoint');
    const res = await fetch(`${state.endpoint}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(tokenRequest(ROOT_PASSWORD)),
    });
    const text = await res.text();
    assert.equal(res.status, 201, `status (body: ${text})`);
    const token = res.headers.get('x-subject-token');
    assert.ok(token && token.length > 0, 'X-Subject-Token header');
    const body = JSON.parse(text);
    assert.ok(isPlainObject(body.token), 'Keystone-shaped body {"token": {...}}');
    assert.equal(body.token.project && body.token.project.id, PROJECT_ID, 'token.project.id');
    state.token = token;
  });

  await check('token auth through the SDK core (ICredential sending X-Auth-Token): ListAppGroup 200', async () => {
    need('token');
    const client = newClient(state.endpoint, new TokenCredentials(state.token, PROJECT_ID));
    const res = await client.listAppGroup({ name: `sdk_${RUN_TAG}`, limit: 10 });
    assert.equal(lastRawResponse().config.headers['X-Auth-Token'], state.token);
    assert.equal(lastRawResponse().config.headers.Authorization, undefined, 'no AK/SK signature');
    const body = checkList(res, 'items', APP_GROUP, REQUIRED.listAppGroup, 'ListAppGroup (token)');
    assert.equal(body.count, 3);
    const detail = await client.showAppGroupDetail({ app_group_id: state.groupA.id });
    assert.equal(wireBody(detail).id, state.groupA.id);
  });

  await check('token auth with plain fetch and X-Auth-Token: ListPublishedApp 200', async () => {
    need('token', 'apps');
    const url = `${state.endpoint}/v1/${PROJECT_ID}/app-groups/${state.groupA.id}/apps?limit=100`;
    const res = await fetch(url, { headers: { 'X-Auth-Token': state.token } });
    const text = await res.text();
    assert.equal(res.status, 200, `status (body: ${text})`);
    const body = JSON.parse(text);
    assert.equal(body.count, 1);
  });

  await check('X-Auth-Token together with an AK/SK signature: SDK raises 401 APIG.0301 (D5)', async () => {
    need('token');
    await expectSdkError(state.client.listAppGroup({ limit: 1 }, { 'X-Auth-Token': state.token }),
      { status: 401, code: 'APIG.0301' }, 'ListAppGroup with both credentials');
  });

  await check('POST /v3/auth/tokens with a wrong password answers 401', async () => {
    need('endpoint');
    const res = await fetch(`${state.endpoint}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(tokenRequest(`${ROOT_PASSWORD}-wrong`)),
    });
    await res.arrayBuffer();
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('x-subject-token'), null, 'no token issued');
  });
}

function tokenRequest(password) {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { domain: { name: ACCOUNT }, name: ACCOUNT, password } },
      },
      scope: { project: { id: PROJECT_ID } },
    },
  };
}

run(main);
