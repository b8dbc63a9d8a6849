package markup

// The Apex and SOQL lexers as chroma regexp rules: the readable statement
// of what apex.go does by hand, and the oracle of FuzzApexLexer and
// TestLexerMatchesReference, which check that both give the same tokens. The scanner replaced
// these rules because regexp2 made them slow (a 10-line trigger took
// 250 µs); change a rule here and in apex.go together.

import (
	"github.com/alecthomas/chroma/v2"
)

// refApex returns the reference lexer for Salesforce Apex classes, triggers and
// anonymous Apex, because chroma has none. Inline SOQL and SOSL in square
// brackets are highlighted with the SOQL rules. The lexer is built once
// and shared; chroma lexers are safe for concurrent use.
func refApex() chroma.Lexer { return refApexLexer }

// refSOQL returns the reference lexer for Salesforce Object Query Language, which also
// covers SOSL (FIND ... RETURNING ...), because chroma has neither. The
// lexer is built once and shared.
func refSOQL() chroma.Lexer { return refSOQLLexer }

var refApexLexer = chroma.MustNewLexer(
	&chroma.Config{
		Name:            "Apex",
		Aliases:         []string{"apex", "cls", "trigger"},
		Filenames:       []string{"*.cls", "*.trigger"},
		MimeTypes:       []string{"text/x-apex"},
		CaseInsensitive: true,
	},
	apexRules,
)

var refSOQLLexer = chroma.MustNewLexer(
	&chroma.Config{
		Name:            "SOQL",
		Aliases:         []string{"soql", "sosl"},
		Filenames:       []string{"*.soql"},
		MimeTypes:       []string{"text/x-soql", "text/x-sosl"},
		CaseInsensitive: true,
	},
	func() chroma.Rules {
		return chroma.Rules{"root": soqlCommonRules()}
	},
)

// lexRule builds a chroma.Rule; keyed fields keep go vet happy without the
// dot-import chroma's own lexers use.
func lexRule(pattern string, typ chroma.Emitter, mutator chroma.Mutator) chroma.Rule {
	return chroma.Rule{Pattern: pattern, Type: typ, Mutator: mutator}
}

// lexIdent is the identifier pattern shared by both lexers. Apex
// identifiers are ASCII, but accepting any letter keeps odd snippets from
// turning into errors. It deliberately avoids the `[^\W\d]` idiom of
// chroma's own lexers: regexp2 v2.2.1 lets that class match digits, which
// would turn every number into a Name.
const lexIdent = `[\p{L}_]\w*`

// lexStringRule matches a single-quoted Apex/SOQL string with backslash
// escapes as one token. An unterminated string runs to the end of the line
// (swallowing a trailing lone backslash) so a typo does not produce error
// tokens for the rest of the line.
var lexStringRule = lexRule(`'(?:[^'\\\n]|\\.)*(?:'|\\)?`, chroma.LiteralStringSingle, nil)

// inlineSOQLStart opens an inline query: `[` then optional whitespace then
// SELECT or FIND. It is shared by the Apex root and the bracket states so
// queries nest inside bind expressions too.
var inlineSOQLStart = lexRule(`(\[)(\s*)(select|find)\b`,
	chroma.ByGroups(chroma.Punctuation, chroma.TextWhitespace, chroma.Keyword),
	chroma.Push("soql"))

