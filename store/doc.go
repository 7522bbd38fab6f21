// Package store defines Gatehouse's storage interface: one Store holding
// every persistent record (key ring, and in later services users, SRP
// verifiers, refresh tokens, identities, codes, lockout counters), its
// sentinel errors, and a typed JSON Collection on top of it.
//
// Backends live in sub-packages (store/sqlite); store/storetest is the
// conformance suite each backend must pass.
package store
