package userpool

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/store"
)

// ListUsers: the users of a pool, in pages of at most 60, optionally
// filtered (listfilter.go) and with only some attributes. Users are read
// from the store in the order of their ids; the PaginationToken carries the
// id of the last user the page looked at, so a filtered listing may return
// a page with fewer users than asked for (even none) and a token, as
// Cognito documents.

// userScanBatch is how many users one store read returns; maxUserScan
// bounds the users one page looks at (a filter that matches few users in
// a large pool then answers with pages of fewer users).
const (
	userScanBatch = 200
	maxUserScan   = 10_000
)

type listUsersInput struct {
	UserPoolId      string   `json:"UserPoolId"`
	AttributesToGet []string `json:"AttributesToGet"`
	Limit           *int     `json:"Limit"`
	PaginationToken string   `json:"PaginationToken"`
	Filter          string   `json:"Filter"`
}

func (in *listUsersInput) check(v *validation) {
	v.required("userPoolId", in.UserPoolId, ruleUserPoolID)
	v.intRange("limit", in.Limit, 0, 60)
	v.str("paginationToken", in.PaginationToken, rulePageToken)
	v.str("filter", in.Filter, ruleFilter)
}

// listUsers is the ListUsers operation.
func (s *Service) listUsers(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*listUsersInput).check)
	if err != nil {
		return nil, err
	}
	p, err := s.adminPool(ctx, in.UserPoolId)
	if err != nil {
		return nil, err
	}
	filter, err := parseUserFilter(in.Filter)
	if err != nil {
		return nil, err
	}
	match := func(*userRecord) bool { return true }
	if filter != nil {
		match = filter.matches
	}
	users, next, err := s.scanUsers(ctx, p, "users:"+p.ID, in.PaginationToken, queryLimit(in.Limit), match)
	if err != nil {
		return nil, err
	}
	if in.AttributesToGet != nil {
		for i := range users {
			users[i].Attributes = slices.DeleteFunc(users[i].Attributes, func(a attributeType) bool {
				return !slices.Contains(in.AttributesToGet, a.Name)
			})
		}
	}
	return listPage("Users", users, "PaginationToken", next), nil
}

// scanUsers returns the next page of the pool's users that match, after
// the position of token in the listing scope, and the token of the page
// after ("" when no user is left).
func (s *Service) scanUsers(ctx context.Context, p *config.UserPool, scope, token string, limit int, match func(*userRecord) bool) ([]userType, string, error) {
	after, err := pageAfter(scope, token)
	if err != nil {
		return nil, "", err
	}
	out := []userType{}
	for scanned := 0; ; {
		recs, err := s.store.List(ctx, kindUser, store.ListOptions{Prefix: p.ID + "/", After: after, Limit: userScanBatch})
		if err != nil {
			return nil, "", err
		}
		for i, r := range recs {
			var u userRecord
			if err := json.Unmarshal(r.Value, &u); err != nil {
				return nil, "", fmt.Errorf("userpool: decode user %s: %w", r.ID, err)
			}
			after = r.ID
			scanned++
			if !match(&u) {
				if scanned >= maxUserScan && (i < len(recs)-1 || len(recs) == userScanBatch) {
					return out, pageToken(scope, after), nil
				}
				continue
			}
			out = append(out, u.userType())
			if len(out) < limit {
				continue
			}
			more := i < len(recs)-1
			if !more && len(recs) == userScanBatch {
				rest, err := s.store.List(ctx, kindUser, store.ListOptions{Prefix: p.ID + "/", After: after, Limit: 1})
				if err != nil {
					return nil, "", err
				}
				more = len(rest) > 0
			}
			if more {
				return out, pageToken(scope, after), nil
			}
			return out, "", nil
		}
		if len(recs) < userScanBatch {
			return out, "", nil
		}
	}
}

// eachUser calls fn with every user of the pool, stopping at its first
// error.
func (s *Service) eachUser(ctx context.Context, p *config.UserPool, fn func(*userRecord) error) error {
	after := ""
	for {
		users, ids, err := s.users.List(ctx, store.ListOptions{Prefix: p.ID + "/", After: after, Limit: userScanBatch})
		if err != nil {
			return err
		}
		for i := range users {
			if err := fn(&users[i]); err != nil {
				return err
			}
			after = ids[i]
		}
		if len(users) < userScanBatch {
			return nil
		}
	}
}
