package rules

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
)

// Reading response bodies, for the rules that do: library error texts,
// JSON answers that carry the next URL.

// responseText returns up to limit bytes of x's response body, decoded from
// base64 when the HAR stores it so; "" when there is none.
func responseText(x *Exchange, limit int) string {
	if x.Response == nil {
		return ""
	}
	c := x.Response.Content
	text := c.Text
	if strings.EqualFold(c.Encoding, "base64") {
		if len(text) > limit*4/3+4 {
			text = text[:limit*4/3]
			text = text[:len(text)-len(text)%4]
		}
		b, err := base64.StdEncoding.DecodeString(text)
		if err != nil {
			return ""
		}
		text = string(b)
	}
	if len(text) > limit {
		text = text[:limit]
	}
	return text
}

// jsonURL reads a {"url": ...} JSON answer, resolved against x's URL: how
// next-auth v4 (res.json({url}) for json=true) and Auth.js v5
// (Response.json({url}) with X-Auth-Return-Redirect) send a client-side
// signIn() or an error to its next page.
func jsonURL(x *Exchange) *url.URL {
	if x.Response == nil || !strings.Contains(strings.ToLower(x.Response.Headers.Get("Content-Type")+x.Response.Content.MimeType), "json") {
		return nil
	}
	body := responseText(x, 16<<10)
	if !strings.Contains(body, `"url"`) {
		return nil
	}
	var v struct {
		URL string `json:"url"`
	}
	if json.Unmarshal([]byte(body), &v) != nil || v.URL == "" {
		return nil
	}
	u, err := x.URL.Parse(v.URL)
	if err != nil {
		return nil
	}
	return u
}
