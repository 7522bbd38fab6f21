package identitypool

import (
	"context"
	"errors"
	"maps"
	"time"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/store"
)

// Identities are store records of their own, found by identity id, since
// GetCredentialsForIdentity names no pool. Two more kinds of record index
// them:
//
//   - a login record per (pool, provider, sub), created with Create, so
//     that the same user always gets the same identity id, even when
//     several nodes answer GetId for that user at once: the one Create that
//     succeeds decides;
//   - a member record per (pool, identity), for ListIdentities and for
//     deleting a pool's identities.
//
// GetId reads one login record; GetCredentialsForIdentity reads one identity
// record. Creating an identity writes its identity and member records,
// then its login records.

// identityRecord is an identity: kind kindIdentity, id the identity id.
type identityRecord struct {
	Pool string `json:"pool"`
	// Logins maps the provider names linked to the identity to the user's
	// sub. An identity without logins is unauthenticated.
	Logins   map[string]string `json:"logins,omitempty"`
	Created  time.Time         `json:"created"`
	Modified time.Time         `json:"modified"`
}

// loginRecord links a user of a provider to an identity of a pool: kind
// kindLogin, id loginID.
type loginRecord struct {
	Identity string `json:"identity"`
}

// memberRecord lists an identity under its pool: kind kindMember, id
// memberID. It has no fields.
type memberRecord struct{}

func loginID(poolID, provider, sub string) string {
	return poolID + "|" + provider + "|" + sub
}

func memberPrefix(poolID string) string { return poolID + "/" }

func memberID(poolID, identityID string) string { return memberPrefix(poolID) + identityID }

// authenticated reports whether the identity has a login.
func (r *identityRecord) authenticated() bool { return len(r.Logins) > 0 }

// getID serves GetId: the identity of the logins' user, created on first
// use, or a new unauthenticated identity when there are no logins.
func (s *Service) getID(ctx context.Context, body []byte) (any, error) {
	in, err := decode(body, (*getIDInput).check)
	if err != nil {
		return nil, err
	}
	p, err := s.findPool(ctx, in.IdentityPoolId)
	if err != nil {
		return nil, err
	}
	if len(in.Logins) == 0 {
		if !p.Pool.AllowUnauthenticatedIdentities {
			return nil, errUnauthenticatedNotSupported
		}
		id, err := s.createIdentity(ctx, p.id(), nil)
		if err != nil {
			return nil, err
		}
		return getIDOutput{IdentityId: id}, nil
	}
	logins, err := s.validateLogins(ctx, p, in.Logins)
	if err != nil {
		return nil, err
	}
	id, err := s.identityOfLogins(ctx, p.id(), logins)
	if err != nil {
		return nil, err
	}
	return getIDOutput{IdentityId: id}, nil
}

// identityOfLogins returns the identity linked to one of the logins,
// linking the others to it, or creates one linked to them all.
func (s *Service) identityOfLogins(ctx context.Context, poolID string, logins []login) (string, error) {
	for i, l := range logins {
		rec, err := s.logins.Get(ctx, loginID(poolID, l.provider, l.sub))
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return "", err
		}
		if len(logins) > 1 {
			others := append(logins[:i:i], logins[i+1:]...)
			if err := s.linkLogins(ctx, poolID, rec.Identity, nil, others); err != nil {
				return "", err
			}
		}
		return rec.Identity, nil
	}
	id, err := s.createIdentity(ctx, poolID, logins)
	if err != nil {
		return "", err
	}
	for i, l := range logins {
		err := s.logins.Create(ctx, loginID(poolID, l.provider, l.sub), loginRecord{Identity: id})
		if err == nil {
			continue
		}
		if !errors.Is(err, store.ErrAlreadyExists) {
			return "", err
		}
		if i > 0 {
			continue // linked meanwhile to another identity: this one keeps the first
		}
		// Another request created the user's identity first: that one is
		// the user's, this one goes.
		if err := s.removeIdentity(ctx, id); err != nil {
			return "", err
		}
		rec, err := s.logins.Get(ctx, loginID(poolID, l.provider, l.sub))
		if err != nil {
			return "", err
		}
		return rec.Identity, nil
	}
	return id, nil
}

// createIdentity stores a new identity of the pool, linked to logins
// (which the caller indexes), and returns its id.
func (s *Service) createIdentity(ctx context.Context, poolID string, logins []login) (string, error) {
	id, err := s.newRegionalID()
	if err != nil {
		return "", err
	}
	now := s.now()
	rec := identityRecord{Pool: poolID, Created: now, Modified: now}
	for _, l := range logins {
		if rec.Logins == nil {
			rec.Logins = map[string]string{}
		}
		rec.Logins[l.provider] = l.sub
	}
	if err := s.identities.Create(ctx, id, rec); err != nil {
		return "", err
	}
	if err := s.members.Create(ctx, memberID(poolID, id), memberRecord{}); err != nil {
		return "", err
	}
	return id, nil
}

