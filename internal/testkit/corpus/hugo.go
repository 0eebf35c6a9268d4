package corpus

// hugoSite is the configuration and layouts of the Hugo version of a
// corpus: as near as Hugo allows to what dossier does with every feature
// on. Cross-links and citations are resolved by the render-link hook with
// GetPage (an unknown target fails the build, as in dossier); notes show
// their table of contents, tags, related notes (Hugo's related-content
// index on tags) and their body; tags are a taxonomy with a page per term;
// Hugo's own sitemap and RSS feeds are on. Every page is published, whatever
// its date (buildFuture: Hugo reads a source's published as its publish
// date), as dossier publishes every page.
var hugoSite = map[string]string{
	"hugo.yaml": `baseURL: https://example.org/
title: Benchmark corpus
languageCode: en
enableRobotsTXT: true
buildFuture: true
taxonomies:
  tag: tags
markup:
  goldmark:
    renderer:
      unsafe: false
    parser:
      autoHeadingID: true
  highlight:
    noClasses: false
  tableOfContents:
    startLevel: 2
    endLevel: 3
related:
  includeNewer: true
  threshold: 1
  toLower: false
  indices:
    - name: tags
      weight: 100
`,
	"layouts/_default/baseof.html": `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
{{ with .Params.summary }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "tags/" | relURL }}">Topics</a> <a href="{{ "sources/" | relURL }}">Sources</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
`,
	"layouts/_default/single.html": `{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="lede">{{ . }}</p>{{ end }}
<p class="meta">{{ with .Lastmod }}Last updated <time datetime="{{ .Format "2006-01-02" }}">{{ .Format "2 January 2006" }}</time>{{ end }}
{{ with .GetTerms "tags" }} · Topics: {{ range $i, $t := . }}{{ if $i }}, {{ end }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}{{ end }}</p>
{{ .TableOfContents }}
<div class="prose">{{ .Content }}</div>
{{ with .Params.excerpts }}<ul class="excerpts">{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ $related := first 5 (site.RegularPages.Related .) }}
{{ with $related }}<section class="related"><h2>Related notes</h2><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></section>{{ end }}
</article>
{{ end }}
`,
	"layouts/_default/list.html": `{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<ul class="cards">
{{ $pages := .RegularPages }}{{ if .IsHome }}{{ $pages = where site.RegularPages "Section" "notes" }}{{ end }}
{{ range $pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}</ul>
</article>
{{ end }}
`,
	"layouts/_default/terms.html": `{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
</article>
{{ end }}
`,
	"layouts/_default/_markup/render-link.html": `{{- $u := urls.Parse .Destination -}}
{{- if and (not $u.IsAbs) (strings.HasSuffix $u.Path ".md") -}}
{{- $t := $.Page.GetPage $u.Path -}}
{{- if not $t }}{{ errorf "%s: link to unknown page %q" $.Page.File.Path $.Destination }}{{ end -}}
{{- if eq $.Text "cite" -}}
<sup class="cite"><a href="{{ $t.RelPermalink }}" title="{{ with $t.Params.outlet }}{{ . }}, {{ end }}{{ $t.Title }}">[{{ $t.Params.outlet }}]</a></sup>
{{- else -}}
<a class="xref" href="{{ $t.RelPermalink }}{{ with $u.Fragment }}#{{ . }}{{ end }}"{{ with $t.Params.summary }} title="{{ . }}"{{ end }}>{{ with $.Text }}{{ . | safeHTML }}{{ else }}{{ $t.Title }}{{ end }}</a>
{{- end -}}
{{- else -}}
<a href="{{ .Destination | safeURL }}">{{ .Text | safeHTML }}</a>
{{- end -}}`,
}
