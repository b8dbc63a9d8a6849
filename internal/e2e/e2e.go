// Package e2e tests the built help center the way a reader meets it: in a
// real browser (the system's Chromium, driven by chromedp), served over
// HTTP from a sub-path and opened straight from disk. It has no code of its
// own beyond the test helpers; see the _test files.
package e2e
