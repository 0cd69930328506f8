// Tokens, cursors, ids and encrypted notes, byte for byte as the project makes and reads them
// (Benchmarks/peer/crypto.mjs; JWS.swift, AccessToken.swift, CursorCodec.swift, Nanoid.swift,
// FieldCipher.swift), and JSON text as the project and JSON.stringify write it.
package main

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

func hmacSHA256(key, data []byte) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write(data)
	return mac.Sum(nil)
}

func sha256Hex(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// quote writes a JSON string as the project's JSONWriter does: JSON.stringify's escapes, but
// `\u00XX` for every other control character (JSON.stringify writes `\b` and `\f`), and U+2028
// and U+2029 escaped.
func quote(builder *strings.Builder, text string) {
	const digits = "0123456789abcdef"
	builder.WriteByte('"')
	for _, char := range text {
		switch {
		case char == '"':
			builder.WriteString(`\"`)
		case char == '\\':
			builder.WriteString(`\\`)
		case char == '\n':
			builder.WriteString(`\n`)
		case char == '\r':
			builder.WriteString(`\r`)
		case char == '\t':
			builder.WriteString(`\t`)
		case char < 0x20:
			builder.WriteString(`\u00`)
			builder.WriteByte(digits[char>>4])
			builder.WriteByte(digits[char&15])
		case char == '\u2028':
			builder.WriteString(`\u2028`)
		case char == '\u2029':
			builder.WriteString(`\u2029`)
		default:
			builder.WriteRune(char)
		}
	}
	builder.WriteByte('"')
}

// canonicalJSON is compact JSON with object members sorted by name (hashes, cache keys and
// cursors are made from it).
func canonicalJSON(value any) string {
	var builder strings.Builder
	writeCanonical(&builder, value)
	return builder.String()
}

func writeCanonical(builder *strings.Builder, value any) {
	switch value := value.(type) {
	case nil:
		builder.WriteString("null")
	case string:
		quote(builder, value)
	case bool:
		builder.WriteString(strconv.FormatBool(value))
	case int64:
		builder.WriteString(strconv.FormatInt(value, 10))
	case int32:
		builder.WriteString(strconv.FormatInt(int64(value), 10))
	case int:
		builder.WriteString(strconv.Itoa(value))
	case float64:
		if math.IsInf(value, 0) || math.IsNaN(value) {
			builder.WriteString("null")
		} else {
			builder.WriteString(jsNumber(value))
		}
	case []string:
		builder.WriteByte('[')
		for index, item := range value {
			if index > 0 {
				builder.WriteByte(',')
			}
			quote(builder, item)
		}
		builder.WriteByte(']')
	case []any:
		builder.WriteByte('[')
		for index, item := range value {
			if index > 0 {
				builder.WriteByte(',')
			}
			writeCanonical(builder, item)
		}
		builder.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(value))
		for key := range value {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		builder.WriteByte('{')
		for index, key := range keys {
			if index > 0 {
				builder.WriteByte(',')
			}
			quote(builder, key)
			builder.WriteByte(':')
			writeCanonical(builder, value[key])
		}
		builder.WriteByte('}')
	default:
		panic("canonicalJSON: unexpected value")
	}
}

// jsNumber writes a double as JavaScript's Number#toString does (encoding/json's rule is the same).
func jsNumber(value float64) string {
	if value == 0 {
		return "0"
	}
	format := byte('f')
	if magnitude := math.Abs(value); magnitude < 1e-6 || magnitude >= 1e21 {
		format = 'e'
	}
	text := strconv.FormatFloat(value, format, -1, 64)
	if format == 'e' {
		// 1e-07 → 1e-7, as JavaScript writes exponents.
		if n := len(text); n >= 4 && text[n-4] == 'e' && text[n-3] == '-' && text[n-2] == '0' {
			text = text[:n-2] + text[n-1:]
		}
	}
	return text
}

// jsonText is JSON.stringify's text of a value: encoding/json without its HTML escapes.
func jsonText(value any) string {
	var buffer bytes.Buffer
	encoder := json.NewEncoder(&buffer)
	encoder.SetEscapeHTML(false)
	must(encoder.Encode(value))
	return strings.TrimSuffix(buffer.String(), "\n")
}

// keyFromText reads a 32-byte key from 64 hex digits or 43 base64url characters (Secrets.swift).
func keyFromText(text string) ([]byte, error) {
	if len(text) == 64 {
		if key, err := hex.DecodeString(text); err == nil {
			return key, nil
		}
	}
	key, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(text, "="))
	if err != nil || len(key) != 32 {
		return nil, errors.New("MIRUBATO_DATA_KEY must be 32 bytes as 64 hex digits or 43 base64url characters")
	}
	return key, nil
}

var base64URLText = regexp.MustCompile(`^[A-Za-z0-9_-]*$`)

// decodePart decodes unpadded base64url, or answers nil.
func decodePart(part string) []byte {
	if len(part)%4 == 1 || !base64URLText.MatchString(part) {
		return nil
	}
	bytes, err := base64.RawURLEncoding.DecodeString(part)
	if err != nil {
		return nil
	}
	return bytes
}

// parseObject answers a JSON object, or nil.
func parseObject(bytes []byte) map[string]any {
	var value any
	if json.Unmarshal(bytes, &value) != nil {
		return nil
	}
	object, _ := value.(map[string]any)
	return object
}

