package userpool

import (
	"errors"
	"net/http"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// The errors of the administrative operations (SigV4-signed), in Cognito's
// words. Like the others, they are HTTP 400.

// Exception names of the administrative operations.
const (
	codeUserNotFound         = "UserNotFoundException"
	codeUsernameExists       = "UsernameExistsException"
	codeAliasExists          = "AliasExistsException"
	codeGroupExists          = "GroupExistsException"
	codeUnsupportedUserState = "UnsupportedUserStateException"
)

// Users.
var (
	errUserNotFound   = apiError(codeUserNotFound, "User does not exist.")
	errUsernameExists = apiError(codeUsernameExists, "User account already exists")
	// errResetNoDestination answers AdminResetUserPassword for a user with
	// neither a verified email address nor a verified phone number.
	errResetNoDestination = apiError(codeInvalidParameter,
		"Cannot reset password for the user as there is no registered/verified email or phone_number")
)

// errAliasTaken answers a new user, or a change of attributes, whose email
// address or phone number another user of a pool with username_attributes
// signs in with: UsernameExistsException when creating a user,
// AliasExistsException when updating one.
func errAliasTaken(code, attribute string) *awsproto.Error {
	return apiError(code, "An account with the given "+attribute+" already exists.")
}

// errUsernameNotAlias answers a new username that is not the email address
// or phone number a pool with username_attributes requires.
func errUsernameNotAlias(p *config.UserPool) *awsproto.Error {
	email, phone := false, false
	for _, a := range p.UsernameAttributes {
		email = email || a == config.AttributeEmail
		phone = phone || a == config.AttributePhoneNumber
	}
	switch {
	case email && phone:
		return apiError(codeInvalidParameter, "Username should be either an email or a phone number.")
	case email:
		return apiError(codeInvalidParameter, "Username should be an email.")
	}
	return apiError(codeInvalidParameter, "Username should be a phone number.")
}

// errResendNotPossible answers MessageAction RESEND for a user who is no
// longer waiting for an invitation.
func errResendNotPossible(username string, status UserStatus) *awsproto.Error {
	return apiError(codeUnsupportedUserState, "Resend not possible. "+username+" status is "+string(status))
}

// Pools, clients and groups.
var (
	errAuthFlowNotEnabled = apiError(codeInvalidParameter, "Auth flow not enabled for this client")
	errGroupExists        = apiError(codeGroupExists, "A group with the name already exists.")
	errGroupNotFound      = apiError(codeResourceNotFound, "Group not found.")
	// errInvalidPaginationToken answers a PaginationToken or NextToken the
	// service did not issue for that listing.
	errInvalidPaginationToken = apiError(codeInvalidParameter, "Invalid pagination token.")
)

func errPoolNotFound(poolID string) *awsproto.Error {
	return apiError(codeResourceNotFound, "User pool "+poolID+" does not exist.")
}

// errConfigPoolReadOnly answers a change to a pool of the configuration.
func errConfigPoolReadOnly(poolID string) *awsproto.Error {
	return apiError(codeInvalidParameter, "User pool "+poolID+
		" is defined in the Gatehouse configuration and cannot be changed through the API.")
}

// errConfigClientReadOnly answers a change to an app client of the
// configuration.
func errConfigClientReadOnly(clientID string) *awsproto.Error {
	return apiError(codeInvalidParameter, "User pool client "+clientID+
		" is defined in the Gatehouse configuration and cannot be changed through the API.")
}

// ListUsers filters.
var errFilterSyntax = apiError(codeInvalidParameter, "Error while parsing filter.")

func errFilterAttribute(name string) *awsproto.Error {
	return apiError(codeInvalidParameter, "Invalid search attribute: "+name)
}

// adminAuthError renders a SigV4 verification failure as AWS JSON services
// do: the exception and message of the sigv4 table, but HTTP 400 where API
// Gateway says 403 (a body too large keeps its 413). Other errors (a failed
// credential lookup) stay internal.
func adminAuthError(err error) error {
	var se *sigv4.Error
	if !errors.As(err, &se) {
		return err
	}
	status := http.StatusBadRequest
	if se.Kind == sigv4.KindRequestTooLarge {
		status = se.Status
	}
	return awsproto.NewError(status, se.Code, se.Message)
}
