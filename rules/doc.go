// Package rules holds authlint's checks and the engine that runs them.
//
// A Rule is metadata plus a check. The metadata (ID, title, severity, doc,
// fix) drives the catalogue, `authlint explain`, docs/rules.md and report
// formats, so there is no second list to keep in sync. A check never prints:
// it reports Findings through its Pass, and reporters render them.
//
// The engine streams a HAR: every entry is turned into an Exchange (the entry
// plus facts derived once for all rules: parsed cookies, the auth route, the
// cache decision, whether a cache served it) and shown to every rule in file
// order. Rules that need history keep small summaries, never whole entries.
//
//go:generate go run ../internal/gendocs -o ../docs/rules.md
//go:generate go run ../internal/gendocs -schema -o ../docs/authlint.schema.json
package rules
