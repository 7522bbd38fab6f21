// amazon-cognito-identity-js against a pool whose users sign in with a
// username, through an app client that allows SRP only.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { env, newUser, signIn, uuidPattern } from './lib/gatehouse.mjs';

const groups = JSON.parse(process.env.USER_GROUPS || '[]');

test('SRP sign-in keeps the username', async () => {
	const user = newUser();
	const session = await signIn(user, env.password);
	assert.equal(session.isValid(), true);
	const id = session.getIdToken().payload;
	assert.equal(id['cognito:username'], env.username);
	assert.equal(user.getUsername(), env.username);
	assert.match(id.sub, uuidPattern);
	assert.deepEqual(id['cognito:groups'], groups);
	assert.deepEqual(session.getAccessToken().payload['cognito:groups'], groups);
	assert.equal(session.getAccessToken().payload.username, env.username);
});

test('usernames are case-insensitive', async () => {
	const user = newUser(env.username.toUpperCase());
	const session = await signIn(user, env.password);
	assert.equal(session.getIdToken().payload['cognito:username'], env.username);
});

test('USER_PASSWORD_AUTH is not enabled for the client', async () => {
	const err = await signIn(newUser(), env.password, 'USER_PASSWORD_AUTH').then(
		() => assert.fail('USER_PASSWORD_AUTH sign-in succeeded'),
		(e) => e,
	);
	assert.equal(err.code, 'InvalidParameterException');
	assert.equal(err.message, 'USER_PASSWORD_AUTH flow not enabled for this client');
});
