package token

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
)

// maxNumericDate bounds the NumericDate values accepted (seconds since the
// epoch, about year 5138); larger values are treated as absent rather than
// overflowing time arithmetic.
const maxNumericDate = 1e11

// numericDate converts a JWT NumericDate (RFC 7519 section 2: seconds since
// the epoch, possibly fractional) to a time.
func numericDate(v any) (time.Time, bool) {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case json.Number:
		var err error
		if f, err = n.Float64(); err != nil {
			return time.Time{}, false
		}
	default:
		return time.Time{}, false
	}
	if math.IsNaN(f) || math.Abs(f) > maxNumericDate {
		return time.Time{}, false
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true
}

// setTimes fills Exp, Iat and Nbf from m where they are still unset.
func (t *Token) setTimes(m map[string]any) {
	if m == nil {
		return
	}
	if !t.HasExp {
		if exp, ok := numericDate(m["exp"]); ok {
			t.Exp, t.HasExp = exp, true
		}
	}
	if t.Iat.IsZero() {
		if iat, ok := numericDate(m["iat"]); ok {
			t.Iat = iat
		}
	}
	if t.Nbf.IsZero() {
		if nbf, ok := numericDate(m["nbf"]); ok {
			t.Nbf = nbf
		}
	}
}

// resetTimes clears the times, before they are read again from a better
// source (the decrypted claims).
func (t *Token) resetTimes() {
	t.Exp, t.Iat, t.Nbf, t.HasExp = time.Time{}, time.Time{}, time.Time{}, false
}

// unixMillis parses an iron seal expiration: decimal milliseconds since the
// epoch (brc-dd/iron-webcrypto src/index.ts unseal: /^\d+$/, parseInt).
func unixMillis(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return time.Time{}, false
		}
	}
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil || ms > maxNumericDate*1000 {
		return time.Time{}, false
	}
	return time.UnixMilli(ms).UTC(), true
}

// decodeObject decodes b as a JSON object; other JSON values are an error.
func decodeObject(b []byte) (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errNotObject
	}
	return m, nil
}
