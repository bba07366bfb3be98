// Checks a Bondify proof with Go's standard library only (no JWT module needed).
// Usage: PROOF=eyJ… SECRET_KEY=sk_live_… PROJECT_ID=proj_… go run checkproof.go
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

type Claims struct {
	TelegramID       string  `json:"telegram_id"`
	TelegramName     string  `json:"telegram_name"`
	TelegramUsername *string `json:"telegram_username"`
	TelegramPhone    *string `json:"telegram_phone"`
	Issuer           string  `json:"iss"`
	Audience         string  `json:"aud"`
	ID               string  `json:"jti"`
	Expires          int64   `json:"exp"`
}

// CheckProof verifies signature, algorithm, issuer, audience and expiry.
func CheckProof(proof, secretKey, projectID string) (*Claims, error) {
	parts := strings.Split(proof, ".")
	if len(parts) != 3 {
		return nil, errors.New("not a compact JWS")
	}
	header, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return nil, err
	}
	var h struct {
		Alg string `json:"alg"`
	}
	if err := json.Unmarshal(header, &h); err != nil || h.Alg != "HS256" {
		return nil, errors.New("algorithm is not HS256")
	}
	// The key is the UTF-8 bytes of the whole secret key string, prefix included.
	mac := hmac.New(sha256.New, []byte(secretKey))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	signature, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(signature, mac.Sum(nil)) {
		return nil, errors.New("bad signature")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, err
	}
	var c Claims
	if err := json.Unmarshal(payload, &c); err != nil {
		return nil, err
	}
	if c.Issuer != "bondify" || c.Audience != projectID {
		return nil, errors.New("wrong issuer or audience")
	}
	if time.Now().Unix() >= c.Expires {
		return nil, errors.New("expired")
	}
	return &c, nil // store c.ID to accept each proof once
}

func main() {
	claims, err := CheckProof(os.Getenv("PROOF"), os.Getenv("SECRET_KEY"), os.Getenv("PROJECT_ID"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, _ := json.Marshal(claims)
	fmt.Println(string(out))
}
