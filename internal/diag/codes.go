package diag

// Code is a stable identifier of a kind of problem. Editors' tools and the
// editor's guide refer to problems by code, so codes never change meaning.
type Code string

// The codes, in the order the build meets them.
const (
	CodeFileRead            Code = "file-read"
	CodeNotText             Code = "not-text"
	CodeTooLarge            Code = "too-large"
	CodeBadPath             Code = "bad-path"
	CodeBadSlug             Code = "bad-slug"
	CodeDuplicateSlug       Code = "duplicate-slug"
	CodeFrontMatter         Code = "front-matter"
	CodeUnknownKey          Code = "unknown-key"
	CodeWrongType           Code = "wrong-type"
	CodeMissingKey          Code = "missing-key"
	CodeBadValue            Code = "bad-value"
	CodeConfig              Code = "config"
	CodeUnknownNote         Code = "unknown-note"
	CodeUnknownSource       Code = "unknown-source"
	CodeUnknownAnchor       Code = "unknown-anchor"
	CodeUnpublished         Code = "unpublished"
	CodeHeldBack            Code = "held-back"
	CodeBadLink             Code = "bad-link"
	CodeUnusedSource        Code = "unused-source"
	CodeCitesCycle          Code = "cites-cycle"
	CodeQuoteMismatch       Code = "quote-mismatch"
	CodeBadClaim            Code = "bad-claim"
	CodeDuplicateClaim      Code = "duplicate-claim"
	CodeCitationNeeded      Code = "citation-needed"
	CodeTemplate            Code = "template"
	CodeRawHTML             Code = "raw-html"
	CodeUnclosedSyntax      Code = "unclosed-syntax"
	CodeSelfLink            Code = "self-link"
	CodeDuplicateID         Code = "duplicate-id"
	CodeTimeline            Code = "timeline"
	CodeGitHistory          Code = "git-history"
	CodePassageNotFound     Code = "passage-not-found"
	CodePassageAmbiguous    Code = "passage-ambiguous"
	CodePassageUnpinned     Code = "passage-unpinned"
	CodeArticleText         Code = "article-text"
	CodeExcerptNotInArticle Code = "excerpt-not-in-article"
	CodeArticlesMissing     Code = "articles-missing"
	CodeQuoteElision        Code = "quote-elision"
	CodeRefusedFile         Code = "refused-file"
	CodeBadImage            Code = "bad-image"
	CodeLargeFile           Code = "large-file"
	CodeMissingFile         Code = "missing-file"
	CodeImageAlt            Code = "image-alt"
	CodeExpectedKey         Code = "expected-key"
	CodeNoBaseURL           Code = "no-base-url"
	CodeBadHeadingID        Code = "bad-heading-id"
	CodeUnknownCallout      Code = "unknown-callout"
	CodeUnsupportedSyntax   Code = "unsupported-syntax"
)

// CodeInfo documents a code for the editor's guide.
type CodeInfo struct {
	Code    Code
	Summary string // what the problem is
	Example string // an example of a fix
}

