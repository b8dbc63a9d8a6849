package catalog

import (
	"runtime"
	"strconv"
	"strings"
)

func itoa(i int) string { return strconv.Itoa(i) }

func quote(s string) string { return strconv.Quote(s) }

func workers() int { return max(1, runtime.GOMAXPROCS(0)) }

// Slug turns an alias or code into the URL segment a redirect uses:
// lower case, runs of anything but letters and digits as one hyphen
// ("expired access/refresh token" → "expired-access-refresh-token").
// Underscores are kept, so a lower-cased code stays recognisable.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}
