package config

// The values of the configuration's enumerated fields, in AWS's spelling.

// Route.Auth values.
const (
	AuthAWSIAM           = "AWS_IAM"
	AuthCognitoUserPools = "COGNITO_USER_POOLS"
	AuthNone             = "NONE"
)

// Authorizer.Type values.
const AuthorizerCognitoUserPools = "COGNITO_USER_POOLS"

// Integration.Type values.
const (
	IntegrationLambda    = "lambda"
	IntegrationHTTPProxy = "http_proxy"
	IntegrationMock      = "mock"
	IntegrationMockEcho  = "mock_echo"
)

// UserPool.MFA values.
const (
	MFAOff      = "OFF"
	MFAOn       = "ON"
	MFAOptional = "OPTIONAL"
)

// MFANotEnforced is the warning logged for a user pool whose MFA is not
// MFAOff: Gatehouse implements no second factor.
const MFANotEnforced = "mfa is not enforced: sign-in asks for no second factor"

// UserPool.UsernameAttributes and AutoVerifiedAttributes values.
const (
	AttributeEmail       = "email"
	AttributePhoneNumber = "phone_number"
)

// UserPoolClient.ExplicitAuthFlows values. The last three are Cognito's
// legacy names, which cannot be mixed with the ALLOW_ ones.
const (
	FlowAdminUserPasswordAuth = "ALLOW_ADMIN_USER_PASSWORD_AUTH"
	FlowCustomAuth            = "ALLOW_CUSTOM_AUTH"
	FlowUserPasswordAuth      = "ALLOW_USER_PASSWORD_AUTH"
	FlowUserSRPAuth           = "ALLOW_USER_SRP_AUTH"
	FlowRefreshTokenAuth      = "ALLOW_REFRESH_TOKEN_AUTH"
	FlowLegacyAdminNoSRPAuth  = "ADMIN_NO_SRP_AUTH"
	FlowLegacyCustomAuthOnly  = "CUSTOM_AUTH_FLOW_ONLY"
	FlowLegacyUserPassword    = "USER_PASSWORD_AUTH"
)

// RoleMapping.Type and AmbiguousRoleResolution values.
const (
	RoleMappingToken           = "Token"
	RoleMappingRules           = "Rules"
	AmbiguousAuthenticatedRole = "AuthenticatedRole"
	AmbiguousDeny              = "Deny"
)

// MappingRule.MatchType values.
const (
	MatchEquals     = "Equals"
	MatchContains   = "Contains"
	MatchStartsWith = "StartsWith"
	MatchNotEqual   = "NotEqual"
)

// Quota.Period values.
const (
	PeriodDay   = "DAY"
	PeriodWeek  = "WEEK"
	PeriodMonth = "MONTH"
)
