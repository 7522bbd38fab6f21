// Generates vectors.json, the cross-implementation oracle of internal/srp's
// tests, with the real amazon-cognito-identity-js (version pinned in
// package-lock.json):
//
//	cd internal/srp/testdata && npm ci && node gen-vectors.js > vectors.json
//
// Each vector runs CognitoUser.authenticateUser (USER_SRP_AUTH) against a
// stub service that answers InitiateAuth with a PASSWORD_VERIFIER challenge
// and records the RespondToAuthChallenge request, with the client's random
// exponent a and the clock fixed. The service side of the challenge (v and
// B from a fixed b) is computed here with the library's own BigInteger and
// hash helpers, following the expressions of getPasswordAuthenticationKey.
// The password key comes from AuthenticationHelper.getPasswordAuthenticationKey.
//
// The inputs come from a deterministic generator, and some vectors search
// it for values that exercise padding: numbers whose hex starts with a digit
// ≥ 8 (padded with "00"), odd-length hex, a u with a leading zero byte,
// salts that are odd-length, zero-prefixed, upper-case or negative.
'use strict';

const crypto = require('crypto');
const {
	AuthenticationDetails,
	AuthenticationHelper,
	CognitoUser,
	CognitoUserPool,
	DateHelper,
} = require('amazon-cognito-identity-js');
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;

const RealDate = Date;

// withClock runs fn with `new Date()` and Date.now() fixed at ms.
function withClock(ms, fn) {
	class FixedDate extends RealDate {
		constructor(...args) {
			if (args.length === 0) super(ms);
			else super(...args);
		}
		static now() {
			return ms;
		}
	}
	global.Date = FixedDate;
	try {
		return fn();
	} finally {
		global.Date = RealDate;
	}
}

// bytes returns n deterministic bytes for a label.
function bytes(label, n) {
	const out = [];
	for (let i = 0; out.length < n; i++) {
		out.push(...crypto.createHash('sha256').update(`${label}/${i}`).digest());
	}
	return Buffer.from(out.slice(0, n));
}

function modPow(base, e, m) {
	let r;
	base.modPow(e, m, (err, v) => {
		if (err) throw err;
		r = v;
	});
	return r;
}

// helperWithA returns an AuthenticationHelper whose random a is aHex.
function helperWithA(poolName, aHex) {
	const orig = AuthenticationHelper.prototype.generateRandomSmallA;
	AuthenticationHelper.prototype.generateRandomSmallA = () => new BigInteger(aHex, 16);
	try {
		return new AuthenticationHelper(poolName);
	} finally {
		AuthenticationHelper.prototype.generateRandomSmallA = orig;
	}
}

// server computes v and B for b the way a Cognito server must.
function server(h, poolName, user, password, saltHex, bHex) {
	const salt = new BigInteger(saltHex, 16);
	const x = new BigInteger(h.hexHash(h.padHex(salt) + h.hash(`${poolName}${user}:${password}`)), 16);
	const v = modPow(h.g, x, h.N);
	const B = h.k.multiply(v).add(modPow(h.g, new BigInteger(bHex, 16), h.N)).mod(h.N);
	return { v, B };
}

// passwordKey runs getPasswordAuthenticationKey and also returns u and S.
function passwordKey(h, user, password, B, saltHex) {
	let S;
	const calculateS = h.calculateS.bind(h);
	h.calculateS = (x, b, cb) => calculateS(x, b, (err, s) => {
		S = s;
		cb(err, s);
	});
	let key;
	h.getPasswordAuthenticationKey(user, password, B, new BigInteger(saltHex, 16), (err, k) => {
		if (err) throw err;
		key = k;
	});
	return { key: Buffer.from(key), u: h.UValue, S };
}

// signIn runs CognitoUser.authenticateUser against a stub service and
// returns the SRP_A it sent and the challenge responses.
function signIn(c, B) {
	const pool = new CognitoUserPool({ UserPoolId: c.poolId, ClientId: 'testclientid' });
	let srpA;
	let responses;
	pool.client = {
		request(op, params, cb) {
			if (op === 'InitiateAuth') {
				srpA = params.AuthParameters.SRP_A;
				cb(null, {
					ChallengeName: 'PASSWORD_VERIFIER',
					ChallengeParameters: {
						SALT: c.salt,
						SECRET_BLOCK: c.secretBlock,
						SRP_B: B.toString(16),
						USERNAME: c.userIdForSRP,
						USER_ID_FOR_SRP: c.userIdForSRP,
					},
				});
			} else if (op === 'RespondToAuthChallenge') {
				responses = params.ChallengeResponses;
				cb({ code: 'StopHere', message: 'stub service' }, null);
			} else {
				throw new Error(`unexpected ${op}`);
			}
		},
	};
	const user = new CognitoUser({ Username: c.signInName, Pool: pool });
	let failure;
	const orig = AuthenticationHelper.prototype.generateRandomSmallA;
	AuthenticationHelper.prototype.generateRandomSmallA = () => new BigInteger(c.a, 16);
	try {
		withClock(c.timeMs, () =>
			user.authenticateUser(new AuthenticationDetails({ Username: c.signInName, Password: c.password }), {
				onSuccess: () => {
					failure = new Error('unexpected success');
				},
				onFailure: err => {
					if (err.code !== 'StopHere') failure = err;
				},
			}),
		);
	} finally {
		AuthenticationHelper.prototype.generateRandomSmallA = orig;
	}
	if (failure) throw failure;
	if (!responses) throw new Error('no RespondToAuthChallenge');
	return { srpA, responses, poolName: pool.getUserPoolName() };
}

