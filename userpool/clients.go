package userpool

// clientSettings are the settings of an app client created through the
// API that sign-in does not use, kept to be described back as given.
type clientSettings struct{}
