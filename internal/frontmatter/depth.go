package frontmatter

import "bytes"

// MaxDepth is how deep front matter may nest lists and sets of keys. The YAML
// parser's time grows faster than the square of the depth (20,000 nested
// `- ` take seconds, the 256 KiB Decode accepts would take hours), and front
// matter needs three levels at most.
const MaxDepth = 50

// deepAt returns the 1-based line and column at which src nests more than
// MaxDepth deep, or 0, 0. It counts what makes the parser nest without
// counting exactly: open flow brackets ([ and {) across the whole text, and
// on each line the `- `, `? ` and `: ` indicators. Brackets and indicators
// inside quoted text count too, which only matters for text no one writes.
func deepAt(src []byte) (line, col int) {
	flow := 0
	line = 1
	for start := 0; start < len(src); line++ {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		l := src[start:end]
		indicators := 0
		for i := 0; i < len(l); i++ {
			switch c := l[i]; {
			case c == '[' || c == '{':
				flow++
			case c == ']' || c == '}':
				flow = max(flow-1, 0)
			case (c == '-' || c == '?' || c == ':') && (i+1 == len(l) || l[i+1] == ' ' || l[i+1] == '\t') &&
				(c == ':' || i == 0 || l[i-1] == ' ' || l[i-1] == '\t'):
				indicators++
			}
			if flow > MaxDepth || indicators > MaxDepth {
				return line, len([]rune(string(l[:i]))) + 1
			}
		}
		start = end + 1
	}
	return 0, 0
}
