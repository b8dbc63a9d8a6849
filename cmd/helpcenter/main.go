// Command helpcenter builds the Salesforce integration-error help center
// from catalog/, content/, templates/ and assets/.
//
//	helpcenter check [--format text|github] [--sources] validate, write nothing
//	helpcenter new CODE --category SLUG             scaffold an entry and a note
//	helpcenter build [--out public] [--base-url URL] build the site
//	helpcenter serve [--port 8080]                  preview with live reload
//
// build writes only its output folder, the staging folder and the lock
// file beside it, and refuses, before writing anything, an output that is
// or holds the sources or was not written by helpcenter. serve writes only
// a temporary folder of its own, removed when it stops.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/publish"
	"github.com/helpcenter-dev/helpcenter/internal/serve"
	"github.com/helpcenter-dev/helpcenter/internal/settings"
	"github.com/helpcenter-dev/helpcenter/internal/site"
)

const usage = `usage: helpcenter <command> [flags]

commands:
  check   validate the catalog, content and templates; write nothing
          (--sources: also fail on a message without a source)
  new     scaffold catalog/errors/CODE.yaml and content/errors/CODE.md
  build   build the site into --out (default public/)
  serve   build, serve on 127.0.0.1 and rebuild on every change
  find    the help-center pages for a pasted error (argument or stdin)
  urls    list the URLs the site publishes; --update adds new ones to catalog/published.txt
  summary print in Markdown what the sources change against --base DIR (for a pull request)

Run "helpcenter <command> -h" for a command's flags.
`

// softMemoryLimit is the heap size above which a build collects garbage
// more often rather than grow (see tuneGC).
const softMemoryLimit = 1280 << 20

