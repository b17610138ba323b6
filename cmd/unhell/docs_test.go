package main

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/unhell/unhell/internal/moduletest"
)

// The documents a reader follows links through; docs/*.md is added.
var documents = []string{"README.md", "CONTRIBUTING.md", "examples/README.md", "editors/README.md"}

// TestDocLinks checks that every relative link in the documents points at
// a file or directory of the repository and, where it names a heading
// (#anchor) of a Markdown file, at a heading that file has, with the
// anchor GitHub derives from the heading's text.
func TestDocLinks(t *testing.T) {
	root := moduletest.Root(t)
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files := slices.Clone(documents)
	for _, d := range docs {
		files = append(files, filepath.Join("docs", filepath.Base(d)))
	}
	anchors := map[string]map[string]bool{} // by file, relative to root
	anchorsOf := func(name string) map[string]bool {
		if a, ok := anchors[name]; ok {
			return a
		}
		anchors[name] = headingAnchors(string(moduletest.ReadFile(t, filepath.Join(root, name))))
		return anchors[name]
	}
	for _, name := range files {
		text := string(moduletest.ReadFile(t, filepath.Join(root, name)))
		for _, link := range relativeLinks(text) {
			path, anchor, _ := strings.Cut(link, "#")
			target := name // a bare #anchor names a heading of this file
			if path != "" {
				target = filepath.ToSlash(filepath.Join(filepath.Dir(name), path))
				if _, err := os.Stat(filepath.Join(root, target)); err != nil {
					t.Errorf("%s links to %s, which does not exist (%s)", name, link, target)
					continue
				}
			}
			if anchor != "" && strings.HasSuffix(target, ".md") && !anchorsOf(target)[anchor] {
				t.Errorf("%s links to %s, but %s has no heading whose anchor is #%s", name, link, target, anchor)
			}
		}
	}
}

// TestDocContents checks that a page of docs/ whose opening lists its
// sections (links to #anchors before its first "## " heading) lists every
// one of them.
func TestDocContents(t *testing.T) {
	root := moduletest.Root(t)
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range docs {
		text := string(moduletest.ReadFile(t, path))
		opening, body, ok := strings.Cut(text, "\n## ")
		if !ok {
			continue
		}
		listed := map[string]bool{}
		for _, link := range relativeLinks(opening) {
			if anchor, ok := strings.CutPrefix(link, "#"); ok {
				listed[anchor] = true
			}
		}
		if len(listed) == 0 {
			continue
		}
		for _, line := range proseLines("## " + body) {
			if heading, ok := strings.CutPrefix(line, "## "); ok {
				for anchor := range headingAnchors(line + "\n") {
					if !listed[anchor] {
						t.Errorf("docs/%s lists its sections at the top, but not %q: add - [%s](#%s)", filepath.Base(path), heading, heading, anchor)
					}
				}
			}
		}
	}
}

// TestReadmeFlags checks that the README's flags table names exactly the
// flags "unhell -help" lists.
func TestReadmeFlags(t *testing.T) {
	readme := string(moduletest.ReadFile(t, filepath.Join(moduletest.Root(t), "README.md")))
	_, section, ok := strings.Cut(readme, "\n### Flags\n")
	if !ok {
		t.Fatal(`README.md has no "### Flags" section`)
	}
	section, _, _ = strings.Cut(section, "\n#")
	inTable := map[string]bool{}
	for _, row := range tableRows(section) {
		for _, m := range regexp.MustCompile("`(-[a-z][a-z0-9-]*)").FindAllStringSubmatch(row[0], -1) {
			inTable[m[1]] = true
		}
	}

	// testscript.Main (TestMain) has put this test binary on the PATH as
	// the unhell command.
	help, err := exec.Command("unhell", "-help").Output()
	if err != nil {
		t.Fatalf("unhell -help: %v", err)
	}
	listed := helpFlags(string(help))
	for _, name := range slices.Sorted(maps.Keys(listed)) {
		if !inTable[name] {
			t.Errorf("unhell -help lists %s, but README.md's flags table (under \"### Flags\") has no row for it: add\n| `%s` | %s |",
				name, name, listed[name])
		}
	}
	for _, name := range slices.Sorted(maps.Keys(inTable)) {
		if _, ok := listed[name]; !ok {
			t.Errorf("README.md's flags table (under \"### Flags\") has a row for %s, which unhell -help does not list: remove the row, or spell the flag as -help does", name)
		}
	}
}

