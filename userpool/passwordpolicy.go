package userpool

import (
	"strings"
	"unicode/utf8"

	"github.com/gatehouse-dev/gatehouse/config"
)

// passwordSymbols are the characters Cognito counts as symbols.
const passwordSymbols = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- "

// checkPasswordPolicy returns the InvalidPasswordException of the first
// rule of the pool's policy that password breaks, in Cognito's order:
// length, lowercase, uppercase, number, symbol.
func checkPasswordPolicy(pol config.PasswordPolicy, password string) error {
	switch {
	case utf8.RuneCountInString(password) < pol.MinimumLength:
		return errPasswordTooShort
	case pol.RequireLowercase && !strings.ContainsAny(password, "abcdefghijklmnopqrstuvwxyz"):
		return errPasswordNoLowercase
	case pol.RequireUppercase && !strings.ContainsAny(password, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
		return errPasswordNoUppercase
	case pol.RequireNumbers && !strings.ContainsAny(password, "0123456789"):
		return errPasswordNoNumber
	case pol.RequireSymbols && !strings.ContainsAny(password, passwordSymbols):
		return errPasswordNoSymbol
	}
	return nil
}
