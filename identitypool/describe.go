package identitypool

import (
	"context"
	"encoding/base64"
	"slices"
	"time"

	"github.com/gatehouse-dev/gatehouse/store"
)

// describeIdentity serves DescribeIdentity.
func (s *Service) describeIdentity(ctx context.Context, body []byte) (any, error) {
	in, err := decode(body, (*identityIDInput).check)
	if err != nil {
		return nil, err
	}
	rec, err := s.loadIdentity(ctx, in.IdentityId)
	if err != nil {
		return nil, err
	}
	return describe(in.IdentityId, rec), nil
}

// describe returns the IdentityDescription of an identity: its logins'
// provider names, in order.
func describe(id string, rec *identityRecord) identityDescription {
	logins := sortedKeys(rec.Logins)
	return identityDescription{
		IdentityId:       id,
		Logins:           logins,
		CreationDate:     epochSeconds(rec.Created),
		LastModifiedDate: epochSeconds(rec.Modified),
	}
}

// epochSeconds is a timestamp of the JSON 1.1 protocol: seconds since the
// epoch, with milliseconds.
func epochSeconds(t time.Time) float64 {
	return float64(t.UnixMilli()) / 1000
}

// listIdentities serves ListIdentities: a page of the pool's identities,
// by identity id. NextToken is opaque to clients: the last id of the page.
// HideDisabled has no effect (identities are never disabled).
func (s *Service) listIdentities(ctx context.Context, body []byte) (any, error) {
	in, err := decode(body, (*listIdentitiesInput).check)
	if err != nil {
		return nil, err
	}
	p, err := s.findPool(ctx, in.IdentityPoolId)
	if err != nil {
		return nil, err
	}
	after := ""
	if in.NextToken != "" {
		last, ok := decodePageToken(in.NextToken)
		if !ok {
			return nil, errInvalidPaginationToken
		}
		after = memberID(p.id(), last)
	}
	_, ids, err := s.members.List(ctx, store.ListOptions{Prefix: memberPrefix(p.id()), After: after, Limit: *in.MaxResults + 1})
	if err != nil {
		return nil, err
	}
	prefix := memberPrefix(p.id())
	out := listIdentitiesOutput{IdentityPoolId: p.id(), Identities: []identityDescription{}}
	for i, mid := range ids {
		if i == *in.MaxResults {
			out.NextToken = encodePageToken(ids[i-1][len(prefix):])
			break
		}
		id := mid[len(prefix):]
		rec, err := s.loadIdentity(ctx, id)
		if isNotFound(err) {
			continue // deleted meanwhile
		}
		if err != nil {
			return nil, err
		}
		out.Identities = append(out.Identities, describe(id, rec))
	}
	return out, nil
}

// deleteIdentities serves DeleteIdentities: each identity goes with its
// logins (the same user then gets a new identity). Ids that name no
// identity are ignored, as AWS does.
func (s *Service) deleteIdentities(ctx context.Context, body []byte) (any, error) {
	in, err := decode(body, (*deleteIdentitiesInput).check)
	if err != nil {
		return nil, err
	}
	out := deleteIdentitiesOutput{UnprocessedIdentityIds: []unprocessedIdentityID{}}
	for _, id := range slices.Compact(slices.Sorted(slices.Values(in.IdentityIdsToDelete))) {
		if err := s.removeIdentity(ctx, id); err != nil {
			s.log.ErrorContext(ctx, "delete identity", "identity_id", id, "err", err)
			out.UnprocessedIdentityIds = append(out.UnprocessedIdentityIds,
				unprocessedIdentityID{IdentityId: id, ErrorCode: "InternalServerError"})
		}
	}
	return out, nil
}

// Page tokens are base64url of the last id of the previous page.

func encodePageToken(last string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(last))
}

func decodePageToken(token string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) == 0 {
		return "", false
	}
	return string(b), true
}
