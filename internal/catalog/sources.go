package catalog

import (
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/yamldoc"
)

// Seed is the source of a message that comes only from the original cheat
// sheet, such as the app's own label for a code: no public page shows it,
// so the page does not present it as what Salesforce says, and
// `check --sources` lists it apart without failing.
const Seed = "seed"

// Message is one literal message text and where it was seen. Readers
// take a message shown as "Salesforce says" as something Salesforce
// really returns, so each carries its source: an https page (Salesforce's
// documentation, a client library's issue, a public log), or Seed. In the
// YAML a message is either a plain string (no source yet) or
// {text, source}; the search index reads only Text.
type Message struct {
	Text   string
	Source string
}

// UnmarshalYAML accepts both forms of a message, so entries written before
// messages had sources still load; the schema has checked the shape.
func (m *Message) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		return n.Decode(&m.Text)
	}
	var v struct {
		Text   string `yaml:"text"`
		Source string `yaml:"source"`
	}
	if err := n.Decode(&v); err != nil {
		return err
	}
	m.Text, m.Source = v.Text, v.Source
	return nil
}

// Sourced reports whether a public page shows the message, which is what
// lets the page present it as what Salesforce says.
func (m Message) Sourced() bool {
	return strings.HasPrefix(m.Source, "https://")
}

// Texts lists the messages' texts, the form search and errors.json's
// messages field use.
func Texts(ms []Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Text
	}
	return out
}

// messagePositions finds where each of the entry's messages is, in the
// order Unsourced walks them: the entry's, then each cause's.
func messagePositions(e *Error, doc *yamldoc.Doc) []diag.Pos {
	var out []diag.Pos
	for i := range e.Messages {
		out = append(out, doc.Pos([]string{"messages", strconv.Itoa(i)}))
	}
	for ci, c := range e.Causes {
		for i := range c.Messages {
			out = append(out, doc.Pos([]string{"causes", strconv.Itoa(ci), "messages", strconv.Itoa(i)}))
		}
	}
	return out
}

// Unsourced lists the entry's messages, the retired causes' included,
// that have no source yet, and apart those whose source is Seed, each
// with its position: what `helpcenter check --sources` reports.
func (e *Error) Unsourced() (missing, seed []PlacedMessage) {
	n := 0
	split := func(ms []Message) {
		for _, m := range ms {
			var pos diag.Pos
			if n < len(e.Where.Messages) {
				pos = e.Where.Messages[n]
			}
			n++
			switch m.Source {
			case Seed:
				seed = append(seed, PlacedMessage{m, pos})
			case "":
				missing = append(missing, PlacedMessage{m, pos})
			}
		}
	}
	split(e.Messages)
	for _, c := range e.Causes {
		split(c.Messages)
	}
	return missing, seed
}

// PlacedMessage is a message and where it is in its file.
type PlacedMessage struct {
	Message
	Pos diag.Pos
}

// SaidMessages lists AllMessages that have a public source: the page
// shows only these as what Salesforce says.
func (e *Error) SaidMessages() []CauseMessage {
	return slices.DeleteFunc(e.AllMessages(), func(m CauseMessage) bool { return !m.Sourced() })
}

// ReportedMessages lists AllMessages without a public source (Seed or
// none yet), which the page shows under a plainer label beside the
// aliases: people report them, no Salesforce page shows them.
func (e *Error) ReportedMessages() []CauseMessage {
	return slices.DeleteFunc(e.AllMessages(), CauseMessage.Sourced)
}

// Said and Reported split messages as SaidMessages and ReportedMessages
// do, for a cause's own messages.
func Said(ms []Message) []Message {
	return slices.DeleteFunc(slices.Clone(ms), func(m Message) bool { return !m.Sourced() })
}

// Reported: see Said.
func Reported(ms []Message) []Message {
	return slices.DeleteFunc(slices.Clone(ms), Message.Sourced)
}
