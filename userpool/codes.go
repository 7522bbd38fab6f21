package userpool

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/messaging"
	"github.com/gatehouse-dev/gatehouse/store"
)

// Confirmation and verification codes: six random digits, sent through the
// message sink to an email address or phone number of the user, and kept
// in the store only as an HMAC under a secret of the service, bound to the
// pool, the user (and their sub, so that a user created again under the same
// name does not inherit a code), the purpose and the attribute. A new code
// of a purpose replaces the one before; a code works once; after
// maxCodeAttempts wrong attempts it stops working.

// kindCode is the store kind of codes: id codeID(...).
const kindCode = "userpool-code"

// secretCodes names the secret codes are hashed under.
const secretCodes = "verification-codes"

const (
	codeDigits      = 6
	maxCodeAttempts = 5
	// Cognito's validity of confirmation and attribute verification codes,
	// and of password reset codes.
	verificationCodeValidity  = 24 * time.Hour
	passwordResetCodeValidity = time.Hour
)

// codePurpose is what a code is for; it is also the Purpose of the message
// that carries it.
type codePurpose string

const (
	purposeSignUp          codePurpose = "SignUp"
	purposeForgotPassword  codePurpose = "ForgotPassword"
	purposeVerifyAttribute codePurpose = "VerifyAttribute"
)

func (p codePurpose) validity() time.Duration {
	if p == purposeForgotPassword {
		return passwordResetCodeValidity
	}
	return verificationCodeValidity
}

// Cognito's default messages. The subject is that of emails; SMS messages
// have the body only.
const (
	codeSubject           = "Your verification code"
	verificationTemplate  = "Your verification code is {####}. "
	passwordResetTemplate = "Your password reset code is {####}"
	codePlaceholder       = "{####}"
)

// codeRecord is a code as stored.
type codeRecord struct {
	Sub string `json:"sub"`
	// Attribute is where the code went (email or phone_number) and
	// Destination its value then: a confirmation verifies that attribute
	// only if it still has that value.
	Attribute   string    `json:"attribute"`
	Destination string    `json:"destination"`
	Hash        []byte    `json:"hash"`
	Issued      time.Time `json:"issued"`
	Expires     time.Time `json:"expires"`
	Attempts    int       `json:"attempts,omitempty"`
	Used        bool      `json:"used,omitempty"`
}

// codeID is the store id of the code of a purpose: one per user for sign-up
// and password reset, one per user and attribute for verification.
func codeID(pool, username string, purpose codePurpose, attribute string) string {
	id := pool + "/" + strings.ToLower(username) + "/" + string(purpose)
	if purpose == purposeVerifyAttribute {
		id += "/" + attribute
	}
	return id
}

func (s *Service) codes() store.Collection[codeRecord] {
	return store.Collection[codeRecord]{Store: s.store, Kind: kindCode}
}

// codeHash is the stored form of a code.
func codeHash(key []byte, id, sub, code string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("gatehouse code v1\x00" + id + "\x00" + sub + "\x00" + code))
	return m.Sum(nil)
}

// randomCode returns codeDigits uniformly random decimal digits.
func (s *Service) randomCode() (string, error) {
	const modulus = 1_000_000
	const limit = (1 << 32) / modulus * modulus // rejection bound, no modulo bias
	var b [4]byte
	for {
		if _, err := io.ReadFull(s.rand, b[:]); err != nil {
			return "", fmt.Errorf("userpool: read random code: %w", err)
		}
		if n := binary.BigEndian.Uint32(b[:]); n < limit {
			return fmt.Sprintf("%0*d", codeDigits, n%modulus), nil
		}
	}
}

