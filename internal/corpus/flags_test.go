package corpus_test

import "flag"

var (
	corpus = flag.Bool("corpus", false, "run TestCorpus: download the libraries testdata/corpus/modules.txt pins through the module proxy")
	update = flag.Bool("update", false, "rewrite the expectations (testdata/corpus/*.txt, testdata/shapes/findings.txt) with what unhell finds")
)
