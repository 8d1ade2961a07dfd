#!/usr/bin/env node
// SDK compatibility test for wsappd: drives a live server with the vendor's
// official Node.js SDK core (@huaweicloud/huaweicloud-sdk-core).
//
//   node tests/sdk/run_sdk_tests.js /path/to/wsappd
//
// Exit status 0 when every check passes, 1 otherwise. Run `npm ci` in
// tests/sdk first. The temp dir (server data, server.log, sdk-client.log) is
// removed after a clean run unless WSAPPD_SDK_KEEP_TMP is set; DEBUG=DEBUG
// sends the SDK core's own logging to stdout.
//
// How requests are built (this mirrors the generated service clients of the
// vendor's Node.js SDK; npm has no Workspace App package, so the operation
// table below plays the part of the generated `WorkspaceAppClient`):
//   * `new ClientBuilder(hc => new WorkspaceAppClient(hc))` with
//     `.withCredential(new BasicCredentials().withAk().withSk().withProjectId())`
//     and `.withEndpoint(...)` gives an HcClient.
//   * Each operation is an options object {method, url (with {project_id} and
//     other {placeholders}), contentType, pathParams, queryParams, headers,
//     data} handed to `hcClient.sendRequest(options)`. The core fills the path,
//     puts it in an HttpRequestBuilder request, lets the credentials add
//     X-Project-Id, X-Sdk-Date and the SDK-HMAC-SHA256 Authorization header
//     (AKSKSigner), and sends it with axios.
//   * Success: the parsed JSON body plus `httpStatusCode`. Failure: a
//     ClientRequestException / ServerResponseException carrying
//     `httpStatusCode`, `errorCode` (body `error_code`), `errorMsg`
//     (`error_msg`) and `requestId` (`X-Request-Id`).
// The core has no token credential; token requests go through a small
// ICredential implementation plugged into the same ClientBuilder, and also
// through plain fetch.
//
// Note: core 3.1.211 requires `uuid` without declaring it, so package.json
// lists it explicitly.

'use strict';

const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CORE = '@huaweicloud/huaweicloud-sdk-core';
const CORE_DIR = path.dirname(require.resolve(`${CORE}/package.json`));

// ---------------------------------------------------------------------------
// Fixed test parameters

const PROJECT_ID = 'a4da8115c9d8464ead3a38309130523f'; // the --demo project
const ACCOUNT = 'sdktest';
const ROOT_AK = 'WSAPPSDKTESTAK000001';
const ROOT_SK = 'sdk/Test+Secret=Key/0001+/==';
const ROOT_PASSWORD = 'Sdk#Test-Passw0rd/+=';

const DEMO_GROUP_ID = '575772274859184144';
const DEMO_APP_IDS = ['570810904237572123', '570810904237572122'];

const RUN_TAG = crypto.randomBytes(4).toString('hex'); // keeps names unique
const ODD_NAME_PART = 'a*(b) c!&/\u00fc+'; // published inside an app name
const ODD_FILTER = 'a*(b) c!&/\u00fc+~'; // the filter from the brief (no match)

const STARTUP_TIMEOUT_MS = 20000;
const SHUTDOWN_TIMEOUT_MS = 5000;
const REQUEST_TIMEOUT_MS = 10000;
const CHECK_TIMEOUT_MS = 30000;

// ---------------------------------------------------------------------------
// Temp dir first, so the SDK's log4js output can be sent there instead of
// stdout (the core logs every error response at ERROR level).

const wsappdPath = process.argv[2];
if (!wsappdPath) {
  console.error('usage: node run_sdk_tests.js /path/to/wsappd');
  process.exit(2);
}

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsappd-sdk-'));
const dataDir = path.join(tmpDir, 'data');
fs.mkdirSync(dataDir);
const portFile = path.join(dataDir, 'port');
const serverLog = path.join(tmpDir, 'server.log');
const sdkLog = path.join(tmpDir, 'sdk-client.log');

const log4js = require(require.resolve('log4js', { paths: [CORE_DIR] }));
const { ClientBuilder } = require(`${CORE}/ClientBuilder`);
const { BasicCredentials } = require(`${CORE}/auth/BasicCredentials`);
const { DefaultHttpClient } = require(`${CORE}/http/DefaultHttpClient`);
const { ClientRequestException } = require(`${CORE}/exception/ClientRequestException`);
const { ServiceResponseException } = require(`${CORE}/exception/ServiceResponseException`);

if (process.env.DEBUG !== 'DEBUG') {
  log4js.configure({
    appenders: { file: { type: 'file', filename: sdkLog } },
    categories: { default: { appenders: ['file'], level: 'debug' } },
  });
}

