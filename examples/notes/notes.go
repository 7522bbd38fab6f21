package notes

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// Note is one note of one caller, as the API returns it.
type Note struct {
	NoteID     string `json:"noteId"`
	Content    string `json:"content"`
	Attachment string `json:"attachment,omitempty"`
	// CreatedAt is in milliseconds since the Unix epoch.
	CreatedAt int64 `json:"createdAt"`
}

// Options configure a Notes.
type Options struct {
	// Path is the SQLite database file; it is created when missing.
	Path string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// NewID returns a new note id; random UUIDs when nil.
	NewID func() string
	// AllowOrigin, when not empty, is sent as Access-Control-Allow-Origin
	// on every response. API Gateway does not add CORS headers to the
	// responses of proxy integrations, so a function behind it that serves
	// browsers sets them itself; Gatehouse adds its API's CORS headers
	// itself, so the in-process function leaves this empty.
	AllowOrigin string
}

// Notes is the notes function and its storage.
type Notes struct {
	db          *sql.DB
	now         func() time.Time
	newID       func() string
	allowOrigin string
}

// busyTimeoutMillis is how long a statement waits for another connection's
// write lock.
const busyTimeoutMillis = 10000

const schema = `CREATE TABLE IF NOT EXISTS notes (
	owner      TEXT    NOT NULL,
	id         TEXT    NOT NULL,
	content    TEXT    NOT NULL,
	attachment TEXT    NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	PRIMARY KEY (owner, id)
) WITHOUT ROWID`

// Open opens (creating when missing) the notes database at opts.Path.
func Open(opts Options) (*Notes, error) {
	if opts.Path == "" {
		return nil, errors.New("notes: Path is required")
	}
	params := url.Values{
		"_txlock": {"immediate"},
		"_pragma": {
			fmt.Sprintf("busy_timeout(%d)", busyTimeoutMillis),
			"journal_mode(WAL)",
			"synchronous(NORMAL)",
		},
	}
	u := url.URL{Path: filepath.ToSlash(opts.Path)}
	p := u.EscapedPath()
	if !strings.HasPrefix(p, "/") && filepath.IsAbs(opts.Path) {
		p = "/" + p // a Windows drive path: file:/C:/...
	}
	db, err := sql.Open("sqlite", "file:"+p+"?"+params.Encode())
	if err != nil {
		return nil, fmt.Errorf("notes: open %s: %w", opts.Path, err)
	}
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("notes: create schema in %s: %w", opts.Path, err)
	}
	n := &Notes{db: db, now: opts.Now, newID: opts.NewID, allowOrigin: opts.AllowOrigin}
	if n.now == nil {
		n.now = time.Now
	}
	if n.newID == nil {
		n.newID = func() string { return uuid.NewString() }
	}
	return n, nil
}

// Close closes the database.
func (n *Notes) Close() error { return n.db.Close() }

// errNotFound is a note that the caller does not have.
var errNotFound = errors.New("note not found")

func (n *Notes) create(ctx context.Context, owner, content, attachment string) (Note, error) {
	note := Note{NoteID: n.newID(), Content: content, Attachment: attachment, CreatedAt: n.now().UnixMilli()}
	_, err := n.db.ExecContext(ctx, `INSERT INTO notes (owner, id, content, attachment, created_at) VALUES (?, ?, ?, ?, ?)`,
		owner, note.NoteID, note.Content, note.Attachment, note.CreatedAt)
	return note, err
}

func (n *Notes) list(ctx context.Context, owner string) ([]Note, error) {
	rows, err := n.db.QueryContext(ctx, `SELECT id, content, attachment, created_at FROM notes WHERE owner = ? ORDER BY created_at, id`, owner)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	notes := []Note{}
	for rows.Next() {
		var note Note
		if err := rows.Scan(&note.NoteID, &note.Content, &note.Attachment, &note.CreatedAt); err != nil {
			return nil, err
		}
		notes = append(notes, note)
	}
	return notes, rows.Err()
}

func (n *Notes) get(ctx context.Context, owner, id string) (Note, error) {
	note := Note{NoteID: id}
	err := n.db.QueryRowContext(ctx, `SELECT content, attachment, created_at FROM notes WHERE owner = ? AND id = ?`, owner, id).
		Scan(&note.Content, &note.Attachment, &note.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Note{}, errNotFound
	}
	return note, err
}

func (n *Notes) update(ctx context.Context, owner, id, content, attachment string) (Note, error) {
	note := Note{NoteID: id, Content: content, Attachment: attachment}
	err := n.db.QueryRowContext(ctx, `UPDATE notes SET content = ?, attachment = ? WHERE owner = ? AND id = ? RETURNING created_at`,
		content, attachment, owner, id).Scan(&note.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Note{}, errNotFound
	}
	return note, err
}

func (n *Notes) delete(ctx context.Context, owner, id string) error {
	res, err := n.db.ExecContext(ctx, `DELETE FROM notes WHERE owner = ? AND id = ?`, owner, id)
	if err != nil {
		return err
	}
	if c, err := res.RowsAffected(); err != nil {
		return err
	} else if c == 0 {
		return errNotFound
	}
	return nil
}
