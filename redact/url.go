package redact

import (
	"net/url"
	"strings"
)

// URL returns raw with every secret part replaced by a placeholder: the
// values of secret query and fragment parameters and of secret path
// parameters (";jsessionid=...", ";sid=..."), by name or by shape (see
// IsSecretParam), a fragment that is a secret by itself, and a userinfo
// password. It works on the text as written, so everything else keeps its
// order and spelling, and a URL that does not parse is redacted the same
// way.
func URL(raw string) string {
	rest, frag, hasFrag := strings.Cut(raw, "#")
	head, query, hasQuery := strings.Cut(rest, "?")
	var b strings.Builder
	b.WriteString(pathParams(userinfo(head)))
	if hasQuery {
		b.WriteString("?" + Params(query))
	}
	if hasFrag {
		switch {
		case strings.Contains(frag, "="):
			frag = Params(frag)
		case IsSecretValue(unescape(frag)):
			frag = Value(unescape(frag))
		}
		b.WriteString("#" + frag)
	}
	return b.String()
}

// userinfo redacts the password of "scheme://user:password@host".
func userinfo(head string) string {
	i := strings.Index(head, "://")
	if i < 0 {
		return head
	}
	auth := head[i+3:]
	if j := strings.IndexByte(auth, '/'); j >= 0 {
		auth = auth[:j]
	}
	at := strings.LastIndexByte(auth, '@')
	if at < 0 {
		return head
	}
	user, pass, ok := strings.Cut(auth[:at], ":")
	if !ok || pass == "" || IsPlaceholder(pass) {
		return head
	}
	return head[:i+3] + user + ":" + Value(unescape(pass)) + head[i+3+at:]
}

// Params redacts secret values in an application/x-www-form-urlencoded
// string (a query, a fragment, a form body), keeping the order and spelling
// of everything else.
func Params(q string) string {
	if q == "" {
		return q
	}
	parts := strings.Split(q, "&")
	for i, part := range parts {
		name, value, ok := strings.Cut(part, "=")
		if !ok || value == "" {
			continue
		}
		dn, dv := unescape(name), unescape(value)
		if !IsPlaceholder(dv) && IsSecretParam(dn, dv) {
			parts[i] = name + "=" + Value(dv)
		}
	}
	return strings.Join(parts, "&")
}

// pathParams redacts the secret values of path parameters, the
// ";name=value" parts of path segments that Java servlet containers
// (";jsessionid="), PHP (";PHPSESSID=") and others use to carry a session
// when cookies are off. A parameter without a name (";ABC...") is redacted
// when its value looks secret.
func pathParams(path string) string {
	if !strings.Contains(path, ";") {
		return path
	}
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		head, rest, ok := strings.Cut(seg, ";")
		if !ok {
			continue
		}
		params := strings.Split(rest, ";")
		for j, p := range params {
			name, value, ok := strings.Cut(p, "=")
			if !ok {
				if dv := unescape(p); IsSecretValue(dv) {
					params[j] = Value(dv)
				}
				continue
			}
			if dv := unescape(value); value != "" && !IsPlaceholder(dv) && IsSecretParam(unescape(name), dv) {
				params[j] = name + "=" + Value(dv)
			}
		}
		segs[i] = head + ";" + strings.Join(params, ";")
	}
	return strings.Join(segs, "/")
}

// PathParams returns the ";name=value" parameters of every segment of an
// escaped URL path, decoded, in order. A parameter without '=' has an empty
// name.
func PathParams(path string) [][2]string {
	var out [][2]string
	for _, seg := range strings.Split(path, "/") {
		_, rest, ok := strings.Cut(seg, ";")
		if !ok {
			continue
		}
		for _, p := range strings.Split(rest, ";") {
			name, value, ok := strings.Cut(p, "=")
			if !ok {
				name, value = "", p
			}
			if value != "" {
				out = append(out, [2]string{unescape(name), unescape(value)})
			}
		}
	}
	return out
}

// unescape decodes a query component, or returns it as written when it
// does not decode.
func unescape(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	return s
}
