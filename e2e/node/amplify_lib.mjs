// Shared by the Amplify test files (amplify*.test.mjs): Amplify v6
// configured for Gatehouse as an app configures it for AWS, with only the
// endpoints changed, and a recorder of the HTTP requests Amplify makes, so
// that the tests can check what went over the wire (the SRP flow, the
// signed requests, the headers a browser would have to be allowed to send).
//
// Amplify v6 runs on Node.js 20 as it is: it uses the global fetch and
// crypto.getRandomValues, and keeps its tokens in memory when there is no
// localStorage. No browser shim is needed.
import assert from 'node:assert/strict';

import { Amplify } from 'aws-amplify';

import { env } from './lib/gatehouse.mjs';

export const region = 'us-east-1';
export const identityPoolId = required('IDENTITY_POOL_ID');
export const roleArn = required('ROLE_ARN');
export const apiName = 'notes';
// The path-style invoke URL of the demo API's stage.
export const invokeUrl = `${env.endpoint}/restapis/notesapi01/prod/_user_request_`;
export const identityIdPattern = /^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function required(name) {
	const value = process.env[name];
	if (!value) {
		throw new Error(`${name} is not set: run ./scripts/test, whose Go tests in e2e/ start gatehouse and run this file`);
	}
	return value;
}

// The fetch of Node.js, which Amplify calls through globalThis.fetch; the
// tests' own probes call it directly so that they are not recorded.
const nodeFetch = globalThis.fetch;

// calls are the requests Amplify made since the last takeCalls, each
// { url, method, headers (lower-case names), target (X-Amz-Target), body
// (parsed when JSON), status, response (parsed when JSON) }.
let calls = [];

globalThis.fetch = async (input, init = {}) => {
	const headers = Object.fromEntries(
		[...new Headers(init.headers ?? input.headers ?? {})].map(([name, value]) => [name.toLowerCase(), value]),
	);
	const text = init.body === undefined ? undefined : String(init.body);
	const call = {
		url: typeof input === 'string' ? input : (input.href ?? input.url),
		method: init.method ?? input.method ?? 'GET',
		headers,
		target: headers['x-amz-target'],
		body: parseJSON(text),
	};
	calls.push(call);
	const response = await nodeFetch(input, init);
	call.status = response.status;
	call.response = parseJSON(await response.clone().text());
	return response;
};

function parseJSON(text) {
	if (text === undefined || text === '') {
		return text;
	}
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

// takeCalls returns the requests recorded since the last call and forgets
// them.
export function takeCalls() {
	const taken = calls;
	calls = [];
	return taken;
}

// targets lists the operations of recorded calls to the AWS JSON services.
export function targets(recorded) {
	return recorded.filter((c) => c.target).map((c) => c.target);
}

// configure configures Amplify as the guides do for an existing user pool,
// identity pool and REST API, with Gatehouse's endpoints.
export function configure() {
	Amplify.configure({
		Auth: {
			Cognito: {
				userPoolId: env.userPoolId,
				userPoolClientId: env.clientId,
				identityPoolId,
				userPoolEndpoint: env.endpoint,
				identityPoolEndpoint: env.endpoint,
				loginWith: { email: true },
			},
		},
		API: {
			REST: {
				[apiName]: { endpoint: invokeUrl, region },
			},
		},
	});
}

// cognito calls a Cognito user-pool operation directly (not through
// Amplify), and resolves with { status, body }.
export async function cognito(operation, body) {
	const res = await nodeFetch(`${env.endpoint}/`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/x-amz-json-1.1',
			'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
		},
		body: JSON.stringify(body),
	});
	return { status: res.status, body: await res.json() };
}

// assertRevoked checks that Cognito refuses a refresh token and an access
// token whose session ended.
export async function assertRevoked(refreshToken, accessToken) {
	const refreshed = await cognito('GetTokensFromRefreshToken', { ClientId: env.clientId, RefreshToken: refreshToken });
	assert.deepEqual(refreshed, {
		status: 400,
		body: { __type: 'NotAuthorizedException', message: 'Refresh Token has been revoked' },
	});
	const legacy = await cognito('InitiateAuth', {
		ClientId: env.clientId,
		AuthFlow: 'REFRESH_TOKEN_AUTH',
		AuthParameters: { REFRESH_TOKEN: refreshToken },
	});
	assert.deepEqual(legacy.body, { __type: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
	const user = await cognito('GetUser', { AccessToken: accessToken });
	assert.deepEqual(user, {
		status: 400,
		body: { __type: 'NotAuthorizedException', message: 'Access Token has been revoked' },
	});
}

// assertSRPSignIn checks that recorded is Amplify's USER_SRP_AUTH sign-in:
// InitiateAuth with SRP_A, then PASSWORD_VERIFIER answered with a claim
// signature, and that password was sent in no request. It returns the
// answer to RespondToAuthChallenge.
export function assertSRPSignIn(recorded, username, password) {
	const [initiate, respond] = recorded.filter((c) => c.target);
	assert.equal(initiate.target, 'AWSCognitoIdentityProviderService.InitiateAuth');
	assert.equal(initiate.body.AuthFlow, 'USER_SRP_AUTH');
	assert.equal(initiate.body.ClientId, env.clientId);
	assert.deepEqual(Object.keys(initiate.body.AuthParameters).sort(), ['SRP_A', 'USERNAME']);
	assert.equal(initiate.body.AuthParameters.USERNAME, username);
	assert.match(initiate.body.AuthParameters.SRP_A, /^[0-9a-f]{512,770}$/);
	assert.equal(initiate.status, 200);
	assert.equal(initiate.response.ChallengeName, 'PASSWORD_VERIFIER');
	const challenge = initiate.response.ChallengeParameters;
	assert.deepEqual(Object.keys(challenge).sort(), ['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);

	assert.equal(respond.target, 'AWSCognitoIdentityProviderService.RespondToAuthChallenge');
	assert.equal(respond.body.ChallengeName, 'PASSWORD_VERIFIER');
	const answer = respond.body.ChallengeResponses;
	assert.deepEqual(Object.keys(answer).sort(), ['PASSWORD_CLAIM_SECRET_BLOCK', 'PASSWORD_CLAIM_SIGNATURE', 'TIMESTAMP', 'USERNAME']);
	assert.equal(answer.USERNAME, challenge.USER_ID_FOR_SRP);
	assert.equal(answer.PASSWORD_CLAIM_SECRET_BLOCK, challenge.SECRET_BLOCK);
	assert.match(answer.PASSWORD_CLAIM_SIGNATURE, /^[A-Za-z0-9+/]{43}=$/);

	for (const c of recorded) {
		assert.ok(!JSON.stringify(c.body ?? '').includes(password), `${c.target ?? c.url} sent the password`);
	}
	return respond;
}
