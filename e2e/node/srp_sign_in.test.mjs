// amazon-cognito-identity-js with its default flow, USER_SRP_AUTH: sign in,
// the tokens of the session, getSession from storage, refreshSession,
// getUserAttributes (GetUser), and globalSignOut revoking the session.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	callbacks,
	env,
	newUser,
	nodeCallback,
	request,
	signIn,
	sleep,
	userPool,
	uuidPattern,
} from './lib/gatehouse.mjs';

test('USER_SRP_AUTH session lifecycle', async (t) => {
	const pool = userPool();
	const user = newUser(env.username, pool);
	let session;
	let id;
	let access;

	await t.test('authenticateUser signs in with SRP', async () => {
		session = await signIn(user, env.password);
		assert.equal(session.isValid(), true);
		id = session.getIdToken().payload;
		access = session.getAccessToken().payload;
		assert.notEqual(session.getRefreshToken().getToken(), '');
	});

	await t.test('the ID token has the user and the client', () => {
		assert.equal(id.token_use, 'id');
		assert.equal(id.aud, env.clientId);
		assert.equal(id.iss, env.issuer);
		assert.equal(id.email, env.userAttributes.email);
		assert.equal(id.email_verified, true);
		assert.equal(id.name, env.userAttributes.name);
		assert.match(id.sub, uuidPattern);
		// The pool signs users in by email, so the username is the sub,
		// which SRP's USER_ID_FOR_SRP gave the library.
		assert.equal(id['cognito:username'], id.sub);
		assert.equal(user.getUsername(), id.sub);
		assert.equal(id.exp - id.iat, 3600);
		assert.equal(id.auth_time, id.iat);
		assert.ok(Math.abs(id.iat - Date.now() / 1000) < 60, `iat ${id.iat} is not now`);
	});

	await t.test('the access token has the user and the client', () => {
		assert.equal(access.token_use, 'access');
		assert.equal(access.client_id, env.clientId);
		assert.equal(access.iss, env.issuer);
		assert.equal(access.username, id.sub);
		assert.equal(access.sub, id.sub);
		assert.equal(access.scope, 'aws.cognito.signin.user.admin');
		assert.equal(access.aud, undefined);
		assert.equal(access.exp - access.iat, 3600);
		assert.equal(access.origin_jti, id.origin_jti);
		assert.notEqual(access.jti, id.jti);
	});

	await t.test('getSession of the current user reads the stored session', async () => {
		const current = pool.getCurrentUser();
		assert.ok(current, 'getCurrentUser found no user');
		assert.equal(current.getUsername(), id.sub);
		const stored = await nodeCallback((cb) => current.getSession(cb));
		assert.equal(stored.isValid(), true);
		assert.equal(stored.getIdToken().getJwtToken(), session.getIdToken().getJwtToken());
		assert.equal(stored.getRefreshToken().getToken(), session.getRefreshToken().getToken());
	});

	await t.test('refreshSession returns new tokens and keeps the refresh token', async () => {
		await sleep(1100); // so that the new tokens are issued in a later second
		const refreshed = await nodeCallback((cb) => user.refreshSession(session.getRefreshToken(), cb));
		assert.equal(refreshed.isValid(), true);
		assert.notEqual(refreshed.getIdToken().getJwtToken(), session.getIdToken().getJwtToken());
		assert.notEqual(refreshed.getAccessToken().getJwtToken(), session.getAccessToken().getJwtToken());
		assert.equal(refreshed.getRefreshToken().getToken(), session.getRefreshToken().getToken());
		const newID = refreshed.getIdToken().payload;
		assert.equal(newID.token_use, 'id');
		assert.equal(newID.sub, id.sub);
		assert.equal(newID['cognito:username'], id.sub);
		assert.equal(newID.email, env.userAttributes.email);
		assert.ok(newID.iat > id.iat, `refreshed iat ${newID.iat} is not after ${id.iat}`);
		assert.equal(newID.auth_time, id.auth_time);
		assert.equal(newID.origin_jti, id.origin_jti);
		assert.notEqual(newID.jti, id.jti);
		session = refreshed;
	});

	await t.test('getUserAttributes answers the user\'s attributes', async () => {
		const attributes = await nodeCallback((cb) => user.getUserAttributes(cb));
		const got = Object.fromEntries(attributes.map((a) => [a.getName(), a.getValue()]));
		assert.deepEqual(got, { ...env.userAttributes, sub: id.sub });
	});

	await t.test('globalSignOut revokes the refresh and access tokens', async () => {
		const accessToken = session.getAccessToken().getJwtToken();
		const refreshToken = session.getRefreshToken();
		assert.equal(await callbacks((cb) => user.globalSignOut(cb)), 'SUCCESS');

		const err = await nodeCallback((cb) => user.refreshSession(refreshToken, cb)).then(
			() => assert.fail('refreshSession succeeded after globalSignOut'),
			(e) => e,
		);
		assert.equal(err.code, 'NotAuthorizedException');
		assert.equal(err.message, 'Refresh Token has been revoked');

		const getUser = await request(pool, 'GetUser', { AccessToken: accessToken }).then(
			() => assert.fail('GetUser succeeded after globalSignOut'),
			(e) => e,
		);
		assert.equal(getUser.code, 'NotAuthorizedException');
		assert.equal(getUser.message, 'Access Token has been revoked');
	});
});
