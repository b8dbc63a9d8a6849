// Package helpcenter holds what the helpcenter command compiles in from the
// repository itself: the JSON Schemas for the catalog.
//
// The schemas live in catalog/schema/ so that writers' editors
// (yaml-language-server) read them through the "$schema" comment at the top
// of each YAML file; the build embeds the very same files, so the editor and
// the build can never disagree about what a valid entry is.
package helpcenter

import "embed"

// Schemas holds catalog/schema/error.schema.json and
// catalog/schema/categories.schema.json.
//
//go:embed catalog/schema/*.json
var Schemas embed.FS

// ErrorsSchema is the JSON Schema of the errors.json the site publishes
// (api/errors.schema.json), which the build publishes beside it as
// errors.schema.json: the contract apps code against.
//
//go:embed api/errors.schema.json
var ErrorsSchema []byte
