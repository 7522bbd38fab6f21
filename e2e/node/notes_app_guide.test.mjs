// The serverless notes-app guide's flow, step by step as the guide chains
// it, pointed at Gatehouse by endpoints alone:
//   1. amazon-cognito-identity-js authenticateUser (USER_SRP_AUTH);
//   2. aws-sdk v2 AWS.CognitoIdentityCredentials with the ID token in
//      Logins, then AWS.config.credentials.get();
//   3. aws-api-gateway-client's newClient with those credentials (the
//      guide's sigV4Client), POST /notes then GET /notes and GET /notes/{id}.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import AWS from 'aws-sdk';
import apigClientModule from 'aws-api-gateway-client';

import { env, newUser, signIn } from './lib/gatehouse.mjs';

const apigClientFactory = apigClientModule.default ?? apigClientModule;

const region = 'us-east-1';
const identityPoolId = process.env.IDENTITY_POOL_ID;
const invokeUrl = `${env.endpoint}/restapis/notesapi01/prod/_user_request_`;

test('the notes-app guide: SRP sign-in, CognitoIdentityCredentials, aws-api-gateway-client', async () => {
	// 1. Sign in as the guide's Login container does.
	const session = await signIn(newUser(), env.password);
	const idToken = session.getIdToken().getJwtToken();

	// 2. The guide's getAwsCredentials: the provider name is the pool's.
	AWS.config.update({ region });
	AWS.config.credentials = new AWS.CognitoIdentityCredentials(
		{
			IdentityPoolId: identityPoolId,
			Logins: { [`cognito-idp.${region}.amazonaws.com/${env.userPoolId}`]: idToken },
		},
		{ endpoint: env.endpoint, region },
	);
	await AWS.config.credentials.getPromise();
	const creds = AWS.config.credentials;
	assert.match(creds.identityId, /^us-east-1:[0-9a-f-]{36}$/);
	assert.match(creds.accessKeyId, /^ASIA[A-Z0-9]{16}$/);

	// 3. The guide's invokeApig.
	const client = apigClientFactory.newClient({
		invokeUrl,
		region,
		accessKey: creds.accessKeyId,
		secretKey: creds.secretAccessKey,
		sessionToken: creds.sessionToken,
	});
	const content = `from the notes-app guide flow ${Date.now()}`;
	const created = await client.invokeApi({}, '/notes', 'POST', {}, { content });
	assert.equal(created.status, 201);
	assert.equal(created.data.content, content);
	const list = await client.invokeApi({}, '/notes', 'GET', {}, {});
	assert.equal(list.status, 200);
	assert.deepEqual(list.data.filter((n) => n.noteId === created.data.noteId), [created.data]);
	const one = await client.invokeApi({ id: created.data.noteId }, '/notes/{id}', 'GET', {}, {});
	assert.deepEqual(one.data, created.data);

	// The note belongs to the caller's identity: the echo route shows the
	// identity the gateway passed to the integration.
	const echo = await client.invokeApi({}, '/echo/whoami', 'GET', {}, {});
	assert.equal(echo.data.requestContext.identity.cognitoIdentityId, creds.identityId);
	assert.equal(echo.data.requestContext.identity.cognitoAuthenticationType, 'authenticated');
});