// TestMeasurementsSayHowAndWhere checks that every dated entry of
// docs/benchmarks.md and docs/evaluation.md (a heading "### 2026-…") names
// the machine it ran on (its cores and load) and the command that produced
// it (a "Command" line in the entry, or a sh block in the section it is
// filed under), and that every figure of the README's headline table links
// to one of those files and appears there.
func TestMeasurementsSayHowAndWhere(t *testing.T) {
	root := moduletest.Root(t)
	pages := map[string]string{}
	for _, name := range []string{"docs/benchmarks.md", "docs/evaluation.md"} {
		text := string(moduletest.ReadFile(t, filepath.Join(root, name)))
		pages[name] = text
		for _, section := range splitBefore(text, "\n## ") {
			hasCommand := strings.Contains(section, "\n```sh\n")
			for _, entry := range splitBefore(section, "\n### ")[1:] {
				heading, _, _ := strings.Cut(entry, "\n")
				if !regexp.MustCompile(`^### 20\d\d-\d\d-\d\d`).MatchString(heading) {
					continue
				}
				if !strings.Contains(entry, "cores") || !strings.Contains(entry, "load") {
					t.Errorf("%s: entry %q does not say on how many cores and at what load it ran (write \"2 cores, load average N\", or \"load not recorded\")", name, heading)
				}
				if !hasCommand && !strings.Contains(entry, "Command") {
					t.Errorf("%s: entry %q names no command: add a \"- Command:\" line, or file it under a section with a sh block", name, heading)
				}
			}
		}
	}

	readme := string(moduletest.ReadFile(t, filepath.Join(root, "README.md")))
	_, figures, ok := strings.Cut(readme, "\n## Figures\n")
	if !ok {
		t.Fatal(`README.md has no "## Figures" section`)
	}
	figures, _, _ = strings.Cut(figures, "\n#")
	number := regexp.MustCompile(`\d[\d,.]*\d|\d`)
	for _, row := range tableRows(figures)[1:] {
		figure := row[len(row)-1]
		var sources []string
		for _, m := range regexp.MustCompile(`\]\((docs/[a-z]+\.md)#?[^)]*\)`).FindAllStringSubmatch(figure, -1) {
			sources = append(sources, pages[m[1]])
		}
		if len(sources) == 0 {
			t.Errorf("README.md's figure %q links to neither docs/benchmarks.md nor docs/evaluation.md", figure)
			continue
		}
		figure = regexp.MustCompile(`\(\[[^]]*\]\([^)]*\)\)`).ReplaceAllString(figure, "")
		for _, n := range number.FindAllString(figure, -1) {
			if !slices.ContainsFunc(sources, func(page string) bool { return containsNumber(page, n) }) {
				t.Errorf("README.md's figure %q: %s appears in none of the pages it links to; copy figures from their entries", row[len(row)-1], n)
			}
		}
	}
}

