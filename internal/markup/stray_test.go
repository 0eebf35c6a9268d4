package markup

import (
	"fmt"
	"testing"
)

// TestStraySyntax checks that the syntax of other tools is reported where
// it stands, and only outside code.
func TestStraySyntax(t *testing.T) {
	tests := []struct {
		src  string
		want []string // "offset: message"
	}{
		{"Plain text, 50% and a == b. {no citation}\n", nil},
		{"{{< figure src=\"map.png\" >}}\n", []string{`0: Hugo shortcode "{{< figure ...}}" is not read by dossier and would be published as text`}},
		{"Text {{% note %}}x{{% /note %}}\n", []string{
			`5: Hugo shortcode "{{% note ...}}" is not read by dossier and would be published as text`,
			`18: Hugo shortcode "{{% /note ...}}" is not read by dossier and would be published as text`}},
		{"Text %%to check%% more\n", []string{`5: Obsidian comment "%%to check%%" is not read by dossier and would be published as text`}},
		{"%%\nA comment over lines\n%%\n", []string{
			`0: Obsidian comment "%%" is not read by dossier and would be published as text`,
			`24: Obsidian comment "%%" is not read by dossier and would be published as text`}},
		{"A ==key point== here\n", []string{`2: Obsidian highlight "==key point==" is not read by dossier and would be published as text`}},
		{"## Heading ==x==\n", []string{`11: Obsidian highlight "==x==" is not read by dossier and would be published as text`}},
		{"- item {{< ref \"x\" >}}\n", []string{`7: Hugo shortcode "{{< ref ...}}" is not read by dossier and would be published as text`}},
		{"Code `{{< x >}}` and `%%` and `==a==`, *`{{< x >}}`*.\n", nil},
		{"```\n{{< x >}}\n%%\n```\n", nil},
		{"Escaped \\{{< x >}}\n", nil},
		{"> quoted\n> %%c%%\n", []string{`11: Obsidian comment "%%c%%" is not read by dossier and would be published as text`}},
	}
	m := New()
	for _, tt := range tests {
		d := m.Parse([]byte(tt.src))
		var got []string
		for _, p := range d.Problems {
			got = append(got, fmt.Sprintf("%d: %s", p.Offset, p.Message))
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Parse(%q) problems =\n%q\nwant\n%q", tt.src, got, tt.want)
		}
	}
}
