#!/usr/bin/env node
// SDK compatibility test for wsappd, third part: the IAM administration API
// (v5) driven by the vendor's official IAM SDK (@huaweicloud/huaweicloud-sdk-iam,
// its v5 IamClient and request models), and the policies it manages enforced
// on Workspace operations signed by the SDK core.
//
//   node tests/sdk/run_sdk_iam_tests.js /path/to/wsappd
//
// The v5 entry point of the IAM package (v5/public-api.js) fails to load in the
// current release (it requires a module named after the credential list), so
// its client and model modules are required by their paths. The client builder
// is made here with the same credential type the generated one names, since
// IamClient.newBuilder() carries the same fault.

'use strict';

const path = require('node:path');

const {
  assert, PROJECT_ID, ACCOUNT, ROOT_AK, ROOT_SK, DEMO_GROUP_ID, RUN_TAG, HEX32_RE, DATETIME_RE,
  akskClient, expectSdkError, state, check, need, run,
} = require('./harness');

const CORE = '@huaweicloud/huaweicloud-sdk-core';
const IAM_V5 = path.join(path.dirname(require.resolve('@huaweicloud/huaweicloud-sdk-iam/package.json')), 'v5');
const { ClientBuilder } = require(`${CORE}/ClientBuilder`);
const { GlobalCredentials } = require(`${CORE}/auth/GlobalCredentials`);
const { BasicCredentials } = require(`${CORE}/auth/BasicCredentials`);
const { IamClient } = require(path.join(IAM_V5, 'IamClient'));
const IAM_V3 = path.join(path.dirname(IAM_V5), 'v3');
const { IamClient: IamV3Client } = require(path.join(IAM_V3, 'IamClient'));

function model(name) {
  return require(path.join(IAM_V5, 'model', name))[name];
}

function modelV3(name) {
  return require(path.join(IAM_V3, 'model', name))[name];
}

// The v3 client, with account credentials (domain id discovered as for v5) or, for the
// project-level grants whose path names the project, with project credentials.
function iamV3Client(endpoint, credential) {
  return new ClientBuilder((hc) => new IamV3Client(hc), 'GlobalCredentials')
    .withEndpoint(endpoint)
    .withCredential(credential.withIamEndpoint(endpoint))
    .withOptions({ customUserAgent: 'wsappd-sdk-tests' })
    .build();
}

const USER_NAME = `sdkuser_${RUN_TAG}`;
const USER_PASSWORD = 'Sdk-Iam-User-Pass-1';
const ISO_SECONDS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function iamClient(endpoint, ak, sk) {
  // No domain id: the credentials ask the server's GET /v3/auth/domains for it, as
  // they ask the cloud's IAM, so the start-up path of a real client is exercised too.
  const credential = new GlobalCredentials().withAk(ak).withSk(sk).withIamEndpoint(endpoint);
  return new ClientBuilder((hc) => new IamClient(hc), 'GlobalCredentials')
    .withEndpoint(endpoint)
    .withCredential(credential)
    .withOptions({ customUserAgent: 'wsappd-sdk-tests' })
    .build();
}

// What the SDK returns on success is the model filled from the wire body plus
// httpStatusCode; the wire names are checked through the raw body the core kept.
function statusOf(res) {
  return res.httpStatusCode;
}

