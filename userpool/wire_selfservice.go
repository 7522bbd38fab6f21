package userpool

import (
	"strconv"
)

// The request and response shapes of the self-service operations, with
// Cognito's member names. ValidationData, ClientMetadata, AnalyticsMetadata
// and UserContextData are ignored: no pool of the configuration has
// Lambda triggers or advanced security.

type signUpInput struct {
	userCodeInput
	Password       string          `json:"Password"`
	UserAttributes []attributeType `json:"UserAttributes"`
}

type signUpOutput struct {
	CodeDeliveryDetails *codeDeliveryDetails `json:"CodeDeliveryDetails,omitempty"`
	UserConfirmed       bool                 `json:"UserConfirmed"`
	UserSub             string               `json:"UserSub"`
}

type confirmSignUpInput struct {
	userCodeInput
	ConfirmationCode string `json:"ConfirmationCode"`
}

// userCodeInput is the input of ResendConfirmationCode and ForgotPassword,
// and the client and user of SignUp and the confirmations.
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
	userCodeInput
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

func (in *userCodeInput) check(v *validation) {
	v.notNull("clientId", in.ClientId != "")
	v.notNull("username", in.Username != "")
}

func (in *signUpInput) check(v *validation) {
	in.userCodeInput.check(v)
	v.notNull("password", in.Password != "")
	v.attributeNames("userAttributes", in.UserAttributes)
}

func (in *confirmSignUpInput) check(v *validation) {
	in.userCodeInput.check(v)
	v.notNull("confirmationCode", in.ConfirmationCode != "")
}

func (in *confirmForgotPasswordInput) check(v *validation) {
	in.userCodeInput.check(v)
	v.notNull("confirmationCode", in.ConfirmationCode != "")
	v.notNull("password", in.Password != "")
}

func (in *changePasswordInput) check(v *validation) {
	v.notNull("previousPassword", in.PreviousPassword != "")
	v.notNull("proposedPassword", in.ProposedPassword != "")
	v.notNull("accessToken", in.AccessToken != "")
}

func (in *updateUserAttributesInput) check(v *validation) {
	v.notNull("userAttributes", in.UserAttributes != nil)
	v.attributeNames("userAttributes", in.UserAttributes)
	v.notNull("accessToken", in.AccessToken != "")
}

// check is GetUserAttributeVerificationCode's; checkWithCode,
// VerifyUserAttribute's.
func (in *attributeCodeInput) check(v *validation) {
	v.notNull("accessToken", in.AccessToken != "")
	v.notNull("attributeName", in.AttributeName != "")
}

func (in *attributeCodeInput) checkWithCode(v *validation) {
	in.check(v)
	v.notNull("code", in.Code != "")
}

// attributeNames requires the Name of every AttributeType of a list.
func (v *validation) attributeNames(member string, attrs []attributeType) {
	for i, a := range attrs {
		v.notNull(member+"."+strconv.Itoa(i+1)+".member.name", a.Name != "")
	}
}
