// amazon-cognito-identity-js with authenticationFlowType USER_PASSWORD_AUTH:
// one InitiateAuth call; then signOut with revocation (RevokeToken).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { env, newUser, nodeCallback, request, signIn, userPool, uuidPattern } from './lib/gatehouse.mjs';

test('USER_PASSWORD_AUTH sign-in and token revocation', async (t) => {
	const pool = userPool();
	const user = newUser(env.username, pool);
	let session;

	await t.test('authenticateUser signs in with the password', async () => {
		session = await signIn(user, env.password, 'USER_PASSWORD_AUTH');
		assert.equal(session.isValid(), true);
		const id = session.getIdToken().payload;
		assert.equal(id.token_use, 'id');
		assert.equal(id.aud, env.clientId);
		assert.equal(id.iss, env.issuer);
		assert.equal(id.email, env.userAttributes.email);
		assert.match(id.sub, uuidPattern);
		assert.equal(id['cognito:username'], id.sub);
		const access = session.getAccessToken().payload;
		assert.equal(access.token_use, 'access');
		assert.equal(access.client_id, env.clientId);
		assert.equal(access.username, id.sub);
	});

	await t.test('GetUser answers for the access token', async () => {
		const out = await request(pool, 'GetUser', { AccessToken: session.getAccessToken().getJwtToken() });
		assert.equal(out.Username, session.getIdToken().payload.sub);
		const got = Object.fromEntries(out.UserAttributes.map((a) => [a.Name, a.Value]));
		assert.deepEqual(got, { ...env.userAttributes, sub: out.Username });
	});

	await t.test('signOut with a callback revokes the refresh token', async () => {
		const accessToken = session.getAccessToken().getJwtToken();
		const refreshToken = session.getRefreshToken();
		// The library revokes only tokens that carry origin_jti, as Cognito's do.
		assert.ok(session.getAccessToken().payload.origin_jti, 'the access token has no origin_jti');
		await nodeCallback((cb) => user.signOut((err) => cb(err, 'done')));
		assert.equal(pool.getCurrentUser(), null);

		const err = await nodeCallback((cb) => newUser(env.username, pool).refreshSession(refreshToken, cb)).then(
			() => assert.fail('refreshSession succeeded after RevokeToken'),
			(e) => e,
		);
		assert.equal(err.code, 'NotAuthorizedException');
		assert.equal(err.message, 'Refresh Token has been revoked');

		// RevokeToken also revokes the access tokens issued with the refresh token.
		const getUser = await request(pool, 'GetUser', { AccessToken: accessToken }).then(
			() => assert.fail('GetUser succeeded after RevokeToken'),
			(e) => e,
		);
		assert.equal(getUser.code, 'NotAuthorizedException');
		assert.equal(getUser.message, 'Access Token has been revoked');
	});
});
