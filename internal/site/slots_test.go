package site

import (
	"runtime"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/sitetest"
)

// TestBuildOneCore: the search index holds one of the rendering slots
// while it is built (renderSlots); on one core that is all of them, and
// the pages must wait for it, not deadlock. The site is the same as on
// every core.
func TestBuildOneCore(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	many := build(t, root, Options{})
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one := build(t, root, Options{})
	if ok, diff := sitetest.TreesEqual(many, one); !ok {
		t.Errorf("a build on one core differs: %s", diff)
	}
}
