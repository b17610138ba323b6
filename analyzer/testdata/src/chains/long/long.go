// Package long has a chain whose callee is reached through a long builder
// chain: the diagnostic elides the middle of the expression.
package long

import "fmt"

// Query is a query builder.
type Query struct{ where []string }

// Where adds a condition.
func (q *Query) Where(cond string) *Query { q.where = append(q.where, cond); return q }

// Then runs the query and calls cb once with the row count.
//
//unhell:async
func (q *Query) Then(cb func(int)) { go cb(len(q.where)) } // want Then:`async\(cb\)`

func chain(q *Query) {
	q.Where("a = 1").Where("b = 2").Where("c = 3").Where("d = 4").Where("e = 5").Where("f = 6").Where("g = 7").Where("h = 8").Where("i = 9").Where("j = 10").Where("k = 11").Where("l = 12").Where("m = 13").Where("n = 14").Where("o = 15").Where("p = 16").Where("q = 17").Where("r = 18").Then(func(n int) { // want `^callback chain of depth 2: q\.Where\("a = 1"\)\.Where\("b = 2"\)[^→]{60,100}…[^→]{60,100}\.Where\("r = 18"\)\.Then → q\.Then$`
		q.Then(func(m int) { fmt.Println(n, m) })
	})
}
