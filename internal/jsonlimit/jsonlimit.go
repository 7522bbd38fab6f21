package jsonlimit

// Exceeds reports whether the JSON text js nests deeper than limit levels:
// whether more than limit objects and arrays are open at some point. It
// counts only the brackets outside strings and does not check that js is
// valid JSON, leaving malformed input to the decoder. It stops at the first
// bracket past limit, so a hostile body costs no more than its prefix.
func Exceeds(js []byte, limit int) bool {
	depth, inString, escaped := 0, false, false
	for _, c := range js {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			if depth > limit {
				return true
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return false
}
