package driver

import "strings"

// isToolInvocation reports whether the go command is running us as a vet
// or fix tool: it first asks for the version (-V=full) and the flags
// (-flags), then passes one package's configuration as a *.cfg file after
// any flags.
func isToolInvocation(args []string) bool {
	for _, arg := range args {
		switch strings.TrimPrefix(arg, "-") {
		case "-V=full", "V=full", "-flags", "flags":
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}
