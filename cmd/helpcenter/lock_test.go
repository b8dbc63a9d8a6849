package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/helpcenter-dev/helpcenter/internal/publish"
	"github.com/helpcenter-dev/helpcenter/internal/sitetest"
)

// holdLockEnv makes the test binary a process that holds an output's lock
// until it is killed (see TestMain), as another build would.
const holdLockEnv = "HELPCENTER_TEST_HOLD_LOCK"

func TestMain(m *testing.M) {
	if out := os.Getenv(holdLockEnv); out != "" {
		l, err := publish.LockOutput(context.Background(), out, publish.LockOptions{Name: "public/", Command: "helpcenter serve"})
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Println("locked")
		io.Copy(io.Discard, os.Stdin) // until killed, or stdin closes
		l.Release()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// holdLock starts a process that holds out's lock.
func holdLock(t *testing.T, out string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdLockEnv+"="+out)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Process.Kill(); cmd.Wait() })
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "locked\n" {
		t.Fatalf("the lock holder says %q", line)
	}
	return cmd
}

// TestOneWriter: while another process writes public/, a build fails at
// once naming it and leaves public/ a complete site; with --wait it waits,
// and builds when the holder dies (the system releases its lock, nothing
// stale stays). Two builds started together with --wait both succeed in
// turn; without it, each succeeds or fails with the message, and the
// output is a complete site either way.
func TestOneWriter(t *testing.T) {
	sass := needSass(t)
	root := scratchRepo(t)
	build := func(extra ...string) (int, string, string) {
		return runCmd(append(append([]string{"build", "--root", root}, sass...), extra...)...)
	}
	if code, _, errs := build("--out", "want"); code != 0 {
		t.Fatalf("reference build: %s", errs)
	}
	want := filepath.Join(root, "want")
	if code, _, errs := build(); code != 0 {
		t.Fatalf("first build: %s", errs)
	}
	out := filepath.Join(root, "public")

	holder := holdLock(t, out)
	code, _, errs := build()
	msg := fmt.Sprintf("another build (pid %d) is writing public/: helpcenter serve; let it finish or stop it, or run again with --wait", holder.Process.Pid)
	if code != 1 || !strings.Contains(errs, msg) {
		t.Errorf("a build beside another: exit %d, %q; want %q", code, errs, msg)
	}
	if ok, diff := sitetest.TreesEqual(want, out); !ok {
		t.Errorf("public/ is not a complete site: %s", diff)
	}

	done := make(chan string, 1)
	var stderr lockedBuffer
	go func() {
		var outb strings.Builder
		code := run(context.Background(), append([]string{"build", "--root", root, "--wait"}, sass...), &outb, &stderr)
		done <- fmt.Sprint(code)
	}()
	for !strings.Contains(stderr.String(), "waiting for it to finish") {
		select {
		case c := <-done:
			t.Fatalf("--wait returned %s while the lock was held: %s", c, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	holder.Process.Kill() // a crash: no release
	select {
	case c := <-done:
		if c != "0" {
			t.Fatalf("--wait: exit %s: %s", c, stderr.String())
		}
	case <-time.After(time.Minute):
		t.Fatal("--wait still waits after the holder died")
	}

	for _, wait := range []bool{true, false} {
		var wg sync.WaitGroup
		res := make([]string, 2)
		for i := range res {
			wg.Go(func() {
				args := []string{}
				if wait {
					args = append(args, "--wait")
				}
				code, _, errs := build(args...)
				res[i] = fmt.Sprintf("exit %d %s", code, errs)
				if code != 0 && (wait || !strings.Contains(errs, "another build (pid ") || !strings.Contains(errs, ") is writing public/")) {
					t.Errorf("concurrent build (wait %v): %s", wait, res[i])
				}
			})
		}
		wg.Wait()
		t.Logf("wait %v: %q", wait, res)
		if ok, diff := sitetest.TreesEqual(want, out); !ok {
			t.Errorf("after two builds at once (wait %v): public/ is not a complete site: %s", wait, diff)
		}
	}
}

// lockedBuffer is a strings.Builder that a build writes while the test
// reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestBuildBesideServe: a preview writes a temporary folder of its own,
// never the output: a build beside it succeeds, serve does not touch
// public/, and its folder is gone when it stops.
func TestBuildBesideServe(t *testing.T) {
	sass := needSass(t)
	root := scratchRepo(t)
	out := filepath.Join(root, "public")
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var logs lockedBuffer
	go func() {
		done <- run(ctx, append([]string{"serve", "--root", root, "--port", "0"}, sass...), &logs, &logs)
	}()
	// "serving DIR on URL" comes after the first build.
	var preview string
	for preview == "" {
		select {
		case code := <-done:
			t.Fatalf("serve: exit %d: %s", code, logs.String())
		case <-time.After(20 * time.Millisecond):
		}
		if _, rest, ok := strings.Cut(logs.String(), "serving "); ok {
			preview, _, _ = strings.Cut(rest, " on http")
		}
	}
	if _, err := os.Stat(filepath.Join(preview, "index.html")); err != nil {
		t.Errorf("the preview's folder: %v", err)
	}
	if _, err := os.Lstat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("serve wrote public/: %v", err)
	}
	for range 2 {
		if code, _, errs := runCmd(append([]string{"build", "--root", root}, sass...)...); code != 0 {
			t.Errorf("a build beside serve: exit %d: %s", code, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Error(err)
	}
	stop()
	if code := <-done; code != 0 {
		t.Errorf("serve: exit %d: %s", code, logs.String())
	}
	if _, err := os.Lstat(filepath.Dir(preview)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the preview's folder is left after serve stopped: %v", err)
	}
}

// TestServePortInUse: serve on a port in use fails at once, before it
// builds anything (the sources' problems are never reported).
func TestServePortInUse(t *testing.T) {
	sass := needSass(t)
	root := writeArchive(t, "testdata/broken.txtar")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	code, _, errs := runBounded(t, append([]string{"serve", "--root", root, "--port", port}, sass...)...)
	if code != 1 || !strings.Contains(errs, port) || strings.Contains(errs, "problem") {
		t.Errorf("exit %d, stderr:\n%s\nwant 1, the port, and no build", code, errs)
	}
}
