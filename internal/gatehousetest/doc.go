// Package gatehousetest starts a whole Gatehouse server on an httptest
// listener and holds the helpers that the tests of several packages share.
//
// It is for tests only. Because it imports server (and so userpool,
// identitypool and gateway), only external test packages (package foo_test)
// may import it.
package gatehousetest
