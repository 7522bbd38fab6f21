package userpool

import (
	"slices"

	"github.com/gatehouse-dev/gatehouse/awsproto"
)

// The request and response shapes of the operations, with Cognito's member
// names. Members the service does not use (AnalyticsMetadata,
// UserContextData, ClientMetadata) are ignored, as Cognito ignores what it
// has no use for.

// Auth flows (AuthFlowType), in the order of Cognito's validation message.
const (
	flowUserSRP          = "USER_SRP_AUTH"
	flowRefreshTokenAuth = "REFRESH_TOKEN_AUTH"
	flowRefreshToken     = "REFRESH_TOKEN"
	flowCustom           = "CUSTOM_AUTH"
	flowAdminNoSRP       = "ADMIN_NO_SRP_AUTH"
	flowUserPassword     = "USER_PASSWORD_AUTH"
	flowAdminUserPass    = "ADMIN_USER_PASSWORD_AUTH"
	flowUser             = "USER_AUTH"
)

var authFlows = []string{flowUserSRP, flowRefreshTokenAuth, flowRefreshToken, flowCustom,
	flowAdminNoSRP, flowUserPassword, flowAdminUserPass, flowUser}

// Challenge names (ChallengeNameType).
const (
	challengePasswordVerifier    = "PASSWORD_VERIFIER"
	challengeNewPasswordRequired = "NEW_PASSWORD_REQUIRED"
)

var challengeNames = []string{"SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE",
	"MFA_SETUP", challengePasswordVerifier, "CUSTOM_CHALLENGE", "SELECT_CHALLENGE", "DEVICE_SRP_AUTH",
	"DEVICE_PASSWORD_VERIFIER", "ADMIN_NO_SRP_AUTH", challengeNewPasswordRequired, "SMS_OTP",
	"PASSWORD", "WEB_AUTHN", "PASSWORD_SRP"}

// Parameter names of AuthParameters, ChallengeParameters and
// ChallengeResponses.
const (
	paramUsername       = "USERNAME"
	paramPassword       = "PASSWORD"
	paramSecretHash     = "SECRET_HASH"
	paramSRPA           = "SRP_A"
	paramSRPB           = "SRP_B"
	paramSalt           = "SALT"
	paramSecretBlock    = "SECRET_BLOCK"
	paramUserIDForSRP   = "USER_ID_FOR_SRP"
	paramRefreshToken   = "REFRESH_TOKEN"
	paramClaimSignature = "PASSWORD_CLAIM_SIGNATURE"
	paramClaimBlock     = "PASSWORD_CLAIM_SECRET_BLOCK"
	paramTimestamp      = "TIMESTAMP"
	paramNewPassword    = "NEW_PASSWORD"
	paramUserAttributes = "userAttributes"
	paramRequiredAttrs  = "requiredAttributes"
	prefixUserAttribute = "userAttributes."
)

type initiateAuthInput struct {
	AuthFlow       string            `json:"AuthFlow"`
	AuthParameters map[string]string `json:"AuthParameters"`
	ClientId       string            `json:"ClientId"`
}

type respondToAuthChallengeInput struct {
	ChallengeName      string            `json:"ChallengeName"`
	ChallengeResponses map[string]string `json:"ChallengeResponses"`
	ClientId           string            `json:"ClientId"`
	Session            string            `json:"Session"`
}

type accessTokenInput struct {
	AccessToken string `json:"AccessToken"`
}

type revokeTokenInput struct {
	Token        string `json:"Token"`
	ClientId     string `json:"ClientId"`
	ClientSecret string `json:"ClientSecret"`
}

// authOutput is the output of InitiateAuth and RespondToAuthChallenge:
// either a challenge or an AuthenticationResult.
type authOutput struct {
	AuthenticationResult *authenticationResult `json:"AuthenticationResult,omitempty"`
	ChallengeName        string                `json:"ChallengeName,omitempty"`
	ChallengeParameters  map[string]string     `json:"ChallengeParameters"`
	Session              string                `json:"Session,omitempty"`
}

type authenticationResult struct {
	AccessToken  string `json:"AccessToken"`
	ExpiresIn    int64  `json:"ExpiresIn"`
	IdToken      string `json:"IdToken"`
	RefreshToken string `json:"RefreshToken,omitempty"`
	TokenType    string `json:"TokenType"`
}

type getUserOutput struct {
	Username       string          `json:"Username"`
	UserAttributes []attributeType `json:"UserAttributes"`
}

// empty is the output of operations that return nothing: {}.
type empty struct{}

func (in *initiateAuthInput) check(v *validation) {
	v.notNull("authFlow", in.AuthFlow != "")
	v.enum("authFlow", in.AuthFlow, authFlows)
	v.notNull("clientId", in.ClientId != "")
}

func (in *respondToAuthChallengeInput) check(v *validation) {
	v.notNull("challengeName", in.ChallengeName != "")
	v.enum("challengeName", in.ChallengeName, challengeNames)
	v.notNull("clientId", in.ClientId != "")
}

func (in *accessTokenInput) check(v *validation) {
	v.notNull("accessToken", in.AccessToken != "")
}

func (in *revokeTokenInput) check(v *validation) {
	v.notNull("token", in.Token != "")
	v.notNull("clientId", in.ClientId != "")
}

// decodeRequest reads a request body and runs check, which reports
// Cognito's model validation failures.
func decodeRequest[T any](body []byte, check func(*T, *validation)) (T, error) {
	var in T
	if err := awsproto.UnmarshalJSON(body, &in); err != nil {
		return in, err
	}
	var v validation
	check(&in, &v)
	return in, v.err()
}

// validation collects model validation failures (errValidation).
type validation []string

func (v *validation) notNull(member string, present bool) {
	if !present {
		*v = append(*v, notNullFailure(member))
	}
}

func (v *validation) enum(member, value string, allowed []string) {
	if value != "" && !slices.Contains(allowed, value) {
		*v = append(*v, enumFailure(member, value, allowed))
	}
}

func (v validation) err() error {
	if len(v) == 0 {
		return nil
	}
	return errValidation(v)
}
