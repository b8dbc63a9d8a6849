package search

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"

	"github.com/dop251/goja"
	"github.com/helpcenter-dev/helpcenter/internal/source"
)

// Engine runs the site's published diagnose script (assets/js/public/
// diagnose.js, bundled) over an index in Go, with goja, a JavaScript
// interpreter written in Go. `helpcenter find` uses it, so the command,
// the search page and HelpCenter.diagnose on other sites run one matcher:
// the same source file, bundled by the same esbuild call. A port of the
// matcher to Go would be faster, but it would be a second implementation
// that a test could only ever sample for drift.
//
// An Engine is not safe for concurrent use.
type Engine struct {
	vm       *goja.Runtime
	diagnose goja.Callable
	this     goja.Value
}

// Match is one answer of the diagnose script: an error page, or (Unknown
// set) a real Salesforce code the catalog lacks, with the URL of the
// search page that says so.
type Match struct {
	Code       string  `json:"code,omitempty"`
	Title      string  `json:"title,omitempty"`
	URL        string  `json:"url"`
	Cause      string  `json:"cause,omitempty"`
	Confidence string  `json:"confidence,omitempty"`
	Score      float64 `json:"score,omitempty"`
	Unknown    string  `json:"unknown,omitempty"`
}

// NewEngine loads script (the bundled diagnose script) into a new
// interpreter, over the index files (paths as Files returns them,
// "search/index.js"…), making URLs from base (the site's URL, or "" for
// site-relative ones).
func NewEngine(script []byte, files map[string][]byte, base string) (*Engine, error) {
	return newEngine(script, func(name string) ([]byte, error) {
		data, ok := files[name]
		if !ok {
			return nil, fs.ErrNotExist
		}
		return data, nil
	}, base)
}

// newEngine is NewEngine over a reader of index files: read(name) returns
// the file at a path such as "search/t3.js", an error wrapping
// fs.ErrNotExist when there is none.
func newEngine(script []byte, read func(name string) ([]byte, error), base string) (*Engine, error) {
	vm := goja.New()
	// The index files call HC_SEARCH_LOAD(name, data); load(name) runs a
	// part's file once, on first use, as the browser loads its script.
	parts := map[string]goja.Value{}
	if err := vm.Set("HC_SEARCH_LOAD", func(name string, data goja.Value) { parts[name] = data }); err != nil {
		return nil, err
	}
	load := func(call goja.FunctionCall) goja.Value {
		name := call.Argument(0).String()
		p, resolve, reject := vm.NewPromise()
		if _, ok := parts[name]; !ok {
			file := name
			if name == "core" {
				file = "index"
			}
			src, err := read(path.Join(Dir, file+".js"))
			if errors.Is(err, fs.ErrNotExist) {
				_ = reject(vm.NewGoError(fmt.Errorf("search index part %s.js is missing", file)))
				return vm.ToValue(p)
			} else if err != nil {
				_ = reject(vm.NewGoError(fmt.Errorf("search index part %s.js: %w", file, err)))
				return vm.ToValue(p)
			}
			if _, err := vm.RunScript(file+".js", string(src)); err != nil {
				_ = reject(vm.NewGoError(fmt.Errorf("search index part %s.js: %w", file, err)))
				return vm.ToValue(p)
			}
		}
		_ = resolve(parts[name])
		return vm.ToValue(p)
	}
	if _, err := vm.RunScript("diagnose.js", string(script)); err != nil {
		return nil, fmt.Errorf("running the diagnose script: %w", err)
	}
	hc := vm.Get("HelpCenter")
	if hc == nil || goja.IsUndefined(hc) {
		return nil, fmt.Errorf("the diagnose script defines no HelpCenter")
	}
	create, ok := goja.AssertFunction(hc.ToObject(vm).Get("create"))
	if !ok {
		return nil, fmt.Errorf("the diagnose script's HelpCenter has no create function")
	}
	d, err := create(goja.Undefined(), vm.ToValue(load), vm.ToValue(base))
	if err != nil {
		return nil, err
	}
	fn, ok := goja.AssertFunction(d.ToObject(vm).Get("diagnose"))
	if !ok {
		return nil, fmt.Errorf("the diagnose script's diagnoser has no diagnose function")
	}
	return &Engine{vm: vm, diagnose: fn, this: d}, nil
}

// Diagnose returns the best matches for text, at most limit of them (and
// an unknown code first, when there is one). With all, words-only guesses
// are returned too.
func (e *Engine) Diagnose(text string, limit int, all bool) ([]Match, error) {
	opts := e.vm.NewObject()
	_ = opts.Set("limit", limit)
	_ = opts.Set("all", all)
	v, err := e.diagnose(e.this, e.vm.ToValue(text), opts)
	if err != nil {
		return nil, err
	}
	// Every index part resolves at once, so the promise has settled when
	// the call returns: goja runs pending jobs before it returns.
	p, ok := v.Export().(*goja.Promise)
	if !ok {
		return nil, fmt.Errorf("diagnose returned %v, not a promise", v)
	}
	switch p.State() {
	case goja.PromiseStateRejected:
		return nil, fmt.Errorf("diagnose: %v", p.Result())
	case goja.PromiseStatePending:
		return nil, fmt.Errorf("diagnose did not settle")
	}
	// JSON is the one shape both sides agree on.
	j, err := json.Marshal(p.Result().Export())
	if err != nil {
		return nil, err
	}
	var out []Match
	if err := json.Unmarshal(j, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// DiagnoseScript is where a built site publishes the diagnose script.
const DiagnoseScript = "diagnose.js"

// Limits on what OpenSite reads from a built site, which may come from
// anywhere: the diagnose script is tens of kilobytes and an index file a
// shard of at most a hundred entries.
var (
	scriptLimit = source.Limit{Size: 4 << 20, Hint: "the diagnose script helpcenter build writes is tens of kilobytes; build the site again"}
	indexLimit  = source.Limit{Size: 16 << 20, Hint: "an index file helpcenter build writes holds at most a hundred entries; build the site again"}
)

// OpenSite makes an Engine from a built site in dir: its published
// diagnose script, and its index files, each read (within a size limit,
// through internal/source's rules) when the script first asks for it, as
// a browser loads them.
func OpenSite(dir, base string) (*Engine, error) {
	site := source.Dir(dir)
	script, err := source.ReadFile(site, DiagnoseScript, scriptLimit)
	if err != nil {
		return nil, fmt.Errorf("%w (is %s a site built by helpcenter build?)", err, dir)
	}
	return newEngine(script, func(name string) ([]byte, error) {
		return source.ReadFile(site, name, indexLimit)
	}, base)
}