// TestPackageMap checks that CONTRIBUTING.md's package map lists every
// package of both modules, and nothing that is not one.
func TestPackageMap(t *testing.T) {
	root := moduletest.Root(t)
	contributing := string(moduletest.ReadFile(t, filepath.Join(root, "CONTRIBUTING.md")))
	_, section, ok := strings.Cut(contributing, "\n## Package map\n")
	if !ok {
		t.Fatal(`CONTRIBUTING.md has no "## Package map" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	listed := map[string]bool{}
	for _, table := range splitBefore(section, "\n| package |")[1:] {
		for _, row := range tableRows(table)[1:] {
			for _, m := range regexp.MustCompile("`([a-z][a-z0-9/]*)`").FindAllStringSubmatch(row[0], -1) {
				listed[m[1]] = true
			}
		}
	}
	cmd := exec.Command("go", "list", "-f", "{{.Dir}}", "./...", "./runtime/...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	packages := map[string]bool{}
	for dir := range strings.Lines(strings.TrimSpace(string(out))) {
		rel, err := filepath.Rel(root, strings.TrimSpace(dir))
		if err != nil {
			t.Fatal(err)
		}
		packages[filepath.ToSlash(rel)] = true
	}
	for _, p := range slices.Sorted(maps.Keys(packages)) {
		if !listed[p] {
			t.Errorf("CONTRIBUTING.md's package map has no row for %s: add one, `%s` and what it is in a line", p, p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(listed)) {
		if !packages[p] {
			t.Errorf("CONTRIBUTING.md's package map lists %s, which is not a package of either module: remove it, or spell it as its directory", p)
		}
	}
}

// relativeLinks returns the targets of text's inline Markdown links and
// images that are not URLs, leaving out code blocks and code spans.
func relativeLinks(text string) []string {
	var links []string
	for _, line := range proseLines(text) {
		line = regexp.MustCompile("`[^`]*`").ReplaceAllString(line, "")
		for _, m := range regexp.MustCompile(`\]\(([^)\s]+)\)`).FindAllStringSubmatch(line, -1) {
			if !regexp.MustCompile(`^[a-z][a-z+.-]*:`).MatchString(m[1]) {
				links = append(links, m[1])
			}
		}
	}
	return links
}

// headingAnchors returns the anchors GitHub gives the headings of a
// Markdown text: the heading's text, lower-cased, without its markup and
// punctuation, spaces made hyphens, and "-1", "-2"… after repeats.
func headingAnchors(text string) map[string]bool {
	anchors := map[string]bool{}
	seen := map[string]int{}
	for _, line := range proseLines(text) {
		m := regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*$`).FindStringSubmatch(line)
		if m == nil {
			continue
		}
		heading := regexp.MustCompile(`\[([^]]*)\]\([^)]*\)`).ReplaceAllString(m[1], "$1")
		var slug strings.Builder
		for _, r := range strings.ToLower(heading) {
			switch {
			case r == ' ':
				slug.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r):
				slug.WriteRune(r)
			}
		}
		anchor := slug.String()
		if n := seen[anchor]; n > 0 {
			anchors[anchor+"-"+strconv.Itoa(n)] = true
		} else {
			anchors[anchor] = true
		}
		seen[anchor]++
	}
	return anchors
}

// proseLines returns the lines of a Markdown text outside fenced code
// blocks.
func proseLines(text string) []string {
	var lines []string
	fenced := false
	for line := range strings.Lines(text) {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if !fenced {
			lines = append(lines, strings.TrimRight(line, "\n"))
		}
	}
	return lines
}

// tableRows returns the cells of the rows of the first Markdown table in
// text, its header included, its delimiter row left out.
func tableRows(text string) [][]string {
	var rows [][]string
	for _, line := range proseLines(text) {
		if !strings.HasPrefix(line, "|") {
			if len(rows) > 0 {
				break
			}
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), " | ")
		if regexp.MustCompile(`^[\s|:-]+$`).MatchString(line) {
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rows = append(rows, cells)
	}
	return rows
}

// helpFlags returns the flags "unhell -help" lists, each with its usage.
func helpFlags(help string) map[string]string {
	flags := map[string]string{}
	name := ""
	for line := range strings.Lines(help) {
		if m := regexp.MustCompile(`^  (-[a-z][a-z0-9-]*)`).FindStringSubmatch(line); m != nil {
			name = m[1]
			flags[name] = ""
		} else if strings.HasPrefix(line, "    \t") && name != "" {
			flags[name] = strings.TrimSpace(line)
			name = ""
		}
	}
	return flags
}

// splitBefore splits text before each occurrence of sep.
func splitBefore(text, sep string) []string {
	parts := strings.Split(text, sep)
	for i := 1; i < len(parts); i++ {
		parts[i] = sep[1:] + parts[i]
	}
	return parts
}

// containsNumber reports whether n appears in text as a whole number.
func containsNumber(text, n string) bool {
	return regexp.MustCompile(`(^|[^\d.,])` + regexp.QuoteMeta(n) + `($|[^\d]|[.,]\D|[.,]$)`).MatchString(text)
}
