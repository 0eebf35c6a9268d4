// Package slug checks and makes the identifiers that become addresses on the
// site: note slugs, source ids, tags, claim ids and heading ids.
//
// A slug is lower-case letters (of any script, with the combining marks
// that follow them), digits and single hyphens,
// in Unicode normalisation form C, e.g. `budapest-memorandum` or
// `будапештський-меморандум`. Because it is checked this strictly, a slug can
// never hold `/`, `\`, `..` or anything else that reaches outside its folder.
package slug

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxLen is the longest slug allowed, in bytes.
const MaxLen = 200

// Check reports why s is not a valid slug, or nil.
func Check(s string) error {
	switch {
	case s == "":
		return errors.New("is empty")
	case len(s) > MaxLen:
		return errors.New("is longer than 200 bytes")
	case !utf8.ValidString(s):
		return errors.New("is not valid UTF-8")
	case !norm.NFC.IsNormalString(s):
		return errors.New("is not in Unicode normal form C")
	case strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-"):
		return errors.New("starts or ends with a hyphen")
	case strings.Contains(s, "--"):
		return errors.New("has two hyphens in a row")
	}
	prev := '-'
	for _, r := range s {
		switch {
		case r == '-':
		case unicode.IsDigit(r):
		case unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsTitle(r):
		case unicode.IsUpper(r) || unicode.IsTitle(r):
			return errors.New("has upper-case letters")
		case unicode.IsMark(r) && prev != '-':
			// A vowel sign or accent belongs to the letter before it
			// (Devanagari, Thai, Arabic vowel marks).
		default:
			return errors.New("has a character other than letters, digits and hyphens")
		}
		prev = r
	}
	return nil
}

// Make turns free text (a title, a heading, a file name) into a slug:
// NFC, lower case, letters, digits and the marks on them kept, every other
// run of characters
// becoming one hyphen. It returns "" when s has no letter or digit.
func Make(s string) string {
	s = norm.NFC.String(strings.ToLower(s))
	var b strings.Builder
	hyphen := false
	for _, r := range s {
		switch {
		case unicode.IsDigit(r) || unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsTitle(r):
			// (A capital with no lower-case form, such as ϒ, is dropped.)
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case unicode.IsMark(r) && !hyphen && b.Len() > 0:
			b.WriteRune(r) // a mark on the letter before
		default:
			hyphen = true
		}
		if b.Len() >= MaxLen-8 {
			break
		}
	}
	return b.String()
}

// Key folds a slug for duplicate detection: two slugs with the same key
// would be confused by a case-insensitive or normalising file system.
func Key(s string) string {
	if isASCII(s) {
		// Normalising leaves ASCII as it is, and upper then lower case is
		// lower case: one pass, and none for a slug already lower case,
		// where the Unicode path took 10 ms of each of the preview's
		// rebuilds at 10,000 notes.
		return strings.ToLower(s)
	}
	return foldKey(s)
}

// foldKey is Key for any text.
func foldKey(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD") // as ToLower would, but before NFKC
	// Upper then lower case, as case-insensitive file systems compare:
	// final ς and σ, dotless ı and i are the same file there.
	return norm.NFC.String(strings.ToLower(strings.ToUpper(norm.NFKC.String(s))))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
