#!/usr/bin/env node
// SDK compatibility test for wsappd, second part: the rest of the app-group
// family (updates, deletes, checks, enable/disable, pre-boot policy, icons,
// publishable apps, batch authorization deletes, app-level grants), server
// groups, and the end-user directory under the Workspace v2 paths. Every
// request is signed by the vendor's official Node.js SDK core (harness.js).
//
//   node tests/sdk/run_sdk_app_ops_tests.js /path/to/wsappd

'use strict';

const zlib = require('node:zlib');

const FormData = require('form-data');

const {
  assert, RUN_TAG, HEX32_RE, APP_GROUP, APP_GROUP_DETAIL, APP, AUTHORIZATION, REQUIRED, wireBody, checkModel, checkList, assertStatus200,
  assertEmptyObjectBody, expectSdkError, lastRawResponse, defineOperations, state, check, need,
  run,
} = require('./harness');

const GROUP = '/v1/{project_id}/app-groups';
const APPS = `${GROUP}/{app_group_id}/apps`;
const SERVER_GROUPS = '/v1/{project_id}/app-server-groups';
const AUTH_QUERY = ['limit', 'offset', 'app_group_id', 'account_id', 'account', 'account_type'];

// As the generated clients of the vendor's SDKs define these operations; the
// catalog is the project's own endpoint (D30), signed the same way.
defineOperations({
  createAppGroup: { method: 'POST', url: GROUP, body: true },
  showAppGroupDetail: { method: 'GET', url: `${GROUP}/{app_group_id}`, path: ['app_group_id'] },
  listAppGroup: { method: 'GET', url: GROUP, query: ['limit', 'offset', 'app_server_group_id', 'name'] },
  updateAppGroup: { method: 'PATCH', url: `${GROUP}/{app_group_id}`, path: ['app_group_id'], body: true },
  deleteAppGroup: { method: 'DELETE', url: `${GROUP}/{app_group_id}`, path: ['app_group_id'] },
  batchDeleteAppGroup: { method: 'POST', url: `${GROUP}/batch-delete`, body: true },
  checkAppGroup: { method: 'POST', url: `${GROUP}/rules/validate`, body: true },
  disassociateAppGroup: {
    method: 'POST', url: `${GROUP}/actions/disassociate-app-group`, query: ['server_group_id'],
  },
  publishApp: { method: 'POST', url: APPS, path: ['app_group_id'], body: true },
  listPublishedApp: {
    method: 'GET', url: APPS, path: ['app_group_id'], query: ['limit', 'offset', 'name', 'state', 'app_id'],
  },
  showAppDetail: { method: 'GET', url: `${APPS}/{app_id}`, path: ['app_group_id', 'app_id'] },
  updateApp: { method: 'PATCH', url: `${APPS}/{app_id}`, path: ['app_group_id', 'app_id'], body: true },
  unpublishApp: { method: 'POST', url: `${APPS}/batch-unpublish`, path: ['app_group_id'], body: true },
  batchEnableApp: { method: 'POST', url: `${APPS}/actions/enable`, path: ['app_group_id'], body: true },
  batchDisableApp: { method: 'POST', url: `${APPS}/actions/disable`, path: ['app_group_id'], body: true },
  checkPublishApp: { method: 'POST', url: `${APPS}/actions/check`, path: ['app_group_id'], body: true },
  updatePreBootPolicy: {
    method: 'POST', url: `${APPS}/pre-boot-policy`, path: ['app_group_id'], body: true,
  },
  showPublishableApp: {
    method: 'GET', url: `${GROUP}/{app_group_id}/publishable-app`, path: ['app_group_id'],
  },
  uploadAppIcon: {
    method: 'POST', url: `${APPS}/{app_id}/icon`, path: ['app_group_id', 'app_id'], form: true,
  },
  deleteAppIcon: { method: 'DELETE', url: `${APPS}/{app_id}/icon`, path: ['app_group_id', 'app_id'] },
  uploadAppIconRaw: {
    method: 'PUT', url: `${APPS}/{app_id}/raw-icon`, path: ['app_group_id', 'app_id'], body: true,
  },
  addAppGroupAuthorization: { method: 'POST', url: `${GROUP}/authorizations`, body: true },
  batchDeleteAppGroupAuthorization: {
    method: 'POST', url: `${GROUP}/actions/batch-delete-authorization`, body: true,
  },
  listAppGroupAuthorization: {
    method: 'GET', url: `${GROUP}/actions/list-authorizations`, query: AUTH_QUERY,
  },
  createAppServerGroup: { method: 'POST', url: SERVER_GROUPS, body: true },
  listAppServerGroup: { method: 'GET', url: SERVER_GROUPS, query: ['limit', 'offset', 'server_group_name'] },
  showAppServerGroup: {
    method: 'GET', url: `${SERVER_GROUPS}/{server_group_id}`, path: ['server_group_id'],
  },
  updateAppServerGroup: {
    method: 'PATCH', url: `${SERVER_GROUPS}/{server_group_id}`, path: ['server_group_id'], body: true,
  },
  deleteAppServerGroup: {
    method: 'DELETE', url: `${SERVER_GROUPS}/{server_group_id}`, path: ['server_group_id'],
  },
  putServerGroupCatalog: {
    method: 'PUT', url: '/wsapp/v1/{project_id}/app-server-groups/{server_group_id}/catalog',
    path: ['server_group_id'], body: true,
  },
  createDesktopUser: { method: 'POST', url: '/v2/{project_id}/users', body: true },
  listDesktopUsers: { method: 'GET', url: '/v2/{project_id}/users', query: ['user_name', 'limit', 'offset'] },
  showDesktopUser: { method: 'GET', url: '/v2/{project_id}/users/{user_id}', path: ['user_id'] },
  deleteDesktopUser: { method: 'DELETE', url: '/v2/{project_id}/users/{user_id}', path: ['user_id'] },
  createUserGroup: { method: 'POST', url: '/v2/{project_id}/groups', body: true },
  listUserGroups: { method: 'GET', url: '/v2/{project_id}/groups', query: ['keyword', 'limit', 'offset'] },
  deleteUserGroup: { method: 'DELETE', url: '/v2/{project_id}/groups/{group_id}', path: ['group_id'] },
  listUsersOfGroup: {
    method: 'GET', url: '/v2/{project_id}/groups/{group_id}/users', path: ['group_id'],
  },
  changeGroupUsers: {
    method: 'POST', url: '/v2/{project_id}/groups/{group_id}/actions', path: ['group_id'], body: true,
  },
});

