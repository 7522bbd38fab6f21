// Package storetest is the conformance suite of store.Store: the behaviour
// every backend (store/sqlite, later store/postgres) must show, written once
// and run against each of them.
//
// A backend's test calls Run with a function that returns a new, empty store
// for one subtest and arranges (with t.Cleanup) to close it:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store {
//			s, err := sqlite.Open(filepath.Join(t.TempDir(), "gatehouse.db"))
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// Beyond the comments of store.Store, the suite pins down what services rely
// on: values are opaque bytes (zero bytes, empty and 1 MiB values round-trip;
// stores copy values in and out); List orders ids bytewise, as Go compares
// strings; a Prefix is a literal, case-sensitive string prefix ('%', '_' and
// '\' are no wildcards); Update serializes concurrent callers and returns
// the error of its function unchanged in meaning (errors.Is); a cancelled
// context fails an operation with context.Canceled and writes nothing.
// Ids and kinds are valid UTF-8 without NUL bytes.
package storetest