// ---------------------------------------------------------------------------
// Workspace App operations, defined as the generated clients define them.

const OPERATIONS = {
  createAppGroup: {
    method: 'POST', url: '/v1/{project_id}/app-groups', body: true,
  },
  listAppGroup: {
    method: 'GET', url: '/v1/{project_id}/app-groups',
    query: ['limit', 'offset', 'app_server_group_id', 'app_group_id', 'name',
      'authorization_type', 'app_type'],
  },
  showAppGroupDetail: {
    method: 'GET', url: '/v1/{project_id}/app-groups/{app_group_id}',
    path: ['app_group_id'],
  },
  publishApp: {
    method: 'POST', url: '/v1/{project_id}/app-groups/{app_group_id}/apps',
    path: ['app_group_id'], body: true,
  },
  listPublishedApp: {
    method: 'GET', url: '/v1/{project_id}/app-groups/{app_group_id}/apps',
    path: ['app_group_id'], query: ['limit', 'offset', 'name', 'state', 'app_id'],
  },
  showAppDetail: {
    method: 'GET', url: '/v1/{project_id}/app-groups/{app_group_id}/apps/{app_id}',
    path: ['app_group_id', 'app_id'],
  },
  unpublishApp: {
    method: 'POST', url: '/v1/{project_id}/app-groups/{app_group_id}/apps/batch-unpublish',
    path: ['app_group_id'], body: true,
  },
  addAppGroupAuthorization: {
    method: 'POST', url: '/v1/{project_id}/app-groups/authorizations',
    headers: { x_language: 'X-Language' }, body: true,
  },
  listAppGroupAuthorization: {
    method: 'GET', url: '/v1/{project_id}/app-groups/actions/list-authorizations',
    query: ['limit', 'offset', 'app_group_id', 'account_id', 'account', 'account_type'],
  },
  // The end-user directory, with the Workspace v2 paths (CreateDesktopUser).
  createDesktopUser: {
    method: 'POST', url: '/v2/{project_id}/users', body: true,
  },
};

// Turns a request object ({app_group_id, limit, body, x_language, ...}, the
// snake_case form generated Request classes accept) into HcClient options.
function buildOptions(name, request = {}, extraHeaders = {}) {
  const op = OPERATIONS[name];
  const options = {
    method: op.method,
    url: op.url,
    contentType: 'application/json',
    queryParams: {},
    pathParams: {},
    headers: {},
  };
  for (const p of op.path || []) {
    if (request[p] === null || request[p] === undefined) {
      throw new Error(`${name}: required path parameter ${p} missing`);
    }
    options.pathParams[p] = request[p];
  }
  for (const q of op.query || []) {
    if (request[q] !== null && request[q] !== undefined) options.queryParams[q] = request[q];
  }
  for (const [field, header] of Object.entries(op.headers || {})) {
    if (request[field] !== null && request[field] !== undefined) options.headers[header] = request[field];
  }
  Object.assign(options.headers, extraHeaders);
  if (op.body) {
    if (request.body === null || request.body === undefined) {
      throw new Error(`${name}: required body missing`);
    }
    options.headers['Content-Type'] = 'application/json';
    options.data = request.body;
  }
  options.responseHeaders = ['']; // as the generated clients do
  return options;
}

class WorkspaceAppClient {
  constructor(hcClient) {
    this.hcClient = hcClient;
  }

  static newBuilder() {
    return new ClientBuilder((hcClient) => new WorkspaceAppClient(hcClient));
  }

  call(name, request, extraHeaders) {
    return this.hcClient.sendRequest(buildOptions(name, request, extraHeaders));
  }
}
for (const name of Object.keys(OPERATIONS)) {
  WorkspaceAppClient.prototype[name] = function (request, extraHeaders) {
    return this.call(name, request, extraHeaders);
  };
}

// The core only has AK/SK credentials. This ICredential sends a token instead:
// it fills {project_id} in the path like BasicCredentials and adds X-Auth-Token.
class TokenCredentials {
  constructor(token, projectId) {
    this.token = token;
    this.projectId = projectId;
  }

  getAk() { return undefined; }

  getSk() { return undefined; }

  async processAuthParams() { return this; }

  async processAuthRequest(hcClient, httpRequest) {
    httpRequest.url = httpRequest.url.replace('{project_id}', encodeURIComponent(this.projectId));
    httpRequest.headers = { ...httpRequest.headers, 'X-Auth-Token': this.token };
    return httpRequest;
  }
}

