package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
)

// keysFlags are the flags of the keys commands: where the deployment's
// store and master key are, as serve finds them.
type keysFlags struct {
	config string
	data   string
	store  string
}

func (f *keysFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.config, "config", "", "configuration file whose store: is used (default: the built-in demo)")
	fl.StringVar(&f.data, "data", "./gatehouse-data", "data directory (database and master key)")
	fl.StringVar(&f.store, "store", "", "storage: sqlite:PATH or a postgres:// URL; overrides the configuration's store: (env "+storeEnv+")")
}

func newKeysCommand(getenv func(string) (string, bool)) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "List and rotate the key ring's signing and sealing keys",
		Long: `The key ring holds the RS256 keys that sign the user pools' tokens and the
AES-256-GCM keys that seal session tokens and challenge state. It lives in the
store, encrypted under the master key (GATEHOUSE_MASTER_KEY or {data}/master.key),
so every node sharing the store uses it. These commands never create a master
key or a ring: run them with the master key the nodes use.`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newKeysListCommand(getenv), newKeysRotateCommand(getenv))
	return cmd
}

func newKeysListCommand(getenv func(string) (string, bool)) *cobra.Command {
	var f keysFlags
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the keys of the ring, without their secrets",
		Long: `List the keys of the ring: kind (signing or sealing), id (the kid of a signing
key), creation time, state (active: signs or seals; pending: rotated in with
--activate-after, published and verifying but not signing or sealing yet;
verify-only: replaced, still verifies and opens until its retire time;
retired), retire time and activation time.`,
		Example: `  gatehouse keys list --data /var/lib/gatehouse
  GATEHOUSE_MASTER_KEY=... gatehouse keys list --config gatehouse.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ring, closeStore, err := loadRing(cmd.Context(), f, getenv)
			if err != nil {
				return err
			}
			defer closeStore()
			return writeKeyTable(cmd.OutOrStdout(), ring.List())
		},
	}
	f.register(cmd)
	return cmd
}

func newKeysRotateCommand(getenv func(string) (string, bool)) *cobra.Command {
	var (
		f                          keysFlags
		signing, sealing           bool
		activateAfter, retireAfter time.Duration
	)
	cmd := &cobra.Command{
		Use:   "rotate",
		Short: "Add new signing and sealing keys; the keys they replace verify until they retire",
		Long: `Add a new signing key, a new sealing key, or both (the default), which sign and
seal from now on (or from --activate-after). The keys they replace keep
verifying tokens and opening sealed data until --retire-after from the new
keys' activation, so that tokens and credentials already issued stay valid.
Running nodes pick the new keys up within their
reload interval (10 s unless GATEHOUSE_KEY_RELOAD_INTERVAL says otherwise),
or as soon as a request brings them a token or credentials of a new key.

--activate-after publishes the new keys now (a new signing key's kid is in the
JWKS documents at once) and has them sign and seal only after that delay: give
it the JWKS documents' max-age (1h) when verifiers outside Gatehouse cache
them. The replaced keys then retire --retire-after from the activation.

--retire-after 0 retires the replaced keys at once (at the activation with
--activate-after), for a key that leaked: every token and credential they
signed or sealed stops working.`,
		Example: `  gatehouse keys rotate --data /var/lib/gatehouse
  gatehouse keys rotate --signing --retire-after 48h --config gatehouse.yaml
  gatehouse keys rotate --signing --activate-after 1h --data /var/lib/gatehouse`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if retireAfter < 0 {
				return &exitError{code: 2, err: fmt.Errorf("--retire-after: %v is negative", retireAfter)}
			}
			if activateAfter < 0 {
				return &exitError{code: 2, err: fmt.Errorf("--activate-after: %v is negative", activateAfter)}
			}
			purposes := []keys.Purpose{keys.Signing, keys.Sealing}
			switch {
			case signing && !sealing:
				purposes = purposes[:1]
			case sealing && !signing:
				purposes = purposes[1:]
			}
			ring, closeStore, err := loadRing(cmd.Context(), f, getenv)
			if err != nil {
				return err
			}
			defer closeStore()
			out := cmd.OutOrStdout()
			// One update for all: a node reloading in between would
			// otherwise sign with the new key and seal with the old.
			ids, err := ring.RotateAll(cmd.Context(), purposes,
				keys.RotateOptions{ActivateAfter: activateAfter, RetireOldAfter: retireAfter})
			if err != nil {
				return fmt.Errorf("rotate keys: %w", err)
			}
			for i, p := range purposes {
				fmt.Fprintf(out, "new %s key: %s\n", p, ids[i])
			}
			fmt.Fprintln(out)
			if err := writeKeyTable(out, ring.List()); err != nil {
				return err
			}
			switch {
			case retireAfter == 0 && activateAfter > 0:
				fmt.Fprintln(cmd.ErrOrStderr(), "warning: the replaced keys retire when the new ones activate: what they signed or sealed\n"+
					"stops verifying then")
			case retireAfter == 0:
				fmt.Fprintln(cmd.ErrOrStderr(), "warning: the replaced keys retired at once: what they signed or sealed no longer verifies,\n"+
					"and nodes that have not reloaded yet keep using them until their next reload")
			}
			return nil
		},
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.BoolVar(&signing, "signing", false, "rotate the signing key (default: both kinds)")
	fl.BoolVar(&sealing, "sealing", false, "rotate the sealing key (default: both kinds)")
	fl.DurationVar(&retireAfter, "retire-after", keys.DefaultRetireAfter, "how long the replaced keys keep verifying and opening (after the activation)")
	fl.DurationVar(&activateAfter, "activate-after", 0, "publish the new keys now, sign and seal with them after this delay (e.g. 1h, the JWKS max-age)")
	return cmd
}

// loadRing opens the deployment's store as serve does (--store, else
// $GATEHOUSE_STORE, else the configuration's store:, else gatehouse.db in
// the data directory) and loads its existing ring with the existing master
// key; it creates neither, nor a SQLite database.
func loadRing(ctx context.Context, f keysFlags, getenv func(string) (string, bool)) (*keys.Ring, func(), error) {
	cfg, _, err := loadConfig(f.config, getenv)
	if err != nil {
		return nil, nil, &exitError{code: 2, err: err}
	}
	mk, err := keys.ReadMasterKey(f.data, getenv)
	if err != nil {
		return nil, nil, fmt.Errorf("master key: %w (give the nodes' key in %s or use their --data)", err, keys.MasterKeyEnv)
	}
	storeFlag := storeSetting(f.store, getenv)
	if err := requireSQLiteDatabase(cfg, f.data, storeFlag); err != nil {
		return nil, nil, err
	}
	st, _, err := openServerStore(ctx, cfg, f.data, storeFlag)
	if err != nil {
		return nil, nil, err
	}
	ring, err := keys.Load(ctx, st, mk, time.Now, rand.Reader)
	if err != nil {
		st.Close()
		return nil, nil, fmt.Errorf("key ring: %w", err)
	}
	return ring, func() { st.Close() }, nil
}

// requireSQLiteDatabase refuses a SQLite store whose database file does not
// exist, which opening would create: the keys commands work on a
// deployment's existing ring. Other stores are left to openServerStore.
func requireSQLiteDatabase(cfg *config.Config, dataDir, storeFlag string) error {
	dsn := storeFlag
	if dsn == "" {
		dsn = cfg.Store
	}
	if dsn == "" {
		dsn = "sqlite:" + filepath.Join(dataDir, "gatehouse.db")
	}
	path, ok := strings.CutPrefix(dsn, "sqlite:")
	if !ok || path == "" {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("open store: no database at %s", path)
	}
	return nil
}

// writeKeyTable prints the keys as a table.
func writeKeyTable(w io.Writer, ks []keys.KeyInfo) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tID\tCREATED\tSTATE\tRETIRES\tACTIVATES")
	for _, k := range ks {
		retires := "-"
		if !k.RetireAfter.IsZero() {
			retires = k.RetireAfter.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", k.Purpose, k.ID, k.Created.UTC().Format(time.RFC3339), k.State(), retires,
			k.Activates.UTC().Format(time.RFC3339))
	}
	return tw.Flush()
}
