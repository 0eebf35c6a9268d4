package corpus

// vocabulary is the words running text is drawn from, most frequent first
// (the generator picks them with a Zipf distribution, as natural language
// uses its words). None holds a quotation mark or Markdown syntax.
var vocabulary = []string{
	"the", "of", "and", "to", "in", "a", "that", "is", "for", "on",
	"with", "as", "by", "it", "was", "said", "its", "from", "at", "be",
	"has", "have", "not", "which", "an", "this", "would", "were", "are", "or",
	"had", "their", "government", "security", "officials", "agreement", "talks", "minister", "report", "treaty",
	"guarantees", "state", "after", "but", "they", "been", "also", "more", "new", "than",
	"president", "foreign", "defence", "support", "military", "parliament", "council", "question", "proposal", "statement",
	"week", "year", "month", "delegation", "negotiations", "sources", "according", "people", "public", "policy",
	"draft", "text", "article", "clause", "obligation", "commitment", "assurance", "sovereignty", "border", "territory",
	"ceasefire", "withdrawal", "sanctions", "funding", "budget", "aid", "weapons", "air", "defence", "troops",
	"allies", "partners", "summit", "meeting", "envoy", "spokesperson", "ministry", "office", "court", "law",
	"signed", "agreed", "denied", "confirmed", "reported", "announced", "described", "rejected", "proposed", "discussed",
	"later", "earlier", "before", "during", "since", "until", "under", "between", "against", "without",
	"only", "first", "second", "last", "final", "formal", "legal", "binding", "political", "economic",
	"regional", "national", "international", "european", "western", "eastern", "northern", "southern", "central", "local",
	"committee", "commission", "assembly", "cabinet", "leaders", "members", "experts", "analysts", "diplomats", "observers",
	"peace", "war", "conflict", "crisis", "process", "framework", "mechanism", "mission", "plan", "strategy",
	"terms", "conditions", "details", "version", "position", "response", "reply", "account", "record", "timeline",
	"election", "vote", "majority", "opposition", "coalition", "party", "campaign", "reform", "review", "inquiry",
	"energy", "grain", "ports", "shipping", "trade", "exports", "imports", "markets", "prices", "reserves",
	"nuclear", "arsenal", "missiles", "warheads", "inspection", "verification", "monitoring", "reporting", "oversight", "audit",
	"could", "should", "might", "must", "will", "may", "did", "does", "made", "took",
	"gave", "kept", "held", "left", "came", "went", "met", "called", "asked", "told",
	"two", "three", "four", "five", "several", "many", "few", "some", "most", "all",
	"earlier", "recent", "current", "previous", "future", "possible", "likely", "unclear", "unnamed", "senior",
	"document", "memorandum", "protocol", "annex", "letter", "note", "declaration", "communique", "transcript", "briefing",
	"capital", "region", "city", "province", "district", "coast", "river", "corridor", "airport", "plant",
	"reconstruction", "investment", "loans", "grants", "fund", "bank", "insurance", "contract", "tender", "procurement",
	"drones", "artillery", "ammunition", "training", "exercises", "bases", "radar", "satellite", "cyber", "intelligence",
	"humanitarian", "civilians", "refugees", "prisoners", "exchange", "release", "return", "repair", "shelter", "supplies",
	"schedule", "deadline", "phase", "stage", "round", "step", "sequence", "condition", "link", "package",
}

// headings are the section headings notes draw from. None of them makes an
// id the page templates reserve (timeline, references, claims, ...).
var headings = []string{
	"Background", "What was agreed", "Who said what", "The dispute", "Reactions abroad",
	"Open questions", "Legal basis", "Earlier agreements", "Costs and funding", "What the draft says",
	"How it would work", "Enforcement", "Precedents", "The numbers", "Objections",
	"What changed", "Next steps", "The negotiating record", "Domestic politics", "Allied positions",
	"Verification", "Timing", "The wording", "Competing accounts", "What is not known",
	"Military aspects", "Economic aspects", "Humanitarian aspects", "Energy", "Trade and ports",
	"The first round", "The second round", "Reporting on the talks", "Denials", "Confirmations",
	"Assessment", "Sources and their limits", "Key terms", "Regional effects", "Outlook",
}

// outlets are the publications sources come from.
var outlets = []string{
	"Example News", "The Daily Ledger", "Northern Herald", "Capital Review", "Evening Dispatch",
	"World Desk", "The Observer Post", "Harbour Times", "Continental Wire", "Frontline Report",
	"Policy Weekly", "The Chronicle", "Global Bulletin", "Metro Courier", "The Standard Record",
	"Open Affairs", "Eastern Monitor", "Western Gazette", "Bureau of Public Statements", "Treaty Office",
}

// codeSamples are the bodies of the code blocks some notes hold, by
// language (chroma highlights them).
var codeSamples = []struct{ lang, body string }{
	{"json", "{\n  \"article\": 5,\n  \"parties\": [\"a\", \"b\", \"c\"],\n  \"binding\": true,\n  \"review\": \"annual\"\n}"},
	{"yaml", "agreement:\n  signed: 1994-12-05\n  parties: [a, b, c, d]\n  obligations:\n    - consult\n    - refrain\n"},
	{"go", "func guaranteed(p Party) bool {\n\tfor _, g := range p.Guarantors {\n\t\tif g.Binding {\n\t\t\treturn true\n\t\t}\n\t}\n\treturn false\n}"},
	{"text", "Article 1  respect for independence and borders\nArticle 2  refrain from the threat or use of force\nArticle 4  seek action by the Security Council"},
	{"python", "def share(total, parties):\n    return {p: total / len(parties) for p in parties}\n"},
}
