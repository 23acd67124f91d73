// Package har reads HTTP Archive (HAR 1.2) files as real tools write them.
//
// The model is deliberately tolerant: numbers may be fractional, null or -1,
// optional objects may be missing, booleans may be strings, cookies may be an
// object instead of an array, and files may start with a UTF-8 byte-order mark
// or be gzip-compressed. The reader streams: entries are decoded one at a time
// and handed to a callback, and response bodies are kept only up to a
// configurable prefix, so memory does not grow with body sizes.
//
// The package knows nothing about rules; it is the one model of an HTTP
// exchange in authlint, whether the exchange came from a HAR file or from a
// live probe.
package har
