package catalog

import (
	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/yamldoc"
)

// settingsSchema checks helpcenter.yaml, the site's settings. It lives
// with the catalog's schemas because it is checked and worded the same
// way, and writers' editors find it beside them.
var settingsSchema = mustSchema("catalog/schema/settings.schema.json")

// ValidateSettings checks a parsed helpcenter.yaml against
// catalog/schema/settings.schema.json, with problems worded and placed
// as the catalog's are.
func ValidateSettings(doc *yamldoc.Doc) diag.List { return validate(settingsSchema, doc) }
