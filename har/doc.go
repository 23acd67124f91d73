// Package har reads HTTP Archive (HAR 1.2) files as real tools write them.
//
// The model is deliberately tolerant: numbers may be fractional, null or -1,
// optional objects may be missing, booleans may be strings, cookies may be an
// object instead of an array, and files may start with a UTF-8 byte-order mark
// or be gzip-compressed. The reader streams: Decoder.Next decodes one entry at a
// time, and response bodies are kept only up to a
// configurable prefix, so memory does not grow with body sizes.
//
// The package knows nothing about rules; it is the one model of an HTTP
// exchange in authlint, whether the exchange came from a HAR file or from a
// live probe.
//
// # Reading
//
// NewDecoder wraps an io.Reader (gzip and a byte-order mark are detected);
// Decoder.Next returns the entries of log.entries one at a time, in file
// order, and io.EOF at the end; Decoder.Log returns the rest of "log". The
// decoder is its own small JSON tokenizer over a fixed buffer, specialised
// for HAR: it decodes entries field by field into the model, skips unknown
// members without keeping them, and keeps at most Options.BodyLimit bytes of
// each content.text and postData.text, jumping over the rest with
// bytes.IndexByte. Any other string longer than MaxValueLen (64 KiB: a
// header, URL, cookie or key) is kept as its first 64 KiB, its length and
// a hash (CutMarker), so a 100 MB header costs no more than a 64 KiB one.
// A list of more than MaxListLen (10,000) headers or cookies is an error.
// A gzip-compressed input is refused with a *LimitError once it unpacks to
// more than Options.MaxUnpacked bytes or more than Options.MaxRatio times
// its compressed size. It accepts exactly the JSON that encoding/json
// accepts.
//
// Type mismatches inside an entry are not errors: a value of an unexpected
// type is skipped, or kept as its JSON text where a string was expected.
// Invalid JSON, a top level that is not a HAR, and a file cut short are
// errors: a *SyntaxError with the file, line, column, byte offset and entry.
// So is valid JSON that would otherwise read as fewer entries than it holds:
// a "log" without an "entries" array (missing, null, a string, an object),
// an element of entries that is not an object, and an entry whose request
// or response is not an object (null is "absent") or whose response.status
// is neither a number, a string holding one, nor null (an object, array,
// boolean or word). Every exporter in the corpus writes a numeric status,
// and null or a missing status reads as 0, "no response"; reading "OK" or
// {"code":200} as 0 would drop the response without a word.
// The entries before the error have already been returned by Next, so a
// file cut short can be analysed up to its last complete entry.
package har
