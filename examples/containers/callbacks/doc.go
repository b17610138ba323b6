// Package callbacks is the containers panel of a lazydocker-style terminal
// GUI, written as the toolkit's API invites: each dialog's and each
// status's handler nested in the one before, each returning the error the
// toolkit shows. Its twin, package sequential, is what unhell -fix makes of
// panel.go.
package callbacks
