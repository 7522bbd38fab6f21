package userpool

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/gatehouse-dev/gatehouse/store"
)

// newPasswordChallenge returns the NEW_PASSWORD_REQUIRED challenge of a user
// who signed in with a temporary password. Its parameters are those
// amazon-cognito-identity-js and Amplify read: userAttributes (a JSON
// object of the user's attributes but sub) and requiredAttributes (a JSON
// array, empty: no pool of the configuration has required attributes the
// user lacks).
func (s *Service) newPasswordChallenge(c appClient, u *userRecord) (*authOutput, error) {
	attrs := map[string]string{}
	for name, value := range u.Attributes {
		if name != "sub" {
			attrs[name] = value
		}
	}
	attrJSON, err := json.Marshal(attrs)
	if err != nil {
		return nil, err
	}
	session, err := s.sealSession(challengeSession{
		Challenge: challengeNewPasswordRequired, Pool: c.pool.ID, Client: c.client.ID,
		Username: u.Username, Sub: u.Sub, Issued: s.now().UnixNano(), PasswordSet: u.PasswordSet.UnixNano(),
	})
	if err != nil {
		return nil, err
	}
	return &authOutput{
		ChallengeName: challengeNewPasswordRequired,
		Session:       session,
		ChallengeParameters: map[string]string{
			paramUserIDForSRP:   u.Username,
			paramRequiredAttrs:  "[]",
			paramUserAttributes: string(attrJSON),
		},
	}, nil
}

// setNewPassword answers NEW_PASSWORD_REQUIRED: it checks the Session and
// the pool's password policy, sets the new password and the
// userAttributes.* given, confirms the user and signs them in.
func (s *Service) setNewPassword(ctx context.Context, c appClient, in respondToAuthChallengeInput) (*authOutput, error) {
	resp := in.ChallengeResponses
	for _, p := range []string{paramUsername, paramNewPassword} {
		if resp[p] == "" {
			return nil, errMissingParameter(p)
		}
	}
	cs, ok := s.openSession(c.pool.ID, in.Session)
	if !ok || cs.Challenge != challengeNewPasswordRequired || cs.Client != c.client.ID {
		return nil, errInvalidSession
	}
	if s.expired(cs.Issued) {
		return nil, errSessionExpired
	}
	name := resp[paramUsername]
	u, err := s.namedUser(ctx, c, name, resp[paramSecretHash])
	if err != nil {
		return nil, err
	}
	if u == nil || u.Username != cs.Username || u.Sub != cs.Sub {
		return nil, errInvalidSession
	}
	if !u.Enabled {
		return nil, errUserDisabled
	}
	if u.Status != StatusForceChangePassword || u.PasswordSet.UnixNano() != cs.PasswordSet {
		return nil, errInvalidSession
	}
	password := resp[paramNewPassword]
	if err := checkPasswordPolicy(c.pool.PasswordPolicy, password); err != nil {
		return nil, err
	}
	updates, err := userAttributeResponses(c, u, resp)
	if err != nil {
		return nil, err
	}
	// The verifier is made outside the store transaction.
	fresh := *u
	now := s.now()
	if err := s.setPassword(&fresh, password, now); err != nil {
		return nil, err
	}
	var updated userRecord
	err = s.users.Update(ctx, userID(u.Pool, u.Username), func(cur userRecord) (userRecord, error) {
		if cur.Sub != cs.Sub || cur.Status != StatusForceChangePassword || cur.PasswordSet.UnixNano() != cs.PasswordSet {
			return cur, errInvalidSession // answered meanwhile
		}
		cur.Salt, cur.Verifier, cur.PasswordSet = fresh.Salt, fresh.Verifier, fresh.PasswordSet
		cur.Status = StatusConfirmed
		cur.FailedSignIns, cur.LockedUntil = 0, fresh.LockedUntil
		if len(updates) > 0 && cur.Attributes == nil {
			cur.Attributes = map[string]string{}
		}
		for name, value := range updates {
			cur.Attributes[name] = value
		}
		cur.Modified = now
		updated = cur
		return cur, nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errInvalidSession
	}
	if err != nil {
		return nil, err
	}
	return s.signIn(ctx, c, &updated)
}

// userAttributeResponses returns the attributes set with userAttributes.*
// responses. The user may set standard and custom attributes, but not sub,
// the verified flags, or the attributes the pool signs users in with.
func userAttributeResponses(c appClient, u *userRecord, resp map[string]string) (map[string]string, error) {
	updates := map[string]string{}
	for key, value := range resp {
		name, ok := strings.CutPrefix(key, prefixUserAttribute)
		if !ok {
			continue
		}
		switch {
		case name == "sub" || name == "email_verified" || name == "phone_number_verified":
			return nil, errInvalidUserAttribute(name)
		case slices.Contains(c.pool.UsernameAttributes, name) && value != u.Attributes[name]:
			return nil, errInvalidUserAttribute(name)
		case !standardAttributes[name] && !strings.HasPrefix(name, "custom:"):
			return nil, errInvalidUserAttribute(name)
		}
		updates[name] = value
	}
	return updates, nil
}

// standardAttributes are Cognito's standard attributes a user can have.
var standardAttributes = map[string]bool{
	"address": true, "birthdate": true, "email": true, "email_verified": true, "family_name": true,
	"gender": true, "given_name": true, "locale": true, "middle_name": true, "name": true,
	"nickname": true, "phone_number": true, "phone_number_verified": true, "picture": true,
	"preferred_username": true, "profile": true, "updated_at": true, "website": true, "zoneinfo": true,
}
