package main

import (
	"context"
	"fmt"
	"io"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/site"
)

// runURLs lists the URLs the sources publish, or with --update adds the
// new ones to the ledger (catalog/published.txt): adding a URL is a
// change a writer makes on purpose and a reviewer sees in the diff.
func runURLs(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("urls", "[flags]", stdout, stderr)
	root := fs.String("root", ".", "site source `DIR`")
	update := fs.Bool("update", false, "add the URLs the sources publish to "+site.LedgerFile+" (it never removes one)")
	if status, ok := fs.parse(args); !ok {
		return status
	}
	if !*update {
		src, probs := site.Load(ctx, *root)
		if probs != nil {
			return report(stderr, probs, diag.Text)
		}
		for _, u := range site.URLs(src, site.Options{Root: *root}) {
			fmt.Fprintln(stdout, u.Path)
		}
		return 0
	}
	added, probs, err := site.UpdateLedger(ctx, site.Options{Root: *root})
	if probs != nil {
		diag.Write(stderr, probs, diag.Text)
		fmt.Fprintf(stderr, "%d problem(s); %s was not changed: fix them first, so that only URLs of entries ready to publish are recorded\n", len(probs), site.LedgerFile)
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, "helpcenter urls:", err)
		return 1
	}
	for _, u := range added {
		fmt.Fprintln(stdout, "added", u)
	}
	fmt.Fprintf(stdout, "%s: %d URL(s) added; commit it with your change\n", site.LedgerFile, len(added))
	return 0
}