function newClient(endpoint, credential) {
  return WorkspaceAppClient.newBuilder()
    .withEndpoint(endpoint)
    .withCredential(credential)
    // A custom user agent also keeps the core from writing ~/.huaweicloud/application_id.
    .withOptions({ customUserAgent: 'wsappd-sdk-tests', axiosRequestConfig: { timeout: REQUEST_TIMEOUT_MS } })
    .build();
}

function akskClient(endpoint, ak, sk) {
  return newClient(endpoint, new BasicCredentials().withAk(ak).withSk(sk).withProjectId(PROJECT_ID));
}

// The axios response of the last successful SDK call (status, headers,
// parsed body, and the request config including the signed headers).
function lastRawResponse() {
  return DefaultHttpClient.httpResponse;
}

// ---------------------------------------------------------------------------
// Golden models, written from section 2 of workspace-app-api.md.

const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/; // D14
const SNOWFLAKE_RE = /^\d{18}$/; // D13
const HEX32_RE = /^[0-9a-f]{32}$/; // D13

const T = {
  string: { name: 'string', test: (v) => typeof v === 'string' },
  int32: { name: 'int32', test: (v) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 },
  bool: { name: 'boolean', test: (v) => typeof v === 'boolean' },
  datetime: { name: 'date-time string', test: (v) => typeof v === 'string' && DATETIME_RE.test(v) },
  enumOf: (...values) => ({ name: `one of ${values.join('|')}`, test: (v) => values.includes(v) }),
  extendedInfo: {
    name: '{extended_info: {string: string}}',
    test: (v) => isPlainObject(v) && Object.keys(v).every((k) => k === 'extended_info')
      && (v.extended_info === undefined || (isPlainObject(v.extended_info)
        && Object.values(v.extended_info).every((s) => typeof s === 'string'))),
  },
};

const APP_GROUP = {
  id: T.string,
  name: T.string,
  app_server_group_id: T.string,
  app_server_group_name: T.string,
  description: T.string,
  authorization_type: T.enumOf('APP', 'APP_GROUP'),
  tenant_id: T.string,
  app_type: T.enumOf('SESSION_DESKTOP_APP', 'COMMON_APP'),
  create_at: T.datetime,
  app_count: T.int32,
};
const APP_GROUP_DETAIL = { ...APP_GROUP, app_server_group_description: T.string };

const APP = {
  id: T.string,
  name: T.string,
  version: T.string,
  command_param: T.string,
  execute_path: T.string,
  work_path: T.string,
  icon_path: T.string,
  icon_index: T.int32,
  description: T.string,
  app_group_id: T.string,
  state: T.enumOf('NORMAL', 'FORBIDDEN'),
  tenant_id: T.string,
  publish_at: T.datetime,
  source_type: T.int32,
  publisher: T.string,
  icon_url: T.string,
  publishable: T.bool,
  sandbox_enable: T.bool,
  is_pre_boot: T.bool,
  app_extended_info: T.extendedInfo,
};

const AUTHORIZATION = {
  id: T.string,
  account_id: T.string,
  account: T.string,
  app_id: T.string,
  app_name: T.string,
  app_group_id: T.string,
  app_group_name: T.string,
  authorization_type: T.enumOf('APP_GROUP', 'APP'),
  account_type: T.enumOf('USER', 'USER_GROUP'),
  platform_type: T.enumOf('AD', 'LOCAL', 'SYSTEM'),
  domain: T.string,
  create_at: T.datetime,
};

// Keys that must be present: those the vendor's own example for the operation
// shows (all fields are optional in the SDK models).
const REQUIRED = {
  createAppGroup: ['id', 'name', 'app_server_group_id', 'description', 'authorization_type',
    'create_at', 'tenant_id'],
  listAppGroup: Object.keys(APP_GROUP),
  publishApp: ['app_group_id', 'command_param', 'description', 'execute_path', 'icon_index',
    'icon_path', 'id', 'name', 'publish_at', 'publisher', 'sandbox_enable', 'source_type',
    'state', 'tenant_id', 'version', 'work_path'],
  authorization: ['account', 'account_type', 'app_group_id', 'app_group_name', 'app_id',
    'app_name', 'authorization_type', 'create_at', 'domain'],
};
REQUIRED.showAppGroupDetail = REQUIRED.listAppGroup;
REQUIRED.listPublishedApp = [...REQUIRED.publishApp, 'icon_url', 'is_pre_boot'];
REQUIRED.showAppDetail = REQUIRED.publishApp;

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// The SDK adds `httpStatusCode` to the parsed body; everything else is the wire body.
function wireBody(sdkResponse) {
  const { httpStatusCode, ...body } = sdkResponse;
  return body;
}

