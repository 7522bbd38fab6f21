// The React/Amplify guide's flow with aws-amplify v6 against Gatehouse's
// demo: Amplify.configure with userPoolEndpoint and identityPoolEndpoint,
// signIn (USER_SRP_AUTH, checked on the wire), getCurrentUser,
// fetchAuthSession (tokens, the identity pool's identity and credentials,
// a forced refresh), fetchUserAttributes, Amplify's REST API category on
// the notes API (AWS_IAM routes signed with the session's credentials, the
// COGNITO_USER_POOLS route with the ID token), signOut (RevokeToken) and
// signOut({ global: true }) (GlobalSignOut), a wrong password, and the CORS
// answers a browser running the same app would need.
//
// The tests run in order and share Amplify's signed-in state.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { del, get, post } from 'aws-amplify/api';
import {
	fetchAuthSession,
	fetchUserAttributes,
	getCurrentUser,
	signIn,
	signOut,
} from 'aws-amplify/auth';

import {
	apiName,
	assertRevoked,
	assertSRPSignIn,
	cognito,
	configure,
	identityIdPattern,
	identityPoolId,
	invokeUrl,
	region,
	roleArn,
	takeCalls,
	targets,
	uuidPattern,
} from './amplify_lib.mjs';
import { env } from './lib/gatehouse.mjs';

const providerName = `cognito-idp.${region}.amazonaws.com/${env.userPoolId}`;
const roleName = roleArn.split('/').pop();
const browserOrigin = 'http://localhost:5173';

configure();

// What the tests learn along the way.
let sub;
let refreshToken; // of the current sign-in, as Gatehouse issued it
let session; // the first fetchAuthSession
const cognitoHeaders = new Set(); // header names Amplify sent to Cognito
const apiHeaders = new Set(); // header names of Amplify's signed API requests

function noteHeaders(recorded) {
	for (const c of recorded) {
		const into = c.target ? cognitoHeaders : apiHeaders;
		for (const name of Object.keys(c.headers)) {
			into.add(name);
		}
	}
}