// linkLogins links to the identity the candidates that are linked to no
// identity yet (those linked to another identity stay there) and records
// them, with claimed (logins whose login records already point at the
// identity), in the identity record.
func (s *Service) linkLogins(ctx context.Context, poolID, identityID string, claimed, candidates []login) error {
	linked := claimed
	for _, l := range candidates {
		err := s.logins.Create(ctx, loginID(poolID, l.provider, l.sub), loginRecord{Identity: identityID})
		if errors.Is(err, store.ErrAlreadyExists) {
			continue
		}
		if err != nil {
			return err
		}
		linked = append(linked, l)
	}
	if len(linked) == 0 {
		return nil
	}
	err := s.identities.Update(ctx, identityID, func(rec identityRecord) (identityRecord, error) {
		rec.Logins = maps.Clone(rec.Logins)
		if rec.Logins == nil {
			rec.Logins = map[string]string{}
		}
		for _, l := range linked {
			rec.Logins[l.provider] = l.sub
		}
		rec.Modified = s.now()
		return rec, nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return errIdentityNotFound(identityID)
	}
	return err
}

// identityForLogins returns the identity that a request naming identityID
// (whose record is rec) with logins acts for, and the login it signed in
// with:
//
//   - an authenticated identity needs one of its own logins
//     (errLoginsDontMatch); the other logins are linked to it;
//   - an unauthenticated identity becomes the user's: the logins are linked
//     to it, unless the user has an identity already, which is then the
//     one returned (as AWS does, the answer's IdentityId may differ from
//     the request's).
func (s *Service) identityForLogins(ctx context.Context, p *pool, identityID string, rec *identityRecord, logins []login) (string, login, error) {
	if rec.authenticated() {
		for i, l := range logins {
			if rec.Logins[l.provider] != l.sub {
				continue
			}
			var others []login
			for _, o := range logins {
				if _, ok := rec.Logins[o.provider]; !ok {
					others = append(others, o)
				}
			}
			if len(others) > 0 {
				if err := s.linkLogins(ctx, p.id(), identityID, nil, others); err != nil {
					return "", login{}, err
				}
			}
			return identityID, logins[i], nil
		}
		return "", login{}, errLoginsDontMatch
	}
	first := logins[0]
	err := s.logins.Create(ctx, loginID(p.id(), first.provider, first.sub), loginRecord{Identity: identityID})
	if errors.Is(err, store.ErrAlreadyExists) {
		owner, err := s.logins.Get(ctx, loginID(p.id(), first.provider, first.sub))
		if err != nil {
			return "", login{}, err
		}
		if owner.Identity != identityID {
			return owner.Identity, first, nil
		}
	} else if err != nil {
		return "", login{}, err
	}
	if err := s.linkLogins(ctx, p.id(), identityID, logins[:1], logins[1:]); err != nil {
		return "", login{}, err
	}
	return identityID, first, nil
}

// loadIdentity returns the identity record of id, or errIdentityNotFound.
func (s *Service) loadIdentity(ctx context.Context, id string) (*identityRecord, error) {
	rec, err := s.identities.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errIdentityNotFound(id)
	}
	if err != nil {
		return nil, err
	}
	return &rec, nil
}

// identityAndPool returns the identity record of id and its pool. An
// identity whose pool has gone is not found.
func (s *Service) identityAndPool(ctx context.Context, id string) (*identityRecord, *pool, error) {
	rec, err := s.loadIdentity(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.findPool(ctx, rec.Pool)
	if isNotFound(err) {
		return nil, nil, errIdentityNotFound(id)
	}
	if err != nil {
		return nil, nil, err
	}
	return rec, p, nil
}

// isNotFound reports whether err is a ResourceNotFoundException.
func isNotFound(err error) bool {
	var e *awsproto.Error
	return errors.As(err, &e) && e.Code == codeResourceNotFound
}

// removeIdentity deletes an identity, its member record and the login
// records that point at it. An identity already gone is not an error.
func (s *Service) removeIdentity(ctx context.Context, id string) error {
	rec, err := s.identities.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	for provider, sub := range rec.Logins {
		lid := loginID(rec.Pool, provider, sub)
		owner, err := s.logins.Get(ctx, lid)
		if err == nil && owner.Identity == id {
			err = s.logins.Delete(ctx, lid)
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	if err := s.members.Delete(ctx, memberID(rec.Pool, id)); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if err := s.identities.Delete(ctx, id); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}