function checkModel(obj, model, required, where) {
  assert.ok(isPlainObject(obj), `${where}: expected a JSON object, got ${JSON.stringify(obj)}`);
  for (const [key, value] of Object.entries(obj)) {
    assert.ok(Object.hasOwn(model, key), `${where}: unexpected key "${key}"`);
    assert.ok(model[key].test(value),
      `${where}: key "${key}" should be ${model[key].name}, got ${JSON.stringify(value)}`);
  }
  for (const key of required) {
    assert.ok(Object.hasOwn(obj, key), `${where}: missing key "${key}"`);
  }
}

// {count, <listKey>: [...]} with nothing else at the top level.
function checkList(sdkResponse, listKey, model, required, where) {
  const body = wireBody(sdkResponse);
  assert.deepEqual(Object.keys(body).sort(), ['count', listKey].sort(),
    `${where}: top-level keys should be count and ${listKey}`);
  assert.ok(T.int32.test(body.count) && body.count >= 0, `${where}: count should be a non-negative int32`);
  assert.ok(Array.isArray(body[listKey]), `${where}: ${listKey} should be an array`);
  assert.ok(body.count >= body[listKey].length, `${where}: count is the total, never below the page size`);
  body[listKey].forEach((item, i) => checkModel(item, model, required, `${where} ${listKey}[${i}]`));
  return body;
}

function assertStatus200(sdkResponse, where) {
  assert.equal(sdkResponse.httpStatusCode, 200, `${where}: HTTP status`);
}

// D1: a 200 with no fields carries the body {} and Content-Type application/json.
function assertEmptyObjectBody(sdkResponse, where) {
  assertStatus200(sdkResponse, where);
  assert.deepEqual(wireBody(sdkResponse), {}, `${where}: body should be {}`);
  // An empty or non-JSON body would leave axios' data a string (the SDK then
  // answers a fresh {}); the SDK adds httpStatusCode to the parsed object itself.
  const raw = lastRawResponse();
  assert.ok(isPlainObject(raw.data) && Object.keys(raw.data).every((k) => k === 'httpStatusCode'),
    `${where}: raw body should be the JSON object {}, got ${JSON.stringify(raw.data)}`);
  assert.match(String(raw.headers['content-type'] || ''), /^application\/json/i,
    `${where}: Content-Type`);
}