// CheckAppGroupResp / CheckPublishAppResp (section 1.2, 7 and 16).
const NAME_CHECK = {
  result: { name: 'boolean', test: (v) => typeof v === 'boolean' },
  validate_rule: { name: 'naming|duplicate', test: (v) => v === 'naming' || v === 'duplicate' },
};

// PublishableApp = App + source_image_ids (section 2.2).
const PUBLISHABLE_APP = {
  ...APP,
  source_image_ids: { name: 'array of string', test: (v) => Array.isArray(v) && v.every((s) => typeof s === 'string') },
};

// A 1x1 RGBA PNG, built here (chunk CRCs included) so the bytes are known.
function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

const PNG_1X1 = Buffer.concat([
  Buffer.from('89504e470d0a1a0a', 'hex'),
  pngChunk('IHDR', Buffer.from('0000000100000001080600000000', 'hex').subarray(0, 13)),
  pngChunk('IDAT', zlib.deflateSync(Buffer.from([0, 0x33, 0x66, 0x99, 0xff]))),
  pngChunk('IEND', Buffer.alloc(0)),
]);

async function listAuthorizations(groupId) {
  return wireBody(await state.client.listAppGroupAuthorization({ app_group_id: groupId, limit: 100 }));
}

async function main() {
  await checkServerGroups();
  await checkAppGroupChanges();
  await checkAppChanges();
  await checkIcons();
  await checkDirectoryAndGrants();
  await checkDeletes();
}