func main() {
	tuneGC(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// tuneGC sets how the build collects garbage, unless GOGC or GOMEMLIMIT
// in the environment (getenv) say otherwise.
func tuneGC(getenv func(string) string) {
	// A build allocates a lot of short-lived data (YAML nodes, Markdown
	// trees, rendered pages) and then exits; collecting garbage less often
	// trades some memory for time.
	if getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	// Up to a soft limit: a heap profile of a 100,000-error build found
	// 700 MB live at its peak, which GOGC=200 let grow to 2.3 GB of
	// resident memory. Near the limit the collector runs more often
	// instead; a 10,000-error build (about 100 MB live) never gets there.
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
}

// run is main without the process: tests call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "check":
		return runCheck(ctx, args, stdout, stderr)
	case "new":
		return runNew(args, stdout, stderr)
	case "build":
		return runBuild(ctx, args, stdout, stderr)
	case "serve":
		return runServe(ctx, args, stdout, stderr)
	case "find":
		return runFind(ctx, args, stdout, stderr)
	case "urls":
		return runURLs(ctx, args, stdout, stderr)
	case "summary":
		return runSummary(ctx, args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "helpcenter: unknown command %q\n\n%s", cmd, usage)
	return 2
}

// command is a subcommand's flags and synopsis. Its -h prints both to
// stdout and exits 0; a bad flag prints them to stderr and exits 2.
type command struct {
	*flag.FlagSet
	synopsis       string
	stdout, stderr io.Writer
}

// newCommand makes the flags of `helpcenter name`; synopsis is what
// follows the name on its usage line (its arguments, and notes).
func newCommand(name, synopsis string, stdout, stderr io.Writer) *command {
	fs := flag.NewFlagSet("helpcenter "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	// parse prints the usage itself, to stdout or stderr.
	fs.Usage = func() {}
	return &command{FlagSet: fs, synopsis: "helpcenter " + name + " " + synopsis, stdout: stdout, stderr: stderr}
}

// parse parses args; when the command must stop there, it returns false
// and the exit status: 0 after -h, 2 after a bad flag (which the flag
// package has reported).
func (c *command) parse(args []string) (status int, ok bool) {
	err := c.Parse(args)
	if err == nil {
		return 0, true
	}
	if errors.Is(err, flag.ErrHelp) {
		c.usage(c.stdout)
		return 0, false
	}
	c.usage(c.stderr)
	return 2, false
}

// usage prints the synopsis and the flags to w.
func (c *command) usage(w io.Writer) {
	fmt.Fprintf(w, "usage: %s\n\nflags:\n", c.synopsis)
	c.SetOutput(w)
	c.PrintDefaults()
	c.SetOutput(c.stderr)
}

func report(stderr io.Writer, probs diag.List, format diag.Format) int {
	diag.Write(stderr, probs, format)
	fmt.Fprintf(stderr, "%d problem(s); nothing was written\n", len(probs))
	return 1
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("check", "[flags]", stdout, stderr)
	root := fs.String("root", ".", "site source `DIR`")
	format := fs.String("format", "text", "problem `FORMAT`: text, or github for GitHub Actions annotations")
	sources := fs.Bool("sources", false, "also list every message without a source, and fail if there is one; seed messages are listed apart")
	if status, ok := fs.parse(args); !ok {
		return status
	}
	f, err := diag.ParseFormat(*format)
	if err != nil {
		fmt.Fprintln(stderr, "helpcenter check:", err)
		return 2
	}
	opt := site.Options{Root: *root, RequireLedger: true}
	src, probs := site.Check(ctx, opt)
	if src != nil {
		probs.Append(site.CheckLinks(src, opt))
	}
	// The assets a build copies as they are, checked as it checks them;
	// compiling styles and scripts is build's.
	probs.Append(assets.CheckStatic(*root))
	if *sources && src != nil {
		probs.Append(unsourced(src.Catalog, stdout))
	}
	probs.Sort()
	if probs != nil {
		// Annotations go to stdout, where the Actions runner reads them.
		out := stderr
		if f == diag.GitHub {
			out = stdout
		}
		diag.Write(out, probs, f)
		fmt.Fprintf(stderr, "%d problem(s)\n", len(probs))
		if src == nil {
			// Said, not left for the writer to find on the next run.
			fmt.Fprintln(stderr, "note: the links between pages, and the sources of messages, are checked once the sources load: fix the problems above, then run check again")
		}
		return 1
	}
	fmt.Fprintf(stdout, "ok: %d errors in %d categories, %d notes, %d guides\n",
		len(src.Catalog.Errors), len(src.Catalog.Categories), len(src.Content.Notes), len(src.Content.Guides))
	return 0
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newCommand("new", "CODE --category SLUG [flags]", stdout, stderr)
	root := fs.String("root", ".", "site source `DIR`")
	category := fs.String("category", "", "category `SLUG` from catalog/categories.yaml (required)")
	// Accept the code before or after the flags.
	var code string
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		code, args = args[0], args[1:]
	}
	if status, ok := fs.parse(args); !ok {
		return status
	}
	if code == "" && fs.NArg() > 0 {
		code = fs.Arg(0)
	}
	if code == "" || *category == "" {
		fs.usage(stderr)
		return 2
	}
	files, err := catalog.Scaffold(*root, code, *category)
	if err != nil {
		fmt.Fprintln(stderr, "helpcenter new:", err)
		return 1
	}
	for _, f := range files {
		fmt.Fprintln(stdout, "created", f)
	}
	fmt.Fprintln(stdout, "next: replace the scaffold's TODO texts and todo-name-this-cause (check and build refuse them; `helpcenter serve` shows the draft), then run `helpcenter urls --update` and `helpcenter check`")
	return 0
}

type buildFlags struct {
	root, out, baseURL, repoURL, sass *string
	wait                              *bool
}

func addBuildFlags(fs *flag.FlagSet) buildFlags {
	return buildFlags{
		root:    fs.String("root", ".", "site source `DIR`"),
		baseURL: fs.String("base-url", os.Getenv("HELPCENTER_BASE_URL"), "absolute `URL` the site is served from, for canonical links and the sitemap (env HELPCENTER_BASE_URL)"),
		repoURL: fs.String("repo-url", os.Getenv("HELPCENTER_REPO_URL"), "base `URL` for \"edit this page\" links, e.g. https://github.com/org/repo/edit/main/ (env HELPCENTER_REPO_URL)"),
		sass:    fs.String("sass", "", "`PATH` of the Dart Sass binary (default: $"+assets.SassEnv+", then "+assets.ToolsSass+", then sass on PATH)"),
	}
}

// addOutputFlags adds the flags of build's output folder. serve has none:
// its preview goes to a folder of its own (see preparePreview).
func (b *buildFlags) addOutputFlags(fs *flag.FlagSet) {
	b.out = fs.String("out", "public", "output folder `DIR`, relative to --root: new, empty, or written by an earlier build; replaced whole when the build succeeds")
	b.wait = fs.Bool("wait", false, "if another build is writing the output, wait for it to finish instead of failing")
}

// sourceDirs are the folders under --root that the build reads, or that
// hold the project itself: an output folder may not lie in one.
var sourceDirs = []string{catalog.Dir, "content", site.TemplatesDir, assets.Dir, ".git", "cmd", "internal"}

// prepare makes the build's options. It checks the output folder first
// and takes its lock last, so that nothing is written (the lock file is
// the first write) for an output that breaks a rule (publish.Check). The
// caller releases the lock at the end of the build.
func (b buildFlags) prepare(ctx context.Context, command string, stderr io.Writer) (site.Options, *publish.Lock, error) {
	if err := b.checkURLs(); err != nil {
		return site.Options{}, nil, err
	}
	name := filepath.ToSlash(*b.out)
	if !strings.HasSuffix(name, "/") {
		name += "/"
	}
	out, err := publish.Check(publish.Output{Dir: *b.out, Name: name, Root: *b.root, Sources: sourceDirs})
	if err != nil {
		return site.Options{}, nil, err
	}
	sassPath, err := assets.FindSass(*b.sass, *b.root)
	if err != nil {
		return site.Options{}, nil, err
	}
	lock, err := publish.LockOutput(ctx, out, publish.LockOptions{
		Name:    name,
		Command: command,
		Wait:    *b.wait,
		Waiting: func(h *publish.BusyError) {
			fmt.Fprintf(stderr, "%s; waiting for it to finish (Ctrl+C to stop)\n", h)
		},
	})
	var busy *publish.BusyError
	if errors.As(err, &busy) {
		return site.Options{}, nil, fmt.Errorf("%w; let it finish or stop it, or run again with --wait to wait for it", err)
	} else if err != nil {
		return site.Options{}, nil, err
	}
	return b.options(out, sassPath), lock, nil
}

// checkURLs holds --base-url and --repo-url to the rules of base_url and
// repo_url in helpcenter.yaml, which they stand in for; only the final
// slash of the base URL may be left out, as the build adds it.
func (b buildFlags) checkURLs() error {
	base := *b.baseURL
	if base != "" && !strings.HasSuffix(base, "/") {
		base += "/"
	}
	probs := settings.CheckFlag("--base-url", "base_url", base)
	for i := range probs {
		probs[i].Msg = strings.Replace(probs[i].Msg, strconv.Quote(base), strconv.Quote(*b.baseURL), 1)
	}
	probs.Append(settings.CheckFlag("--repo-url", "repo_url", *b.repoURL))
	return probs.Err()
}

// options are the build's options, writing to out (checked) with the
// Dart Sass at sassPath.
func (b buildFlags) options(out, sassPath string) site.Options {
	return site.Options{Root: *b.root, Out: out, BaseURL: *b.baseURL, RepoURL: *b.repoURL, Sass: assets.NewCompiler(sassPath), RequireLedger: true}
}

// preparePreview makes a preview's options. Its output is a new temporary
// folder, the preview's alone: it never writes a build's output (a
// writer may build public/ while it runs, and a preview, which writes in
// place and lists unpublished URLs, never lands in what is published),
// and it needs no lock. remove deletes that folder, all of it the
// preview's, when the preview stops.
func (b buildFlags) preparePreview() (opt site.Options, remove func(), err error) {
	if err := b.checkURLs(); err != nil {
		return site.Options{}, nil, err
	}
	sassPath, err := assets.FindSass(*b.sass, *b.root)
	if err != nil {
		return site.Options{}, nil, err
	}
	tmp, err := os.MkdirTemp("", "helpcenter-preview-")
	if err != nil {
		return site.Options{}, nil, err
	}
	remove = func() { os.RemoveAll(tmp) }
	out, err := publish.Check(publish.Output{Dir: filepath.Join(tmp, "site"), Name: "the preview folder " + tmp, Root: *b.root, Sources: sourceDirs})
	if err != nil {
		remove()
		return site.Options{}, nil, err
	}
	return b.options(out, sassPath), remove, nil
}

// commandLine is how the lock file records this process for another's
// message.
func commandLine(cmd string, args []string) string {
	return strings.Join(append([]string{"helpcenter", cmd}, args...), " ")
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("build", "[flags]", stdout, stderr)
	bf := addBuildFlags(fs.FlagSet)
	bf.addOutputFlags(fs.FlagSet)
	format := fs.String("format", "text", "problem `FORMAT`: text or github")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the build to `FILE` (for go tool pprof)")
	if status, ok := fs.parse(args); !ok {
		return status
	}
	f, err := diag.ParseFormat(*format)
	if err != nil {
		fmt.Fprintln(stderr, "helpcenter build:", err)
		return 2
	}
	opt, lock, err := bf.prepare(ctx, commandLine("build", args), stderr)
	if err != nil {
		fmt.Fprintln(stderr, "helpcenter build:", err)
		return 1
	}
	defer lock.Release()
	defer opt.Sass.Close()
	if *cpuprofile != "" {
		pf, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(stderr, "helpcenter build:", err)
			return 1
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			fmt.Fprintln(stderr, "helpcenter build:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	stats, probs := site.Build(ctx, opt)
	if probs != nil {
		return report(stderr, probs, f)
	}
	fmt.Fprintf(stdout, "built %s: %d errors, %d pages, %d files (%d written, %d removed), %.1f MB in %v\n",
		*bf.out, stats.Errors, stats.Pages, stats.Files, stats.Changed, stats.Removed, float64(stats.Bytes)/1e6, stats.Duration.Round(1e6))
	foldedNotice(stderr, stats.Folded)
	return 0
}

// foldedNotice tells a writer whose disk folds case (macOS, Windows) why
// the output lacks some redirect pages that a build on Linux writes, so
// that the difference is not taken for a fault: the site answers those
// URLs all the same.
func foldedNotice(w io.Writer, folded []string) {
	if len(folded) == 0 {
		return
	}
	fmt.Fprintf(w, "note: this disk ignores case, so %d lower-case redirect(s) such as /%s are not pages here but answered by _redirects and the 404 page; a build on Linux, as in CI, writes them as pages too\n",
		len(folded), folded[0])
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("serve", "[flags]\n\nBuilds the site into a temporary folder of its own (never --out of build, so\nhelpcenter build runs beside it), serves it on 127.0.0.1 and rebuilds on\nevery change.", stdout, stderr)
	bf := addBuildFlags(fs.FlagSet)
	port := fs.Int("port", 8080, "`PORT` to listen on (127.0.0.1 only)")
	if status, ok := fs.parse(args); !ok {
		return status
	}
	opt, remove, err := bf.preparePreview()
	if err != nil {
		fmt.Fprintln(stderr, "helpcenter serve:", err)
		return 1
	}
	defer remove()
	defer opt.Sass.Close()
	// A writer previews a new entry before adding its URLs to the ledger,
	// and sees it while filling in the scaffold's placeholders; a site
	// that has not started its ledger yet can be previewed too.
	opt.AllowUnlistedURLs, opt.AllowDrafts, opt.RequireLedger = true, true, false
	err = serve.Run(ctx, serve.Config{Build: opt, Port: *port, Log: stderr, Out: stdout})
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "helpcenter serve:", err)
		return 1
	}
	return 0
}
