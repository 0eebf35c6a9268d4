// Package jsonld writes schema.org structured data as JSON-LD, for a page's
// <script type="application/ld+json"> element, so that search engines and
// other readers can tell what a page is, when it was published and changed,
// and which articles it cites.
//
// The types are the few schema.org types the site uses, with the properties
// it fills in; empty properties are left out. Encode puts any number of
// objects into one document under "@graph", so that a page can carry its
// Article and, beside it, other objects (ClaimReview, say) that other parts
// of the build make.
//
// Encode uses encoding/json, which writes <, > and & as \u003c, \u003e and
// \u0026 (and U+2028 and U+2029 as escapes): a title holding "</script>" or
// "<!--" cannot end or disturb the script element. Its result is a
// template.JS that html/template inserts unchanged into a script element of
// type application/ld+json.
package jsonld

import (
	"encoding/json"
	"html/template"
)

// Context is the JSON-LD context of every document Encode writes.
const Context = "https://schema.org"

// Article is a schema.org Article: one note.
type Article struct {
	Type          string         `json:"@type"` // "Article"
	Headline      string         `json:"headline"`
	Description   string         `json:"description,omitempty"`
	DatePublished string         `json:"datePublished,omitempty"` // ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY
	DateModified  string         `json:"dateModified,omitempty"`
	URL           string         `json:"url,omitempty"`
	InLanguage    string         `json:"inLanguage,omitempty"` // BCP 47
	Citation      []CreativeWork `json:"citation,omitempty"`
}

// CreativeWork is a cited work: a schema.org CreativeWork, or a subtype such
// as NewsArticle.
type CreativeWork struct {
	Type          string        `json:"@type"` // "NewsArticle", "CreativeWork", ...
	Name          string        `json:"name"`
	Publisher     *Organization `json:"publisher,omitempty"`
	DatePublished string        `json:"datePublished,omitempty"`
	URL           string        `json:"url,omitempty"`
}

// Organization is a schema.org Organization, e.g. a news outlet.
type Organization struct {
	Type string `json:"@type"` // "Organization"
	Name string `json:"name"`
}

// NewArticle returns an Article with its @type set.
func NewArticle(headline string) Article { return Article{Type: "Article", Headline: headline} }

// NewOrganization returns an Organization with its @type set.
func NewOrganization(name string) *Organization {
	return &Organization{Type: "Organization", Name: name}
}

// document is what Encode writes.
type document struct {
	Context string `json:"@context"`
	Graph   []any  `json:"@graph"`
}

// Encode writes objects (values that encoding/json can marshal, each with its
// own "@type") as one JSON-LD document, safe to place between
// <script type="application/ld+json"> and </script>.
func Encode(objects ...any) (template.JS, error) {
	if objects == nil {
		objects = []any{}
	}
	b, err := json.Marshal(document{Context: Context, Graph: objects})
	if err != nil {
		return "", err
	}
	return template.JS(b), nil //nolint:gosec // encoding/json escapes <, > and &, see the package comment
}

// ClaimReview is a schema.org ClaimReview: a claim whose status the editors
// have settled, with the rating in words (the site rates no claim on a
// numeric scale).
type ClaimReview struct {
	Type          string        `json:"@type"` // "ClaimReview"
	ClaimReviewed string        `json:"claimReviewed"`
	URL           string        `json:"url,omitempty"`
	Author        *Organization `json:"author,omitempty"`
	ReviewRating  Rating        `json:"reviewRating"`
	ItemReviewed  Claim         `json:"itemReviewed"`
}

// Rating is a schema.org Rating given only in words.
type Rating struct {
	Type          string `json:"@type"` // "Rating"
	AlternateName string `json:"alternateName"`
}

// Claim is a schema.org Claim, with the works in which it appears.
type Claim struct {
	Type       string         `json:"@type"` // "Claim"
	Appearance []CreativeWork `json:"appearance,omitempty"`
}

// NewClaimReview returns a ClaimReview with every @type set.
func NewClaimReview(statement, rating string) ClaimReview {
	return ClaimReview{Type: "ClaimReview", ClaimReviewed: statement,
		ReviewRating: Rating{Type: "Rating", AlternateName: rating}, ItemReviewed: Claim{Type: "Claim"}}
}
