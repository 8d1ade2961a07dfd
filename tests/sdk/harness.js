// The harness of the SDK compatibility tests: drives a live wsappd with the
// vendor's official Node.js SDK core (@huaweicloud/huaweicloud-sdk-core).
// run_sdk_tests.js (the first operations) and run_sdk_app_ops_tests.js (the
// rest of the app-group family, server groups and the directory) use it:
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
  console.error(`usage: node ${path.basename(process.argv[1] || 'run_sdk_tests.js')} /path/to/wsappd`);
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
  if (op.form) {
    // As the generated clients send file uploads: a form-data body; the core then
    // sends X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD and the real multipart boundary.
    if (!request.form) throw new Error(`${name}: required form missing`);
    options.contentType = 'multipart/form-data';
    options.headers['Content-Type'] = 'multipart/form-data';
    options.data = request.form;
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
// Start, shutdown and summary shared by the scripts

async function checkStartup() {
  console.log(`wsappd SDK tests: ${path.resolve(wsappdPath)}`);
  console.log(`temp dir: ${tmpDir}; SDK core ${require(`${CORE}/package.json`).version}`);

  await check('server starts and writes its port file', async () => {
    startServer();
    state.port = await waitForPort();
    state.endpoint = `http://127.0.0.1:${state.port}`;
    state.client = akskClient(state.endpoint, ROOT_AK, ROOT_SK);
  });
}

async function checkShutdown() {
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
}

// Prints the summary line; returns the process exit code.
function finish() {
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

// Runs the checks of `main`, then the shutdown check, and sets the exit code.
function run(main) {
  (async () => {
    await checkStartup();
    await main();
    await checkShutdown();
    return finish();
  })().then(
    (code) => { process.exitCode = code; },
    (err) => {
      console.log(`harness error: ${err && err.stack}`);
      printServerLog();
      process.exitCode = 1;
    },
  );
}

// Adds operations to the table the clients call (same form as OPERATIONS).
function defineOperations(table) {
  for (const [name, op] of Object.entries(table)) {
    OPERATIONS[name] = op;
    WorkspaceAppClient.prototype[name] = function (request, extraHeaders) {
      return this.call(name, request, extraHeaders);
    };
  }
}

module.exports = {
  assert, crypto, fs, path,
  PROJECT_ID, ACCOUNT, ROOT_AK, ROOT_SK, ROOT_PASSWORD, DEMO_GROUP_ID, DEMO_APP_IDS, RUN_TAG,
  ODD_NAME_PART, ODD_FILTER,
  TokenCredentials, newClient, akskClient, lastRawResponse, defineOperations,
  DATETIME_RE, SNOWFLAKE_RE, HEX32_RE, T, APP_GROUP, APP_GROUP_DETAIL, APP, AUTHORIZATION, REQUIRED,
  isPlainObject, wireBody, checkModel, checkList, assertStatus200, assertEmptyObjectBody,
  expectSdkError, state, check, need, skip, run,
};
