package continuation

import "testing"

// TestRepeatingName checks the names that say a callee calls back again,
// and names that only look like them.
func TestRepeatingName(t *testing.T) {
	for name, want := range map[string]bool{
		"OnMessage":               true,
		"On":                      true,
		"On_click":                true,
		"HandleFunc":              true,
		"Handle":                  true,
		"ScheduleRepeating":       true,
		"Every":                   true,
		"AddEventListener":        true,
		"SetKeybinding":           true,
		"AddHandler":              true,
		"Subscribe":               true,
		"GET":                     true,
		"Use":                     true,
		"NewTicker":               true,
		"SetControlCallback":      true,
		"Set":                     true,
		"Settle":                  false,
		"Once":                    false,
		"Online":                  false,
		"ScheduleOnce":            false,
		"AsyncRead":               false,
		"ShowConfirm":             false,
		"RunOnLoop":               false,
		"Get":                     false,
		"Handler2x":               false,
		"Everyone":                false,
		"createConfirmationPanel": false,
	} {
		if got := repeatingName(name); got != want {
			t.Errorf("repeatingName(%q) = %v, want %v", name, got, want)
		}
	}
}
