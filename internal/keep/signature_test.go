package keep

import "testing"

func TestSameSignature(t *testing.T) {
	const out = "package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\n// F prints.\nfunc F() { fmt.Println(0x1F, os.Args) }\n"
	for src, want := range map[string]bool{
		out: true,
		"package p\nimport \"os\"\nimport \"fmt\"\n//F prints.\nfunc F() { fmt.Println(0X1F, os.Args); }\n":                            true,
		"//go:build linux\n\npackage p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\n// F prints.\nfunc F() { fmt.Println(0x1F, os.Args) }\n": true,
		"package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"os\"\n)\n\n// F prints.\nfunc F() { fmt.Println(0x1F, os.Args) }\n":           false, // an import twice
		"package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc F() { fmt.Println(0x1F, os.Args) }\n":                                   false, // a comment lost
		"package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\n// F prints.\nfunc F() { fmt.Println(0x1E, os.Args) }\n":                     false,
		"package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\n// F prints.\nfunc F() { fmt.Println(0x1F, os.Args) \"\n":                    false, // does not scan
	} {
		if got := sameSignature([]byte(src), []byte(out)); got != want {
			t.Errorf("sameSignature(%q) = %v, want %v", src, got, want)
		}
	}
}