func apexRules() chroma.Rules {
	root := []chroma.Rule{
		lexRule(`\n`, chroma.TextWhitespace, nil),
		lexRule(`\s+`, chroma.TextWhitespace, nil),
		lexRule(`//[^\n]*`, chroma.CommentSingle, nil),
		lexRule(`/\*[\s\S]*?\*/`, chroma.CommentMultiline, nil),
		inlineSOQLStart,
		lexRule(`@`+lexIdent, chroma.NameDecorator, nil),
		lexStringRule,

		// Declarations.
		lexRule(`(trigger)(\s+)(`+lexIdent+`)(\s+)(on)(\s+)(`+lexIdent+`)`,
			chroma.ByGroups(chroma.KeywordDeclaration, chroma.TextWhitespace, chroma.NameClass,
				chroma.TextWhitespace, chroma.Keyword, chroma.TextWhitespace, chroma.NameClass), nil),
		lexRule(`(before|after)(\s+)(insert|update|delete|undelete)\b`,
			chroma.ByGroups(chroma.Keyword, chroma.TextWhitespace, chroma.Keyword), nil),
		lexRule(`(with|without|inherited)(\s+)(sharing)\b`,
			chroma.ByGroups(chroma.KeywordDeclaration, chroma.TextWhitespace, chroma.KeywordDeclaration), nil),
		lexRule(`(class|interface|enum)(\s+)(`+lexIdent+`)`,
			chroma.ByGroups(chroma.KeywordDeclaration, chroma.TextWhitespace, chroma.NameClass), nil),
		// Property accessors: `{ get; private set; }`. Checked before the
		// types so that `set;` is not taken for the Set type.
		lexRule(`(?:get|set)\b(?=\s*[;{])`, chroma.Keyword, nil),
		// User/system mode DML: `insert as user records;`.
		lexRule(`(as)(\s+)(user|system)\b`, chroma.ByGroups(chroma.Keyword, chroma.TextWhitespace, chroma.Keyword), nil),

		// Member access. Checked before keywords so that Trigger.new,
		// Database.insert(...) and Foo.class are members, not keywords.
		lexRule(`(\??\.)(\s*)(`+lexIdent+`)(\s*)(\()`,
			chroma.ByGroups(chroma.Punctuation, chroma.TextWhitespace, chroma.NameFunction, chroma.TextWhitespace, chroma.Punctuation), nil),
		lexRule(`(\??\.)(\s*)(`+lexIdent+`)`,
			chroma.ByGroups(chroma.Punctuation, chroma.TextWhitespace, chroma.NameAttribute), nil),

		// One rule for every word: a map says what it is. Trying a regexp
		// per word class at every identifier made Apex the slowest lexer
		// of a build.
		lexRule(`(`+lexIdent+`)(\s*\()?`, chroma.EmitterFunc(refApexWord), nil),
		lexRule(`\d+\.\d+(?:e[+-]?\d+)?d?|\d+e[+-]?\d+d?|\d+d\b`, chroma.LiteralNumberFloat, nil),
		lexRule(`\d+l?`, chroma.LiteralNumberInteger, nil),
		lexRule(`>>>=|>>=|<<=|===|!==|==|!=|<=|>=|&&|\|\||\+\+|--|[-+*/&|^%]=|\?\?|=>|<<|[-+*/%=<>!~?&|^]`, chroma.Operator, nil),
		lexRule(`[{}()\[\];,.:]`, chroma.Punctuation, nil),
	}

	// Inside an inline query: SOQL rules plus Apex comments, ending at the
	// matching `]`. A nested `[` (e.g. `:ids[0]` in a bind expression)
	// pushes an Apex expression state so its `]` does not end the query.
	soql := []chroma.Rule{
		lexRule(`\]`, chroma.Punctuation, chroma.Pop(1)),
		lexRule(`\[`, chroma.Punctuation, chroma.Push("index")),
		lexRule(`//[^\n]*`, chroma.CommentSingle, nil),
		lexRule(`/\*[\s\S]*?\*/`, chroma.CommentMultiline, nil),
	}
	soql = append(soql, soqlCommonRules()...)

	// An Apex expression inside brackets within a query.
	index := []chroma.Rule{
		lexRule(`\]`, chroma.Punctuation, chroma.Pop(1)),
		inlineSOQLStart,
		lexRule(`\[`, chroma.Punctuation, chroma.Push("index")),
		chroma.Include("root"),
	}

	return chroma.Rules{"root": root, "soql": soql, "index": index}
}

// soqlDurationUnits are the units of the parameterised SOQL date literals
// (LAST_N_DAYS:30, N_FISCAL_YEARS_AGO:2, ...).
const soqlDurationUnits = `(?:days|weeks|months|quarters|years|fiscal_quarters|fiscal_years)`

