// Shared by the Node.js end-to-end test files: the environment the Go test
// sets, amazon-cognito-identity-js pointed at Gatehouse, and promise
// wrappers around the library's callback API.
import { Buffer } from 'node:buffer';
import {
	AuthenticationDetails,
	CognitoUser,
	CognitoUserPool,
} from 'amazon-cognito-identity-js';

// required returns the environment variable name, or throws: every test
// file is run by a Go test in e2e/ that sets them.
function required(name) {
	const value = process.env[name];
	if (!value) {
		throw new Error(`${name} is not set: run ./scripts/test, whose Go tests in e2e/ start gatehouse and run this file`);
	}
	return value;
}

export const env = {
	endpoint: required('GATEHOUSE_ENDPOINT'),
	userPoolId: required('USER_POOL_ID'),
	clientId: required('CLIENT_ID'),
	username: required('USERNAME'),
	password: required('PASSWORD'),
	issuer: process.env.ISSUER,
	userAttributes: JSON.parse(process.env.USER_ATTRIBUTES || '{}'),
};

// userPool returns the library's user pool object, talking to Gatehouse.
export function userPool() {
	return new CognitoUserPool({
		UserPoolId: env.userPoolId,
		ClientId: env.clientId,
		endpoint: env.endpoint,
	});
}

// newUser returns a CognitoUser of a new pool object (so with its own
// token storage).
export function newUser(username = env.username, pool = userPool()) {
	return new CognitoUser({ Username: username, Pool: pool });
}

// signIn runs authenticateUser with flow (the library's default is
// USER_SRP_AUTH) and resolves with the session, or rejects with the
// library's error. A challenge the test did not expect rejects too.
export function signIn(user, password, flow) {
	if (flow) {
		user.setAuthenticationFlowType(flow);
	}
	const details = new AuthenticationDetails({ Username: user.getUsername(), Password: password });
	return new Promise((resolve, reject) => {
		const unexpected = (name) => (...args) =>
			reject(new Error(`unexpected challenge ${name}: ${JSON.stringify(args)}`));
		user.authenticateUser(details, {
			onSuccess: resolve,
			onFailure: reject,
			newPasswordRequired: unexpected('newPasswordRequired'),
			mfaRequired: unexpected('mfaRequired'),
			totpRequired: unexpected('totpRequired'),
			customChallenge: unexpected('customChallenge'),
			mfaSetup: unexpected('mfaSetup'),
			selectMFAType: unexpected('selectMFAType'),
		});
	});
}

// nodeCallback turns a call taking a Node-style callback into a promise.
export function nodeCallback(call) {
	return new Promise((resolve, reject) => {
		call((err, value) => (err ? reject(err) : resolve(value)));
	});
}

// callbacks turns a call taking {onSuccess, onFailure} into a promise.
export function callbacks(call) {
	return new Promise((resolve, reject) => {
		call({ onSuccess: resolve, onFailure: reject });
	});
}

// request calls a user-pool operation directly with the library's client,
// as the library itself does.
export function request(pool, operation, params) {
	return pool.client.promisifyRequest(operation, params);
}

// decodeJwt splits a JWT into its decoded header and payload, the signed
// input and the signature.
export function decodeJwt(token) {
	const parts = token.split('.');
	if (parts.length !== 3) {
		throw new Error(`a JWT has 3 parts, this one ${parts.length}`);
	}
	const json = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
	return {
		header: json(parts[0]),
		payload: json(parts[1]),
		signingInput: `${parts[0]}.${parts[1]}`,
		signature: Buffer.from(parts[2], 'base64url'),
	};
}

// The shape of a sub (and so of the username of a pool that signs users in
// by email): a UUID.
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
