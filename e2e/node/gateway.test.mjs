// The demo's notes API through the gateway with the HTTP clients of the
// serverless notes-app guides: the demo user signs in with
// amazon-cognito-identity-js, gets identity pool credentials with
// @aws-sdk/credential-providers, and then
//   - aws-api-gateway-client (its sigV4Client) creates, lists, reads,
//     updates and deletes a note on the AWS_IAM routes;
//   - aws4 signs axios requests: GET /notes, and PUT /notes/{id} with a
//     JSON body and Content-Type;
//   - plain fetch calls the COGNITO_USER_POOLS route GET /items with
//     Authorization: <ID token>;
// and API Gateway's refusals are checked with status, x-amzn-ErrorType and
// exact body.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import apigClientModule from 'aws-api-gateway-client';
import aws4 from 'aws4';
import axios from 'axios';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';

import { env, newUser, signIn } from './lib/gatehouse.mjs';

// The package is CommonJS with its factory on exports.default.
const apigClientFactory = apigClientModule.default ?? apigClientModule;

const region = 'us-east-1';
const apiId = 'notesapi01';
const stage = 'prod';
const identityPoolId = process.env.IDENTITY_POOL_ID;
const providerName = `cognito-idp.${region}.amazonaws.com/${env.userPoolId}`;
const endpoint = new URL(env.endpoint);
// The path-style invoke URL of the demo API's stage.
const invokeUrl = `${env.endpoint}/restapis/${apiId}/${stage}/_user_request_`;
const basePath = `/restapis/${apiId}/${stage}/_user_request_`;

const badSignature = {
	message:
		'The request signature we calculated does not match the signature you provided. ' +
		'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
};

let idToken;
let credentials;

before(async () => {
	// amazon-cognito-identity-js's default flow, USER_SRP_AUTH, as the guides sign in.
	const session = await signIn(newUser(), env.password);
	idToken = session.getIdToken().getJwtToken();
	const provider = fromCognitoIdentityPool({
		identityPoolId,
		logins: { [providerName]: idToken },
		clientConfig: { region, endpoint: env.endpoint },
	});
	credentials = await provider();
	assert.match(credentials.accessKeyId, /^ASIA[A-Z0-9]{16}$/);
});

// apigClient is the library's client of the demo API, configured with the
// invoke URL only, as on AWS. Its sigV4Client signs the invoke URL's host
// name without the port (on AWS the port is the default one) while Node
// sends host:port; Gatehouse accepts the host signed without its port.
function apigClient(overrides = {}) {
	return apigClientFactory.newClient({
		invokeUrl,
		region,
		accessKey: credentials.accessKeyId,
		secretKey: credentials.secretAccessKey,
		sessionToken: credentials.sessionToken,
		...overrides,
	});
}

// rejected resolves with the error a request rejected with, or fails.
async function rejected(promise) {
	return promise.then(
		(res) => assert.fail(`expected a refusal, got ${res.status} ${JSON.stringify(res.data)}`),
		(err) => {
			if (!err.response) {
				throw err;
			}
			return err.response;
		},
	);
}

// assertNote checks a note of the notes function.
function assertNote(note, content) {
	assert.deepEqual(Object.keys(note).sort(), ['content', 'createdAt', 'noteId']);
	assert.equal(note.content, content);
	assert.equal(typeof note.noteId, 'string');
	assert.ok(note.noteId.length > 0);
	assert.ok(Number.isInteger(note.createdAt) && Math.abs(note.createdAt - Date.now()) < 60e3, `createdAt ${note.createdAt}`);
}

