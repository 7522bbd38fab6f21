// Package jsonlimit bounds JSON text before it is decoded, so that a
// document nested thousands of levels deep is refused with a clear message
// instead of being walked.
package jsonlimit
