package redact

import "testing"

func TestIsSecretValue(t *testing.T) {
	tests := []struct {
		name, v string
		want    bool
	}{
		{"jws", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", true},
		{"jwe", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y3Q.dGFn", true},
		{"32 hex", "3f9a1c7e5b2d8f4a6c0e1b3d5f7a9c2e", true},
		{"40 hex upper", "ABCDEF1234567890ABCDEF1234567890ABCDEF12", true},
		{"github token", "gho_16C7e42F292c6912E7710c838347Ae", true},
		{"google opaque", "ya29.a0AfB_byC8xKq2mN5pQ7rS9tU1v", true},
		{"versioned opaque", "v1.MRrT2kQ9pLx7ZwYbN3cD5fG8hJ0k", true},
		{"stripe key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", true},
		{"base64 with padding", "q83vEjRWeJCavN7wEjRWeA+/q83vEjRWeJCavN7wEjRWeA=", true},
		{"base64url", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5", true},
		{"percent-encoded", "s%3AQ2xT9vLm4Rk8Zp1Yw6Nc3Hb7Jd0Fg5Xe.sig", true},
		// Not secret by shape (the policy hides them only by name or when
		// seen as a secret elsewhere).
		{"uuid page id", "550e8400-e29b-41d4-a716-446655440000", false},
		{"uuid upper", "550E8400-E29B-41D4-A716-446655440000", false},
		{"slug", "how-to-fix-login-issues-2024", false},
		{"campaign", "utm_campaign_spring_sale_2024", false},
		{"camel word", "ProductDetailsPageV2Experiment", false},
		{"letters", "abcdefghijklmnopqrstuvwxyz", false},
		{"path", "/dashboard/settings/profile/2024", false},
		{"url", "https://app.example.com/a1b2C3d4E5f6G7h8", false},
		{"number", "1741086000123456789012", false},
		{"analytics id", "GA1.1.1234567890.1741086000", false},
		{"24 hex", "a1b2c3d4e5f6a7b8c9d0e1f2", false},
		{"asset", "main.3f9a1c7e.chunk.js", false},
		{"date", "2024-01-01T00:00:00.000Z", false},
		{"email", "someone.long.name@example.com", false},
		{"short", "abc123XYZ", false},
		{"placeholder", "[redacted:1a2b3c4d]", false},
		{"base64 JSON is random by shape", "eyJ0eXBlIjoiY29va2llIn0", true},
	}
	for _, tt := range tests {
		if got := IsSecretValue(tt.v); got != tt.want {
			t.Errorf("%s: IsSecretValue(%q) = %v, want %v", tt.name, tt.v, got, tt.want)
		}
	}
}

func TestLooksLikeJWT(t *testing.T) {
	for in, want := range map[string]bool{
		"eyJhbGciOiJkaXIifQ..iv.ct.tag": true,
		"eyJa.b.c":                      true,
		"eyJa.b":                        false,
		"abc.def.ghi":                   false,
		"eyJa.b c.d":                    false,
		"":                              false,
	} {
		if got := LooksLikeJWT(in); got != want {
			t.Errorf("LooksLikeJWT(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestIsUUID(t *testing.T) {
	for in, want := range map[string]bool{
		"550e8400-e29b-41d4-a716-446655440000":  true,
		"550e8400e29b41d4a716446655440000":      false,
		"550e8400-e29b-41d4-a716-44665544000g":  false,
		"550e8400-e29b-41d4-a716-4466554400001": false,
	} {
		if got := IsUUID(in); got != want {
			t.Errorf("IsUUID(%q) = %v, want %v", in, got, want)
		}
	}
}