async function checkServerGroups() {
  await check('CreateAppServerGroup, List, Show, Update (D30), signed by the SDK core', async () => {
    need('client');
    const body = {
      name: `sdk_sg_${RUN_TAG}`, description: 'servers of the SDK test', app_type: 'COMMON_APP',
      image_id: '5d411710-98ac-47b5-af7c-3ecf6a0514b5', image_type: 'gold', os_type: 'Windows',
      product_id: 'workspace.appstream.general.xlarge.2', vpc_id: 'vpc-sdk', subnet_id: 'subnet-sdk',
      system_disk_type: 'SAS', system_disk_size: 80,
    };
    const created = wireBody(await state.client.createAppServerGroup({ body }));
    assert.equal(typeof created.id, 'string', 'CreateAppServerGroup returns the group with its id');
    assert.equal(created.name, body.name);
    const listed = wireBody(await state.client.listAppServerGroup({ server_group_name: body.name }));
    assert.equal(listed.count, 1, 'ListAppServerGroup finds it by name');
    assert.equal(listed.items[0].id, created.id);
    const shown = wireBody(await state.client.showAppServerGroup({ server_group_id: created.id }));
    assert.equal(shown.id, created.id);
    assert.equal(shown.image_id, body.image_id, 'members the server does not use are kept (D30)');
    await state.client.updateAppServerGroup({ server_group_id: created.id, body: { description: 'updated' } });
    const updated = wireBody(await state.client.showAppServerGroup({ server_group_id: created.id }));
    assert.equal(updated.description, 'updated');
    state.serverGroup = created;
  });

  await check('the catalog endpoint of the project feeds ShowPublishableApp {count, group_images, items}', async () => {
    need('serverGroup');
    const catalog = {
      group_images: ['5d411710-98ac-47b5-af7c-3ecf6a0514b5'],
      items: [
        { name: 'Notepad', execute_path: 'C:\\Windows\\notepad.exe', version: '10.0', publisher: 'Microsoft' },
        { name: 'Paint', execute_path: 'C:\\Windows\\mspaint.exe' },
      ],
    };
    assertStatus200(await state.client.putServerGroupCatalog({ server_group_id: state.serverGroup.id, body: catalog }),
      'catalog PUT');
    const group = wireBody(await state.client.createAppGroup({
      body: { name: `sdk_bound_${RUN_TAG}`, app_server_group_id: state.serverGroup.id },
    }));
    checkModel(group, APP_GROUP, REQUIRED.createAppGroup, 'CreateAppGroup bound to a server group');
    assert.equal(group.app_server_group_id, state.serverGroup.id);
    state.bound = group;
    const detail = wireBody(await state.client.showAppGroupDetail({ app_group_id: group.id }));
    checkModel(detail, APP_GROUP_DETAIL, REQUIRED.showAppGroupDetail, 'ShowAppGroupDetail');
    assert.equal(detail.app_server_group_name, state.serverGroup.name, 'server group name filled in');
    const res = await state.client.showPublishableApp({ app_group_id: group.id });
    const body = wireBody(res);
    assert.deepEqual(Object.keys(body).sort(), ['count', 'group_images', 'items']);
    assert.equal(body.count, 2);
    assert.deepEqual(body.group_images, catalog.group_images);
    body.items.forEach((item, i) => checkModel(item, PUBLISHABLE_APP, ['name', 'execute_path', 'publishable'],
      `ShowPublishableApp items[${i}]`));
    assert.ok(body.items.every((item) => item.publishable === true), 'nothing published yet');
    await state.client.publishApp({
      app_group_id: group.id, body: { items: [{ name: 'Paint', execute_path: 'C:\\Windows\\mspaint.exe', source_type: 2 }] },
    });
    const after = wireBody(await state.client.showPublishableApp({ app_group_id: group.id }));
    const paint = after.items.find((item) => item.name === 'Paint');
    assert.equal(paint.publishable, false, 'a published catalog app is no longer publishable');
  });

  await check('an unknown app_server_group_id is 404 WSAPP.00020404', async () => {
    need('client');
    await expectSdkError(state.client.createAppGroup({
      body: { name: `sdk_nosg_${RUN_TAG}`, app_server_group_id: 'a7f2d3a1-0000-4000-8000-000000000000' },
    }), { status: 404, code: 'WSAPP.00020404' }, 'CreateAppGroup with an unknown server group');
  });
}

