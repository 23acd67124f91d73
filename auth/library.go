package auth

import "fmt"

// Library is the auth library (or server, or framework) a route or cookie
// belongs to. It is a label for messages: several libraries share routes and
// cookie names, and the catalog names the most likely one.
type Library int

// Libraries.
const (
	// LibraryUnknown means the library could not be told apart, for
	// example "__session" without a value (Clerk or nextjs-auth0 v4).
	LibraryUnknown Library = iota
	LibraryNextAuthV4
	LibraryAuthJSV5
	LibraryNextjsAuth0V0
	LibraryNextjsAuth0V3
	LibraryNextjsAuth0V4
	LibraryClerk
	LibrarySupabase
	LibraryBetterAuth
	LibraryExpressSession
	LibraryDjango
	LibraryRails
	LibraryLaravel
	LibraryASPNETCore
	LibraryIronSession
	LibraryOAuth2Proxy
	LibraryAzureAppService
	// LibraryGeneric marks conventional names used by many stacks
	// ("session", "JSESSIONID", "/login", "/oauth/token").
	LibraryGeneric
	// LibraryConfig marks rules that come from the user's configuration.
	LibraryConfig
)

var libraryNames = [...]string{
	LibraryUnknown:         "unknown",
	LibraryNextAuthV4:      "NextAuth v4",
	LibraryAuthJSV5:        "Auth.js v5",
	LibraryNextjsAuth0V0:   "nextjs-auth0 v0",
	LibraryNextjsAuth0V3:   "nextjs-auth0 v3",
	LibraryNextjsAuth0V4:   "nextjs-auth0 v4",
	LibraryClerk:           "Clerk",
	LibrarySupabase:        "Supabase",
	LibraryBetterAuth:      "Better Auth",
	LibraryExpressSession:  "express-session",
	LibraryDjango:          "Django",
	LibraryRails:           "Rails",
	LibraryLaravel:         "Laravel",
	LibraryASPNETCore:      "ASP.NET Core",
	LibraryIronSession:     "iron-session",
	LibraryOAuth2Proxy:     "oauth2-proxy",
	LibraryAzureAppService: "Azure App Service auth",
	LibraryGeneric:         "generic",
	LibraryConfig:          "config",
}

// String returns the library's display name, such as "NextAuth v4".
func (l Library) String() string {
	if l < 0 || int(l) >= len(libraryNames) {
		return fmt.Sprintf("Library(%d)", int(l))
	}
	return libraryNames[l]
}
