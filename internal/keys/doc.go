// Package keys owns Gatehouse's secrets: the master key, and the key ring it
// protects.
//
// The master key (32 bytes) comes from the GATEHOUSE_MASTER_KEY environment
// variable or from {data}/master.key, created on first start. It never goes
// into the database: it encrypts the private material of every key of the
// ring, which lives in the store (kind "keyring", id "ring") so that all
// nodes sharing the store share the ring.
//
// The ring holds keys of two purposes:
//
//   - Signing: RSA-2048 keys for RS256 JWTs, named by a random URL-safe kid.
//     SigningKey signs; VerificationKeys is the JWKS.
//   - Sealing: AES-256-GCM keys with short ids. Seal and Open protect data
//     that travels through clients, such as session tokens.
//
// EncryptAtRest and DecryptAtRest protect long-lived secrets that services
// keep in the store (SRP verifiers) directly under the master key, so that
// they outlive every rotating key of the ring.
//
// Rotate adds a key that becomes the active one of its purpose and gives the
// previous keys a retire time; until then they still verify and open, after
// it they are dropped (and pruned from the store by a later rotation). The
// ring record is changed only with store.Update, so rotations by several
// nodes at once lose no key. Reload picks up other nodes' rotations;
// `gatehouse serve` calls it every few seconds, so that a rotation made on
// one node (or with `gatehouse keys rotate`) reaches every node well before
// the replaced keys retire (DefaultRetireAfter unless the rotation says).
// Between two Reloads, a key id the ring does not have (in a token another
// node signed or sealed after reloading first) makes Open and
// VerificationKey reload at once, at most once a second.
//
// Open creates a missing ring; Load and ReadMasterKey, for tools, only read
// an existing ring and master key: a master key made up on the spot could
// not decrypt the ring.
//
// Reads (SigningKey, VerificationKeys, Seal, Open) take no lock: the ring is
// an immutable snapshot behind an atomic pointer, replaced as a whole.
// Time and randomness are injected. Since Go 1.26, crypto/rsa ignores a
// custom random source unless GODEBUG=cryptocustomrand=1, so RSA keys are
// random even when the injected reader is not.
package keys
