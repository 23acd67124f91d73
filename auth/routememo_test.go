package auth

import (
	"fmt"
	"net/url"
	"sync"
	"testing"
)

// TestRouteMemo checks that Route gives lookUpRoute's answers from the memo,
// for more paths than it has slots, from several goroutines (run with
// -race).
func TestRouteMemo(t *testing.T) {
	c := Default()
	paths := []string{"/api/auth/callback/google", "/api/auth/session", "/auth/callback", "/callback", "/api/items", "/login", "/oauth2/idpresponse", "/API/AUTH/SIGNIN"}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 3000 {
				p := paths[(i+g)%len(paths)]
				if i%3 == 0 {
					p = fmt.Sprintf("/x%d%s", (i*7+g)%900, p)
				}
				for _, m := range []string{"GET", "POST"} {
					got, gotOK := c.Route(m, &url.URL{Path: p})
					want, wantOK := c.lookUpRoute(m, p)
					if got != want || gotOK != wantOK {
						t.Errorf("Route(%s, %s) = %+v %v, want %+v %v", m, p, got, gotOK, want, wantOK)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	if r, ok := c.Route("GET", &url.URL{Path: "/api/auth/callback/google"}); !ok || r.Kind != RouteCallback {
		t.Errorf("the Auth.js callback is %+v %v", r, ok)
	}
}
