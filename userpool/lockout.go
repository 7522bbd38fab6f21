package userpool

import (
	"context"
	"log/slog"
	"time"
)

// Lockout, as Cognito documents it: after lockoutThreshold consecutive
// failed sign-ins a user is locked out for one second, and each further
// failure doubles the lockout, up to about 15 minutes. While locked, every
// attempt fails with "Password attempts exceeded" and is not counted. A
// successful sign-in resets the count.
const (
	lockoutThreshold = 5
	lockoutFirst     = time.Second
	lockoutMax       = 15 * time.Minute
)

// locked reports whether the user is locked out at now.
func (u *userRecord) locked(now time.Time) bool {
	return now.Before(u.LockedUntil)
}

// lockoutFor returns the lockout after the n-th consecutive failure.
func lockoutFor(n int) time.Duration {
	if n < lockoutThreshold {
		return 0
	}
	d := lockoutFirst
	for i := lockoutThreshold; i < n && d < lockoutMax; i++ {
		d *= 2
	}
	return min(d, lockoutMax)
}

// verifyPassword checks that password is the user's; a wrong one counts
// as a failed sign-in and answers errIncorrectCredentials.
func (s *Service) verifyPassword(ctx context.Context, u *userRecord, password string) error {
	ok, err := s.passwordMatches(u, password)
	if err != nil {
		return err
	}
	if !ok {
		if err := s.recordFailedSignIn(ctx, u); err != nil {
			return err
		}
		return errIncorrectCredentials
	}
	return nil
}

// recordFailedSignIn counts a failed password check of the user, in one
// atomic store update (concurrent failures on several nodes all count).
func (s *Service) recordFailedSignIn(ctx context.Context, rec *userRecord) error {
	var after userRecord
	err := s.users.Update(ctx, userID(rec.Pool, rec.Username), func(u userRecord) (userRecord, error) {
		now := s.now()
		if u.Sub == rec.Sub && !u.locked(now) {
			u.FailedSignIns++
			if d := lockoutFor(u.FailedSignIns); d > 0 {
				u.LockedUntil = now.Add(d)
			}
		}
		after = u
		return u, nil
	})
	if err != nil {
		return err
	}
	attrs := []slog.Attr{slog.String("user_pool", rec.Pool), slog.String("username", rec.Username),
		slog.Int("failed_sign_ins", after.FailedSignIns)}
	if after.locked(s.now()) {
		attrs = append(attrs, slog.Time("locked_until", after.LockedUntil))
	}
	s.event(ctx, "wrong password", attrs...)
	return nil
}

// recordSuccessfulSignIn resets the user's failure count, writing only when
// there is one to reset.
func (s *Service) recordSuccessfulSignIn(ctx context.Context, rec *userRecord) error {
	if rec.FailedSignIns == 0 && rec.LockedUntil.IsZero() {
		return nil
	}
	return s.users.Update(ctx, userID(rec.Pool, rec.Username), func(u userRecord) (userRecord, error) {
		u.FailedSignIns, u.LockedUntil = 0, time.Time{}
		return u, nil
	})
}