test('aws-api-gateway-client: POST, GET, GET {id}, PUT, DELETE /notes (path style)', async () => {
	const client = apigClient();

	const created = await client.invokeApi({}, '/notes', 'POST', {}, { content: 'from aws-api-gateway-client' });
	assert.equal(created.status, 201);
	assertNote(created.data, 'from aws-api-gateway-client');
	assert.match(created.headers['x-amzn-requestid'], /^[0-9a-f-]{36}$/);
	assert.ok(created.headers['x-amz-apigw-id'], 'no x-amz-apigw-id');
	const id = created.data.noteId;

	const list = await client.invokeApi({}, '/notes', 'GET');
	assert.equal(list.status, 200);
	assert.deepEqual(list.data.filter((n) => n.noteId === id), [created.data]);

	const one = await client.invokeApi({ id }, '/notes/{id}', 'GET');
	assert.equal(one.status, 200);
	assert.deepEqual(one.data, created.data);

	const updated = await client.invokeApi({ id }, '/notes/{id}', 'PUT', {}, { content: 'updated by aws-api-gateway-client' });
	assert.equal(updated.status, 200);
	assert.deepEqual(updated.data, { ...created.data, content: 'updated by aws-api-gateway-client' });
	assert.deepEqual((await client.invokeApi({ id }, '/notes/{id}', 'GET')).data, updated.data);

	const deleted = await client.invokeApi({ id }, '/notes/{id}', 'DELETE');
	assert.equal(deleted.status, 200);
	assert.deepEqual(deleted.data, { status: true });

	const gone = await rejected(client.invokeApi({ id }, '/notes/{id}', 'GET'));
	assert.equal(gone.status, 404);
	assert.deepEqual(gone.data, { message: 'note not found' });
	assert.deepEqual((await client.invokeApi({}, '/notes', 'GET')).data.filter((n) => n.noteId === id), []);
});

test('aws-api-gateway-client with the host option naming host:port', async () => {
	const res = await apigClient({ host: endpoint.host }).invokeApi({}, '/notes', 'GET');
	assert.equal(res.status, 200);
});

// Host style ({apiId}.execute-api.localhost:{port}/{stage}) is not tried with
// aws-api-gateway-client: Node's resolver (getaddrinfo) does not resolve
// *.localhost names here, and the library offers no way to connect elsewhere
// than the invoke URL's host. The aws4 test below covers host style with
// axios's lookup option.

test('aws-api-gateway-client: a wrong secret key is InvalidSignatureException', async () => {
	const client = apigClient({ secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGKEYXX' });
	const res = await rejected(client.invokeApi({}, '/notes', 'GET'));
	assert.equal(res.status, 403);
	assert.equal(res.headers['x-amzn-errortype'], 'InvalidSignatureException');
	assert.deepEqual(res.data, badSignature);
});

// signedAxios signs a request with aws4 and sends it with axios, which
// answers every status (validateStatus) so that the test checks them.
async function signedAxios({ method, path, body, headers = {}, host = endpoint.host, creds = credentials, lookup }) {
	const opts = {
		host,
		path,
		method,
		headers: { ...headers },
		body,
		service: 'execute-api',
		region,
	};
	aws4.sign(opts, {
		accessKeyId: creds.accessKeyId,
		secretAccessKey: creds.secretAccessKey,
		sessionToken: creds.sessionToken,
	});
	return axios({
		method,
		url: `http://${host}${path}`,
		headers: opts.headers,
		data: body,
		lookup,
		validateStatus: () => true,
		// The body is sent exactly as signed.
		transformRequest: [(data) => data],
	});
}

test('aws4 + axios: GET /notes and PUT /notes/{id} with a JSON body and Content-Type', async () => {
	const created = await signedAxios({
		method: 'POST',
		path: `${basePath}/notes`,
		body: JSON.stringify({ content: 'from aws4' }),
		headers: { 'Content-Type': 'application/json' },
	});
	assert.equal(created.status, 201, JSON.stringify(created.data));
	assertNote(created.data, 'from aws4');
	const id = created.data.noteId;

	const list = await signedAxios({ method: 'GET', path: `${basePath}/notes` });
	assert.equal(list.status, 200, JSON.stringify(list.data));
	assert.equal(list.headers['content-type'], 'application/json');
	assert.deepEqual(list.data.filter((n) => n.noteId === id), [created.data]);

	const body = JSON.stringify({ content: 'updated by aws4', attachment: 'notes/aws4.txt' });
	const put = await signedAxios({
		method: 'PUT',
		path: `${basePath}/notes/${id}`,
		body,
		headers: { 'Content-Type': 'application/json; charset=utf-8' },
	});
	assert.equal(put.status, 200, JSON.stringify(put.data));
	assert.deepEqual(put.data, { ...created.data, content: 'updated by aws4', attachment: 'notes/aws4.txt' });

	const got = await signedAxios({ method: 'GET', path: `${basePath}/notes/${id}` });
	assert.equal(got.status, 200);
	assert.deepEqual(got.data, put.data);

	// A body changed after signing (to one of the same length, so that the
	// signed Content-Length still holds) no longer matches the signature.
	const opts = {
		host: endpoint.host,
		path: `${basePath}/notes/${id}`,
		method: 'PUT',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ content: 'signed' }),
		service: 'execute-api',
		region,
	};
	aws4.sign(opts, credentials);
	const tampered = await axios({
		method: 'PUT',
		url: `${env.endpoint}${opts.path}`,
		headers: opts.headers,
		data: JSON.stringify({ content: 'forged' }),
		validateStatus: () => true,
		transformRequest: [(data) => data],
	});
	assert.equal(tampered.status, 403);
	assert.equal(tampered.headers['x-amzn-errortype'], 'InvalidSignatureException');
	assert.deepEqual(tampered.data, badSignature);
});

