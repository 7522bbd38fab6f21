"""The demo's notes API through the gateway from Python: temporary
credentials from boto3 (cognito-idp InitiateAuth USER_PASSWORD_AUTH, then
cognito-identity GetId and GetCredentialsForIdentity, unsigned), requests
signed with botocore's SigV4Auth for execute-api on an AWSRequest and sent
with requests; and API Gateway's refusals with status, x-amzn-ErrorType and
exact body."""

import json
import os
import unittest

import boto3
import requests
from botocore import UNSIGNED
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from gatehouse_env import CLIENT_ID, ENDPOINT, PASSWORD, REGION, USER_POOL_ID, USERNAME, cognito_idp

IDENTITY_POOL_ID = os.environ["IDENTITY_POOL_ID"]
PROVIDER = f"cognito-idp.{REGION}.amazonaws.com/{USER_POOL_ID}"
BASE = f"{ENDPOINT}/restapis/notesapi01/prod/_user_request_"
BAD_SIGNATURE = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
)


def temporary_credentials():
    """The demo user's identity pool credentials, as botocore Credentials."""
    out = cognito_idp().initiate_auth(
        ClientId=CLIENT_ID,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": USERNAME, "PASSWORD": PASSWORD},
    )
    logins = {PROVIDER: out["AuthenticationResult"]["IdToken"]}
    ci = boto3.client(
        "cognito-identity", endpoint_url=ENDPOINT, region_name=REGION, config=Config(signature_version=UNSIGNED)
    )
    identity_id = ci.get_id(IdentityPoolId=IDENTITY_POOL_ID, Logins=logins)["IdentityId"]
    c = ci.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)["Credentials"]
    return Credentials(c["AccessKeyId"], c["SecretKey"], c["SessionToken"])


class Gateway(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.credentials = temporary_credentials()
        cls.session = requests.Session()

    @classmethod
    def tearDownClass(cls):
        cls.session.close()

    def signed(self, method, path, body=None, credentials=None):
        """Signs the request with SigV4Auth for execute-api and sends it."""
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = AWSRequest(method=method, url=BASE + path, data=data, headers=headers)
        SigV4Auth(credentials or self.credentials, "execute-api", REGION).add_auth(request)
        prepared = request.prepare()
        return self.session.request(method, prepared.url, headers=dict(prepared.headers), data=prepared.body)

    def assert_gateway_error(self, res, status, error_type, body):
        self.assertEqual(res.status_code, status, res.text)
        self.assertEqual(res.headers.get("x-amzn-ErrorType"), error_type)
        self.assertEqual(res.text, body)

    def test_post_then_get_notes(self):
        created = self.signed("POST", "/notes", {"content": "from boto3 SigV4Auth"})
        self.assertEqual(created.status_code, 201, created.text)
        note = created.json()
        self.assertEqual(sorted(note), ["content", "createdAt", "noteId"])
        self.assertEqual(note["content"], "from boto3 SigV4Auth")
        self.assertTrue(created.headers.get("x-amzn-RequestId"))

        listed = self.signed("GET", "/notes")
        self.assertEqual(listed.status_code, 200, listed.text)
        self.assertEqual(listed.headers.get("Content-Type"), "application/json")
        self.assertIn(note, listed.json())

        one = self.signed("GET", f"/notes/{note['noteId']}")
        self.assertEqual(one.status_code, 200, one.text)
        self.assertEqual(one.json(), note)

    def test_unsigned_get_is_missing_authentication_token(self):
        res = self.session.get(BASE + "/notes")
        self.assert_gateway_error(
            res, 403, "MissingAuthenticationTokenException", '{"message":"Missing Authentication Token"}'
        )

    def test_wrong_secret_is_invalid_signature(self):
        c = self.credentials
        wrong = Credentials(c.access_key, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGKEYXX", c.token)
        res = self.signed("GET", "/notes", credentials=wrong)
        self.assert_gateway_error(res, 403, "InvalidSignatureException", json.dumps({"message": BAD_SIGNATURE}, separators=(",", ":")))


if __name__ == "__main__":
    unittest.main()
