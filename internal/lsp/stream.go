package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/sourcegraph/jsonrpc2"
)

// maxMessage is the largest message the server reads, in bytes: far above
// any real one (a didOpen of a file of several megabytes), far below what
// would exhaust memory.
const maxMessage = 64 << 20

// lengthHeader is the header that frames every message of the LSP base
// protocol; the server looks for it to find its way after a bad message.
const lengthHeader = "Content-Length:"

// A stream reads and writes JSON-RPC messages framed by the LSP base
// protocol ("Content-Length: N\r\n\r\n" and N bytes of JSON) over a
// connection. Unlike jsonrpc2.VSCodeObjectCodec, it does not end the
// session over one bad message: a message that is not JSON gets a parse
// error (-32700) and valid JSON that is no JSON-RPC message an invalid
// request error (-32600), both with a null id as JSON-RPC prescribes when
// the id cannot be read, and the stream reads the next message. A header
// that is malformed, lacks Content-Length or announces more than
// maxMessage bytes gets a parse error too, without the body being read
// into memory; the stream then skips to the next Content-Length header.
// Each refusal is also reported (to the client's log). Only a failure to
// read at all, the connection closing, ends the stream.
type stream struct {
	conn io.Closer
	r    *bufio.Reader
	// report tells the client about a refused message, and send, if set,
	// sends the refusal (else the stream writes it); both are set before
	// the first read.
	report func(msg string)
	send   func(obj any)
	// resynced is set when skipping found a Content-Length header and
	// consumed its name: the next header line is that header's value.
	resynced bool

	mu sync.Mutex // guards w
	w  *bufio.Writer
}

func newStream(rwc io.ReadWriteCloser) *stream {
	return &stream{conn: rwc, r: bufio.NewReader(rwc), w: bufio.NewWriter(rwc)}
}

// WriteObject writes obj as one message.
func (s *stream) WriteObject(obj any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := (jsonrpc2.VSCodeObjectCodec{}).WriteObject(s.w, obj); err != nil {
		return err
	}
	return s.w.Flush()
}

// Close closes the connection.
func (s *stream) Close() error { return s.conn.Close() }

// ReadObject reads the next well-formed message into v, answering and
// reporting the bad ones before it.
func (s *stream) ReadObject(v any) error {
	for {
		body, err := s.next()
		var bad *badFrame
		switch {
		case errors.As(err, &bad):
			s.refuse(jsonrpc2.CodeParseError, bad.why+"; skipping to the next "+lengthHeader+" header")
			if err := s.skipToHeader(); err != nil {
				return err
			}
		case err != nil:
			return err
		case !json.Valid(body):
			s.refuse(jsonrpc2.CodeParseError, fmt.Sprintf("a message of %d bytes is not JSON: %s", len(body), excerpt(body)))
		default:
			if err := json.Unmarshal(body, v); err != nil {
				s.refuse(jsonrpc2.CodeInvalidRequest, fmt.Sprintf("a message is no JSON-RPC request, response or notification (%v): %s", err, excerpt(body)))
				continue
			}
			return nil
		}
	}
}

// badFrame is a header the stream cannot frame a message by.
type badFrame struct{ why string }

func (b *badFrame) Error() string { return b.why }

// next reads one message's header and returns its body. It returns a
// *badFrame for a header it cannot use, having read that header only.
func (s *stream) next() ([]byte, error) {
	length := int64(-1)
	for {
		line, err := s.r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, &badFrame{fmt.Sprintf("a header line is longer than %d bytes", s.r.Size())}
		}
		if err != nil {
			return nil, err
		}
		text := strings.TrimRight(string(line), "\r\n")
		if s.resynced {
			text, s.resynced = lengthHeader+text, false
		}
		if i := strings.Index(text, lengthHeader); i > 0 {
			// Bytes without a line break before a header: what a
			// client wrote between messages. Refuse them, and read the
			// header, lest the next message be skipped for their sake.
			s.refuse(jsonrpc2.CodeParseError, fmt.Sprintf("%d bytes before a %s header are no message: %s; skipped", i, lengthHeader, excerpt([]byte(text[:i]))))
			text = text[i:]
		}
		if text == "" {
			break
		}
		name, value, ok := strings.Cut(text, ":")
		if !ok {
			return nil, &badFrame{fmt.Sprintf("header line %s is not \"Name: value\"", excerpt([]byte(text)))}
		}
		if !strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			continue // Content-Type, the only other header, changes nothing
		}
		value = strings.TrimSpace(value)
		n, err := strconv.ParseInt(value, 10, 64)
		switch {
		case err != nil && errors.Is(err, strconv.ErrRange):
			return nil, &badFrame{fmt.Sprintf("refusing a message of Content-Length %s bytes, more than the %d the server accepts", value, maxMessage)}
		case err != nil || n < 0:
			return nil, &badFrame{fmt.Sprintf("Content-Length %s is not a number of bytes", excerpt([]byte(value)))}
		case n > maxMessage:
			return nil, &badFrame{fmt.Sprintf("refusing a message of Content-Length %d bytes, more than the %d the server accepts", n, maxMessage)}
		}
		length = n
	}
	if length < 0 {
		return nil, &badFrame{"a message has no Content-Length header"}
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(s.r, body); err != nil {
		return nil, err
	}
	return body, nil
}

// skipToHeader discards input up to and including the next "Content-Length:"
// and sets resynced. Raw line breaks cannot occur inside JSON strings, so
// in a valid body the header's name can occur only within a string; if a
// skipped body holds it there, what follows is another bad frame, skipped
// in turn.
func (s *stream) skipToHeader() error {
	matched := 0
	for matched < len(lengthHeader) {
		b, err := s.r.ReadByte()
		if err != nil {
			return err
		}
		// 'C' occurs in the header's name only at its start, so a mismatch
		// restarts the match at this byte.
		switch {
		case b == lengthHeader[matched]:
			matched++
		case b == lengthHeader[0]:
			matched = 1
		default:
			matched = 0
		}
	}
	s.resynced = true
	return nil
}

// refuse answers a message the stream cannot take with a JSON-RPC error
// whose id is null, and reports it.
func (s *stream) refuse(code int64, why string) {
	s.report(why)
	refusal := struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      *jsonrpc2.ID    `json:"id"` // always null
		Error   *jsonrpc2.Error `json:"error"`
	}{"2.0", nil, &jsonrpc2.Error{Code: code, Message: why}}
	if s.send != nil {
		s.send(refusal)
		return
	}
	if err := s.WriteObject(refusal); err != nil {
		s.report("answering a bad message: " + err.Error())
	}
}

// excerpt returns the start of b, quoted, for a message about it.
func excerpt(b []byte) string {
	const max = 60
	if len(b) > max {
		return strconv.Quote(string(bytes.ToValidUTF8(b[:max], nil))) + "…"
	}
	return strconv.Quote(string(b))
}
