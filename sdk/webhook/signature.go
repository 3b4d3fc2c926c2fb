package webhook

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"strings"
)

// Sign returns the X-OME-Signature OME sends with body: the HMAC-SHA1 of body keyed with
// secret, base64url-encoded without padding.
func Sign(secret string, body []byte) string {
	return base64.RawURLEncoding.EncodeToString(mac(secret, body))
}

// Verify reports whether signature is the X-OME-Signature of body under secret. The comparison
// takes the same time whatever the signature's content. Padding ('=') is tolerated, although OME
// never sends it; the standard base64 alphabet ('+', '/') is not.
func Verify(secret string, body []byte, signature string) bool {
	got, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(signature, "="))
	if err != nil || len(got) != sha1.Size {
		return false
	}
	return hmac.Equal(got, mac(secret, body))
}

func mac(secret string, body []byte) []byte {
	m := hmac.New(sha1.New, []byte(secret))
	m.Write(body)
	return m.Sum(nil)
}