// signedIn signs the demo user in with Amplify and returns the recorded
// requests.
async function signedIn() {
	takeCalls();
	const result = await signIn({ username: env.username, password: env.password });
	assert.deepEqual(result, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
	const recorded = takeCalls();
	noteHeaders(recorded);
	const respond = assertSRPSignIn(recorded, env.username, env.password);
	assert.equal(respond.status, 200);
	refreshToken = respond.response.AuthenticationResult.RefreshToken;
	assert.ok(refreshToken, 'no refresh token');
	return recorded;
}

test('signIn uses USER_SRP_AUTH and never sends the password', async () => {
	const recorded = await signedIn();
	assert.deepEqual(targets(recorded), [
		'AWSCognitoIdentityProviderService.InitiateAuth',
		'AWSCognitoIdentityProviderService.RespondToAuthChallenge',
	]);
	for (const c of recorded) {
		assert.equal(c.url, `${env.endpoint}/`);
		assert.equal(c.headers['content-type'], 'application/x-amz-json-1.1');
		assert.match(c.headers['x-amz-user-agent'], /^aws-amplify\/6\.\d+\.\d+ /);
		assert.equal(c.status, 200, JSON.stringify(c.response));
	}
	const result = recorded[1].response.AuthenticationResult;
	assert.equal(result.TokenType, 'Bearer');
	assert.equal(result.ExpiresIn, 3600);
});

test('getCurrentUser: the username is the sub; the sign-in details', async () => {
	const user = await getCurrentUser();
	assert.match(user.userId, uuidPattern);
	sub = user.userId;
	assert.deepEqual(user, {
		username: sub,
		userId: sub,
		signInDetails: { loginId: env.username, authFlowType: 'USER_SRP_AUTH' },
	});
});

test('fetchAuthSession: the tokens, then the identity pool identity and credentials', async () => {
	takeCalls();
	session = await fetchAuthSession();
	const recorded = takeCalls();
	noteHeaders(recorded);
	assert.deepEqual(targets(recorded), [
		'AWSCognitoIdentityService.GetId',
		'AWSCognitoIdentityService.GetCredentialsForIdentity',
	]);
	const [getId, getCredentials] = recorded;
	const idToken = session.tokens.idToken.toString();
	assert.deepEqual(getId.body, { IdentityPoolId: identityPoolId, Logins: { [providerName]: idToken } });
	assert.deepEqual(getCredentials.body, { IdentityId: session.identityId, Logins: { [providerName]: idToken } });

	const id = session.tokens.idToken.payload;
	assert.equal(id.iss, env.issuer);
	assert.equal(id.aud, env.clientId);
	assert.equal(id.token_use, 'id');
	assert.equal(id.sub, sub);
	assert.equal(id['cognito:username'], sub);
	assert.equal(id.email, env.username);
	assert.equal(id.email_verified, true);
	const access = session.tokens.accessToken.payload;
	assert.equal(access.iss, env.issuer);
	assert.equal(access.client_id, env.clientId);
	assert.equal(access.token_use, 'access');
	assert.equal(access.scope, 'aws.cognito.signin.user.admin');
	assert.equal(access.username, sub);
	assert.equal(access.origin_jti, id.origin_jti);
	assert.equal(session.userSub, sub);

	assert.match(session.identityId, identityIdPattern);
	const c = session.credentials;
	assert.deepEqual(Object.keys(c).sort(), ['accessKeyId', 'expiration', 'secretAccessKey', 'sessionToken']);
	assert.match(c.accessKeyId, /^ASIA[A-Z0-9]{16}$/);
	assert.equal(c.secretAccessKey.length, 40);
	assert.ok(c.sessionToken.length > 100, 'no session token');
	assert.ok(c.expiration instanceof Date, `expiration ${c.expiration}`);
	const left = c.expiration.getTime() - Date.now();
	// The demo's authenticated role has max_session 1h.
	assert.ok(left > 3600e3 - 120e3 && left <= 3600e3 + 5e3, `credentials expire in ${left} ms`);
	assert.equal(getCredentials.response.Credentials.Expiration, c.expiration.getTime() / 1000);

	// A second call answers from Amplify's cache.
	const again = await fetchAuthSession();
	assert.deepEqual(targets(takeCalls()), []);
	assert.equal(again.identityId, session.identityId);
	assert.equal(again.credentials.accessKeyId, c.accessKeyId);
});

test('fetchAuthSession({ forceRefresh: true }): GetTokensFromRefreshToken, then new credentials', async () => {
	takeCalls();
	const refreshed = await fetchAuthSession({ forceRefresh: true });
	const recorded = takeCalls();
	noteHeaders(recorded);
	assert.deepEqual(targets(recorded), [
		'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken',
		'AWSCognitoIdentityService.GetCredentialsForIdentity',
	]);
	assert.equal(recorded[0].body.RefreshToken, refreshToken);
	assert.equal(recorded[0].body.ClientId, env.clientId);
	assert.equal(recorded[0].status, 200);
	assert.equal(recorded[0].response.AuthenticationResult.RefreshToken, undefined);

	const before = session.tokens.idToken.payload;
	const after = refreshed.tokens.idToken.payload;
	assert.notEqual(after.jti, before.jti);
	assert.equal(after.origin_jti, before.origin_jti);
	assert.equal(after.auth_time, before.auth_time);
	assert.equal(after.sub, sub);
	assert.equal(refreshed.identityId, session.identityId, 'the same user has the same identity');
	assert.notEqual(refreshed.credentials.accessKeyId, session.credentials.accessKeyId);
	session = refreshed;
});

test('fetchUserAttributes: GetUser with the access token', async () => {
	takeCalls();
	const attributes = await fetchUserAttributes();
	const recorded = takeCalls();
	noteHeaders(recorded);
	assert.deepEqual(targets(recorded), ['AWSCognitoIdentityProviderService.GetUser']);
	assert.equal(recorded[0].body.AccessToken, session.tokens.accessToken.toString());
	assert.deepEqual(attributes, { ...env.userAttributes, sub });
});

// responseOf awaits a REST operation of Amplify's API category.
async function responseOf(operation) {
	const { statusCode, headers, body } = await operation.response;
	return { statusCode, headers, body: await body.json() };
}

// refusalOf awaits a REST operation that must fail, and returns Amplify's
// error.
async function refusalOf(operation) {
	return operation.response.then(
		(res) => assert.fail(`expected a refusal, got ${res.statusCode}`),
		(err) => err,
	);
}

// assertSignedWithSession checks that Amplify signed a recorded API request
// with SigV4 for execute-api with the session's credentials.
function assertSignedWithSession(call) {
	const { accessKeyId, sessionToken } = session.credentials;
	assert.match(
		call.headers.authorization,
		new RegExp(`^AWS4-HMAC-SHA256 Credential=${accessKeyId}/\\d{8}/${region}/execute-api/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$`),
	);
	assert.equal(call.headers['x-amz-security-token'], sessionToken);
	assert.match(call.headers['x-amz-date'], /^\d{8}T\d{6}Z$/);
}

test('REST API: the AWS_IAM routes, signed by Amplify with the session credentials', async () => {
	takeCalls();
	const created = await responseOf(post({ apiName, path: '/notes', options: { body: { content: 'from Amplify' } } }));
	assert.equal(created.statusCode, 201);
	assert.equal(created.body.content, 'from Amplify');
	const noteId = created.body.noteId;
	assert.ok(noteId, 'no noteId');
	const [call] = takeCalls();
	noteHeaders([call]);
	assert.equal(call.url, `${invokeUrl}/notes`);
	assertSignedWithSession(call);

	const list = await responseOf(get({ apiName, path: '/notes' }));
	assert.equal(list.statusCode, 200);
	assert.deepEqual(list.body.filter((n) => n.noteId === noteId), [created.body]);
	const one = await responseOf(get({ apiName, path: `/notes/${noteId}` }));
	assert.deepEqual(one.body, created.body);
	const deleted = await responseOf(del({ apiName, path: `/notes/${noteId}` }));
	assert.equal(deleted.statusCode, 200);
	assert.deepEqual(deleted.body, { status: true });
	const gone = await refusalOf(get({ apiName, path: `/notes/${noteId}` }));
	assert.equal(gone.response.statusCode, 404);
	assert.equal(gone.response.body, '{"message":"note not found"}');
	takeCalls();
});

test('REST API: the gateway sees the identity pool identity of the session', async () => {
	takeCalls();
	const echoed = await responseOf(post({
		apiName,
		path: '/echo/from%20amplify',
		options: { body: { hello: 'gateway' }, queryParams: { q: 'a b' } },
	}));
	assertSignedWithSession(takeCalls()[0]);
	assert.equal(echoed.statusCode, 200);
	const event = echoed.body;
	assert.equal(event.httpMethod, 'POST');
	assert.equal(event.path, '/echo/from amplify');
	assert.deepEqual(event.queryStringParameters, { q: 'a b' });
	assert.equal(event.body, '{"hello":"gateway"}');
	const identity = event.requestContext.identity;
	assert.equal(identity.cognitoIdentityPoolId, identityPoolId);
	assert.equal(identity.cognitoIdentityId, session.identityId);
	assert.equal(identity.cognitoAuthenticationType, 'authenticated');
	assert.equal(identity.cognitoAuthenticationProvider, `${providerName},${providerName}:CognitoSignIn:${sub}`);
	assert.equal(identity.accessKey, session.credentials.accessKeyId);
	assert.equal(identity.userArn, `arn:aws:sts::123456789012:assumed-role/${roleName}/CognitoIdentityCredentials`);
	// The caller's signature does not reach the integration.
	const forwarded = Object.keys(event.headers).map((h) => h.toLowerCase());
	for (const h of ['authorization', 'x-amz-date', 'x-amz-security-token']) {
		assert.ok(!forwarded.includes(h), `${h} forwarded`);
	}
});

test('REST API: the COGNITO_USER_POOLS route with the ID token in Authorization', async () => {
	const idToken = session.tokens.idToken.toString();
	takeCalls();
	const items = await responseOf(get({ apiName, path: '/items', options: { headers: { Authorization: idToken } } }));
	assert.equal(items.statusCode, 200);
	assert.ok(Array.isArray(items.body), JSON.stringify(items.body));
	// With an Authorization header of its own, Amplify does not sign.
	const [call] = takeCalls();
	assert.equal(call.headers.authorization, idToken);
	assert.equal(call.headers['x-amz-date'], undefined);

	const tampered = await refusalOf(get({
		apiName,
		path: '/items',
		options: { headers: { Authorization: `${idToken.slice(0, -4)}AAAA` } },
	}));
	assert.equal(tampered.name, 'UnauthorizedException');
	assert.equal(tampered.response.statusCode, 401);
	assert.equal(tampered.response.body, '{"message":"Unauthorized"}');

	// Without it Amplify signs with SigV4, which a Cognito authorizer refuses.
	const signed = await refusalOf(get({ apiName, path: '/items' }));
	assert.equal(signed.response.statusCode, 401);
	assert.equal(signed.response.body, '{"message":"Unauthorized"}');
	takeCalls();
});

test('signOut() revokes the refresh token (RevokeToken) and clears the session', async () => {
	const accessToken = session.tokens.accessToken.toString();
	takeCalls();
	await signOut();
	const recorded = takeCalls();
	noteHeaders(recorded);
	assert.deepEqual(targets(recorded), ['AWSCognitoIdentityProviderService.RevokeToken']);
	assert.deepEqual(recorded[0].body, { ClientId: env.clientId, Token: refreshToken });
	assert.equal(recorded[0].status, 200);

	const err = await getCurrentUser().then(() => assert.fail('still signed in'), (e) => e);
	assert.equal(err.name, 'UserUnAuthenticatedException');
	const after = await fetchAuthSession();
	assert.equal(after.tokens, undefined);
	assert.equal(after.credentials, undefined);
	await assertRevoked(refreshToken, accessToken);
});

test('signOut({ global: true }) ends every session of the user (GlobalSignOut)', async () => {
	await signedIn();
	const { tokens } = await fetchAuthSession();
	// Another sign-in of the same user, elsewhere.
	const other = await cognito('InitiateAuth', {
		ClientId: env.clientId,
		AuthFlow: 'USER_PASSWORD_AUTH',
		AuthParameters: { USERNAME: env.username, PASSWORD: env.password },
	});
	assert.equal(other.status, 200);
	const elsewhere = other.body.AuthenticationResult;
	assert.equal((await cognito('GetUser', { AccessToken: elsewhere.AccessToken })).status, 200);

	takeCalls();
	await signOut({ global: true });
	const recorded = takeCalls();
	noteHeaders(recorded);
	assert.deepEqual(targets(recorded), ['AWSCognitoIdentityProviderService.GlobalSignOut']);
	assert.deepEqual(recorded[0].body, { AccessToken: tokens.accessToken.toString() });
	assert.equal(recorded[0].status, 200);
	assert.equal((await fetchAuthSession()).tokens, undefined);

	await assertRevoked(refreshToken, tokens.accessToken.toString());
	await assertRevoked(elsewhere.RefreshToken, elsewhere.AccessToken);

	// Signing in again works.
	await signedIn();
	assert.equal((await getCurrentUser()).userId, sub);
	await signOut();
	takeCalls();
});

test('a wrong password is NotAuthorizedException with Cognito\'s message', async () => {
	takeCalls();
	const err = await signIn({ username: env.username, password: 'Wrong-Passw0rd' }).then(
		() => assert.fail('signed in with a wrong password'),
		(e) => e,
	);
	assert.equal(err.name, 'NotAuthorizedException');
	assert.equal(err.message, 'Incorrect username or password.');
	assert.equal(err.metadata.httpStatusCode, 400);
	assert.match(err.metadata.requestId, uuidPattern);
	// The password was tried with SRP, and Cognito answered the claim.
	const recorded = takeCalls();
	const respond = assertSRPSignIn(recorded, env.username, 'Wrong-Passw0rd');
	assert.equal(respond.status, 400);
	assert.deepEqual(respond.response, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });

	// An unknown user gets the same answer, as with Cognito's prevention of
	// user existence errors.
	const unknown = await signIn({ username: 'nobody@example.com', password: env.password }).then(
		() => assert.fail('signed in as nobody'),
		(e) => e,
	);
	assert.equal(unknown.name, 'NotAuthorizedException');
	assert.equal(unknown.message, 'Incorrect username or password.');
	assertSRPSignIn(takeCalls(), 'nobody@example.com', env.password);

	const state = await getCurrentUser().then(() => 'signed in', (e) => e.name);
	assert.equal(state, 'UserUnAuthenticatedException');
});

