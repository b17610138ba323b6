package sequential

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/unhell/unhell/examples/containers/tui"

	unhell "github.com/unhell/unhell/runtime"
)

// Container is one container of the panel.
type Container struct {
	Name    string
	Running bool
	Stuck   bool // refuses to stop
}

// Panel lists containers and handles their keys.
type Panel struct {
	containers []*Container
	log        io.Writer
}

// NewPanel returns a panel of containers that logs what it does to log.
func NewPanel(log io.Writer, containers ...*Container) *Panel {
	return &Panel{containers: containers, log: log}
}

func (p *Panel) find(name string) *Container {
	for _, c := range p.containers {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (p *Panel) stop(c *Container) error {
	if c.Stuck {
		return fmt.Errorf("%s does not stop", c.Name)
	}
	c.Running = false
	fmt.Fprintln(p.log, "stopped", c.Name)
	return nil
}

func (p *Panel) remove(c *Container) error {
	if c.Running {
		return errors.New("cannot remove a running container")
	}
	p.containers = slices.DeleteFunc(p.containers, func(x *Container) bool { return x == c })
	fmt.Fprintln(p.log, "removed", c.Name)
	return nil
}

// HandleRemove removes the selected container once the user confirms, and
// a running one only after a second confirmation and a stop.
func (p *Panel) HandleRemove(g *tui.Gui, v *tui.View) error {
	c := p.find(v.Selected)
	if c == nil {
		return fmt.Errorf("no container %q", v.Selected)
	}
	return unhell.GoV(func(co *unhell.CoV[error]) error {
		g, _ := unhell.AwaitV2(co, func(k func(*tui.Gui, *tui.View) error) error { return g.Confirm("Remove", "remove "+c.Name+"?", k) })
		if c.Running {
			g, _ := unhell.AwaitV2(co, func(k func(*tui.Gui, *tui.View) error) error {
				return g.Confirm("Force", c.Name+" is running; stop and remove it?", k)
			})
			unhell.AwaitV(co, func(k func() error) error { return g.WithWaitingStatus("stopping "+c.Name, k) })
			if err := p.stop(c); err != nil {
				return err
			}
			unhell.AwaitV(co, func(k func() error) error { return g.WithWaitingStatus("removing "+c.Name, k) })
			return p.remove(c)
		}
		unhell.AwaitV(co, func(k func() error) error { return g.WithWaitingStatus("removing "+c.Name, k) })
		return p.remove(c)
	})
}

// HandlePrune removes every stopped container once the user confirms,
// and says at once that pruning has started.
func (p *Panel) HandlePrune(g *tui.Gui, v *tui.View) error {
	return unhell.GoV(func(co *unhell.CoV[error]) error {
		g, _ := unhell.AwaitV2(co, func(k func(*tui.Gui, *tui.View) error) error {
			return g.Confirm("Prune", "remove all stopped containers?", k)
		})
		unhell.AwaitV(co, func(k func() error) error {
			g.WithWaitingStatus("pruning", k)
			fmt.Fprintln(p.log, "pruning started")
			return nil
		})
		var errs []error
		for _, c := range slices.Clone(p.containers) {
			if !c.Running {
				errs = append(errs, p.remove(c))
			}
		}
		if len(p.containers) > 0 {
			errs = append(errs, fmt.Errorf("%d containers still running", len(p.containers)))
		}
		return errors.Join(errs...)
	})
}
