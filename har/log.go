package har

// Decoding of the members of "log" other than "entries".

// logMember decodes the member k of log into d.log, or returns errSkip.
func (d *Decoder) logMember(k []byte) error {
	l := &d.log
	switch string(k) {
	case "version":
		return d.textField(&l.Version, false)
	case "creator":
		return d.creator(&l.Creator)
	case "browser":
		if c, _ := d.ws(); c != '{' {
			return d.skipValue()
		}
		l.Browser = &Creator{}
		return d.creator(l.Browser)
	case "pages":
		l.Pages = nil
		_, err := d.array(func() error {
			var p Page
			ok, err := d.object(func(k []byte) error {
				switch string(k) {
				case "id":
					return d.textField(&p.ID, false)
				case "title":
					return d.textField(&p.Title, false)
				case "startedDateTime":
					s, ok, err := d.text(false)
					if ok {
						p.Started, _ = parseTime(s)
					}
					return err
				}
				return errSkip
			})
			if ok {
				l.Pages = append(l.Pages, p)
			}
			return err
		})
		return err
	case "comment":
		return d.textField(&l.Comment, false)
	}
	return errSkip
}

// creator decodes log.creator or log.browser.
func (d *Decoder) creator(c *Creator) error {
	_, err := d.object(func(k []byte) error {
		switch string(k) {
		case "name":
			return d.textField(&c.Name, false)
		case "version":
			return d.textField(&c.Version, false)
		case "comment":
			return d.textField(&c.Comment, false)
		}
		return errSkip
	})
	return err
}