// CORS: what a browser running the same Amplify app would ask before each
// request (the headers recorded above, less those a browser sets itself).
function requestedHeaders(names) {
	return [...names].filter((h) => !['host', 'content-length'].includes(h)).sort();
}

async function preflight(url, headers) {
	const res = await fetch(url, {
		method: 'OPTIONS',
		headers: {
			Origin: browserOrigin,
			'Access-Control-Request-Method': 'POST',
			'Access-Control-Request-Headers': headers.join(','),
		},
	});
	const allowed = (res.headers.get('access-control-allow-headers') ?? '')
		.split(',')
		.map((h) => h.trim().toLowerCase());
	return { res, allowed };
}

test('CORS: the Cognito endpoints allow what Amplify sends and expose what it reads', async () => {
	const headers = requestedHeaders(cognitoHeaders);
	for (const h of ['amz-sdk-invocation-id', 'amz-sdk-request', 'cache-control', 'content-type', 'x-amz-target', 'x-amz-user-agent']) {
		assert.ok(headers.includes(h), `Amplify did not send ${h}: ${headers}`);
	}
	const { res, allowed } = await preflight(`${env.endpoint}/`, headers);
	assert.equal(res.status, 200);
	assert.equal(res.headers.get('access-control-allow-origin'), '*');
	assert.match(res.headers.get('access-control-allow-methods'), /\bPOST\b/);
	for (const h of headers) {
		assert.ok(allowed.includes(h), `preflight does not allow ${h}: ${allowed}`);
	}

	// The answer to the request itself lets the page read the request id
	// and the error type, from which Amplify names its errors.
	const answer = await fetch(`${env.endpoint}/`, {
		method: 'POST',
		headers: {
			Origin: browserOrigin,
			'Content-Type': 'application/x-amz-json-1.1',
			'X-Amz-Target': 'AWSCognitoIdentityProviderService.GetUser',
		},
		body: JSON.stringify({ AccessToken: 'not-a-token' }),
	});
	assert.equal(answer.status, 400);
	assert.equal(answer.headers.get('access-control-allow-origin'), '*');
	const exposed = answer.headers.get('access-control-expose-headers').split(',').map((h) => h.trim().toLowerCase());
	for (const h of ['x-amzn-requestid', 'x-amzn-errortype']) {
		assert.ok(exposed.includes(h), `${h} not exposed: ${exposed}`);
	}
});

test('CORS: the notes API allows the headers of Amplify\'s signed requests', async () => {
	const headers = requestedHeaders(apiHeaders);
	assert.deepEqual(headers, ['authorization', 'content-type', 'x-amz-date', 'x-amz-security-token']);
	const { res, allowed } = await preflight(`${invokeUrl}/notes`, headers);
	assert.equal(res.status, 200);
	assert.equal(res.headers.get('access-control-allow-origin'), '*');
	for (const h of headers) {
		assert.ok(allowed.includes(h), `preflight does not allow ${h}: ${allowed}`);
	}
});
