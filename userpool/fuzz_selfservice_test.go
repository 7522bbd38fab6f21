package userpool

import (
	"testing"
)

// The decoders of the self-service operations read untrusted bodies: they
// must never panic, must fail only with a 4xx AWS error, and must return
// only requests with their required members.
func FuzzDecodeSelfService(f *testing.F) {
	seeds := []struct {
		op   uint8
		body string
	}{
		{0, `{"ClientId":"c","Username":"a@example.com","Password":"Passw0rd!","UserAttributes":[{"Name":"name","Value":"A"}]}`},
		{1, `{"ClientId":"c","Username":"u","ConfirmationCode":"123456","SecretHash":"aGFzaA=="}`},
		{2, `{"ClientId":"c","Username":"u"}`},
		{3, `{"ClientId":"c","Username":"u","ConfirmationCode":"123456","Password":"p"}`},
		{4, `{"AccessToken":"t","PreviousPassword":"a","ProposedPassword":"b"}`},
		{5, `{"AccessToken":"t","UserAttributes":[{"Name":"email","Value":"a@example.com"},{"Name":null}]}`},
		{6, `{"AccessToken":"t","AttributeName":"email"}`},
		{7, `{"AccessToken":"t","AttributeName":"email","Code":"123456"}`},
	}
	for _, s := range seeds {
		f.Add(s.op, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, op uint8, body []byte) {
		var (
			ok  bool
			err error
		)
		switch op % 8 {
		case 0:
			var in signUpInput
			in, err = decodeRequest(body, (*signUpInput).check)
			ok = in.ClientId != "" && in.Username != "" && in.Password != "" && namedAttributes(in.UserAttributes)
		case 1:
			var in confirmSignUpInput
			in, err = decodeRequest(body, (*confirmSignUpInput).check)
			ok = in.ClientId != "" && in.Username != "" && in.ConfirmationCode != ""
		case 2:
			var in userCodeInput
			in, err = decodeRequest(body, (*userCodeInput).check)
			ok = in.ClientId != "" && in.Username != ""
		case 3:
			var in confirmForgotPasswordInput
			in, err = decodeRequest(body, (*confirmForgotPasswordInput).check)
			ok = in.ClientId != "" && in.Username != "" && in.ConfirmationCode != "" && in.Password != ""
		case 4:
			var in changePasswordInput
			in, err = decodeRequest(body, (*changePasswordInput).check)
			ok = in.AccessToken != "" && in.PreviousPassword != "" && in.ProposedPassword != ""
		case 5:
			var in updateUserAttributesInput
			in, err = decodeRequest(body, (*updateUserAttributesInput).check)
			ok = in.AccessToken != "" && in.UserAttributes != nil && namedAttributes(in.UserAttributes)
		case 6, 7:
			var in attributeCodeInput
			withCode := op%8 == 7
			check := (*attributeCodeInput).check
			if withCode {
				check = (*attributeCodeInput).checkWithCode
			}
			in, err = decodeRequest(body, check)
			ok = in.AccessToken != "" && in.AttributeName != "" && (!withCode || in.Code != "")
		}
		if err != nil {
			requireClientError(t, err)
			return
		}
		if !ok {
			t.Fatalf("operation %d accepted an invalid request: %q", op%8, body)
		}
	})
}

func namedAttributes(attrs []attributeType) bool {
	for _, a := range attrs {
		if a.Name == "" {
			return false
		}
	}
	return true
}
