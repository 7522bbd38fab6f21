"""boto3's cognito-identity client, unsigned as AWS's public operations are:
GetId and GetCredentialsForIdentity with the demo user's ID token (the
enhanced flow), GetOpenIdToken, STS GetCallerIdentity with the credentials,
and Cognito Identity's errors as botocore reports them."""

import datetime
import os
import re
import unittest

import boto3
from botocore import UNSIGNED
from botocore.config import Config

from gatehouse_env import CLIENT_ID, ENDPOINT, PASSWORD, REGION, USER_POOL_ID, USERNAME, cognito_idp, jwt_claims

IDENTITY_POOL_ID = os.environ["IDENTITY_POOL_ID"]
PROVIDER = f"cognito-idp.{REGION}.amazonaws.com/{USER_POOL_ID}"
IDENTITY_ID = re.compile(r"^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def cognito_identity():
    return boto3.client(
        "cognito-identity", endpoint_url=ENDPOINT, region_name=REGION, config=Config(signature_version=UNSIGNED)
    )


class CognitoIdentity(unittest.TestCase):
    def setUp(self):
        self.ci = cognito_identity()
        out = cognito_idp().initiate_auth(
            ClientId=CLIENT_ID,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": USERNAME, "PASSWORD": PASSWORD},
        )
        self.id_token = out["AuthenticationResult"]["IdToken"]
        self.logins = {PROVIDER: self.id_token}

    def assert_error(self, ctx, code, message):
        error = ctx.exception.response["Error"]
        self.assertEqual(error["Code"], code)
        self.assertEqual(error["Message"], message)
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)

    def test_enhanced_flow(self):
        identity_id = self.ci.get_id(IdentityPoolId=IDENTITY_POOL_ID, Logins=self.logins)["IdentityId"]
        self.assertRegex(identity_id, IDENTITY_ID)
        self.assertEqual(self.ci.get_id(IdentityPoolId=IDENTITY_POOL_ID, Logins=self.logins)["IdentityId"], identity_id)

        out = self.ci.get_credentials_for_identity(IdentityId=identity_id, Logins=self.logins)
        self.assertEqual(out["IdentityId"], identity_id)
        c = out["Credentials"]
        self.assertEqual(sorted(c), ["AccessKeyId", "Expiration", "SecretKey", "SessionToken"])
        self.assertRegex(c["AccessKeyId"], r"^ASIA[A-Z0-9]{16}$")
        self.assertEqual(len(c["SecretKey"]), 40)
        # botocore parses the epoch seconds of the wire into a datetime.
        self.assertIsInstance(c["Expiration"], datetime.datetime)
        left = (c["Expiration"] - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
        self.assertTrue(3480 < left <= 3605, left)

        sts = boto3.client(
            "sts",
            endpoint_url=ENDPOINT,
            region_name=REGION,
            aws_access_key_id=c["AccessKeyId"],
            aws_secret_access_key=c["SecretKey"],
            aws_session_token=c["SessionToken"],
        )
        who = sts.get_caller_identity()
        self.assertEqual(who["Arn"], "arn:aws:sts::123456789012:assumed-role/notes-authenticated/CognitoIdentityCredentials")

    def test_get_open_id_token(self):
        identity_id = self.ci.get_id(IdentityPoolId=IDENTITY_POOL_ID, Logins=self.logins)["IdentityId"]
        out = self.ci.get_open_id_token(IdentityId=identity_id, Logins=self.logins)
        self.assertEqual(out["IdentityId"], identity_id)
        claims = jwt_claims(out["Token"])
        self.assertEqual(claims["iss"], "https://cognito-identity.amazonaws.com")
        self.assertEqual(claims["aud"], IDENTITY_POOL_ID)
        self.assertEqual(claims["sub"], identity_id)
        sub = jwt_claims(self.id_token)["sub"]
        self.assertEqual(claims["amr"], ["authenticated", PROVIDER, f"{PROVIDER}:CognitoSignIn:{sub}"])
        self.assertEqual(claims["exp"] - claims["iat"], 600)

    def test_errors(self):
        with self.assertRaises(self.ci.exceptions.NotAuthorizedException) as ctx:
            self.ci.get_id(IdentityPoolId=IDENTITY_POOL_ID)
        self.assert_error(ctx, "NotAuthorizedException", "Unauthenticated access is not supported for this identity pool.")

        with self.assertRaises(self.ci.exceptions.NotAuthorizedException) as ctx:
            self.ci.get_id(IdentityPoolId=IDENTITY_POOL_ID, Logins={PROVIDER: "not-a-token"})
        self.assert_error(ctx, "NotAuthorizedException", "Invalid login token. Not a valid OpenId Connect identity token.")

        missing = "us-east-1:00000000-0000-4000-8000-000000000000"
        with self.assertRaises(self.ci.exceptions.ResourceNotFoundException) as ctx:
            self.ci.get_credentials_for_identity(IdentityId=missing, Logins=self.logins)
        self.assert_error(ctx, "ResourceNotFoundException", f"Identity '{missing}' not found.")

        unknown = "us-east-1:99999999-9999-4999-8999-999999999999"
        with self.assertRaises(self.ci.exceptions.ResourceNotFoundException) as ctx:
            self.ci.get_id(IdentityPoolId=unknown, Logins=self.logins)
        self.assert_error(ctx, "ResourceNotFoundException", f"IdentityPool '{unknown}' not found.")


if __name__ == "__main__":
    unittest.main()
