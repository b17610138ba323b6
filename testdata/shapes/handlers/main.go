// Command handlers reproduces event-handler code (pion/webrtc's
// pc.OnDataChannel(func(d) { d.OnMessage(...) }), fyne's widget.NewButton):
// every setter keeps its handler to call it again, so nothing here is a
// chain and unhell reports nothing.
package main

import (
	"fmt"
	"sync"
)

// PeerConnection keeps one handler per event.
type PeerConnection struct {
	mu            sync.Mutex
	onDataChannel func(*DataChannel)
}

// OnDataChannel sets the handler called for each new data channel.
func (pc *PeerConnection) OnDataChannel(f func(*DataChannel)) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.onDataChannel = f
}

func (pc *PeerConnection) open(label string) *DataChannel {
	d := &DataChannel{label: label}
	pc.mu.Lock()
	h := pc.onDataChannel
	pc.mu.Unlock()
	h(d)
	if d.onOpen != nil {
		d.onOpen()
	}
	return d
}

// DataChannel keeps its handlers.
type DataChannel struct {
	label     string
	onOpen    func()
	onMessage func(string)
}

// OnOpen sets the open handler.
func (d *DataChannel) OnOpen(f func()) { d.onOpen = f }

// OnMessage sets the message handler.
func (d *DataChannel) OnMessage(f func(string)) { d.onMessage = f }

func (d *DataChannel) receive(m string) { d.onMessage(m) }

// Button is a widget with a tap handler.
type Button struct{ OnTapped func() }

// NewButton returns a button that calls tapped on every tap.
func NewButton(label string, tapped func()) *Button { return &Button{OnTapped: tapped} }

func main() {
	pc := new(PeerConnection)
	var channels []*DataChannel
	connect := NewButton("connect", func() {
		pc.OnDataChannel(func(d *DataChannel) {
			d.OnOpen(func() {
				fmt.Println(d.label, "open")
				d.OnMessage(func(m string) { fmt.Println(d.label, "got", m) })
			})
			channels = append(channels, d)
		})
	})
	connect.OnTapped()
	connect.OnTapped()
	a, b := pc.open("a"), pc.open("b")
	a.receive("hello")
	b.receive("hi")
	a.receive("again")
	fmt.Println(len(channels), "channels")
}
