// Command publish puts a module directory into a file-based Go module proxy (the directory
// layout GOPROXY=file://... reads: <module>/@v/list, <version>.info, .mod and .zip), as a
// module host would serve it. It uses only the standard library.
//
// Usage: go run ./publish -dir DIR -module PATH -version vX.Y.Z -proxy PROXY_DIR
package main

import (
	"archive/zip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// maxZipSize is the limit the go command puts on a module's zip file.
const maxZipSize = 500 << 20

func main() {
	dir := flag.String("dir", "", "the module's directory")
	module := flag.String("module", "", "the module path")
	version := flag.String("version", "", "the version to publish, e.g. v0.1.0")
	proxy := flag.String("proxy", "", "the proxy's root directory")
	flag.Parse()
	if *dir == "" || *module == "" || *version == "" || *proxy == "" {
		flag.Usage()
		os.Exit(2)
	}
	size, err := publish(*dir, *module, *version, *proxy)
	if err != nil {
		log.Fatalf("publish: %v", err)
	}
	fmt.Printf("published %s@%s: zip of %.1f MiB\n", *module, *version, float64(size)/(1<<20))
}

func publish(dir, module, version, proxy string) (int64, error) {
	at := filepath.Join(proxy, filepath.FromSlash(strings.ToLower(module)), "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		return 0, err
	}
	goMod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return 0, err
	}
	if err := os.WriteFile(filepath.Join(at, version+".mod"), goMod, 0o644); err != nil {
		return 0, err
	}
	info, err := json.Marshal(map[string]string{"Version": version, "Time": time.Now().UTC().Format(time.RFC3339)})
	if err != nil {
		return 0, err
	}
	if err := os.WriteFile(filepath.Join(at, version+".info"), info, 0o644); err != nil {
		return 0, err
	}
	size, err := writeZip(dir, module+"@"+version, filepath.Join(at, version+".zip"))
	if err != nil {
		return 0, err
	}
	list, err := os.OpenFile(filepath.Join(at, "list"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return 0, err
	}
	defer list.Close()
	_, err = fmt.Fprintln(list, version)
	return size, err
}

// writeZip writes the module's files under the prefix module@version/, refusing what the go
// command refuses in a module zip: symbolic links and irregular files, and zips over 500 MiB.
func writeZip(dir, prefix, to string) (int64, error) {
	out, err := os.Create(to)
	if err != nil {
		return 0, err
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file (a module zip holds no links or devices)", p)
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		w, err := zw.Create(path.Join(prefix, filepath.ToSlash(rel)))
		if err != nil {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	})
	if err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	st, err := out.Stat()
	if err != nil {
		return 0, err
	}
	if st.Size() > maxZipSize {
		return 0, fmt.Errorf("%s: %d bytes, over the go command's limit of %d", to, st.Size(), maxZipSize)
	}
	return st.Size(), nil
}
