package site

// Settings are what a company changes to make the help center its own:
// names, support contact, branding. Templates read them as .Site.Settings.
type Settings struct {
	// Name is the site's name, in every page's title; ShortName is the
	// header's.
	Name, ShortName string
	// Company is the product or company the help center is for.
	Company string
	// Support is where readers get help when a page is not enough.
	Support Support
	// Language is the content's language, as a BCP 47 tag ("en").
	Language string
}

// Support is the support team's contact. Any of it may be empty.
type Support struct {
	URL, Email string
	// Hours says when or where support answers, in one line.
	Hours string
}

// HasContact reports whether readers can be given a way to reach support.
func (s Support) HasContact() bool { return s.URL != "" || s.Email != "" }

// defaultSettings reproduce the site as it was before settings existed.
func defaultSettings() Settings {
	return Settings{Name: "Salesforce Error Help Center", ShortName: "Salesforce Error Help", Language: "en"}
}