async function checkAppGroupChanges() {
  await check('UpdateAppGroup renames; a taken name is 409 WKS.00211103 (D15)', async () => {
    need('client');
    const first = wireBody(await state.client.createAppGroup({ body: { name: `sdk_upd_${RUN_TAG}` } }));
    const second = wireBody(await state.client.createAppGroup({ body: { name: `sdk_upd2_${RUN_TAG}` } }));
    const res = await state.client.updateAppGroup({
      app_group_id: first.id, body: { name: `sdk_renamed_${RUN_TAG}`, description: 'AAAA' },
    });
    assertStatus200(res, 'UpdateAppGroup');
    const updated = wireBody(res);
    checkModel(updated, APP_GROUP, ['id', 'name', 'description'], 'UpdateAppGroup');
    assert.equal(updated.name, `sdk_renamed_${RUN_TAG}`);
    assert.equal(updated.description, 'AAAA');
    await expectSdkError(state.client.updateAppGroup({ app_group_id: second.id, body: { name: updated.name } }),
      { status: 409, code: 'WKS.00211103' }, 'UpdateAppGroup to a taken name');
    state.group = updated;
    state.spareGroup = second;
  });

  await check('CheckAppGroup answers {result, validate_rule}: duplicate, naming, free', async () => {
    need('group');
    const cases = [
      [state.group.name, { result: false, validate_rule: 'duplicate' }],
      ['not a valid name!', { result: false, validate_rule: 'naming' }],
    ];
    for (const [name, want] of cases) {
      const body = wireBody(await state.client.checkAppGroup({ body: { name } }));
      checkModel(body, NAME_CHECK, ['result', 'validate_rule'], `CheckAppGroup ${name}`);
      assert.deepEqual(body, want, `CheckAppGroup ${name}`);
    }
    const free = wireBody(await state.client.checkAppGroup({ body: { name: `sdk_free_${RUN_TAG}` } }));
    checkModel(free, NAME_CHECK, ['result'], 'CheckAppGroup free');
    assert.equal(free.result, true);
  });
}

