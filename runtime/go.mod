module github.com/unhell/unhell/runtime

go 1.24.0
