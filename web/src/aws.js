// The identity pool (Cognito Identity's JSON 1.1 API, with fetch), the
// notes API with SigV4-signed requests (aws4fetch), and the outbox.
import { AwsClient } from 'aws4fetch';

// AWSError is an error answered by Gatehouse: the HTTP status, AWS's error
// type when there is one, and the message.
export class AWSError extends Error {
	constructor(status, type, message) {
		super(message || `HTTP ${status}`);
		this.name = type || `HTTP ${status}`;
		this.status = status;
	}
}

// readBody returns a response's body as JSON, or as text when it is not.
async function readBody(res) {
	const text = await res.text();
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

// errorOf turns a failed response into an AWSError: JSON 1.1's
// {"__type", "message"} or the gateway's {"message"}.
function errorOf(res, body) {
	let type = res.headers.get('x-amzn-ErrorType') || '';
	let message = typeof body === 'string' ? body : '';
	if (body && typeof body === 'object') {
		type = body.__type || type;
		message = body.message || body.Message || '';
	}
	type = type.split(':')[0].split('#').pop();
	return new AWSError(res.status, type, message);
}

// identityCall calls an operation of the identity pools' API.
async function identityCall(endpoint, operation, params) {
	const res = await fetch(endpoint + '/', {
		method: 'POST',
		headers: {
			'Content-Type': 'application/x-amz-json-1.1',
			'X-Amz-Target': `AWSCognitoIdentityService.${operation}`,
		},
		body: JSON.stringify(params),
	});
	const body = await readBody(res);
	if (!res.ok) {
		throw errorOf(res, body);
	}
	return body;
}

// loginsOf returns the identity pool Logins map of a user pool ID token:
// its issuer without the scheme, as Cognito's provider name.
export function loginsOf(idToken) {
	const iss = idToken.decodePayload().iss || '';
	return { [iss.replace(/^https?:\/\//, '')]: idToken.getJwtToken() };
}

// getCredentials trades an ID token for the identity's temporary
// credentials: GetId, then GetCredentialsForIdentity.
export async function getCredentials(endpoint, identityPoolId, idToken) {
	const logins = loginsOf(idToken);
	const { IdentityId } = await identityCall(endpoint, 'GetId', { IdentityPoolId: identityPoolId, Logins: logins });
	const out = await identityCall(endpoint, 'GetCredentialsForIdentity', { IdentityId, Logins: logins });
	const c = out.Credentials;
	return {
		identityId: out.IdentityId,
		accessKeyId: c.AccessKeyId,
		secretAccessKey: c.SecretKey,
		sessionToken: c.SessionToken,
		expiration: new Date(c.Expiration * 1000),
	};
}

// NotesAPI calls the demo's notes routes, signing each request with SigV4
// for execute-api when it has credentials.
export class NotesAPI {
	constructor(baseURL, region) {
		this.baseURL = baseURL;
		this.region = region;
		this.client = null;
	}

	setCredentials(creds) {
		this.client = creds
			? new AwsClient({
				accessKeyId: creds.accessKeyId,
				secretAccessKey: creds.secretAccessKey,
				sessionToken: creds.sessionToken,
				service: 'execute-api',
				region: this.region,
				retries: 0,
			})
			: null;
	}

	async call(method, path, body) {
		if (!this.client) {
			throw new Error('get AWS credentials first');
		}
		const init = { method, headers: {} };
		if (body !== undefined) {
			init.headers['Content-Type'] = 'application/json';
			init.body = JSON.stringify(body);
		}
		const res = await this.client.fetch(this.baseURL + path, init);
		const out = await readBody(res);
		if (!res.ok) {
			throw errorOf(res, out);
		}
		return out;
	}

	list() {
		return this.call('GET', '/notes');
	}

	create(content) {
		return this.call('POST', '/notes', { content });
	}

	remove(noteId) {
		return this.call('DELETE', `/notes/${encodeURIComponent(noteId)}`);
	}

	// unsigned calls GET /notes without any credentials and returns the
	// status, AWS's error type and the body, whatever they are.
	async unsigned() {
		const res = await fetch(this.baseURL + '/notes');
		return {
			status: res.status,
			statusText: res.statusText,
			errorType: res.headers.get('x-amzn-ErrorType') || '',
			body: await res.text(),
		};
	}
}

// outboxCode returns the newest sign-up code the outbox holds for email in
// the pool, or '' when there is none.
export async function outboxCode(outboxURL, userPoolId, email) {
	const q = new URLSearchParams({ userPoolId, destination: email });
	const res = await fetch(`${outboxURL}?${q}`, { cache: 'no-store' });
	const body = await readBody(res);
	if (!res.ok) {
		throw errorOf(res, body);
	}
	const codes = (body.messages || []).filter((m) => m.purpose === 'SignUp' && m.code);
	return codes.length ? codes[codes.length - 1].code : '';
}