const hex = n => n.toString(16);
const msb = s => /^[89a-f]/i.test(s);

// Properties of one computation, for the coverage check of the Go test.
function flags(h, r) {
	const f = [];
	const A = hex(r.A);
	const B = hex(r.B);
	const u = hex(r.u);
	const S = hex(r.S);
	if (A.length % 2 === 0 && msb(A)) f.push('A_msb');
	if (A.length % 2 === 1) f.push('A_odd');
	if (B.length % 2 === 0 && msb(B)) f.push('B_msb');
	if (B.length % 2 === 1) f.push('B_odd');
	if (u.length % 2 === 0 && msb(u)) f.push('u_msb');
	if (u.length < 63) f.push('u_short');
	if (S.length % 2 === 0 && msb(S)) f.push('S_msb');
	if (S.length % 2 === 1) f.push('S_odd');
	return f;
}

function compute(c) {
	const h = helperWithA(c.poolName, c.a);
	const { v, B } = server(h, c.poolName, c.userIdForSRP, c.password, c.salt, c.b);
	const A = h.largeAValue;
	const { key, u, S } = passwordKey(h, c.userIdForSRP, c.password, B, c.salt);
	return { h, v, A, B, u, S, key };
}

const cases = [
	{ name: 'ascii', userIdForSRP: 'alice', password: 'Passw0rd!' },
	{ name: 'uuid user, email alias', signInName: 'bob@example.com', userIdForSRP: '071337d9-11a0-44bb-a20b-c346fc9c6c83', password: 'correct horse battery staple' },
	{ name: 'unicode user and password', userIdForSRP: 'josé-ユーザー', password: 'pässwörd-パスワード' },
	{ name: 'astral plane', userIdForSRP: 'emoji😀user', password: '🔑🙂 secret 𝄞' },
	{ name: 'combining marks, colon in name', userIdForSRP: 'e\u0301:colon', password: 'Ünïcödé: "quotes" \'single\' \\ slash' },
	{ name: 'empty password', userIdForSRP: 'carol', password: '' },
	{ name: 'A top bit set', userIdForSRP: 'dave', password: 'pw-A-msb', want: ['A_msb'] },
	{ name: 'A top bit clear', userIdForSRP: 'erin', password: 'pw-A-low', reject: ['A_msb'] },
	{ name: 'A odd length', userIdForSRP: 'frank', password: 'pw-A-odd', want: ['A_odd'] },
	{ name: 'B top bit set, S top bit set', userIdForSRP: 'grace', password: 'pw-B-msb', want: ['B_msb', 'S_msb'] },
	{ name: 'B odd length', userIdForSRP: 'heidi', password: 'pw-B-odd', want: ['B_odd'] },
	{ name: 'u top bit set', userIdForSRP: 'ivan', password: 'pw-u-msb', want: ['u_msb'] },
	{ name: 'u with a leading zero byte', userIdForSRP: 'judy', password: 'pw-u-short', want: ['u_short'] },
	{ name: 'S odd length', userIdForSRP: 'mallory', password: 'pw-S-odd', want: ['S_odd'] },
	{ name: 'salt top bit set', userIdForSRP: 'niaj', password: 'pw', salt: 'c0ffee00deadbeef0123456789abcdef' },
	{ name: 'salt odd length', userIdForSRP: 'olivia', password: 'pw', salt: '7ffee00deadbeef0123456789abcdef' },
	{ name: 'salt with leading zeros', userIdForSRP: 'peggy', password: 'pw', salt: '0000ee00deadbeef0123456789abcdef' },
	{ name: 'salt upper case', userIdForSRP: 'rupert', password: 'pw', salt: 'ABCDEF0123456789ABCDEF0123456789' },
	{ name: 'negative salt', userIdForSRP: 'sybil', password: 'pw', salt: '-5e2f0d1c3b4a69788796a5b4c3d2e1f0' },
	{ name: 'negative salt, top bit of magnitude set', userIdForSRP: 'trent', password: 'pw', salt: '-80' },
	{ name: 'small a', userIdForSRP: 'victor', password: 'pw', a: '5' },
	{ name: '128-byte a, as the library draws', userIdForSRP: 'walter', password: 'pw', aBytes: 128 },
	{ name: 'pool id with region only prefix', poolId: 'eu-central-1_x', userIdForSRP: 'zoe', password: 'pw' },
	{ name: 'empty secret block', userIdForSRP: 'yves', password: 'pw', secretBlockBytes: 0 },
];