// soqlCommonRules are the SOQL/SOSL rules: the SOQL lexer's root state and
// the body of an inline query in Apex. Words that are also common field or
// object names (Name, Email, Phone, Order, Group, Division, Last) are only
// keywords in the phrases that make them so.
func soqlCommonRules() []chroma.Rule {
	kw := chroma.Keyword
	ws := chroma.TextWhitespace
	return []chroma.Rule{
		lexRule(`\n`, ws, nil),
		lexRule(`\s+`, ws, nil),
		lexStringRule,
		// SOSL search term: FIND {Acme*}.
		lexRule(`\{(?:[^\\}\n]|\\.)*\}`, chroma.LiteralString, nil),

		// A segment after a dot is always a field or relationship name, even
		// when it spells a keyword or date literal (:Date.today(), x.Order).
		lexRule(`(\.)(`+lexIdent+`)`, chroma.ByGroups(chroma.Punctuation, chroma.Name), nil),

		// Date literals.
		lexRule(`(?:(?:last|next)_n_`+soqlDurationUnits+`|n_`+soqlDurationUnits+`_ago):\d+\b`, chroma.LiteralDate, nil),
		lexRule(chroma.Words(``, `\b`,
			`yesterday`, `today`, `tomorrow`,
			`last_week`, `this_week`, `next_week`,
			`last_month`, `this_month`, `next_month`,
			`last_90_days`, `next_90_days`,
			`last_quarter`, `this_quarter`, `next_quarter`,
			`last_year`, `this_year`, `next_year`,
			`last_fiscal_quarter`, `this_fiscal_quarter`, `next_fiscal_quarter`,
			`last_fiscal_year`, `this_fiscal_year`, `next_fiscal_year`),
			chroma.LiteralDate, nil),
		lexRule(`\d{4}-\d{2}-\d{2}(?:t\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:z|[+-]\d{2}:\d{2}))?\b`, chroma.LiteralDate, nil),

		// Bind variables (Apex only, but harmless in plain SOQL).
		lexRule(`:`+lexIdent, chroma.NameVariable, nil),

		// Keyword phrases.
		lexRule(`(order|group)(\s+)(by)\b`, chroma.ByGroups(kw, ws, kw), nil),
		lexRule(`(nulls)(\s+)(first|last)\b`, chroma.ByGroups(kw, ws, kw), nil),
		lexRule(`(for)(\s+)(view|reference|update)\b`, chroma.ByGroups(kw, ws, kw), nil),
		lexRule(`(update)(\s+)(tracking|viewstat)\b`, chroma.ByGroups(kw, ws, kw), nil),
		lexRule(`(using)(\s+)(scope)(\s+)(`+lexIdent+`)`, chroma.ByGroups(kw, ws, kw, ws, chroma.NameConstant), nil),
		lexRule(`(all)(\s+)(rows)\b`, chroma.ByGroups(kw, ws, kw), nil),
		lexRule(`(all|name|email|phone|sidebar)(\s+)(fields)\b`, chroma.ByGroups(kw, ws, kw), nil),
		lexRule(`(with)(\s+)(data)(\s+)(category)\b`, chroma.ByGroups(kw, ws, kw, ws, kw), nil),
		lexRule(`(with)(\s+)(division|highlight|metadata|network|pricebookid|snippet|spell_correction)\b`, chroma.ByGroups(kw, ws, kw), nil),
		lexRule(`(fields)(\s*)(\()(\s*)(all|standard|custom)(\s*)(\))`,
			chroma.ByGroups(chroma.NameFunction, ws, chroma.Punctuation, ws, kw, ws, chroma.Punctuation), nil),

		lexRule(chroma.Words(``, `\b`,
			`above`, `above_or_below`, `and`, `asc`, `at`, `below`, `desc`,
			`else`, `end`, `excludes`, `find`, `for`, `from`, `having`, `in`,
			`includes`, `like`, `limit`, `not`, `offset`, `or`, `returning`,
			`security_enforced`, `select`, `system_mode`, `then`, `typeof`,
			`update`, `user_mode`, `using`, `when`, `where`, `with`),
			kw, nil),
		lexRule(`(?:null|true|false)\b`, chroma.KeywordConstant, nil),
		lexRule(chroma.Words(``, `\b(?=\s*\()`,
			`avg`, `calendar_month`, `calendar_quarter`, `calendar_year`,
			`convertcurrency`, `converttimezone`, `count`, `count_distinct`, `cube`,
			`day_in_month`, `day_in_week`, `day_in_year`, `day_only`, `distance`,
			`fields`, `fiscal_month`, `fiscal_quarter`, `fiscal_year`, `format`,
			`geolocation`, `grouping`, `hour_in_day`, `max`, `min`, `rollup`, `sum`,
			`tolabel`, `week_in_month`, `week_in_year`),
			chroma.NameFunction, nil),

		// Objects, fields, relationship paths (Account.Owner.Name,
		// Invoice__c, Lines__r) and aliases.
		lexRule(lexIdent, chroma.Name, nil),
		lexRule(`\d+\.\d+(?:e[+-]?\d+)?|\d+e[+-]?\d+`, chroma.LiteralNumberFloat, nil),
		lexRule(`\d+`, chroma.LiteralNumberInteger, nil),
		lexRule(`!=|<>|<=|>=|[-+*/%=<>!~?&|^]`, chroma.Operator, nil),
		lexRule(`[{}()\[\];,.:]`, chroma.Punctuation, nil),
	}
}

// refApexWord classifies an identifier (and splits off a following "(", which
// makes a plain name a function call).
func refApexWord(groups []string, _ *chroma.LexerState) chroma.Iterator {
	word, call := groups[1], groups[2]
	typ := apexWordType(word, call != "") // the word lists are shared; the fuzz test checks the scanning
	tokens := []chroma.Token{{Type: typ, Value: word}}
	if call != "" {
		if ws := call[:len(call)-1]; ws != "" {
			tokens = append(tokens, chroma.Token{Type: chroma.TextWhitespace, Value: ws})
		}
		tokens = append(tokens, chroma.Token{Type: chroma.Punctuation, Value: "("})
	}
	return chroma.Literator(tokens...)
}