async function main() {
  await check('IamClient v5 (GlobalCredentials, domain id discovered) lists users: 200', async () => {
    need('endpoint');
    state.iam = iamClient(state.endpoint, ROOT_AK, ROOT_SK);
    const ListUsersV5Request = model('ListUsersV5Request');
    const res = await state.iam.listUsersV5(new ListUsersV5Request().withLimit(100));
    assert.equal(statusOf(res), 200);
    const root = res.users.find((u) => u.user_name === ACCOUNT);
    assert.ok(root, `the root user ${ACCOUNT} is listed: ${JSON.stringify(res.users)}`);
    assert.equal(root.is_root_user, true);
    assert.ok(res.page_info && Number.isInteger(res.page_info.current_count), 'page_info.current_count');
  });

  await check('CreateUserV5: 201 with the user model', async () => {
    need('iam');
    const CreateUserV5Request = model('CreateUserV5Request');
    const CreateUserReqBody = model('CreateUserReqBody');
    const res = await state.iam.createUserV5(new CreateUserV5Request()
      .withBody(new CreateUserReqBody().withName(USER_NAME).withEnabled(true).withDescription('sdk')));
    assert.equal(statusOf(res), 201);
    const { user } = res;
    assert.match(user.user_id, HEX32_RE);
    assert.equal(user.user_name, USER_NAME);
    assert.equal(user.enabled, true);
    assert.equal(user.is_root_user, false);
    assert.match(user.urn, new RegExp(`^iam::[0-9a-f]{32}:user:${USER_NAME}$`));
    assert.match(user.created_at, ISO_SECONDS_RE);
    state.userId = user.user_id;
  });

  await check('ShowUserV5 and a duplicate CreateUserV5 (409)', async () => {
    need('userId');
    const ShowUserV5Request = model('ShowUserV5Request');
    const shown = await state.iam.showUserV5(new ShowUserV5Request().withUserId(state.userId));
    assert.equal(shown.user.user_name, USER_NAME);
    const CreateUserV5Request = model('CreateUserV5Request');
    const CreateUserReqBody = model('CreateUserReqBody');
    await expectSdkError(state.iam.createUserV5(new CreateUserV5Request()
      .withBody(new CreateUserReqBody().withName(USER_NAME).withEnabled(true))),
    { status: 409 }, 'CreateUserV5 with a used name');
  });

  await check('CreateLoginProfileV5: the user gets a token', async () => {
    need('userId');
    const CreateLoginProfileV5Request = model('CreateLoginProfileV5Request');
    const CreateLoginProfileReqBody = model('CreateLoginProfileReqBody');
    const res = await state.iam.createLoginProfileV5(new CreateLoginProfileV5Request()
      .withUserId(state.userId)
      .withBody(new CreateLoginProfileReqBody().withPassword(USER_PASSWORD).withPasswordResetRequired(false)));
    assert.equal(statusOf(res), 201);
    assert.equal(res.login_profile.user_id, state.userId);
    const token = await fetch(`${state.endpoint}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { domain: { name: ACCOUNT }, name: USER_NAME, password: USER_PASSWORD } },
          },
          scope: { project: { id: PROJECT_ID } },
        },
      }),
    });
    await token.arrayBuffer();
    assert.equal(token.status, 201);
    assert.ok(token.headers.get('x-subject-token'), 'X-Subject-Token');
  });

  await check('CreateAccessKeyV5: the secret is shown once', async () => {
    need('userId');
    const CreateAccessKeyV5Request = model('CreateAccessKeyV5Request');
    const res = await state.iam.createAccessKeyV5(new CreateAccessKeyV5Request().withUserId(state.userId));
    assert.equal(statusOf(res), 201);
    const key = res.access_key;
    assert.equal(key.status, 'active');
    assert.ok(key.access_key_id && key.secret_access_key, 'id and secret');
    state.userKey = key;
    const ListAccessKeysV5Request = model('ListAccessKeysV5Request');
    const listed = await state.iam.listAccessKeysV5(new ListAccessKeysV5Request().withUserId(state.userId));
    assert.equal(listed.access_keys.length, 1);
    assert.equal(listed.access_keys[0].access_key_id, key.access_key_id);
    assert.equal(listed.access_keys[0].secret_access_key, undefined, 'no secret in the list');
  });

  await check('a user without policies is denied (403 WKS.00081102 naming the action)', async () => {
    need('userKey');
    state.userWorkspace = akskClient(state.endpoint, state.userKey.access_key_id, state.userKey.secret_access_key);
    const err = await expectSdkError(state.userWorkspace.listPublishedApp({ app_group_id: DEMO_GROUP_ID }),
      { status: 403, code: 'WKS.00081102' }, 'ListPublishedApp without policies');
    assert.ok(err.errorMsg.includes('workspace:app:listPublishedApp'), err.errorMsg);
  });

  await check('CreatePolicyV5 and AttachUserPolicyV5: the user may list, not create', async () => {
    need('userWorkspace');
    const CreatePolicyV5Request = model('CreatePolicyV5Request');
    const CreatePolicyReqBody = model('CreatePolicyReqBody');
    const document = JSON.stringify({
      Version: '5.0',
      Statement: [{ Effect: 'Allow', Action: ['workspace:app:list*', 'workspace:appGroup:list'] }],
    });
    const created = await state.iam.createPolicyV5(new CreatePolicyV5Request()
      .withBody(new CreatePolicyReqBody().withPolicyName(`sdkpolicy_${RUN_TAG}`).withPolicyDocument(document)));
    assert.equal(statusOf(created), 201);
    assert.equal(created.policy.policy_type, 'custom');
    assert.equal(created.policy.default_version_id, 'v1');
    state.policyId = created.policy.policy_id;
    const AttachUserPolicyV5Request = model('AttachUserPolicyV5Request');
    const AttachUserPolicyReqBody = model('AttachUserPolicyReqBody');
    const attached = await state.iam.attachUserPolicyV5(new AttachUserPolicyV5Request()
      .withPolicyId(state.policyId).withBody(new AttachUserPolicyReqBody().withUserId(state.userId)));
    assert.equal(statusOf(attached), 200);

    const listed = await state.userWorkspace.listPublishedApp({ app_group_id: DEMO_GROUP_ID });
    assert.equal(statusOf(listed), 200);
    await expectSdkError(state.userWorkspace.createAppGroup({ body: { name: `denied_${RUN_TAG}` } }),
      { status: 403, code: 'WKS.00081102' }, 'CreateAppGroup with a list-only policy');
  });

  await check('CreatePolicyV5 rejects a bad document (400 PAP5.0011)', async () => {
    need('iam');
    const CreatePolicyV5Request = model('CreatePolicyV5Request');
    const CreatePolicyReqBody = model('CreatePolicyReqBody');
    const document = JSON.stringify({ Version: '5.0', Statement: [{ Effect: 'Maybe', Action: ['*'] }] });
    await expectSdkError(state.iam.createPolicyV5(new CreatePolicyV5Request()
      .withBody(new CreatePolicyReqBody().withPolicyName(`sdkbad_${RUN_TAG}`).withPolicyDocument(document))),
    { status: 400, code: 'PAP5.0011' }, 'CreatePolicyV5 with Effect "Maybe"');
  });

  await check('ListAttachedUserPoliciesV5 and DetachUserPolicyV5: denied again at once', async () => {
    need('policyId');
    const ListAttachedUserPoliciesV5Request = model('ListAttachedUserPoliciesV5Request');
    const attached = await state.iam.listAttachedUserPoliciesV5(
      new ListAttachedUserPoliciesV5Request().withUserId(state.userId));
    assert.deepEqual(attached.attached_policies.map((p) => p.policy_id), [state.policyId]);
    assert.match(attached.attached_policies[0].attached_at, ISO_SECONDS_RE);
    const DetachUserPolicyV5Request = model('DetachUserPolicyV5Request');
    const DetachUserPolicyReqBody = model('DetachUserPolicyReqBody');
    await state.iam.detachUserPolicyV5(new DetachUserPolicyV5Request()
      .withPolicyId(state.policyId).withBody(new DetachUserPolicyReqBody().withUserId(state.userId)));
    await expectSdkError(state.userWorkspace.listPublishedApp({ app_group_id: DEMO_GROUP_ID }),
      { status: 403, code: 'WKS.00081102' }, 'ListPublishedApp after the detach');
  });

  await check('groups: CreateGroupV5, AttachGroupPolicyV5, AddUserToGroupV5 allow through the group', async () => {
    need('policyId');
    const CreateGroupV5Request = model('CreateGroupV5Request');
    const CreateGroupReqBody = model('CreateGroupReqBody');
    const created = await state.iam.createGroupV5(new CreateGroupV5Request()
      .withBody(new CreateGroupReqBody().withGroupName(`sdkgroup_${RUN_TAG}`)));
    assert.equal(statusOf(created), 201);
    state.groupId = created.group.group_id;
    const AttachGroupPolicyV5Request = model('AttachGroupPolicyV5Request');
    const AttachGroupPolicyReqBody = model('AttachGroupPolicyReqBody');
    await state.iam.attachGroupPolicyV5(new AttachGroupPolicyV5Request()
      .withPolicyId(state.policyId).withBody(new AttachGroupPolicyReqBody().withGroupId(state.groupId)));
    const AddUserToGroupV5Request = model('AddUserToGroupV5Request');
    const AddUserToGroupReqBody = model('AddUserToGroupReqBody');
    await state.iam.addUserToGroupV5(new AddUserToGroupV5Request()
      .withGroupId(state.groupId).withBody(new AddUserToGroupReqBody().withUserId(state.userId)));
    const ListGroupsV5Request = model('ListGroupsV5Request');
    const groups = await state.iam.listGroupsV5(new ListGroupsV5Request().withUserId(state.userId));
    assert.deepEqual(groups.groups.map((g) => g.group_id), [state.groupId]);

    const listed = await state.userWorkspace.listPublishedApp({ app_group_id: DEMO_GROUP_ID });
    assert.equal(statusOf(listed), 200);
  });

  await check('v3: a custom policy (1.1) granted to a Keystone group on the project allows its members', async () => {
    need('iam');
    const v3 = iamV3Client(state.endpoint, new GlobalCredentials().withAk(ROOT_AK).withSk(ROOT_SK));
    const ServicePolicyRoleOption = modelV3('ServicePolicyRoleOption');
    const ServicePolicy = modelV3('ServicePolicy');
    const ServiceStatement = modelV3('ServiceStatement');
    const CreateCloudServiceCustomPolicyRequest = modelV3('CreateCloudServiceCustomPolicyRequest');
    const CreateCloudServiceCustomPolicyRequestBody = modelV3('CreateCloudServiceCustomPolicyRequestBody');
    const statement = new ServiceStatement().withEffect('Allow')
      .withAction(['workspace:app:list*', 'workspace:appGroup:list']);
    const role = new ServicePolicyRoleOption().withDisplayName(`sdkrole_${RUN_TAG}`).withType('XA')
      .withDescription('list apps').withPolicy(new ServicePolicy().withVersion('1.1').withStatement([statement]));
    const created = await v3.createCloudServiceCustomPolicy(new CreateCloudServiceCustomPolicyRequest()
      .withBody(new CreateCloudServiceCustomPolicyRequestBody().withRole(role)));
    assert.equal(statusOf(created), 201);
    const roleId = created.role.id;
    assert.match(roleId, HEX32_RE);
    assert.equal(created.role.policy.Version, '1.1');

    const KeystoneCreateGroupRequest = modelV3('KeystoneCreateGroupRequest');
    const KeystoneCreateGroupRequestBody = modelV3('KeystoneCreateGroupRequestBody');
    const KeystoneCreateGroupOption = modelV3('KeystoneCreateGroupOption');
    const group = await v3.keystoneCreateGroup(new KeystoneCreateGroupRequest()
      .withBody(new KeystoneCreateGroupRequestBody().withGroup(new KeystoneCreateGroupOption().withName(`sdkv3group_${RUN_TAG}`))));
    assert.equal(statusOf(group), 201);
    const groupId = group.group.id;

    const CreateUserV5Request = model('CreateUserV5Request');
    const CreateUserReqBody = model('CreateUserReqBody');
    const user = await state.iam.createUserV5(new CreateUserV5Request()
      .withBody(new CreateUserReqBody().withName(`sdkv3user_${RUN_TAG}`).withEnabled(true)));
    const userId = user.user.user_id;
    const CreateAccessKeyV5Request = model('CreateAccessKeyV5Request');
    const key = (await state.iam.createAccessKeyV5(new CreateAccessKeyV5Request().withUserId(userId))).access_key;
    const member = akskClient(state.endpoint, key.access_key_id, key.secret_access_key);
    await expectSdkError(member.listPublishedApp({ app_group_id: DEMO_GROUP_ID }),
      { status: 403, code: 'WKS.00081102' }, 'ListPublishedApp before the grant');

    const KeystoneAddUserToGroupRequest = modelV3('KeystoneAddUserToGroupRequest');
    const added = await v3.keystoneAddUserToGroup(new KeystoneAddUserToGroupRequest().withGroupId(groupId).withUserId(userId));
    assert.equal(statusOf(added), 204);
    const KeystoneCheckUserInGroupRequest = modelV3('KeystoneCheckUserInGroupRequest');
    const inGroup = await v3.keystoneCheckUserInGroup(new KeystoneCheckUserInGroupRequest().withGroupId(groupId).withUserId(userId));
    assert.equal(statusOf(inGroup), 204);

    const v3Project = iamV3Client(state.endpoint,
      new BasicCredentials().withAk(ROOT_AK).withSk(ROOT_SK).withProjectId(PROJECT_ID));
    const KeystoneAssociateGroupWithProjectPermissionRequest = modelV3('KeystoneAssociateGroupWithProjectPermissionRequest');
    const granted = await v3Project.keystoneAssociateGroupWithProjectPermission(
      new KeystoneAssociateGroupWithProjectPermissionRequest().withGroupId(groupId).withRoleId(roleId));
    assert.equal(statusOf(granted), 204);
    const KeystoneListProjectPermissionsForGroupRequest = modelV3('KeystoneListProjectPermissionsForGroupRequest');
    const grants = await v3Project.keystoneListProjectPermissionsForGroup(
      new KeystoneListProjectPermissionsForGroupRequest().withGroupId(groupId));
    assert.deepEqual(grants.roles.map((r) => r.id), [roleId]);

    const listed = await member.listPublishedApp({ app_group_id: DEMO_GROUP_ID });
    assert.equal(statusOf(listed), 200);
    await expectSdkError(member.createAppGroup({ body: { name: `v3denied_${RUN_TAG}` } }),
      { status: 403, code: 'WKS.00081102' }, 'CreateAppGroup with a list-only role');

    const KeystoneListPermissionsRequest = modelV3('KeystoneListPermissionsRequest');
    const system = await v3.keystoneListPermissions(new KeystoneListPermissionsRequest());
    assert.deepEqual(system.roles.map((r) => r.display_name).sort(),
      ['WorkspaceApp FullAccess', 'WorkspaceApp ReadOnlyAccess']);
  });

  await check('UpdateAccessKeyV5 to inactive: the key is refused (401 APIG.0301) at once', async () => {
    need('userKey', 'groupId');
    const UpdateAccessKeyV5Request = model('UpdateAccessKeyV5Request');
    const UpdateAccessKeyReqBody = model('UpdateAccessKeyReqBody');
    const res = await state.iam.updateAccessKeyV5(new UpdateAccessKeyV5Request()
      .withUserId(state.userId).withAccessKeyId(state.userKey.access_key_id)
      .withBody(new UpdateAccessKeyReqBody().withStatus('inactive')));
    assert.equal(statusOf(res), 200);
    await expectSdkError(state.userWorkspace.listPublishedApp({ app_group_id: DEMO_GROUP_ID }),
      { status: 401, code: 'APIG.0301' }, 'ListPublishedApp with an inactive key');
  });

  await check('deletes: DeleteUserV5 (204), then ShowUserV5 is 404', async () => {
    need('userId');
    const DeleteUserV5Request = model('DeleteUserV5Request');
    const res = await state.iam.deleteUserV5(new DeleteUserV5Request().withUserId(state.userId));
    assert.equal(statusOf(res), 204);
    const ShowUserV5Request = model('ShowUserV5Request');
    await expectSdkError(state.iam.showUserV5(new ShowUserV5Request().withUserId(state.userId)),
      { status: 404 }, 'ShowUserV5 of a deleted user');
    const DeleteGroupV5Request = model('DeleteGroupV5Request');
    assert.equal(statusOf(await state.iam.deleteGroupV5(new DeleteGroupV5Request().withGroupId(state.groupId))), 204);
    const DeletePolicyV5Request = model('DeletePolicyV5Request');
    assert.equal(statusOf(await state.iam.deletePolicyV5(new DeletePolicyV5Request().withPolicyId(state.policyId))), 204);
  });

  await check('timestamps of the Workspace API stay in the D14 form', async () => {
    need('endpoint');
    const root = akskClient(state.endpoint, ROOT_AK, ROOT_SK);
    const res = await root.listPublishedApp({ app_group_id: DEMO_GROUP_ID });
    for (const app of res.items) assert.match(app.publish_at, DATETIME_RE);
  });
}

run(main);
