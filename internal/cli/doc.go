// Package cli implements the authlint command line: subcommands, flags,
// config discovery, exit codes. It wires har, rules and report together and
// holds no analysis logic of its own.
package cli
