package webhook_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/omekit/omekit/sdk/webhook"
)

// OME documents one HMAC-SHA1 + base64url value (in its SignedPolicy guide, which uses the same
// encoder as the webhooks): key 1kU^b6, message a URL, signature dvVdBpoxAeCPl94Kt5RoiqLI0YE.
const (
	docKey       = "1kU^b6"
	docMessage   = "ws://192.168.0.100:3333/app/stream?policy=eyJ1cmxfZXhwaXJlIjoxMzk5NzIxNTgxfQ"
	docSignature = "dvVdBpoxAeCPl94Kt5RoiqLI0YE"
)

func TestSignMatchesOMEDocumentation(t *testing.T) {
	t.Parallel()
	if got := webhook.Sign(docKey, []byte(docMessage)); got != docSignature {
		t.Fatalf("Sign = %s, want %s", got, docSignature)
	}
	for _, body := range []string{"", "{}", strings.Repeat("x", 1000)} {
		sig := webhook.Sign("k", []byte(body))
		if len(sig) != 27 || strings.ContainsAny(sig, "=+/") {
			t.Errorf("Sign(%.10q) = %q: want 27 base64url characters without padding", body, sig)
		}
	}
}

func TestVerify(t *testing.T) {
	t.Parallel()
	body := []byte(`{"client":{"address":"192.0.2.1","port":1},"request":{"direction":"incoming"}}`)
	good := webhook.Sign("secret", body)
	// A body whose signature uses both URL-safe characters, to show the standard alphabet is refused.
	var urlSafeBody []byte
	var urlSafeSig string
	for i := 0; ; i++ {
		b := []byte(strings.Repeat("a", i))
		if s := webhook.Sign("secret", b); strings.ContainsAny(s, "-_") {
			urlSafeBody, urlSafeSig = b, s
			break
		}
	}
	std := strings.NewReplacer("-", "+", "_", "/").Replace(urlSafeSig)
	tests := []struct {
		name   string
		secret string
		body   []byte
		sig    string
		want   bool
	}{
		{"valid", "secret", body, good, true},
		{"valid with padding", "secret", body, good + "=", true},
		{"OME's documented vector", docKey, []byte(docMessage), docSignature, true},
		{"wrong key", "Secret", body, good, false},
		{"empty key", "", body, good, false},
		{"tampered body", "secret", append([]byte(" "), body...), good, false},
		{"truncated body", "secret", body[:len(body)-1], good, false},
		{"missing", "secret", body, "", false},
		{"truncated signature", "secret", body, good[:26], false},
		{"one character changed", "secret", body, flip(good), false},
		{"standard base64 alphabet", "secret", urlSafeBody, std, false},
		{"url-safe original of that", "secret", urlSafeBody, urlSafeSig, true},
		{"hex instead of base64", "secret", body, "f871jd991jj1929jsjd91pqa0amm1", false},
		{"too long", "secret", body, base64.RawURLEncoding.EncodeToString(make([]byte, 21)), false},
		{"not base64", "secret", body, "!!!!!!!!!!!!!!!!!!!!!!!!!!!", false},
		{"signature of the empty body", "secret", body, webhook.Sign("secret", nil), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := webhook.Verify(tt.secret, tt.body, tt.sig); got != tt.want {
				t.Errorf("Verify = %v, want %v", got, tt.want)
			}
		})
	}
}

// flip changes the first character of a base64url string to another valid character.
func flip(s string) string {
	c := byte('A')
	if s[0] == 'A' {
		c = 'B'
	}
	return string(c) + s[1:]
}
