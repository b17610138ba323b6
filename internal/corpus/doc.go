// Package corpus holds the tests that hold unhell to real callback code:
// TestCorpus runs it on real libraries at pinned versions (listed in
// testdata/corpus/modules.txt) and compares the findings with the
// expectations beside the list; TestShapes runs the small programs under
// testdata/shapes, which reproduce each shape the libraries show, before
// and after unhell -fix.
package corpus