// Awaits an SDK call that must fail; checks how the SDK reports it.
async function expectSdkError(promise, { status, code, msgPrefix }, where) {
  let err;
  try {
    const res = await promise;
    assert.fail(`${where}: expected HTTP ${status}, got success ${JSON.stringify(res)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    err = e;
  }
  assert.ok(err instanceof ServiceResponseException,
    `${where}: expected an SDK ServiceResponseException, got ${err && err.stack}`);
  assert.equal(err.httpStatusCode, status,
    `${where}: HTTP status (error_code=${err.errorCode}, error_msg=${err.errorMsg})`);
  if (status >= 400 && status < 500) {
    assert.ok(err instanceof ClientRequestException, `${where}: 4xx should be a ClientRequestException`);
  }
  assert.equal(typeof err.errorCode, 'string', `${where}: error_code should be a string`);
  assert.ok(err.errorCode.length >= 1 && err.errorCode.length <= 16, `${where}: error_code length 1..16`);
  assert.equal(typeof err.errorMsg, 'string', `${where}: error_msg should be a string`);
  assert.ok(err.errorMsg.length >= 1 && err.errorMsg.length <= 255, `${where}: error_msg length 1..255`);
  if (code !== undefined) assert.equal(err.errorCode, code, `${where}: error_code (error_msg=${err.errorMsg})`);
  if (msgPrefix !== undefined) {
    assert.ok(err.errorMsg.startsWith(msgPrefix), `${where}: error_msg should start with "${msgPrefix}", got "${err.errorMsg}"`);
  }
  return err;
}

// ---------------------------------------------------------------------------
// Tiny runner: named checks run in order; a check whose prerequisite failed
// is reported as skipped (the run fails anyway because the prerequisite did).

const results = [];
const state = {};

class Skip extends Error {}
function skip(reason) { throw new Skip(reason); }
function need(...keys) {
  const missing = keys.filter((k) => state[k] === undefined);
  if (missing.length) skip(`prerequisite failed (no ${missing.join(', ')})`);
}

async function check(name, fn) {
  const started = Date.now();
  let timer;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    results.push({ name, status: 'ok' });
    console.log(`ok   ${results.length} - ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    if (e instanceof Skip) {
      results.push({ name, status: 'skip' });
      console.log(`SKIP ${results.length} - ${name}: ${e.message}`);
    } else {
      results.push({ name, status: 'fail' });
      console.log(`FAIL ${results.length} - ${name}`);
      const text = e instanceof assert.AssertionError ? e.message : (e && e.stack) || String(e);
      console.log(text.split('\n').map((l) => `       ${l}`).join('\n'));
    }
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------
// Server process

let server;
let serverExit; // resolves with {code, signal}

function startServer() {
  const logFd = fs.openSync(serverLog, 'a');
  const env = { ...process.env };
  delete env.WSAPP_PROJECT_ID; // the demo data must land in the demo project (D27)
  Object.assign(env, {
    WSAPP_ROOT_ACCESS_KEY: ROOT_AK,
    WSAPP_ROOT_SECRET_KEY: ROOT_SK,
    WSAPP_ROOT_PASSWORD: ROOT_PASSWORD,
    WSAPP_ACCOUNT: ACCOUNT,
  });
  server = childProcess.spawn(path.resolve(wsappdPath),
    ['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--demo', '--port-file', portFile],
    { env, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  serverExit = new Promise((resolve) => {
    server.on('exit', (code, signal) => resolve({ code, signal }));
    server.on('error', (err) => resolve({ code: null, signal: null, error: err }));
  });
}

async function waitForPort() {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let exited = null;
  serverExit.then((r) => { exited = r; });
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`server exited before writing the port file: ${JSON.stringify(exited)} ${exited.error || ''}`);
    }
    let text = null;
    try { text = fs.readFileSync(portFile, 'utf8'); } catch { /* not there yet */ }
    if (text !== null && /^\d+\n$/.test(text)) {
      const port = Number(text.trim());
      assert.ok(port > 0 && port < 65536, `port file holds a port number, got ${JSON.stringify(text)}`);
      return port;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no valid port file at ${portFile} after ${STARTUP_TIMEOUT_MS} ms`);
}

function printServerLog() {
  let text = '';
  try { text = fs.readFileSync(serverLog, 'utf8'); } catch { /* none */ }
  const lines = text.split('\n');
  const shown = lines.length > 400 ? lines.slice(-400) : lines;
  console.log(`----- server log (${serverLog}${lines.length > 400 ? ', last 400 lines' : ''}) -----`);
  console.log(shown.join('\n'));
  console.log('----- end of server log -----');
}

process.on('exit', () => {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
});

// ---------------------------------------------------------------------------
// The checks

async function main() {
  console.log(`wsappd SDK tests: ${path.resolve(wsappdPath)}`);
  console.log(`temp dir: ${tmpDir}; SDK core ${require(`${CORE}/package.json`).version}`);

  await check('server starts and writes its port file', async () => {
    startServer();
    state.port = await waitForPort();
    state.endpoint = `http://127.0.0.1:${state.port}`;
    state.client = akskClient(state.endpoint, ROOT_AK, ROOT_SK);
  });

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

  // ---- shutdown

  await check('SIGTERM: server exits with code 0 within 5 s', async () => {
    if (!server) skip('server was not started');
    if (server.exitCode !== null || server.signalCode !== null) {
      assert.fail(`server had already exited (code ${server.exitCode}, signal ${server.signalCode})`);
    }
    server.kill('SIGTERM');
    const timeout = new Promise((r) => setTimeout(() => r('timeout'), SHUTDOWN_TIMEOUT_MS));
    const outcome = await Promise.race([serverExit, timeout]);
    if (outcome === 'timeout') {
      server.kill('SIGKILL');
      assert.fail(`still running ${SHUTDOWN_TIMEOUT_MS} ms after SIGTERM (killed)`);
    }
    assert.deepEqual(outcome, { code: 0, signal: null }, 'exit status');
  });

  const failed = results.filter((r) => r.status === 'fail').length;
  const skipped = results.filter((r) => r.status === 'skip').length;
  const passed = results.length - failed - skipped;
  console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  if (failed > 0) {
    printServerLog();
    console.log(`SDK client log: ${sdkLog}; temp dir kept: ${tmpDir}`);
    return 1;
  }
  if (process.env.WSAPPD_SDK_KEEP_TMP) {
    console.log(`temp dir kept: ${tmpDir}`);
  } else {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  return 0;
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

main().then(
  (code) => { process.exitCode = code; },
  (err) => {
    console.log(`harness error: ${err && err.stack}`);
    printServerLog();
    process.exitCode = 1;
  },
);
