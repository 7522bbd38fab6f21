// Identity pools with the AWS SDKs' credential providers, the endpoint
// pointed at Gatehouse: aws-sdk v2's AWS.CognitoIdentityCredentials
// (enhanced flow, and the basic flow with RoleArn through STS) and v3's
// fromCognitoIdentityPool; then STS GetCallerIdentity with the credentials
// they obtained.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import AWS from 'aws-sdk';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';

import { env, newUser, signIn } from './lib/gatehouse.mjs';

const region = 'us-east-1';
const identityPoolId = process.env.IDENTITY_POOL_ID;
const roleArn = process.env.ROLE_ARN;
const providerName = `cognito-idp.${region}.amazonaws.com/${env.userPoolId}`;
const sessionArn = (name) => `arn:aws:sts::123456789012:assumed-role/notes-authenticated/${name}`;
const identityIdPattern = /^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function idToken() {
	const session = await signIn(newUser(), env.password, 'USER_PASSWORD_AUTH');
	return session.getIdToken().getJwtToken();
}

// callerArn asks STS (aws-sdk v2) who the credentials are.
async function callerArn(credentials) {
	const sts = new AWS.STS({ endpoint: env.endpoint, region, credentials });
	return (await sts.getCallerIdentity().promise()).Arn;
}

function assertTemporaryCredentials(c, hours = 1) {
	assert.match(c.accessKeyId, /^ASIA[A-Z0-9]{16}$/);
	assert.equal(c.secretAccessKey.length, 40);
	assert.ok(c.sessionToken.length > 100, 'no session token');
	const expires = c.expireTime ?? c.expiration;
	const left = expires.getTime() - Date.now();
	assert.ok(left > hours * 3600e3 - 120e3 && left <= hours * 3600e3 + 5e3, `expires in ${left} ms`);
}

test('aws-sdk v2 CognitoIdentityCredentials', async (t) => {
	const token = await idToken();

	await t.test('enhanced flow: GetId and GetCredentialsForIdentity', async () => {
		const credentials = new AWS.CognitoIdentityCredentials(
			{ IdentityPoolId: identityPoolId, Logins: { [providerName]: token } },
			{ endpoint: env.endpoint, region },
		);
		await credentials.getPromise();
		assertTemporaryCredentials(credentials);
		assert.match(credentials.identityId, identityIdPattern);
		assert.equal(await callerArn(credentials), sessionArn('CognitoIdentityCredentials'));

		// The same user gets the same identity.
		const again = new AWS.CognitoIdentityCredentials(
			{ IdentityPoolId: identityPoolId, Logins: { [providerName]: await idToken() } },
			{ endpoint: env.endpoint, region },
		);
		await again.getPromise();
		assert.equal(again.identityId, credentials.identityId);
	});

	await t.test('basic flow: GetId, GetOpenIdToken and STS AssumeRoleWithWebIdentity with RoleArn', async () => {
		const credentials = new AWS.CognitoIdentityCredentials(
			{ IdentityPoolId: identityPoolId, Logins: { [providerName]: token }, RoleArn: roleArn },
			{ endpoint: env.endpoint, region },
		);
		await credentials.getPromise();
		assertTemporaryCredentials(credentials);
		assert.match(credentials.identityId, identityIdPattern);
		// aws-sdk v2 names the session web-identity.
		assert.equal(await callerArn(credentials), sessionArn('web-identity'));
	});

	await t.test('a login token that is not a JWT', async () => {
		const credentials = new AWS.CognitoIdentityCredentials(
			{ IdentityPoolId: identityPoolId, Logins: { [providerName]: 'not-a-token' } },
			{ endpoint: env.endpoint, region },
		);
		const err = await credentials.getPromise().then(() => assert.fail('credentials without a valid login'), (e) => e);
		assert.equal(err.code, 'NotAuthorizedException');
		assert.equal(err.message, 'Invalid login token. Not a valid OpenId Connect identity token.');
	});
});

test('@aws-sdk/credential-providers fromCognitoIdentityPool', async (t) => {
	const token = await idToken();

	await t.test('credentials, then STS GetCallerIdentity with them', async () => {
		const provider = fromCognitoIdentityPool({
			identityPoolId,
			logins: { [providerName]: token },
			clientConfig: { region, endpoint: env.endpoint },
		});
		const c = await provider();
		assertTemporaryCredentials(c);
		assert.match(c.identityId, identityIdPattern);
		const sts = new STSClient({ region, endpoint: env.endpoint, credentials: provider });
		const who = await sts.send(new GetCallerIdentityCommand({}));
		assert.equal(who.Arn, sessionArn('CognitoIdentityCredentials'));
		assert.equal(who.Account, '123456789012');
	});

	await t.test('no logins for a pool without unauthenticated access', async () => {
		const provider = fromCognitoIdentityPool({ identityPoolId, clientConfig: { region, endpoint: env.endpoint } });
		const err = await provider().then(() => assert.fail('unauthenticated credentials'), (e) => e);
		assert.equal(err.name, 'NotAuthorizedException');
		assert.equal(err.message, 'Unauthenticated access is not supported for this identity pool.');
	});
});
