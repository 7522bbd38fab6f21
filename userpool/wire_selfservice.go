package userpool

import (
	"strconv"

	"github.com/gatehouse-dev/gatehouse/awsproto"
)

// The request and response shapes of the self-service operations, with
// Cognito's member names. ValidationData, ClientMetadata, AnalyticsMetadata
// and UserContextData are ignored: no pool of the configuration has
// Lambda triggers or advanced security.

type signUpInput struct {
	ClientId       string          `json:"ClientId"`
	SecretHash     string          `json:"SecretHash"`
	Username       string          `json:"Username"`
	Password       string          `json:"Password"`
	UserAttributes []attributeType `json:"UserAttributes"`
}

type signUpOutput struct {
	CodeDeliveryDetails *codeDeliveryDetails `json:"CodeDeliveryDetails,omitempty"`
	UserConfirmed       bool                 `json:"UserConfirmed"`
	UserSub             string               `json:"UserSub"`
}

type confirmSignUpInput struct {
	ClientId         string `json:"ClientId"`
	SecretHash       string `json:"SecretHash"`
	Username         string `json:"Username"`
	ConfirmationCode string `json:"ConfirmationCode"`
}

// userCodeInput is the input of ResendConfirmationCode and ForgotPassword.
type userCodeInput struct {
	ClientId   string `json:"ClientId"`
	SecretHash string `json:"SecretHash"`
	Username   string `json:"Username"`
}

// codeDeliveryOutput is the output of ResendConfirmationCode,
// ForgotPassword and GetUserAttributeVerificationCode.
type codeDeliveryOutput struct {
	CodeDeliveryDetails *codeDeliveryDetails `json:"CodeDeliveryDetails"`
}

type confirmForgotPasswordInput struct {
	ClientId         string `json:"ClientId"`
	SecretHash       string `json:"SecretHash"`
	Username         string `json:"Username"`
	ConfirmationCode string `json:"ConfirmationCode"`
	Password         string `json:"Password"`
}

type changePasswordInput struct {
	AccessToken      string `json:"AccessToken"`
	PreviousPassword string `json:"PreviousPassword"`
	ProposedPassword string `json:"ProposedPassword"`
}

type updateUserAttributesInput struct {
	AccessToken    string          `json:"AccessToken"`
	UserAttributes []attributeType `json:"UserAttributes"`
}

type updateUserAttributesOutput struct {
	CodeDeliveryDetailsList []codeDeliveryDetails `json:"CodeDeliveryDetailsList,omitempty"`
}

// attributeCodeInput is the input of GetUserAttributeVerificationCode and
// VerifyUserAttribute (which has Code).
type attributeCodeInput struct {
	AccessToken   string `json:"AccessToken"`
	AttributeName string `json:"AttributeName"`
	Code          string `json:"Code"`
}

func decodeSignUp(body []byte) (signUpInput, error) {
	var in signUpInput
	if err := awsproto.UnmarshalJSON(body, &in); err != nil {
		return in, err
	}
	var v validation
	v.notNull("clientId", in.ClientId != "")
	v.notNull("username", in.Username != "")
	v.notNull("password", in.Password != "")
	v.attributeNames("userAttributes", in.UserAttributes)
	return in, v.err()
}

func decodeConfirmSignUp(body []byte) (confirmSignUpInput, error) {
	var in confirmSignUpInput
	if err := awsproto.UnmarshalJSON(body, &in); err != nil {
		return in, err
	}
	var v validation
	v.notNull("clientId", in.ClientId != "")
	v.notNull("username", in.Username != "")
	v.notNull("confirmationCode", in.ConfirmationCode != "")
	return in, v.err()
}

func decodeUserCodeInput(body []byte) (userCodeInput, error) {
	var in userCodeInput
	if err := awsproto.UnmarshalJSON(body, &in); err != nil {
		return in, err
	}
	var v validation
	v.notNull("clientId", in.ClientId != "")
	v.notNull("username", in.Username != "")
	return in, v.err()
}

func decodeConfirmForgotPassword(body []byte) (confirmForgotPasswordInput, error) {
	var in confirmForgotPasswordInput
	if err := awsproto.UnmarshalJSON(body, &in); err != nil {
		return in, err
	}
	var v validation
	v.notNull("clientId", in.ClientId != "")
	v.notNull("username", in.Username != "")
	v.notNull("confirmationCode", in.ConfirmationCode != "")
	v.notNull("password", in.Password != "")
	return in, v.err()
}

func decodeChangePassword(body []byte) (changePasswordInput, error) {
	var in changePasswordInput
	if err := awsproto.UnmarshalJSON(body, &in); err != nil {
		return in, err
	}
	var v validation
	v.notNull("previousPassword", in.PreviousPassword != "")
	v.notNull("proposedPassword", in.ProposedPassword != "")
	v.notNull("accessToken", in.AccessToken != "")
	return in, v.err()
}

func decodeUpdateUserAttributes(body []byte) (updateUserAttributesInput, error) {
	var in updateUserAttributesInput
	if err := awsproto.UnmarshalJSON(body, &in); err != nil {
		return in, err
	}
	var v validation
	v.notNull("userAttributes", in.UserAttributes != nil)
	v.attributeNames("userAttributes", in.UserAttributes)
	v.notNull("accessToken", in.AccessToken != "")
	return in, v.err()
}

// decodeAttributeCode reads GetUserAttributeVerificationCode (withCode
// false) and VerifyUserAttribute requests.
func decodeAttributeCode(body []byte, withCode bool) (attributeCodeInput, error) {
	var in attributeCodeInput
	if err := awsproto.UnmarshalJSON(body, &in); err != nil {
		return in, err
	}
	var v validation
	v.notNull("accessToken", in.AccessToken != "")
	v.notNull("attributeName", in.AttributeName != "")
	if withCode {
		v.notNull("code", in.Code != "")
	}
	return in, v.err()
}

// attributeNames requires the Name of every AttributeType of a list.
func (v *validation) attributeNames(member string, attrs []attributeType) {
	for i, a := range attrs {
		v.notNull(member+"."+strconv.Itoa(i+1)+".member.name", a.Name != "")
	}
}
