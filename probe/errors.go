package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"
)

// A NetError is why a request got no response, in words a site owner can act
// on; Err is the underlying error.
type NetError struct {
	// Kind is "dns", "refused", "tls", "timeout", "deadline", "reset" or
	// "network".
	Kind string
	Msg  string
	Err  error
}

// Error returns the message.
func (e *NetError) Error() string { return e.Msg }

// Unwrap returns the underlying error.
func (e *NetError) Unwrap() error { return e.Err }

// timeoutError marks a body read cut by the per-request timeout.
type timeoutError struct {
	after time.Duration
	err   error
}

func (e *timeoutError) Error() string { return fmt.Sprintf("timed out after %s: %v", e.after, e.err) }
func (e *timeoutError) Unwrap() error { return e.err }

// classify turns a client error into a *NetError. parent is the probe's
// context (its deadline is --deadline), req the request's (--timeout).
func classify(parent, req context.Context, err error, timeout time.Duration) *NetError {
	if err == nil {
		err = errors.New("no response")
	}
	var dnsErr *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	var alert tls.AlertError
	switch {
	case parent.Err() != nil:
		return &NetError{Kind: "deadline", Msg: "stopped: the probe's deadline (--deadline) passed before a response came", Err: err}
	case errors.Is(req.Err(), context.DeadlineExceeded):
		return &NetError{Kind: "timeout", Msg: fmt.Sprintf("no response within %s (--timeout)", timeout), Err: err}
	case errors.As(err, &dnsErr):
		msg := fmt.Sprintf("DNS lookup of %q failed", dnsErr.Name)
		if dnsErr.IsNotFound {
			msg = fmt.Sprintf("DNS lookup of %q failed: no such host", dnsErr.Name)
		}
		return &NetError{Kind: "dns", Msg: msg, Err: err}
	case errors.As(err, &unknownCA), errors.As(err, &hostErr), errors.As(err, &invalid), errors.As(err, &verify):
		return &NetError{Kind: "tls", Msg: "TLS certificate not accepted: " + tlsReason(err) + " (use --insecure to skip verification)", Err: err}
	case errors.As(err, &recordErr):
		return &NetError{Kind: "tls", Msg: "TLS handshake failed: the server did not answer in TLS (is it plain http?)", Err: err}
	case errors.As(err, &alert):
		return &NetError{Kind: "tls", Msg: "TLS handshake failed: " + alert.Error(), Err: err}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &NetError{Kind: "refused", Msg: "connection refused: nothing accepts connections at that address and port", Err: err}
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return &NetError{Kind: "network", Msg: "host unreachable: " + err.Error(), Err: err}
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &NetError{Kind: "reset", Msg: "the server closed the connection without a complete response", Err: err}
	}
	var te *timeoutError
	var ne net.Error
	if errors.As(err, &te) || errors.As(err, &ne) && ne.Timeout() {
		return &NetError{Kind: "timeout", Msg: fmt.Sprintf("no response within %s (--timeout)", timeout), Err: err}
	}
	return &NetError{Kind: "network", Msg: err.Error(), Err: err}
}

// tlsReason returns the certificate problem without Go's wrapping.
func tlsReason(err error) string {
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &unknownCA):
		return "signed by an unknown authority"
	case errors.As(err, &hostErr):
		return hostErr.Error()
	case errors.As(err, &invalid):
		return invalid.Error()
	}
	return err.Error()
}

// originLevel reports whether every request to the origin would fail the
// same way: the site cannot be reached at all.
func originLevel(err error) bool {
	var ne *NetError
	if !errors.As(err, &ne) {
		return false
	}
	switch ne.Kind {
	case "dns", "refused", "tls", "network", "deadline":
		return true
	}
	return false
}

// An UnreachableError says that no request of the probe got a response.
type UnreachableError struct {
	Target string
	Err    error
}

// Error names the target and the first failure.
func (e *UnreachableError) Error() string {
	return fmt.Sprintf("%s could not be reached: %v", e.Target, e.Err)
}

// Unwrap returns the first failure.
func (e *UnreachableError) Unwrap() error { return e.Err }
