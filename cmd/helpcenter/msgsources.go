package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/diag"
)

// unsourced is check --sources: a problem for every message without a
// source, since the page would otherwise show a text nobody has seen
// Salesforce return as what Salesforce says. Seed messages (the original
// cheat sheet's own labels) are listed on w, apart, and do not fail.
func unsourced(c *catalog.Catalog, w io.Writer) diag.List {
	var probs diag.List
	var seeds []catalog.PlacedMessage
	for _, e := range c.Errors {
		missing, seed := e.Unsourced()
		for _, m := range missing {
			probs.Add(m.Pos, "message "+strconv.Quote(m.Text)+" has no source",
				"write it as {text: …, source: https://…} with a public page where the text appears; source: seed if it comes only from the original cheat sheet; or remove it, or say it in the cause's text without quotes")
		}
		seeds = append(seeds, seed...)
	}
	if len(seeds) > 0 {
		fmt.Fprintf(w, "%d seed message(s), from the original cheat sheet only (not shown as what Salesforce says):\n", len(seeds))
		for _, m := range seeds {
			fmt.Fprintf(w, "  %s: %q\n", m.Pos, m.Text)
		}
	}
	probs.Sort()
	return probs
}
