package frontmatter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
)

// Field describes one front-matter key of a struct, as its tags define it.
type Field struct {
	Key      string
	Doc      string
	Required bool
	Enum     []string // the allowed values, if restricted
	Format   string   // "url", "slug" or ""
	DateKind string   // for dates: "" (YYYY-MM-DD), "partial" or "unknown"
	Type     reflect.Type
}

// Fields lists the front-matter keys of struct type t, in the order of its
// fields: what Decode accepts into a value of that type.
func Fields(t reflect.Type) []Field {
	var out []Field
	for _, f := range fieldsOf(t) {
		out = append(out, Field{Key: f.key, Doc: f.doc, Required: f.required, Enum: slices.Clone(f.enum), // fieldsOf's are shared
			Format: f.format, DateKind: f.dateKind, Type: t.Field(f.index).Type})
	}
	return out
}

// IsDate reports whether a field's type is Date.
func (f Field) IsDate() bool { return f.Type == dateType }

// SchemaInfo names a schema.
type SchemaInfo struct {
	ID          string // the schema's address, or ""
	Title       string
	Description string
}

// Schema returns a JSON Schema (draft 2020-12) for the front matter Decode
// accepts into a value of struct type t, made from the same struct tags, so
// that editors' YAML tools check what the build checks. It accepts what
// Decode accepts, except that it cannot tell a date that does not exist
// (2026-02-30) or a slug that is not in Unicode normal form C, and that it
// wants `true` and `false` quoted where a slug is expected.
func Schema(t reflect.Type, info SchemaInfo) []byte {
	s := structSchema(t)
	s.Schema = "https://json-schema.org/draft/2020-12/schema"
	s.ID, s.Title, s.Description = info.ID, info.Title, info.Description
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		panic(err) // the schema is made of strings, numbers and lists
	}
	return buf.Bytes()
}

// schema is the subset of JSON Schema the front matter needs.
type schema struct {
	Schema               string     `json:"$schema,omitempty"`
	ID                   string     `json:"$id,omitempty"`
	Title                string     `json:"title,omitempty"`
	Description          string     `json:"description,omitempty"`
	Type                 any        `json:"type,omitempty"` // a name or a list of names
	Enum                 []string   `json:"enum,omitempty"`
	Pattern              string     `json:"pattern,omitempty"`
	Format               string     `json:"format,omitempty"`
	MaxLength            int        `json:"maxLength,omitempty"`
	Minimum              int        `json:"minimum,omitempty"`
	Maximum              int        `json:"maximum,omitempty"`
	Items                *schema    `json:"items,omitempty"`
	MinItems             int        `json:"minItems,omitempty"`
	Properties           properties `json:"properties,omitempty"`
	Required             []string   `json:"required,omitempty"`
	AdditionalProperties *bool      `json:"additionalProperties,omitempty"`
	AnyOf                []*schema  `json:"anyOf,omitempty"`
}

// properties keeps the keys in the struct's order.
type properties []property

type property struct {
	key string
	s   *schema
}

func (ps properties) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(p.key)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(p.s)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Patterns of the values Decode checks (ECMA-262, as JSON Schema wants).
const (
	// SlugPattern matches slug.Check's lower-case letters, digits and
	// single hyphens.
	SlugPattern = `^[\p{Ll}\p{Lm}\p{Lo}\p{Nd}]+(-[\p{Ll}\p{Lm}\p{Lo}\p{Nd}]+)*$`
	// URLPattern matches the http and https addresses Decode accepts.
	URLPattern = `^https?://[^/?#\s]+`

	month        = `(0[1-9]|1[0-2])`
	day          = `(0[1-9]|[12][0-9]|3[01])`
	datePattern  = `[0-9]{4}-` + month + `-` + day
	fullDate     = `^` + datePattern + `$`
	partialDate  = `^[0-9]{4}(-` + month + `(-` + day + `)?)?$`
	unknownDate  = `^(` + datePattern + `|[Uu][Nn][Kk][Nn][Oo][Ww][Nn])$`
	notBlank     = `\S`
	maxSlugChars = 200
)

var falseValue = false

func structSchema(t reflect.Type) *schema {
	s := &schema{Type: "object", AdditionalProperties: &falseValue, Properties: properties{}}
	for _, f := range Fields(t) {
		fs := valueSchema(f, f.Type)
		fs.Description = f.Doc
		s.Properties = append(s.Properties, property{f.Key, fs})
		if f.Required {
			s.Required = append(s.Required, f.Key)
		}
	}
	return s
}

// valueSchema describes a value of type t for field f, as decodeValue
// accepts it.
func valueSchema(f Field, t reflect.Type) *schema {
	switch {
	case t == dateType:
		var s *schema
		switch f.DateKind {
		case "partial":
			s = &schema{AnyOf: []*schema{
				{Type: "string", Pattern: partialDate},
				{Type: "integer", Minimum: 1, Maximum: 9999},
			}}
		case "unknown":
			s = &schema{Type: "string", Pattern: unknownDate}
		default:
			s = &schema{Type: "string", Pattern: fullDate}
		}
		return optional(s, f.Required)
	case t.Kind() == reflect.String:
		var s *schema
		switch {
		case f.Enum != nil:
			s = &schema{Enum: slices.Clone(f.Enum)}
		case f.Format == "url":
			s = &schema{Type: "string", Format: "uri", Pattern: URLPattern}
		case f.Format == "slug":
			// A bare number is a slug too: `tags: [2026]`.
			s = &schema{AnyOf: []*schema{
				{Type: "string", Pattern: SlugPattern, MaxLength: maxSlugChars},
				{Type: "integer", Minimum: 0},
			}}
		default:
			// Any scalar is text: `title: 1994` is the text "1994".
			s = &schema{Type: []string{"string", "number", "boolean"}}
			if f.Required {
				s.Pattern = notBlank
			}
		}
		return optional(s, f.Required)
	case t.Kind() == reflect.Bool:
		return optional(&schema{Type: "boolean"}, f.Required)
	case t.Kind() == reflect.Int:
		return optional(&schema{Type: "integer", Minimum: 1}, f.Required)
	case t.Kind() == reflect.Slice:
		item := Field{Key: f.Key, Enum: f.Enum, Format: f.Format, DateKind: f.DateKind, Required: true}
		s := &schema{Type: "array", Items: valueSchema(item, t.Elem())}
		if f.Required {
			s.MinItems = 1
			return s
		}
		return optional(s, false)
	case t.Kind() == reflect.Struct:
		return structSchema(t)
	}
	panic(fmt.Sprintf("frontmatter: no schema for %s", t))
}

// optional lets a value that is not required be left empty (`key:`).
func optional(s *schema, required bool) *schema {
	if required {
		return s
	}
	switch typ := s.Type.(type) {
	case string:
		s.Type = []string{typ, "null"}
		return s
	case []string:
		s.Type = append(typ, "null")
		return s
	}
	if s.Enum != nil {
		return &schema{AnyOf: []*schema{s, {Type: "null"}}}
	}
	s.AnyOf = append(s.AnyOf, &schema{Type: "null"})
	return s
}
