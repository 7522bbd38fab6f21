package userpool

// poolSettings are the settings of a pool created through the API that
// sign-in does not use, kept to be described back as they were given.
type poolSettings struct{}