async function checkAppChanges() {
  await check('UpdateApp changes fields and state; Enable/Disable answer 200 {}', async () => {
    need('group');
    const items = ['one', 'two', 'three'].map((n) => ({
      name: `sdk ${n} ${RUN_TAG}`, execute_path: `C:\\Tools\\${n}.exe`, source_type: 3,
    }));
    const published = wireBody(await state.client.publishApp({ app_group_id: state.group.id, body: { items } }));
    state.apps = published.items;
    const [one, two] = state.apps;
    const res = await state.client.updateApp({
      app_group_id: state.group.id, app_id: one.id,
      body: { description: 'changed by UpdateApp', version: '2.0', state: 'FORBIDDEN' },
    });
    assertStatus200(res, 'UpdateApp');
    const app = wireBody(res);
    checkModel(app, APP, REQUIRED.showAppDetail, 'UpdateApp');
    assert.equal(app.description, 'changed by UpdateApp');
    assert.equal(app.version, '2.0');
    assert.equal(app.state, 'FORBIDDEN');
    await expectSdkError(state.client.updateApp({ app_group_id: state.group.id, app_id: two.id, body: { name: one.name } }),
      { status: 409, code: 'WKS.00211103' }, 'UpdateApp to a taken name');
    assertEmptyObjectBody(await state.client.batchEnableApp({ app_group_id: state.group.id, body: { ids: [one.id] } }),
      'BatchEnableApp');
    assertEmptyObjectBody(await state.client.batchDisableApp({ app_group_id: state.group.id, body: { ids: [two.id] } }),
      'BatchDisableApp');
    const forbidden = checkList(await state.client.listPublishedApp({ app_group_id: state.group.id, state: 'FORBIDDEN' }),
      'items', APP, REQUIRED.listPublishedApp, 'ListPublishedApp state=FORBIDDEN');
    assert.deepEqual(forbidden.items.map((a) => a.id), [two.id]);
  });

  await check('CheckPublishApp reports a duplicate name in the group', async () => {
    need('apps');
    const taken = wireBody(await state.client.checkPublishApp({
      app_group_id: state.group.id, body: { name: state.apps[2].name },
    }));
    checkModel(taken, NAME_CHECK, ['result', 'validate_rule'], 'CheckPublishApp');
    assert.deepEqual(taken, { result: false, validate_rule: 'duplicate' });
    const free = wireBody(await state.client.checkPublishApp({ app_group_id: state.group.id, body: { name: 'sdk free' } }));
    assert.equal(free.result, true);
  });

  await check('UpdatePreBootPolicy answers 200 {} and sets is_pre_boot', async () => {
    need('apps');
    const id = state.apps[2].id;
    assertEmptyObjectBody(await state.client.updatePreBootPolicy({
      app_group_id: state.group.id, body: { ids: [id], is_pre_boot: true },
    }), 'UpdatePreBootPolicy');
    const app = wireBody(await state.client.showAppDetail({ app_group_id: state.group.id, app_id: id }));
    assert.equal(app.is_pre_boot, true);
  });

  await check('ShowAppDetail of an unknown app is 404 WKS.00211902; of an unknown group 404 WSAPP.00010404', async () => {
    need('group');
    await expectSdkError(state.client.updateApp({
      app_group_id: state.group.id, app_id: '100000000000000009', body: { description: 'x' },
    }), { status: 404, code: 'WKS.00211902' }, 'UpdateApp unknown app');
    await expectSdkError(state.client.updateAppGroup({ app_group_id: '100000000000000008', body: { description: 'x' } }),
      { status: 404, code: 'WSAPP.00010404' }, 'UpdateAppGroup unknown group');
  });
}

