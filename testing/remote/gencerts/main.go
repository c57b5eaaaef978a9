// Command gencerts writes the certificates testing/remote/run.sh runs a host over TCP with TLS
// with, using only Go's standard library (a fresh machine may have no openssl):
//
//	ca.pem                             the CA of the host's certificate and of the client's
//	server.pem, server-key.pem         the host's certificate (localhost, 127.0.0.1, ::1)
//	client.pem, client-key.pem         a client certificate the host accepts
//	foreign-ca.pem                     another CA
//	foreign-client.pem, foreign-client-key.pem
//	                                   a client certificate of the other CA, which the host refuses
//
// Keys are ECDSA P-256; certificates are valid for a day.
//
// Usage: go run . DIR
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

type issuer struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gencerts DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gencerts:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	ca, err := authority(dir, "ca", "uniffi-go-host test CA")
	if err != nil {
		return err
	}
	foreign, err := authority(dir, "foreign-ca", "another CA")
	if err != nil {
		return err
	}
	server := &x509.Certificate{
		Subject:     pkix.Name{CommonName: "uniffi-go-host"},
		DNSNames:    []string{"localhost"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if err := leaf(dir, "server", server, ca); err != nil {
		return err
	}
	client := func() *x509.Certificate {
		return &x509.Certificate{
			Subject:     pkix.Name{CommonName: "uniffi-go test client"},
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		}
	}
	if err := leaf(dir, "client", client(), ca); err != nil {
		return err
	}
	return leaf(dir, "foreign-client", client(), foreign)
}

// authority writes NAME.pem, a self-signed CA certificate (its key stays in memory).
func authority(dir, name, cn string) (issuer, error) {
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn},
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	key, der, err := sign(tmpl, nil)
	if err != nil {
		return issuer{}, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return issuer{}, err
	}
	return issuer{cert, key}, write(dir, name+".pem", "CERTIFICATE", der)
}

// leaf writes NAME.pem and NAME-key.pem, a certificate signed by ca and its key.
func leaf(dir, name string, tmpl *x509.Certificate, ca issuer) error {
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	key, der, err := sign(tmpl, &ca)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	if err := write(dir, name+".pem", "CERTIFICATE", der); err != nil {
		return err
	}
	return write(dir, name+"-key.pem", "PRIVATE KEY", keyDER)
}

// sign makes a key and a certificate of tmpl for it, signed by ca, or by itself when ca is nil.
func sign(tmpl *x509.Certificate, ca *issuer) (*ecdsa.PrivateKey, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, err
	}
	tmpl.SerialNumber = serial
	// An hour back, for clocks a little apart.
	tmpl.NotBefore = time.Now().Add(-time.Hour)
	tmpl.NotAfter = time.Now().Add(24 * time.Hour)
	parent, signer := tmpl, key
	if ca != nil {
		parent, signer = ca.cert, ca.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	return key, der, err
}

func write(dir, name, kind string, der []byte) error {
	return os.WriteFile(filepath.Join(dir, name), pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600)
}
