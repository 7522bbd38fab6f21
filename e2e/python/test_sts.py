"""boto3's sts client: GetCallerIdentity with an IAM user's keys and with
temporary credentials that AssumeRoleWithWebIdentity traded for the demo
user's ID token, and STS's errors as botocore reports them."""

import os
import re
import time
import unittest

import boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

from gatehouse_env import CLIENT_ID, ENDPOINT, PASSWORD, REGION, USERNAME, cognito_idp

IAM_ACCESS_KEY_ID = os.environ["IAM_ACCESS_KEY_ID"]
IAM_SECRET_ACCESS_KEY = os.environ["IAM_SECRET_ACCESS_KEY"]
ROLE_ARN = os.environ["ROLE_ARN"]
ROLE_NAME = ROLE_ARN.rsplit("/", 1)[1]


def sts(signed=True, **credentials):
    config = None if signed else Config(signature_version=UNSIGNED)
    return boto3.client("sts", endpoint_url=ENDPOINT, region_name=REGION, config=config, **credentials)


class STS(unittest.TestCase):
    def id_token(self):
        out = cognito_idp().initiate_auth(
            ClientId=CLIENT_ID,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": USERNAME, "PASSWORD": PASSWORD},
        )
        return out["AuthenticationResult"]["IdToken"]

    def assume(self, session_name="boto3-session", **extra):
        return sts(signed=False).assume_role_with_web_identity(
            RoleArn=ROLE_ARN, RoleSessionName=session_name, WebIdentityToken=self.id_token(), **extra
        )

    def assert_error(self, ctx, code, message, status):
        error = ctx.exception.response["Error"]
        self.assertEqual((error["Code"], error["Message"]), (code, message))
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)

    def test_iam_user(self):
        out = sts(aws_access_key_id=IAM_ACCESS_KEY_ID, aws_secret_access_key=IAM_SECRET_ACCESS_KEY).get_caller_identity()
        self.assertEqual(out["Arn"], "arn:aws:iam::123456789012:user/admin")
        self.assertEqual(out["Account"], "123456789012")
        self.assertRegex(out["UserId"], r"^AIDA[A-Z0-9]{17}$")
        self.assertTrue(out["ResponseMetadata"]["RequestId"])

    def test_temporary_credentials(self):
        out = self.assume()
        c = out["Credentials"]
        self.assertRegex(c["AccessKeyId"], r"^ASIA[A-Z0-9]{16}$")
        self.assertEqual(len(c["SecretAccessKey"]), 40)
        self.assertEqual(out["AssumedRoleUser"]["Arn"], f"arn:aws:sts::123456789012:assumed-role/{ROLE_NAME}/boto3-session")
        self.assertEqual(out["Audience"], CLIENT_ID)
        lifetime = c["Expiration"].timestamp() - time.time()
        self.assertTrue(3500 < lifetime <= 3600, lifetime)

        session = boto3.session.Session(
            aws_access_key_id=c["AccessKeyId"],
            aws_secret_access_key=c["SecretAccessKey"],
            aws_session_token=c["SessionToken"],
        )
        who = session.client("sts", endpoint_url=ENDPOINT, region_name=REGION).get_caller_identity()
        self.assertEqual(who["Arn"], f"arn:aws:sts::123456789012:assumed-role/{ROLE_NAME}/boto3-session")
        self.assertEqual(who["UserId"], out["AssumedRoleUser"]["AssumedRoleId"])
        self.assertTrue(re.match(r"^AROA[A-Z0-9]{17}:boto3-session$", who["UserId"]))

    def test_errors(self):
        c = self.assume()["Credentials"]
        token = c["SessionToken"]
        tampered = token[:20] + ("B" if token[20] == "A" else "A") + token[21:]
        cases = [
            ("unsigned", sts(signed=False), "MissingAuthenticationToken", "Request is missing Authentication Token"),
            (
                "tampered session token",
                sts(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=tampered),
                "InvalidClientTokenId",
                "The security token included in the request is invalid",
            ),
            (
                "unknown key",
                sts(aws_access_key_id="AKIAUNKNOWNKEY000000", aws_secret_access_key="x" * 40),
                "InvalidClientTokenId",
                "The security token included in the request is invalid",
            ),
        ]
        for name, client, code, message in cases:
            with self.subTest(name):
                with self.assertRaises(ClientError) as ctx:
                    client.get_caller_identity()
                self.assert_error(ctx, code, message, 403)

        with self.assertRaises(ClientError) as ctx:
            self.assume(session_name="bad name")
        self.assert_error(
            ctx,
            "ValidationError",
            "1 validation error detected: Value 'bad name' at 'roleSessionName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [\\w+=,.@-]*",
            400,
        )
        with self.assertRaises(ClientError) as ctx:
            sts(signed=False).assume_role_with_web_identity(
                RoleArn=ROLE_ARN, RoleSessionName="s1", WebIdentityToken="not-a-jwt"
            )
        self.assert_error(
            ctx,
            "InvalidIdentityToken",
            "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)",
            400,
        )


if __name__ == "__main__":
    unittest.main()