// issueCode makes a new code of purpose for the user, sent to attribute,
// stores its hash (replacing any code of the same purpose) and returns it.
func (s *Service) issueCode(ctx context.Context, u *userRecord, purpose codePurpose, attribute string) (string, error) {
	code, err := s.randomCode()
	if err != nil {
		return "", err
	}
	key, err := s.loadSecret(ctx, secretCodes)
	if err != nil {
		return "", err
	}
	id := codeID(u.Pool, u.Username, purpose, attribute)
	now := s.now()
	rec := codeRecord{
		Sub: u.Sub, Attribute: attribute, Destination: u.Attributes[attribute],
		Hash: codeHash(key, id, u.Sub, code), Issued: now, Expires: now.Add(purpose.validity()),
	}
	replace := func(codeRecord) (codeRecord, error) { return rec, nil }
	err = s.codes().Update(ctx, id, replace)
	if errors.Is(err, store.ErrNotFound) {
		err = s.codes().Create(ctx, id, rec)
		if errors.Is(err, store.ErrAlreadyExists) {
			err = s.codes().Update(ctx, id, replace) // issued meanwhile: this one wins
		}
	}
	if err != nil {
		return "", err
	}
	return code, nil
}

// useCode checks a code the user gave for purpose and, when it is right,
// uses it up, in one store update (so that two nodes cannot both accept
// it). It returns the record of the code used, or errExpiredCode (no code,
// expired, or used), errAttemptLimitExceeded, or errCodeMismatch (which
// counts an attempt; a code replaced by a newer one is simply wrong).
func (s *Service) useCode(ctx context.Context, u *userRecord, purpose codePurpose, attribute, given string) (*codeRecord, error) {
	key, err := s.loadSecret(ctx, secretCodes)
	if err != nil {
		return nil, err
	}
	id := codeID(u.Pool, u.Username, purpose, attribute)
	var (
		outcome error
		used    codeRecord
	)
	err = s.codes().Update(ctx, id, func(rec codeRecord) (codeRecord, error) {
		switch {
		case rec.Used || rec.Sub != u.Sub:
			outcome = errExpiredCode
		case rec.Attempts >= maxCodeAttempts:
			outcome = errAttemptLimitExceeded
		case !s.now().Before(rec.Expires):
			outcome = errExpiredCode
		case !hmac.Equal(rec.Hash, codeHash(key, id, u.Sub, given)):
			rec.Attempts++
			outcome = errCodeMismatch
		default:
			rec.Used = true
			used, outcome = rec, nil
		}
		return rec, nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errExpiredCode
	}
	if err != nil {
		return nil, err
	}
	if outcome != nil {
		if outcome == errCodeMismatch {
			s.userEvent(ctx, "wrong code", u.Pool, u.Username,
				slog.String("purpose", string(purpose)))
		}
		return nil, outcome
	}
	// The record says Used: deleting it is only tidying up.
	if err := s.codes().Delete(ctx, id); err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	return &used, nil
}

// deleteCodes removes every code of a user (who is being deleted).
func (s *Service) deleteCodes(ctx context.Context, u *userRecord) error {
	ids := []string{
		codeID(u.Pool, u.Username, purposeSignUp, ""),
		codeID(u.Pool, u.Username, purposeForgotPassword, ""),
		codeID(u.Pool, u.Username, purposeVerifyAttribute, config.AttributeEmail),
		codeID(u.Pool, u.Username, purposeVerifyAttribute, config.AttributePhoneNumber),
	}
	for _, id := range ids {
		if err := s.codes().Delete(ctx, id); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return nil
}

// codeDeliveryDetails is Cognito's CodeDeliveryDetailsType.
type codeDeliveryDetails struct {
	AttributeName  string `json:"AttributeName"`
	DeliveryMedium string `json:"DeliveryMedium"`
	Destination    string `json:"Destination"`
}

// deliveryDetails describes a code sent to value of attribute, masked as
// Cognito masks it.
func deliveryDetails(attribute, value string) *codeDeliveryDetails {
	if attribute == config.AttributePhoneNumber {
		return &codeDeliveryDetails{AttributeName: attribute, DeliveryMedium: messaging.SMS, Destination: maskPhone(value)}
	}
	return &codeDeliveryDetails{AttributeName: attribute, DeliveryMedium: messaging.Email, Destination: maskEmail(value)}
}

// maskEmail keeps the first character of the local part and of the domain:
// "demo@example.com" is "d***@e***".
func maskEmail(v string) string {
	at := strings.LastIndex(v, "@")
	if at < 0 {
		return firstRune(v) + "***@***"
	}
	return firstRune(v[:at]) + "***@" + firstRune(v[at+1:]) + "***"
}

// maskPhone keeps the "+" and the last four digits: "+15555550100" is
// "+*******0100".
func maskPhone(v string) string {
	n := utf8.RuneCountInString(v)
	if n <= 5 {
		return strings.Repeat("*", n)
	}
	r := []rune(v)
	return string(r[0]) + strings.Repeat("*", n-5) + string(r[n-4:])
}

func firstRune(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 || r == utf8.RuneError {
		return ""
	}
	return string(r)
}

// deliverCode issues a code of purpose for the user, sends it to their
// attribute (email or phone_number) through the sink, and returns the
// CodeDeliveryDetails of the answer.
func (s *Service) deliverCode(ctx context.Context, u *userRecord, purpose codePurpose, attribute string) (*codeDeliveryDetails, error) {
	code, err := s.issueCode(ctx, u, purpose, attribute)
	if err != nil {
		return nil, err
	}
	id, err := newUUID(s.rand)
	if err != nil {
		return nil, err
	}
	template := verificationTemplate
	if purpose == purposeForgotPassword {
		template = passwordResetTemplate
	}
	dest := u.Attributes[attribute]
	m := messaging.Message{
		ID: id, Time: s.now(), UserPoolID: u.Pool, Username: u.Username, Purpose: string(purpose),
		DeliveryMedium: messaging.Email, Destination: dest, Subject: codeSubject,
		Body: strings.ReplaceAll(template, codePlaceholder, code), Code: code,
	}
	if attribute == config.AttributePhoneNumber {
		m.DeliveryMedium, m.Subject = messaging.SMS, ""
	}
	if err := s.sink.Send(ctx, m); err != nil {
		s.log.ErrorContext(ctx, "code not delivered", "user_pool", u.Pool, "username", u.Username,
			"purpose", string(purpose), "request_id", awsproto.RequestID(ctx), "err", err)
		if m.DeliveryMedium == messaging.SMS {
			return nil, errSMSDeliveryFailure
		}
		return nil, errEmailDeliveryFailure
	}
	return deliveryDetails(attribute, dest), nil
}

// simulatedDelivery is the CodeDeliveryDetails Cognito answers, so as not
// to reveal which users exist, when no code is sent: for an unknown or
// disabled user, or one without a verified address. It depends only on the
// name given and the pool: an email address or phone number is masked as
// if the code went there; another name gets an email address (or, in a
// pool that verifies phone numbers only, a phone number) made up from it,
// the same each time.
func (s *Service) simulatedDelivery(p *config.UserPool, name string) *codeDeliveryDetails {
	switch {
	case strings.Contains(name, "@"):
		return deliveryDetails(config.AttributeEmail, name)
	case strings.HasPrefix(name, "+"):
		return deliveryDetails(config.AttributePhoneNumber, name)
	}
	d := s.fakeUser.derive("destination", p.ID, name)
	if slices.Equal(p.AutoVerifiedAttributes, []string{config.AttributePhoneNumber}) {
		digits := make([]byte, 10)
		for i := range digits {
			digits[i] = '0' + d[i]%10
		}
		return deliveryDetails(config.AttributePhoneNumber, "+1"+string(digits))
	}
	return &codeDeliveryDetails{AttributeName: config.AttributeEmail, DeliveryMedium: messaging.Email,
		Destination: firstRune(name) + "***@" + string(rune('a'+d[0]%26)) + "***"}
}

// verificationAttributes are the attributes codes verify.
var verificationAttributes = []string{config.AttributeEmail, config.AttributePhoneNumber}

// signUpDeliveryAttribute returns the attribute a new user's confirmation
// code goes to: one the pool verifies automatically and the user has, the
// phone number first (Cognito sends by SMS when it verifies both), or "".
func signUpDeliveryAttribute(p *config.UserPool, attrs map[string]string) string {
	for _, a := range []string{config.AttributePhoneNumber, config.AttributeEmail} {
		if slices.Contains(p.AutoVerifiedAttributes, a) && attrs[a] != "" {
			return a
		}
	}
	return ""
}

// recoveryAttribute returns where a password reset code goes: the user's
// verified email address, else verified phone number (Cognito's default
// account recovery), or "".
func recoveryAttribute(u *userRecord) string {
	for _, a := range verificationAttributes {
		if u.Attributes[a] != "" && u.Attributes[a+"_verified"] == "true" {
			return a
		}
	}
	return ""
}