// wholeNumber is Number.isInteger of a decoded JSON value.
func wholeNumber(value any) (int64, bool) {
	number, ok := value.(float64)
	if !ok || math.IsInf(number, 0) || number != math.Trunc(number) {
		return 0, false
	}
	return int64(number), true
}

const allowedSkew = 30

// Claims are who a valid access token speaks for.
type Claims struct{ userID, sessionID string }

// verifyAccessToken answers the claims of a valid HS256 access token at now (seconds), or nil:
// signature, issuer, audience, expiry, issued-at and not-before, as AccessToken.verify checks them.
func verifyAccessToken(token string, key []byte, now int64) *Claims {
	if len(token) > 4096 {
		return nil
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil
	}
	headerBytes, payloadBytes, signature := decodePart(parts[0]), decodePart(parts[1]), decodePart(parts[2])
	if headerBytes == nil || payloadBytes == nil || signature == nil {
		return nil
	}
	header := parseObject(headerBytes)
	if header == nil || header["alg"] != "HS256" {
		return nil
	}
	if _, critical := header["crit"]; critical {
		return nil
	}
	if kind, ok := header["typ"]; ok && kind != "JWT" {
		return nil
	}
	if !hmac.Equal(signature, hmacSHA256(key, []byte(parts[0]+"."+parts[1]))) {
		return nil
	}
	claims := parseObject(payloadBytes)
	if claims == nil || claims["iss"] != "mirubato" {
		return nil
	}
	audience := claims["aud"] == "mirubato-api"
	if list, ok := claims["aud"].([]any); ok {
		for _, item := range list {
			audience = audience || item == "mirubato-api"
		}
	}
	if !audience {
		return nil
	}
	subject, _ := claims["sub"].(string)
	session, _ := claims["sid"].(string)
	if subject == "" || session == "" {
		return nil
	}
	issuedAt, ok1 := wholeNumber(claims["iat"])
	expires, ok2 := wholeNumber(claims["exp"])
	if !ok1 || !ok2 || !(now < expires+allowedSkew) || issuedAt > now+allowedSkew {
		return nil
	}
	if notBefore, ok := wholeNumber(claims["nbf"]); ok && notBefore > now+allowedSkew {
		return nil
	}
	return &Claims{userID: subject, sessionID: session}
}

// CursorCodec signs list cursors: base64url(JSON [list, ...sort key]) "." base64url(first 12
// HMAC bytes).
type CursorCodec struct{ key []byte }

func newCursorCodec(dataKey []byte) *CursorCodec {
	return &CursorCodec{key: hmacSHA256(dataKey, []byte("mirubato list cursor v1"))}
}

func (c *CursorCodec) make(list string, values []string) string {
	payload := []byte(canonicalJSON(append([]string{list}, values...)))
	return base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(hmacSHA256(c.key, payload)[:12])
}

// sortKey answers the sort key of a cursor this codec made for list, or nil.
func (c *CursorCodec) sortKey(cursor, list string, count int) []string {
	if len(cursor) > 2048 {
		return nil
	}
	parts := strings.Split(cursor, ".")
	if len(parts) != 2 {
		return nil
	}
	payload, tag := decodePart(parts[0]), decodePart(parts[1])
	if payload == nil || tag == nil || !hmac.Equal(tag, hmacSHA256(c.key, payload)[:12]) {
		return nil
	}
	var items []any
	if json.Unmarshal(payload, &items) != nil || len(items) != count+1 || items[0] != list {
		return nil
	}
	values := make([]string, count)
	for index, item := range items[1:] {
		text, ok := item.(string)
		if !ok {
			return nil
		}
		values[index] = text
	}
	return values
}

const alphabet = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// nanoid makes a 21-character id (64 characters, so a byte masked to 6 bits is unbiased).
func nanoid() string {
	var random [21]byte
	_, err := rand.Read(random[:])
	must(err)
	id := make([]byte, len(random))
	for index, value := range random {
		id[index] = alphabet[value&63]
	}
	return string(id)
}

// seal encrypts notes at rest with AES-256-GCM: "v1." + base64url(nonce ‖ ciphertext ‖ tag),
// the column name authenticated as associated data.
func seal(key []byte, plaintext, column string) string {
	aead := gcm(key)
	nonce := make([]byte, aead.NonceSize())
	_, err := rand.Read(nonce)
	must(err)
	return "v1." + base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, []byte(plaintext), []byte(column)))
}

func open(key []byte, sealed, column string) string {
	var body []byte
	if strings.HasPrefix(sealed, "v1.") {
		body = decodePart(sealed[3:])
	}
	if len(body) < 28 {
		panic(errors.New("undecryptable value"))
	}
	plaintext, err := gcm(key).Open(nil, body[:12], body[12:], []byte(column))
	must(err)
	if !utf8.Valid(plaintext) {
		// Buffer#toString('utf8') replaces invalid sequences, as this does.
		return strings.ToValidUTF8(string(plaintext), "\uFFFD")
	}
	return string(plaintext)
}

func gcm(key []byte) cipher.AEAD {
	block, err := aes.NewCipher(key)
	must(err)
	aead, err := cipher.NewGCM(block)
	must(err)
	return aead
}
