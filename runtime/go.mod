module github.com/unhell/unhell/runtime

go 1.26.0
