// aws-amplify v6 and a user created by an administrator (AdminCreateUser,
// by the Go test) with a temporary password: signIn (USER_SRP_AUTH) stops
// at CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED; confirmSignIn with a
// password the pool's policy refuses is InvalidPasswordException, with a
// good one the user is signed in, and the identity pool gives credentials.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { confirmSignIn, fetchAuthSession, fetchUserAttributes, getCurrentUser, signIn, signOut } from 'aws-amplify/auth';

import { assertSRPSignIn, configure, identityIdPattern, takeCalls, targets, uuidPattern } from './amplify_lib.mjs';
import { env } from './lib/gatehouse.mjs';

const newPassword = process.env.NEW_PASSWORD;
const newPasswordRequired = {
	isSignedIn: false,
	nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', missingAttributes: [] },
};

configure();

let challengeSession; // the Session of NEW_PASSWORD_REQUIRED

test('a temporary password must be replaced at the first sign-in', async (t) => {
	assert.ok(newPassword, 'NEW_PASSWORD is not set');

	await t.test('signIn: CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED after the SRP exchange', async () => {
		takeCalls();
		const result = await signIn({ username: env.username, password: env.password });
		assert.deepEqual(result, newPasswordRequired);
		const respond = assertSRPSignIn(takeCalls(), env.username, env.password);
		assert.equal(respond.status, 200);
		assert.equal(respond.response.ChallengeName, 'NEW_PASSWORD_REQUIRED');
		challengeSession = respond.response.Session;
		assert.ok(challengeSession, 'no Session');
		assert.equal(respond.response.AuthenticationResult, undefined);
	});

	await t.test('confirmSignIn with a password the policy refuses: InvalidPasswordException', async () => {
		takeCalls();
		const err = await confirmSignIn({ challengeResponse: 'short' }).then(
			() => assert.fail('a too short password was accepted'),
			(e) => e,
		);
		assert.equal(err.name, 'InvalidPasswordException');
		assert.equal(err.message, 'Password did not conform with policy: Password not long enough');
		const recorded = takeCalls();
		assert.deepEqual(targets(recorded), ['AWSCognitoIdentityProviderService.RespondToAuthChallenge']);
		assert.equal(recorded[0].body.Session, challengeSession);
		assert.equal(recorded[0].status, 400);
	});

	await t.test('confirmSignIn with a good password signs in', async () => {
		// Amplify keeps the challenge after the refusal and answers it again
		// in the same Session, which stays valid, as on Cognito.
		const result = await confirmSignIn({ challengeResponse: newPassword });
		assert.deepEqual(result, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
		const [respond] = takeCalls().filter((c) => c.target);
		assert.equal(respond.target, 'AWSCognitoIdentityProviderService.RespondToAuthChallenge');
		assert.equal(respond.body.ChallengeName, 'NEW_PASSWORD_REQUIRED');
		assert.equal(respond.body.ChallengeResponses.NEW_PASSWORD, newPassword);
		assert.match(respond.body.ChallengeResponses.USERNAME, uuidPattern);
		assert.equal(respond.body.Session, challengeSession);
		assert.equal(respond.status, 200);
		assert.ok(respond.response.AuthenticationResult.RefreshToken, 'no refresh token');

		const user = await getCurrentUser();
		assert.match(user.userId, uuidPattern);
		assert.equal(user.username, user.userId);
		assert.equal(user.signInDetails.loginId, env.username);

		const session = await fetchAuthSession();
		assert.equal(session.tokens.idToken.payload.email, env.username);
		assert.equal(session.tokens.idToken.payload.sub, user.userId);
		assert.match(session.identityId, identityIdPattern);
		assert.match(session.credentials.accessKeyId, /^ASIA[A-Z0-9]{16}$/);
		assert.ok(session.credentials.expiration.getTime() > Date.now());

		const attributes = await fetchUserAttributes();
		assert.deepEqual(attributes, {
			sub: user.userId,
			email: env.username, // not verified: AdminCreateUser was not told so
			name: 'Invited Reader',
		});
		await signOut();
	});

	await t.test('the new password signs in, the temporary one no longer', async () => {
		assert.deepEqual(await signIn({ username: env.username, password: newPassword }), {
			isSignedIn: true,
			nextStep: { signInStep: 'DONE' },
		});
		await signOut();
		const err = await signIn({ username: env.username, password: env.password }).then(
			() => assert.fail('signed in with the temporary password'),
			(e) => e,
		);
		assert.equal(err.name, 'NotAuthorizedException');
		assert.equal(err.message, 'Incorrect username or password.');
	});
});
