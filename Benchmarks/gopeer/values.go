// Reading row cells and JSON the way JavaScript reads them in the graphql-js peer.
package main

import (
	"encoding/json"
	"strconv"
	"strings"
)

type orderedValue interface {
	~int | ~int32 | ~int64 | ~float64 | ~string
}

// min and max, which Go 1.19 does not have built in.
func min[T orderedValue](a, b T) T {
	if a < b {
		return a
	}
	return b
}

func max[T orderedValue](a, b T) T {
	if a > b {
		return a
	}
	return b
}

// text is a TEXT cell, "" for NULL.
func text(cell any) string {
	switch cell := cell.(type) {
	case string:
		return cell
	case []byte:
		return string(cell)
	case int64:
		return strconv.FormatInt(cell, 10)
	case float64:
		return jsNumber(cell)
	}
	return ""
}

// textOr is a TEXT cell, or fallback for NULL (`row[i] ?? fallback`).
func textOr(cell any, fallback string) string {
	if cell == nil {
		return fallback
	}
	return text(cell)
}

// optionalText is a nullable TEXT cell.
func optionalText(cell any) *string {
	if cell == nil {
		return nil
	}
	value := text(cell)
	return &value
}

// integer is a numeric cell as a whole number, 0 for NULL.
func integer(cell any) int64 {
	switch cell := cell.(type) {
	case int64:
		return cell
	case float64:
		return int64(cell)
	case bool:
		if cell {
			return 1
		}
	}
	return 0
}

// number is a numeric cell, 0 for NULL.
func number(cell any) float64 {
	switch cell := cell.(type) {
	case int64:
		return float64(cell)
	case float64:
		return cell
	}
	return 0
}

func optionalNumber(cell any) *float64 {
	if cell == nil {
		return nil
	}
	value := number(cell)
	return &value
}

func optionalInt(cell any) *int32 {
	if cell == nil {
		return nil
	}
	value := int32(integer(cell))
	return &value
}

// optionalDateTime is a nullable DATETIME cell.
func optionalDateTime(cell any) *DateTime {
	if cell == nil {
		return nil
	}
	value := DateTime(text(cell))
	return &value
}

func upper(value string) string { return strings.ToUpper(value) }

func lower(value string) string { return strings.ToLower(value) }

// optionalUpper is upper() of a nullable cell.
func optionalUpper(cell any) *string {
	if cell == nil {
		return nil
	}
	value := upper(text(cell))
	return &value
}

func parseJSON(text string, target any) error { return json.Unmarshal([]byte(text), target) }

// stringsOf keeps the strings of a JSON array text (`JSON.parse(...).filter(string)`); an
// unreadable text or one that is no array reads as none.
func stringsOf(text string) []string {
	result := []string{}
	var items []any
	if json.Unmarshal([]byte(text), &items) != nil {
		return result
	}
	for _, item := range items {
		if value, ok := item.(string); ok {
			result = append(result, value)
		}
	}
	return result
}