function main() {
	const vectors = [];
	cases.forEach((spec, i) => {
		for (let j = 0; ; j++) {
			if (j > 5000) throw new Error(`no inputs found for ${spec.name}`);
			const label = `gatehouse srp vector ${i}/${j}`;
			const c = {
				name: spec.name,
				poolId: spec.poolId || 'us-east-1_AbCdEf123',
				signInName: spec.signInName || spec.userIdForSRP,
				userIdForSRP: spec.userIdForSRP,
				password: spec.password,
				salt: spec.salt || bytes(`${label}/salt`, 16).toString('hex'),
				a: spec.a || bytes(`${label}/a`, spec.aBytes || 32).toString('hex'),
				b: bytes(`${label}/b`, 32).toString('hex'),
				secretBlock: bytes(`${label}/secret block`, spec.secretBlockBytes ?? 96 + i).toString('base64'),
				// Days 1..24 of months 0..11 in several years, every hour.
				timeMs: RealDate.UTC(2019 + (i % 7), i % 12, 1 + i, (i * 5) % 24, (i * 7) % 60, (i * 13) % 60),
			};
			c.poolName = c.poolId.split('_')[1];
			const r = compute(c);
			const f = flags(r.h, r);
			if ((spec.want || []).some(w => !f.includes(w))) continue;
			if ((spec.reject || []).some(w => f.includes(w))) continue;

			const flow = signIn(c, r.B);
			if (flow.poolName !== c.poolName) throw new Error('pool name');
			if (flow.srpA !== hex(r.A)) throw new Error('SRP_A differs from helper A');
			if (flow.responses.USERNAME !== c.userIdForSRP) throw new Error('USERNAME');
			// The flow's signature must be the HMAC of the helper's key.
			const { Sha256 } = require('@aws-crypto/sha256-js');
			const mac = new Sha256(r.key);
			mac.update(Buffer.concat([
				Buffer.from(c.poolName, 'utf8'),
				Buffer.from(c.userIdForSRP, 'utf8'),
				Buffer.from(c.secretBlock, 'base64'),
				Buffer.from(flow.responses.TIMESTAMP, 'utf8'),
			]));
			if (Buffer.from(mac.digestSync()).toString('base64') !== flow.responses.PASSWORD_CLAIM_SIGNATURE) {
				throw new Error('signature differs from HMAC of helper key');
			}
			const salt = new BigInteger(c.salt, 16);
			vectors.push({
				name: c.name,
				poolId: c.poolId,
				poolName: c.poolName,
				userIdForSRP: c.userIdForSRP,
				password: c.password,
				salt: c.salt,
				a: c.a,
				b: c.b,
				secretBlock: c.secretBlock,
				timeMs: c.timeMs,
				v: hex(r.v),
				srpA: flow.srpA,
				srpB: hex(r.B),
				u: hex(r.u),
				S: hex(r.S),
				padHex: {
					salt: r.h.padHex(salt),
					A: r.h.padHex(r.A),
					B: r.h.padHex(r.B),
					u: r.h.padHex(r.u),
					S: r.h.padHex(r.S),
				},
				key: r.key.toString('hex'),
				timestamp: flow.responses.TIMESTAMP,
				signature: flow.responses.PASSWORD_CLAIM_SIGNATURE,
				flags: f,
			});
			break;
		}
	});

	const h = helperWithA('x', '1');
	const padHex = [-65536, -32769, -32768, -32767, -256, -255, -236, -200, -129, -128, -127, -56, -20, -1, 0, 1, 20, 56, 127, 128, 200, 236, 255, 256, 32767, 32768, 65535]
		.map(n => ({ n, hex: h.padHex(new BigInteger((n < 0 ? '-' : '') + Math.abs(n).toString(16), 16)) }));

	const timestamps = [];
	const instants = [];
	for (let d = 1; d <= 31; d++) instants.push(RealDate.UTC(2024, 0, d, d % 24, (d * 7) % 60, (d * 11) % 60));
	for (let m = 0; m < 12; m++) instants.push(RealDate.UTC(2023, m, 1 + m * 2, 0, 0, 0));
	instants.push(
		RealDate.UTC(2024, 1, 29, 23, 59, 59),
		RealDate.UTC(2000, 0, 1, 0, 0, 0),
		RealDate.UTC(1970, 0, 1, 0, 0, 0),
		RealDate.UTC(2038, 0, 19, 3, 14, 7),
		RealDate.UTC(9999, 11, 31, 23, 59, 59),
		RealDate.UTC(2024, 2, 5, 9, 4, 5) + 999,
	);
	for (const ms of instants) {
		timestamps.push({ timeMs: ms, text: withClock(ms, () => new DateHelper().getNowString()) });
	}

	const out = {
		library: `amazon-cognito-identity-js ${require('amazon-cognito-identity-js/package.json').version}`,
		k: hex(h.k),
		vectors,
		padHex,
		timestamps,
	};
	process.stdout.write(`${JSON.stringify(out, null, '\t')}\n`);
}

main();
