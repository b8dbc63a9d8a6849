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
	fs := newFlags("urls", stderr)
	root := fs.String("root", ".", "site source folder")
	update := fs.Bool("update", false, "add the URLs the sources publish to "+site.LedgerFile+" (it never removes one)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	src, probs := site.Load(ctx, *root)
	if probs != nil {
		return report(stderr, probs, diag.Text)
	}
	urls := site.URLs(src, site.Options{Root: *root})
	if !*update {
		for _, u := range urls {
			fmt.Fprintln(stdout, u.Path)
		}
		return 0
	}
	added, err := site.UpdateLedger(*root, urls)
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
