// Package messaging delivers the messages user pools send — sign-up
// confirmation codes, password-reset codes, attribute verification codes,
// temporary passwords — through a Sink: the outbox (kept in the store and
// listed at /_gatehouse/outbox for local development), SMTP, or both.
package messaging