test('aws4 + axios: host style, {apiId}.execute-api.localhost:{port}/{stage}', async () => {
	// Node does not resolve *.localhost here: connect to the server's
	// address while the Host header (signed by aws4) names the API.
	const lookup = (hostname, options, callback) => {
		if (options?.all) {
			callback(null, [{ address: endpoint.hostname, family: 4 }]);
		} else {
			callback(null, endpoint.hostname, 4);
		}
	};
	const host = `${apiId}.execute-api.localhost:${endpoint.port}`;
	const created = await signedAxios({
		method: 'POST',
		host,
		path: `/${stage}/notes`,
		body: JSON.stringify({ content: 'host style' }),
		headers: { 'Content-Type': 'application/json' },
		lookup,
	});
	assert.equal(created.status, 201, JSON.stringify(created.data));
	assertNote(created.data, 'host style');
	const got = await signedAxios({ method: 'GET', host, path: `/${stage}/notes/${created.data.noteId}`, lookup });
	assert.equal(got.status, 200, JSON.stringify(got.data));
	assert.deepEqual(got.data, created.data);
});

test('fetch: GET /items with Authorization: <ID token> (COGNITO_USER_POOLS)', async () => {
	const res = await fetch(`${invokeUrl}/items`, { headers: { Authorization: idToken } });
	assert.equal(res.status, 200);
	assert.equal(res.headers.get('content-type'), 'application/json');
	// The Cognito route keys notes by the token's sub, not by the identity
	// pool identity of the AWS_IAM routes: this user has none there.
	assert.equal(await res.text(), '[]');

	// The Bearer form is accepted too.
	const bearer = await fetch(`${invokeUrl}/items`, { headers: { Authorization: `Bearer ${idToken}` } });
	assert.equal(bearer.status, 200);
	assert.equal(await bearer.text(), '[]');
});

test('fetch: GET /items without a token, and with a tampered one, is 401 Unauthorized', async () => {
	for (const headers of [{}, { Authorization: `${idToken.slice(0, -4)}AAAA` }]) {
		const res = await fetch(`${invokeUrl}/items`, { headers });
		assert.equal(res.status, 401);
		assert.equal(res.headers.get('x-amzn-errortype'), 'UnauthorizedException');
		assert.ok(res.headers.get('x-amzn-requestid'), 'no x-amzn-RequestId');
		assert.equal(await res.text(), '{"message":"Unauthorized"}');
	}
});

test('fetch: unsigned GET /notes is 403 MissingAuthenticationTokenException', async () => {
	const res = await fetch(`${invokeUrl}/notes`);
	assert.equal(res.status, 403);
	assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
	assert.equal(await res.text(), '{"message":"Missing Authentication Token"}');

	// An unknown route answers the same.
	const unknown = await fetch(`${invokeUrl}/no/such/route`);
	assert.equal(unknown.status, 403);
	assert.equal(unknown.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
	assert.equal(await unknown.text(), '{"message":"Missing Authentication Token"}');
});

test('fetch: GET /public (auth NONE) needs no credentials', async () => {
	const res = await fetch(`${invokeUrl}/public`);
	assert.equal(res.status, 200);
	assert.equal(await res.text(), '{"ok":true}');
});

test('aws4 + axios: a wrong secret key is InvalidSignatureException', async () => {
	const res = await signedAxios({
		method: 'GET',
		path: `${basePath}/notes`,
		creds: { ...credentials, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGKEYXX' },
	});
	assert.equal(res.status, 403);
	assert.equal(res.headers['x-amzn-errortype'], 'InvalidSignatureException');
	assert.deepEqual(res.data, badSignature);
});