// Codes lists every code with its explanation, in a stable order.
var Codes = []CodeInfo{
	{CodeFileRead, "A file in the site folder could not be read.", "Check the file's permissions; remove broken symbolic links."},
	{CodeNotText, "A Markdown file (.md) is not UTF-8 text (a binary file, or a file in another encoding).", "Save the file as UTF-8; an image or a PDF named .md gets its own extension (map.png), and is then published as it is."},
	{CodeTooLarge, "A content file is larger than the build accepts.", "Split the note into several notes and link them."},
	{CodeBadPath, "A path points outside the content folder, or a file is where none is expected.", "Write links relative to the note, e.g. [text](other-note.md) or [[sources/id]]."},
	{CodeBadSlug, "A note, source or page file name, or a folder of notes, is not a valid slug.", "Rename `Budapest Memo.md` to `budapest-memo.md`: lower-case letters, digits and single hyphens."},
	{CodeDuplicateSlug, "Two files, a file and an alias, a folder of notes and a note, or a page and one of the site's own folders (tags, sources, ...) would publish to the same address. Note slugs are unique across folders.", "Rename one of the files, or remove the alias; rename content/pages/tags.md to topics.md."},
	{CodeFrontMatter, "The YAML front matter is missing, not closed, or not valid YAML. A front matter whose closing `---` is missing is one error, at the opening `---`, naming the line after which the closing line belongs; the file is kept, split there, so that links to it from other files are not reported as well.", "Start the file with a line `---`, then `title: ...`, then a closing `---`."},
	{CodeUnknownKey, "The front matter has a key the build does not know (often a typo).", "`tittle: X` -> `title: X`."},
	{CodeWrongType, "A front-matter value has the wrong type, e.g. a list where text is expected.", "`tags: ukraine, nato` -> `tags: [ukraine, nato]`."},
	{CodeMissingKey, "A required front-matter key is missing or empty.", "Add `title: The Budapest Memorandum`."},
	{CodeBadValue, "A front-matter value has the right type but is not allowed, e.g. a date that does not exist.", "`published: 2026-02-30` -> `published: 2026-02-28`."},
	{CodeConfig, "The site configuration (dossier.yaml) is not valid.", "Fix the key named in the message."},
	{CodeUnknownNote, "A cross-link names a note, page or folder that does not exist, or a path link names a note in the wrong folder.", "[[budapest-memo]] -> [[budapest-memorandum]]; [[pages/abuot]] -> [[pages/about]]."},
	{CodeUnknownSource, "A citation or source link names a source id that does not exist.", "[@ft-2026] -> [@financial-times-2026-01-27]."},
	{CodeUnpublished, "A published note or page links to or cites a note, page or source that the build holds back: a draft (`draft: true`), or a note or page whose `published` date is after today. `dossier serve`, `build -drafts` and `build -future` include such pages, so there the link works, and is a note (never an error) saying that a build without the flag stops there.", "Publish the target (remove `draft: true`, or give it a `published` date no later than today), remove the link until it is published, or build with -drafts / -future."},
	{CodeHeldBack, "A note, standalone page or source record is held back from the build: a draft (`draft: true`), or a note or page whose `published` date is after today, in dossier.yaml's `time_zone` (UTC by default). `dossier check` lists each one and checks it as if it were published (a note: never an error, even with -strict).", "Nothing to fix while it is not ready: `dossier serve` shows it with a banner, `build -drafts` / `build -future` include it; remove `draft: true`, or wait for its date, to publish it."},
	{CodeUnknownAnchor, "A link names a heading id that the target page does not have.", "[[note#timline]] -> [[note#timeline]]."},
	{CodeBadLink, "A link is malformed or uses a scheme that is not allowed (javascript:, vbscript:, data:).", "Link with https:// or to another note."},
	{CodeUnusedSource, "A source record is cited by no note (warning).", "Cite it where it is used, or remove the record."},
	{CodeCitesCycle, "Source records rely on each other in a cycle through their `cites` lists.", "Remove the `cites` entry that points back."},
	{CodeQuoteMismatch, "A quotation attributed to a source is not verbatim in that source's excerpts.", "Copy the passage from the article into the source's `excerpts`, or correct the quote."},
	{CodeBadClaim, "A claim block is malformed: unknown status or role, no claim text, or a side without a citation.", "`> [!claim id=x status=disputed]` then the claim, then `- reports: ... [@id]`."},
	{CodeDuplicateClaim, "Two claim blocks have the same id.", "Give each claim its own id."},
	{CodeCitationNeeded, "A paragraph states something but cites no source (warning; error with -strict).", "Add [@source-id], or end a paragraph that states no fact with {no citation}."},
	{CodeTemplate, "A template could not be parsed or executed.", "Fix the template at the line named in the message."},
	{CodeRawHTML, "Raw HTML in Markdown is not published (warning).", "Use Markdown syntax instead of HTML tags."},
	{CodeUnclosedSyntax, "A citation or wiki link was opened but not closed (warning).", "[[note -> [[note]]."},
	{CodeSelfLink, "A note links to itself without a heading (warning).", "Link to a heading: [[#heading-id]] or remove the link."},
	{CodeDuplicateID, "Two headings on a page have the same id ({#id}), or a heading's id is one the page's template uses (main, references, ref-3, ...) or a claim block's on the page (claim-<id>).", "`## Background {#context}` twice -> give the second `{#context-2}`."},
	{CodeBadHeadingID, "A heading's {#id} is not a slug (error), or the heading has other attributes ({.class}) or braces that are not read as an id (warning).", "`## Who signed {#Signatories}` -> `## Who signed {#signatories}`."},
	{CodeUnknownCallout, "A block quote starts with a callout marker that is not one of [!NOTE], [!TIP], [!IMPORTANT], [!WARNING], [!CAUTION] (warning; error with -strict).", "`> [!WARN]` -> `> [!WARNING]`; Obsidian's `> [!info]` -> `> [!NOTE]`."},
	{CodeUnsupportedSyntax, "Syntax from another tool that dossier does not read and would publish as text: Hugo shortcodes, Obsidian comments and highlights, an embed inside a sentence (warning; error with -strict).", "`{{< figure src=\"map.png\" >}}` -> `![Map of ...](map.png \"Caption\")`; `%%note to self%%` -> remove it."},
	{CodeTimeline, "A timeline event or block is malformed.", "Give each event a date, a text and at least one source."},
	{CodeRefusedFile, "A file in content/ is of a type that could run code on the site's address or a reader's computer (.html, .htm, .js, an SVG with scripts, a program), so it is not published.", "Remove the file; save a drawing as PNG or as an SVG without scripts."},
	{CodeBadImage, "An image's header cannot be read, or its type does not match its extension.", "Save the image again from an image editor; rename `map.png` that holds a JPEG to `map.jpg`."},
	{CodeLargeFile, "A published file is larger than 1 MB (warning).", "Resize or compress the image; save the PDF for screen."},
	{CodeMissingFile, "A relative link or image names a file that does not exist in content/.", "![map](maps.png) -> ![map](map.png), relative to the Markdown file."},
	{CodeImageAlt, "An image has no alternative text (warning; error with -strict).", "![](map.png) -> ![Map of the front line on 1 May 2026](map.png)."},
	{CodeGitHistory, "The site folder is a git repository but its history could not be read, so pages show only the dates in their front matter (warning).", "Run `git log` in the site folder to see what git says, e.g. about a folder owned by another user (safe.directory)."},
	{CodePassageNotFound, "A pinned citation names a passage whose words are in none of the source's recorded `excerpts` (or the source records none).", "[@ft \"eight poeple\"] -> [@ft \"eight people\"], or add the passage to the source's `excerpts`."},
	{CodePassageAmbiguous, "A pinned citation's words are in more than one of the source's `excerpts`, so they do not say which passage the sentence rests on.", "[@ft \"Donbas\"] -> [@ft \"withdraw from the Donbas region\"]: quote words found in one excerpt only."},
	{CodePassageUnpinned, "A citation of a source with recorded `excerpts` names no passage and quotes none (warning; error with -strict).", "[@ft] -> [@ft \"a few words of the passage\"]."},
	{CodeArticleText, "A source's `seed` names an article text that is not in the folder named by `articles` in dossier.yaml, or cannot be read.", "Correct the file name in `seed`, or put the article's text in the articles folder."},
	{CodeExcerptNotInArticle, "A recorded excerpt is not word for word in the source's article text (quotes, dashes and white space aside).", "Copy the passage again from the article text named by `seed`."},
	{CodeArticlesMissing, "The folder of article texts named by `articles` in dossier.yaml is not there, so passages were checked against the recorded excerpts only (a note: never an error, even with -strict).", "Check out the article texts beside the site folder to have excerpts checked against them."},
	{CodeQuoteElision, "An ellipsis in a quotation skips words across a sentence of the passage, or skips a negation or qualifier (not, no, never, only, reportedly, allegedly, ...).", "Quote the words on both sides of the ellipsis in one sentence, and keep \"not\": \"is not trying to force ...\"."},
	{CodeExpectedKey, "With -strict, a note lacks a front-matter key the editors' guide expects on every note: `summary`, `tags`, `published` or `updated` (checked only with -strict, where it is an error).", "Add `summary: One or two sentences shown in previews, search and the feed.`"},
	{CodeNoBaseURL, "`dossier build` was given no base URL with a host, so the feed, the sitemap and robots.txt cannot carry the absolute addresses crawlers and feed readers need (warning; error with -strict): no sitemap.xml is written, robots.txt has no `Sitemap:` line, and feed.xml's addresses have no host (its entries' ids are then name-based `urn:uuid:` ids of the site's title and each page's path, which change when either does). `check` and `serve` do not warn.", "Add `base_url: https://example.org/explainer/` to dossier.yaml, or build with -base-url https://example.org/explainer/."},
}