async function checkIcons() {
  await check('UploadAppIcon (multipart, UNSIGNED-PAYLOAD) serves the PNG at icon_url without credentials', async () => {
    need('apps');
    const form = new FormData();
    form.append('data', PNG_1X1, { filename: 'icon.png', contentType: 'image/png' });
    const res = await state.client.uploadAppIcon({ app_group_id: state.group.id, app_id: state.apps[0].id, form });
    assert.equal(lastRawResponse().config.headers['X-Sdk-Content-Sha256'], 'UNSIGNED-PAYLOAD');
    assertStatus200(res, 'UploadAppIcon');
    const app = wireBody(res);
    checkModel(app, APP, REQUIRED.showAppDetail, 'UploadAppIcon');
    assert.match(app.icon_url, /^http:\/\/127\.0\.0\.1:\d+\//, 'an absolute icon_url');
    const fetched = await fetch(app.icon_url);
    assert.equal(fetched.status, 200);
    assert.match(String(fetched.headers.get('content-type')), /^image\/png/);
    assert.ok(Buffer.from(await fetched.arrayBuffer()).equals(PNG_1X1), 'the same bytes come back');
    state.iconUrl = app.icon_url;
  });

  await check('DeleteAppIcon answers 200 {} twice and the icon is gone; UploadAppIconRaw sets it again', async () => {
    need('iconUrl');
    const ids = { app_group_id: state.group.id, app_id: state.apps[0].id };
    assertEmptyObjectBody(await state.client.deleteAppIcon(ids), 'DeleteAppIcon');
    assertEmptyObjectBody(await state.client.deleteAppIcon(ids), 'DeleteAppIcon (repeat)');
    const gone = await fetch(state.iconUrl);
    await gone.arrayBuffer();
    assert.equal(gone.status, 404, 'the old icon URL is gone');
    const app = wireBody(await state.client.showAppDetail(ids));
    assert.equal(app.icon_url, '');
    const raw = wireBody(await state.client.uploadAppIconRaw({ ...ids, body: { icon_content: PNG_1X1.toString('base64') } }));
    checkModel(raw, APP, REQUIRED.showAppDetail, 'UploadAppIconRaw');
    assert.notEqual(raw.icon_url, '');
    assert.notEqual(raw.icon_url, state.iconUrl, 'a new upload gets a new URL');
  });
}

async function checkDirectoryAndGrants() {
  await check('directory: CreateDesktopUser, ListUsers, ShowUser, CreateUserGroup, membership (v2 paths)', async () => {
    need('client');
    const userName = `sdk-dir-${RUN_TAG}`;
    const created = wireBody(await state.client.createDesktopUser({
      body: { user_name: userName, user_email: `${userName}@example.test` },
    }));
    assert.match(created.id, HEX32_RE);
    const users = wireBody(await state.client.listDesktopUsers({ user_name: userName }));
    assert.equal(users.total_count, 1);
    assert.equal(users.users[0].id, created.id);
    const shown = wireBody(await state.client.showDesktopUser({ user_id: created.id }));
    assert.equal(shown.user_detail.user_name, userName);
    const groupName = `sdk-ug-${RUN_TAG}`;
    await state.client.createUserGroup({ body: { group_name: groupName, platform_type: 'LOCAL' } });
    const groups = wireBody(await state.client.listUserGroups({ keyword: groupName }));
    assert.equal(groups.total_count, 1);
    const groupId = groups.user_groups[0].id;
    await state.client.changeGroupUsers({ group_id: groupId, body: { user_ids: [created.id], op_type: 'ADD' } });
    const members = wireBody(await state.client.listUsersOfGroup({ group_id: groupId }));
    assert.equal(members.total_count, 1);
    assert.equal(members.users[0].id, created.id);
    state.dirUser = { account: userName, account_type: 'USER', id: created.id };
    state.dirGroup = { account: groupName, account_type: 'USER_GROUP', id: groupId };
  });

  await check('BatchDeleteAppGroupAuthorization answers 200 {} and again on repeat', async () => {
    need('dirUser', 'group');
    const body = { app_group_ids: [state.group.id], accounts: [state.dirUser, state.dirGroup] };
    assertEmptyObjectBody(await state.client.addAppGroupAuthorization({ body }), 'AddAppGroupAuthorization');
    const granted = await listAuthorizations(state.group.id);
    assert.equal(granted.count, 2);
    granted.authorizations.forEach((a, i) => checkModel(a, AUTHORIZATION, REQUIRED.authorization, `grant ${i}`));
    const byId = wireBody(await state.client.listAppGroupAuthorization({
      app_group_id: state.group.id, account_id: state.dirGroup.id,
    }));
    assert.equal(byId.count, 1, 'account_id filter');
    const remove = { app_group_ids: [state.group.id], accounts: [state.dirGroup] };
    assertEmptyObjectBody(await state.client.batchDeleteAppGroupAuthorization({ body: remove }),
      'BatchDeleteAppGroupAuthorization');
    assertEmptyObjectBody(await state.client.batchDeleteAppGroupAuthorization({ body: remove }),
      'BatchDeleteAppGroupAuthorization (repeat)');
    const left = await listAuthorizations(state.group.id);
    assert.deepEqual(left.authorizations.map((a) => a.account), [state.dirUser.account]);
  });

  await check('app-level grants (D24): listed with app_id and app_name, removed by UnpublishApp (D10)', async () => {
    need('dirUser');
    const group = wireBody(await state.client.createAppGroup({
      body: { name: `sdk_perapp_${RUN_TAG}`, authorization_type: 'APP' },
    }));
    const apps = wireBody(await state.client.publishApp({
      app_group_id: group.id,
      body: { items: ['Word', 'Excel'].map((name) => ({ name, execute_path: `C:\\${name}.exe`, source_type: 3 })) },
    })).items;
    assertEmptyObjectBody(await state.client.addAppGroupAuthorization({
      body: { app_group_ids: [group.id], app_ids: apps.map((a) => a.id), accounts: [state.dirUser] },
    }), 'AddAppGroupAuthorization with app_ids');
    const granted = await listAuthorizations(group.id);
    assert.equal(granted.count, 2);
    for (const a of granted.authorizations) {
      checkModel(a, AUTHORIZATION, REQUIRED.authorization, 'app-level grant');
      assert.equal(a.authorization_type, 'APP');
      assert.equal(a.app_name, apps.find((app) => app.id === a.app_id).name);
    }
    await state.client.unpublishApp({ app_group_id: group.id, body: { ids: [apps[0].id] } });
    const left = await listAuthorizations(group.id);
    assert.deepEqual(left.authorizations.map((a) => a.app_id), [apps[1].id]);
    state.perAppGroup = group;
  });

  await check('DeleteUser answers 204 and removes its authorizations; DeleteUserGroup too', async () => {
    need('dirUser', 'perAppGroup');
    const res = await state.client.deleteDesktopUser({ user_id: state.dirUser.id });
    assert.equal(res.httpStatusCode, 204);
    assert.equal((await listAuthorizations(state.group.id)).count, 0);
    assert.equal((await listAuthorizations(state.perAppGroup.id)).count, 0);
    await expectSdkError(state.client.showDesktopUser({ user_id: state.dirUser.id }),
      { status: 404, code: 'WSAPP.00030404' }, 'ShowUser after DeleteUser');
    await state.client.deleteUserGroup({ group_id: state.dirGroup.id });
    await expectSdkError(state.client.listUsersOfGroup({ group_id: state.dirGroup.id }),
      { status: 404, code: 'WSAPP.00030404' }, 'ListUsersOfGroup after DeleteUserGroup');
  });
}

async function checkDeletes() {
  await check('DisassociateAppGroup answers 200 {} and unbinds the server group', async () => {
    need('bound');
    assertEmptyObjectBody(await state.client.disassociateAppGroup({ server_group_id: state.serverGroup.id }),
      'DisassociateAppGroup');
    const g = wireBody(await state.client.showAppGroupDetail({ app_group_id: state.bound.id }));
    assert.equal(g.app_server_group_id, '');
  });

  await check('DeleteAppGroup and BatchDeleteAppGroup answer 200 {} and again on repeat (D2)', async () => {
    need('group', 'spareGroup', 'bound');
    const one = { app_group_id: state.group.id };
    assertEmptyObjectBody(await state.client.deleteAppGroup(one), 'DeleteAppGroup');
    assertEmptyObjectBody(await state.client.deleteAppGroup(one), 'DeleteAppGroup (repeat)');
    await expectSdkError(state.client.showAppGroupDetail(one), { status: 404, code: 'WSAPP.00010404' },
      'ShowAppGroupDetail after DeleteAppGroup');
    const apps = checkList(await state.client.listPublishedApp(one), 'items', APP, [], 'apps of a deleted group');
    assert.equal(apps.count, 0, 'its apps went with it');
    const ids = [state.spareGroup.id, state.bound.id, '100000000000000007'];
    assertEmptyObjectBody(await state.client.batchDeleteAppGroup({ body: { ids } }), 'BatchDeleteAppGroup');
    assertEmptyObjectBody(await state.client.batchDeleteAppGroup({ body: { ids } }), 'BatchDeleteAppGroup (repeat)');
    const left = wireBody(await state.client.listAppGroup({ name: `_${RUN_TAG}` }));
    assert.ok(left.items.every((g) => g.id !== state.spareGroup.id && g.id !== state.bound.id));
  });

  await check('DeleteAppServerGroup answers 200 {}', async () => {
    need('serverGroup');
    assertEmptyObjectBody(await state.client.deleteAppServerGroup({ server_group_id: state.serverGroup.id }),
      'DeleteAppServerGroup');
    await expectSdkError(state.client.showAppServerGroup({ server_group_id: state.serverGroup.id }),
      { status: 404, code: 'WSAPP.00020404' }, 'ShowAppServerGroup after delete');
  });
}

run(main);
